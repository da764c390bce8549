package dev.netpolauditor.service;

import dev.netpolauditor.store.ComplianceStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * What the compliance workflow tracks per cluster, an admin's decision kept in the audit log:
 * justifications (every opening rule needs an approved one, NP-JUST-001) and periodic reviews
 * (the control PCI DSS v4 1.2.7, and who is reminded when one is due). It applies from the
 * cluster's next snapshot.
 */
public final class ComplianceTracking {
    /** What is tracked for a cluster; {@code updatedAt} and {@code updatedBy} null while an admin never set it. */
    public record Tracking(String cluster, boolean justifications, boolean reviews, List<String> reviewRecipients,
            Instant updatedAt, String updatedBy) {
        public Tracking {
            reviewRecipients = List.copyOf(reviewRecipients);
        }
    }

    private final ComplianceStore store;
    private final Clusters clusters;
    private final Clock clock;

    public ComplianceTracking(ComplianceStore store, Clusters clusters, Clock clock) {
        this.store = store;
        this.clusters = clusters;
        this.clock = clock;
    }

    /** What is tracked for a configured cluster. */
    public Tracking of(String cluster) {
        return tracking(store.tracking(configured(clusters, cluster)));
    }

    /** Sets what is tracked for a configured cluster, on behalf of {@code actor}. */
    public Tracking set(String cluster, boolean justifications, boolean reviews, List<String> reviewRecipients,
            String actor) {
        if (reviewRecipients.size() > 50) {
            throw Refusal.invalid("reviewRecipients: at most 50 addresses");
        }
        for (String r : reviewRecipients) {
            if (!MailAddress.valid(r)) {
                throw Refusal.invalid("reviewRecipients: '" + r + "' is not a mail address");
            }
        }
        return tracking(store.setTracking(configured(clusters, cluster), justifications, reviews,
                List.copyOf(reviewRecipients), actor, clock.instant()));
    }

    private static Tracking tracking(ComplianceStore.Tracking t) {
        return new Tracking(t.cluster(), t.justifications(), t.reviews(), t.reviewRecipients(), t.updatedAt(),
                t.updatedBy());
    }

    /** {@code cluster} when it is configured, else the refusal (404) listing those that are. */
    static String configured(Clusters clusters, String cluster) {
        if (clusters.spec(cluster).isEmpty()) {
            throw new Refusal(Refusal.Kind.NOT_FOUND, "cluster '" + cluster + "' is not configured (configured: "
                    + String.join(", ", clusters.specs().stream().map(ClusterSpec::name).toList()) + ")");
        }
        return cluster;
    }
}
