package dev.netpolauditor.service;

import dev.netpolauditor.store.SnapshotQueries;
import java.time.Instant;
import java.util.Optional;

/** The stored snapshots the edges name: by cluster and id, or the latest complete one at a time. */
public final class SnapshotCatalog {
    private final SnapshotQueries queries;

    public SnapshotCatalog(SnapshotQueries queries) {
        this.queries = queries;
    }

    /** Whether {@code cluster} had any attempt stored (a cluster no longer configured keeps its history). */
    public boolean known(String cluster) {
        return queries.known(cluster);
    }

    public Optional<Snapshot> snapshot(String cluster, long id) {
        return queries.snapshot(cluster, id).map(Snapshot::of);
    }

    /** The latest complete snapshot of {@code cluster} started at or before {@code at} (null: now). */
    public Optional<Snapshot> latestComplete(String cluster, Instant at) {
        return queries.latestComplete(cluster, at).map(Snapshot::of);
    }
}
