package dev.netpolauditor.api;

import dev.netpolauditor.analysis.Tenancy;
import dev.netpolauditor.analysis.diff.DiffReport;
import dev.netpolauditor.analysis.diff.Side;
import dev.netpolauditor.analysis.diff.SnapshotDiff;
import dev.netpolauditor.service.Clusters;
import dev.netpolauditor.service.SnapshotSides;
import dev.netpolauditor.store.SnapshotQueries;
import dev.netpolauditor.store.StoredSnapshot;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Diffs between stored snapshots, as {@code diff} computes them between manifest directories:
 * each side is the stored state read back and compiled (through {@link CompiledSnapshots}) and
 * audited as {@link SnapshotSides} says (stored tenants, no exceptions), as for change reports.
 * The last {@value #KEPT} diffs are kept, by the pair of snapshot ids (a stored snapshot never
 * changes), so paging through a large diff compares once.
 */
final class SnapshotDiffs {
    static final int KEPT = 2;

    private final CompiledSnapshots compiled;
    private final SnapshotSides sides;
    private final Map<String, DiffReport> recent = new LinkedHashMap<>(4, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, DiffReport> eldest) {
            return size() > KEPT;
        }
    };

    SnapshotDiffs(CompiledSnapshots compiled, SnapshotQueries queries, Clusters clusters) {
        this.compiled = compiled;
        this.sides = new SnapshotSides(clusters, queries);
    }

    DiffReport between(String cluster, StoredSnapshot from, StoredSnapshot to) {
        String key = from.id() + ">" + to.id();
        synchronized (recent) {
            DiffReport cached = recent.get(key);
            if (cached != null) {
                return cached;
            }
        }
        Set<Tenancy.TenantPair> allowed = sides.allowedPairs(cluster);
        DiffReport report = SnapshotDiff.between(side(from, allowed), side(to, allowed));
        synchronized (recent) {
            recent.put(key, report);
        }
        return report;
    }

    private Side side(StoredSnapshot snapshot, Set<Tenancy.TenantPair> allowed) {
        CompiledSnapshots.Compiled c = compiled.stateOf(snapshot);
        return sides.side(snapshot, c.state(), c.compiled(), allowed);
    }
}
