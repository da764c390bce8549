package dev.netpolauditor.api;

import dev.netpolauditor.service.Clusters;
import dev.netpolauditor.service.Snapshot;
import dev.netpolauditor.service.SnapshotCatalog;
import java.time.Instant;

/**
 * Finds the snapshot a request names: {@code {cluster}/snapshots/{id}}, or {@code latest}
 * with an optional {@code at} (the latest complete snapshot started at or before it), and
 * refuses with a problem when there is none.
 */
final class SnapshotLocator {
    static final String LATEST = "latest";

    private final Clusters clusters;
    private final SnapshotCatalog catalog;

    SnapshotLocator(Clusters clusters, SnapshotCatalog catalog) {
        this.clusters = clusters;
        this.catalog = catalog;
    }

    /** A configured cluster, or one whose history is still stored. */
    void requireCluster(String cluster) {
        if (clusters.spec(cluster).isEmpty() && !catalog.known(cluster)) {
            throw ApiProblem.notFound("cluster", "no cluster named '" + cluster + "'; configured: "
                    + String.join(", ", clusters.specs().stream().map(s -> s.name()).toList()));
        }
    }

    Snapshot snapshot(String cluster, String ref, String atParam) {
        requireCluster(cluster);
        Instant at = Params.instant("at", atParam);
        if (LATEST.equals(ref)) {
            return catalog.latestComplete(cluster, at).orElseThrow(() -> ApiProblem.notFound("snapshot",
                    "cluster '" + cluster + "' has no complete snapshot"
                            + (at == null ? "" : " started at or before " + at)
                            + (at == null ? "; take one with POST /api/v1/clusters/" + cluster + "/snapshots" : "")));
        }
        long id;
        try {
            id = Long.parseLong(ref);
        } catch (NumberFormatException e) {
            throw ApiProblem.badParameter("snapshot '" + ref + "': name a snapshot by its numeric id, or 'latest'"
                    + " (with at=<ISO-8601 instant> for the latest at that time)");
        }
        if (at != null) {
            throw ApiProblem.badParameter("at=" + atParam + " selects a snapshot only with 'latest', not with id "
                    + id);
        }
        return catalog.snapshot(cluster, id).orElseThrow(() -> ApiProblem.notFound("snapshot",
                "cluster '" + cluster + "' has no snapshot " + id));
    }

    /** A complete snapshot; a failed attempt has no objects, findings or analysis. */
    Snapshot complete(String cluster, String ref, String atParam) {
        Snapshot s = snapshot(cluster, ref, atParam);
        if (!s.complete()) {
            throw ApiProblem.snapshotFailed("snapshot " + s.id() + " of cluster '" + cluster + "' failed ("
                    + s.failureReason() + "), so it has no objects, findings or analysis; use a complete one,"
                    + " e.g. 'latest'");
        }
        return s;
    }

    /** The id of the complete snapshot {@code ref} names (an id or {@code latest}), for services that take an id. */
    long completeId(String cluster, String ref) {
        return complete(cluster, ref, null).id();
    }

    /**
     * A complete snapshot named by query parameter {@code param} (an id or {@code latest}), with
     * {@code atParam} (an instant) allowed only with {@code latest}: how a range of two
     * snapshots is named (the diff route and change reports).
     */
    Snapshot complete(String cluster, String param, String ref, String atParam, String at) {
        if (!LATEST.equals(ref) && Params.optional(at) != null) {
            throw ApiProblem.badParameter(atParam + "=" + at + " selects a snapshot only with " + param
                    + "=latest, not with " + param + "=" + ref);
        }
        if (!LATEST.equals(ref)) {
            try {
                Long.parseLong(ref);
            } catch (NumberFormatException e) {
                throw ApiProblem.badParameter(param + "=" + ref + ": name a snapshot by its numeric id, or 'latest'");
            }
        }
        return complete(cluster, ref, at);
    }
}
