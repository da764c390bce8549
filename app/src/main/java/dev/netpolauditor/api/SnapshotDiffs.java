package dev.netpolauditor.api;

import dev.netpolauditor.analysis.diff.DiffReport;
import dev.netpolauditor.analysis.diff.Side;
import dev.netpolauditor.analysis.diff.SnapshotDiff;
import dev.netpolauditor.service.SnapshotSides;
import dev.netpolauditor.store.StoredResults.StoredResult;
import dev.netpolauditor.store.StoredResults;
import dev.netpolauditor.store.StoredSnapshot;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Diffs between stored snapshots, as {@code diff} computes them between manifest directories:
 * each side is the stored state read back and compiled (through {@link CompiledSnapshots}) and
 * with its stored analysis as {@link SnapshotSides} says (stored findings without exceptions, stored
 * tenants and allowed pairs), as for change reports.
 * The last {@value #KEPT} diffs are kept, by the pair of snapshot ids (a stored snapshot never
 * changes), so paging through a large diff compares once.
 */
final class SnapshotDiffs {
    static final int KEPT = 2;

    private final CompiledSnapshots compiled;
    private final StoredResults results;
    private final Map<String, DiffReport> recent = new LinkedHashMap<>(4, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, DiffReport> eldest) {
            return size() > KEPT;
        }
    };

    SnapshotDiffs(CompiledSnapshots compiled, StoredResults results) {
        this.compiled = compiled;
        this.results = results;
    }

    DiffReport between(String cluster, StoredSnapshot from, StoredSnapshot to) {
        String key = from.id() + ">" + to.id();
        synchronized (recent) {
            DiffReport cached = recent.get(key);
            if (cached != null) {
                return cached;
            }
        }
        DiffReport report = SnapshotDiff.between(side(from), side(to));
        synchronized (recent) {
            recent.put(key, report);
        }
        return report;
    }

    private Side side(StoredSnapshot snapshot) {
        CompiledSnapshots.Compiled c = compiled.stateOf(snapshot);
        StoredResult result = results.ofSnapshot(snapshot.id()).orElseThrow(() -> new IllegalStateException(
                "snapshot " + snapshot.id() + " has no stored analysis"));
        return SnapshotSides.side(c.state(), c.compiled(), result);
    }
}
