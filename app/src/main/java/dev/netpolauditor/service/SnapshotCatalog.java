package dev.netpolauditor.service;

import dev.netpolauditor.store.SnapshotQueries;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The stored snapshots as the edges list and name them: each cluster's history, a cluster's
 * snapshots by time and status, one by id, or the latest complete one at a time.
 */
public final class SnapshotCatalog {

    /** A cluster's newest complete snapshot and newest attempt (either may be null). */
    public record ClusterHistory(String cluster, Snapshot latestComplete, Snapshot latestAttempt) {
        /** A cluster without any stored attempt. */
        public static ClusterHistory none(String cluster) {
            return new ClusterHistory(cluster, null, null);
        }
    }

    /** Snapshots started in {@code [from, to]} with {@code status}; a null bound or status matches all. */
    public record SnapshotFilter(Instant from, Instant to, String status) {}

    private final SnapshotQueries queries;

    public SnapshotCatalog(SnapshotQueries queries) {
        this.queries = queries;
    }

    /** The history of every cluster that has any, by name. */
    public Map<String, ClusterHistory> clusters() {
        Map<String, ClusterHistory> out = new LinkedHashMap<>();
        queries.clusters().forEach((name, h) -> out.put(name, history(h)));
        return out;
    }

    /** The history of one cluster; both snapshots null when it has none. */
    public ClusterHistory cluster(String cluster) {
        return history(queries.cluster(cluster));
    }

    /** A page of a cluster's snapshots, newest first. */
    public Page<Snapshot> snapshots(String cluster, SnapshotFilter filter, int limit, int offset) {
        return Page.of(queries.snapshots(cluster, new SnapshotQueries.SnapshotFilter(filter.from(), filter.to(),
                filter.status()), limit, offset), Snapshot::of);
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

    private static ClusterHistory history(SnapshotQueries.ClusterHistory h) {
        return new ClusterHistory(h.cluster(), h.latestComplete() == null ? null : Snapshot.of(h.latestComplete()),
                h.latestAttempt() == null ? null : Snapshot.of(h.latestAttempt()));
    }
}
