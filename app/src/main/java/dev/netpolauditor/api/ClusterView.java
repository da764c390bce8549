package dev.netpolauditor.api;

import dev.netpolauditor.service.Snapshot;
import io.swagger.v3.oas.annotations.media.Schema;

/** A configured cluster: where it is read, when, and how its history stands. */
@Schema(name = "Cluster")
public record ClusterView(
        String name,
        @Schema(description = "Kubernetes API server (kubeconfig, in-cluster) or manifest directory") String source,
        @Schema(description = "Cron expression with seconds (6 fields)") String schedule,
        @Schema(description = "Whether a snapshot of the cluster is running in this process") boolean running,
        @Schema(description = "The latest complete snapshot; null when there is none") Latest latestSnapshot,
        @Schema(description = "The latest attempt, complete or failed; null when there is none") Attempt latestAttempt) {

    /** The headline of a complete snapshot. */
    public record Latest(long id, String startedAt, SnapshotView.Counts counts, int score,
            SnapshotView.OpenFindings openFindings, String self) {
        static Latest of(Snapshot s) {
            if (s == null) {
                return null;
            }
            SnapshotView view = SnapshotView.of(s);
            return new Latest(s.id(), view.startedAt(), view.counts(), view.analysis().score(),
                    view.analysis().openFindings(), view.self());
        }
    }

    /** How the latest attempt ended. */
    public record Attempt(long id, @Schema(allowableValues = {"complete", "failed"}) String status, String startedAt,
            String failureReason, String self) {
        static Attempt of(Snapshot s) {
            return s == null ? null : new Attempt(s.id(), s.status(), s.startedAt().toString(), s.failureReason(),
                    SnapshotView.path(s.cluster(), s.id()));
        }
    }
}
