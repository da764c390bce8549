package dev.netpolauditor.service;

import dev.netpolauditor.analysis.Audit;
import dev.netpolauditor.analysis.AuditInput;
import dev.netpolauditor.analysis.AuditReport;
import dev.netpolauditor.analysis.Tenancy;
import dev.netpolauditor.analysis.diff.Side;
import dev.netpolauditor.engine.CompiledCluster;
import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.snapshot.ManifestException;
import dev.netpolauditor.store.SnapshotQueries;
import dev.netpolauditor.store.StoredSnapshot;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * One side of a diff between stored snapshots, as the API's diff and the change reports both
 * build it: the stored state, audited with the tenants its stored analysis assigned
 * (explicitly, so a later change of the tenant label or file does not rewrite history), the
 * tenant pairs the cluster's tenants file allows now, and no exceptions (a diff compares
 * findings, not their acceptance).
 */
public final class SnapshotSides {
    /** No namespace carries a label with an empty key: every tenant comes from the stored assignment. */
    private static final String NO_LABEL = "";

    private final Clusters clusters;
    private final SnapshotQueries queries;

    public SnapshotSides(Clusters clusters, SnapshotQueries queries) {
        this.clusters = clusters;
        this.queries = queries;
    }

    /** The side of {@code snapshot}, whose stored state is {@code state}, compiled as {@code compiled}. */
    public Side side(StoredSnapshot snapshot, ClusterState state, CompiledCluster compiled,
            Set<Tenancy.TenantPair> allowed) {
        Tenancy tenancy = new Tenancy(NO_LABEL, queries.namespaceTenants(snapshot.id()), Set.of(), allowed);
        AuditReport audit = Audit.run(new AuditInput(state, compiled, tenancy),
                new Audit.Options(tenancy, List.of(), LocalDate.EPOCH));
        return new Side(state, tenancy, audit, compiled, List.of());
    }

    /** The tenant pairs the cluster's tenants file allows now (none when it has none or it cannot be read). */
    public Set<Tenancy.TenantPair> allowedPairs(String cluster) {
        return clusters.spec(cluster).map(spec -> {
            try {
                return AnalysisConfig.of(spec, LocalDate.EPOCH).tenancy().allowed();
            } catch (ManifestException e) {
                return Set.<Tenancy.TenantPair>of();
            }
        }).orElse(Set.of());
    }
}
