package dev.netpolauditor.service;

import dev.netpolauditor.analysis.diff.DiffReport;
import dev.netpolauditor.analysis.diff.Side;
import dev.netpolauditor.analysis.diff.SnapshotDiff;
import dev.netpolauditor.engine.CompiledCluster;
import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.snapshot.StoredObjects;
import dev.netpolauditor.store.SnapshotStore;
import dev.netpolauditor.store.StoredResults.StoredResult;
import dev.netpolauditor.store.StoredResults;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What the read side derives from stored snapshots, through one bounded cache: a snapshot's
 * objects read back and compiled (for connectivity questions), and diffs between two stored
 * snapshots, each side with its stored analysis as {@link SnapshotSides} says, as {@code diff}
 * computes them between manifest directories. Compiling a large cluster takes seconds and
 * questions come in runs about one snapshot (or pages of one diff), so the last few are kept.
 */
public final class SnapshotReads {
    /** Entries kept, of both kinds together: a compiled 150,000-pod cluster is a few hundred MB. */
    static final int KEPT = 4;

    /** A stored state as read back, and compiled. */
    public record Compiled(ClusterState state, CompiledCluster compiled) {}

    private final SnapshotStore store;
    private final StoredResults results;
    private final BoundedCache cache;

    public SnapshotReads(SnapshotStore store, StoredResults results, MeterRegistry meters) {
        this.store = store;
        this.results = results;
        this.cache = new BoundedCache(KEPT, meters);
    }

    /** The snapshot's compiled state; snapshots of the same content share one. */
    public CompiledCluster compiled(Snapshot snapshot) {
        return stateOf(snapshot).compiled();
    }

    /** The snapshot's state and its compilation (a diff needs both sides' states). */
    public Compiled stateOf(Snapshot snapshot) {
        return cache.get(new BoundedCache.Key("compiled", snapshot.contentSha256()), Compiled.class, () -> {
            ClusterState state = StoredObjects.read(store.objectsOf(snapshot.id()));
            return new Compiled(state, CompiledCluster.compile(state));
        });
    }

    /** The diff from one complete snapshot to another (a stored snapshot never changes: kept by ids). */
    public DiffReport diff(Snapshot from, Snapshot to) {
        return cache.get(new BoundedCache.Key("diff", from.id() + ">" + to.id()), DiffReport.class,
                () -> SnapshotDiff.between(side(from), side(to)));
    }

    private Side side(Snapshot snapshot) {
        Compiled c = stateOf(snapshot);
        StoredResult result = results.ofSnapshot(snapshot.id()).orElseThrow(() -> new IllegalStateException(
                "snapshot " + snapshot.id() + " has no stored analysis"));
        return SnapshotSides.side(c.state(), c.compiled(), result);
    }
}
