package dev.netpolauditor.api;

import dev.netpolauditor.analysis.Audit;
import dev.netpolauditor.analysis.AuditInput;
import dev.netpolauditor.analysis.AuditReport;
import dev.netpolauditor.analysis.Tenancy;
import dev.netpolauditor.analysis.diff.DiffReport;
import dev.netpolauditor.analysis.diff.Side;
import dev.netpolauditor.analysis.diff.SnapshotDiff;
import dev.netpolauditor.service.AnalysisConfig;
import dev.netpolauditor.service.Clusters;
import dev.netpolauditor.snapshot.ManifestException;
import dev.netpolauditor.store.SnapshotQueries;
import dev.netpolauditor.store.StoredSnapshot;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Diffs between stored snapshots, as {@code diff} computes them between manifest directories:
 * each side is the stored state read back and compiled (through {@link CompiledSnapshots}),
 * audited with the tenants its stored analysis assigned (explicitly, so a later change of the
 * tenant label or file does not rewrite history) and without exceptions. The last
 * {@value #KEPT} diffs are kept, by the pair of snapshot ids (a stored snapshot never changes), so paging through a large
 * diff compares once.
 */
final class SnapshotDiffs {
    static final int KEPT = 2;
    /** No namespace carries a label with an empty key: every tenant comes from the stored assignment. */
    private static final String NO_LABEL = "";

    private final CompiledSnapshots compiled;
    private final SnapshotQueries queries;
    private final Clusters clusters;
    private final Map<String, DiffReport> recent = new LinkedHashMap<>(4, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, DiffReport> eldest) {
            return size() > KEPT;
        }
    };

    SnapshotDiffs(CompiledSnapshots compiled, SnapshotQueries queries, Clusters clusters) {
        this.compiled = compiled;
        this.queries = queries;
        this.clusters = clusters;
    }

    DiffReport between(String cluster, StoredSnapshot from, StoredSnapshot to) {
        String key = from.id() + ">" + to.id();
        synchronized (recent) {
            DiffReport cached = recent.get(key);
            if (cached != null) {
                return cached;
            }
        }
        Set<Tenancy.TenantPair> allowed = allowedPairs(cluster);
        DiffReport report = SnapshotDiff.between(side(from, allowed), side(to, allowed));
        synchronized (recent) {
            recent.put(key, report);
        }
        return report;
    }

    private Side side(StoredSnapshot snapshot, Set<Tenancy.TenantPair> allowed) {
        CompiledSnapshots.Compiled c = compiled.stateOf(snapshot);
        Tenancy tenancy = new Tenancy(NO_LABEL, queries.namespaceTenants(snapshot.id()), Set.of(), allowed);
        AuditReport audit = Audit.run(new AuditInput(c.state(), c.compiled(), tenancy),
                new Audit.Options(tenancy, List.of(), LocalDate.EPOCH));
        return new Side(c.state(), tenancy, audit, c.compiled(), List.of());
    }

    /** The tenant pairs the cluster's tenants file allows now (none when it has none or it cannot be read). */
    private Set<Tenancy.TenantPair> allowedPairs(String cluster) {
        return clusters.spec(cluster).map(spec -> {
            try {
                return AnalysisConfig.of(spec, LocalDate.EPOCH).tenancy().allowed();
            } catch (ManifestException e) {
                return Set.<Tenancy.TenantPair>of();
            }
        }).orElse(Set.of());
    }
}
