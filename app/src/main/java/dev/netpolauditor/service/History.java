package dev.netpolauditor.service;

import dev.netpolauditor.store.HistoryQueries;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A cluster's history across its complete snapshots, as the edges ask for it: trends of score,
 * open findings and coverage of the cluster or of one namespace or tenant, and the lifecycle of
 * each finding. Answers are records of this service, mapped once from the store's.
 */
public final class History {

    /** The scope of a trend: the whole cluster, one namespace, or one tenant's namespaces. */
    public sealed interface Scope {
        record Cluster() implements Scope {}

        record Namespace(String name) implements Scope {}

        record Tenant(String name) implements Scope {}
    }

    /**
     * One complete snapshot on a trend: the scope's own score under its analysis' score version,
     * the open findings by severity in the scope and the scope's coverage; zeros and no score
     * when the scope did not exist in that snapshot ({@code present} false).
     */
    public record TrendPoint(long snapshot, Instant at, Integer score, int scoreVersion, boolean present,
            int openHigh, int openMedium, int openLow, int openInfo, long endpoints, long ingressIsolated,
            long egressIsolated, long bothIsolated) {}

    /** Whether a finding is present in the latest snapshot of the range. */
    public enum Status {
        OPEN, RESOLVED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Findings by rule, severity (as last seen), namespace and lifecycle status; null matches all. */
    public record LifecycleFilter(String rule, String severity, String namespace, Status status) {}

    /**
     * A finding identity (rule, namespace, subject, policy) across the snapshots of a range: the
     * first and last snapshot it was open in, the snapshot after that last one (when it was
     * resolved), how often it came back after a gap, and its age (last seen − first seen, or
     * now − first seen while it is open).
     */
    public record Lifecycle(String rule, String severity, String namespace, String subject, String policy,
            long firstSeenSnapshot, Instant firstSeen, long lastSeenSnapshot, Instant lastSeen, boolean open,
            Long resolvedSnapshot, Instant resolvedAt, int reopened, int snapshotsSeen, Duration age) {}

    private final HistoryQueries queries;

    public History(HistoryQueries queries) {
        this.queries = queries;
    }

    /** The trend over complete snapshots started in {@code [from, to]} (null bounds are open), oldest first. */
    public List<TrendPoint> trend(String cluster, Instant from, Instant to, Scope scope) {
        return queries.trend(cluster, from, to, stored(scope)).stream()
                .map(p -> new TrendPoint(p.snapshot(), p.at(), p.score(), p.scoreVersion(), p.present(),
                        p.openHigh(), p.openMedium(), p.openLow(), p.openInfo(), p.endpoints(),
                        p.ingressIsolated(), p.egressIsolated(), p.bothIsolated()))
                .toList();
    }

    /**
     * The names a scope of this kind ({@code namespace} or {@code tenant}) has had in any complete
     * snapshot of {@code cluster}, sorted.
     */
    public List<String> knownScopes(String cluster, String kind) {
        return queries.knownScopes(cluster, kind);
    }

    /** A page of the finding lifecycles over complete snapshots started in {@code [from, to]}. */
    public Page<Lifecycle> lifecycle(String cluster, Instant from, Instant to, LifecycleFilter filter, Instant now,
            int limit, int offset) {
        HistoryQueries.LifecycleFilter f = new HistoryQueries.LifecycleFilter(filter.rule(), filter.severity(),
                filter.namespace(), filter.status() == null ? null : switch (filter.status()) {
                    case OPEN -> HistoryQueries.Status.OPEN;
                    case RESOLVED -> HistoryQueries.Status.RESOLVED;
                });
        return Page.of(queries.lifecycle(cluster, from, to, f, now, limit, offset), l -> new Lifecycle(l.rule(),
                l.severity(), l.namespace(), l.subject(), l.policy(), l.firstSeenSnapshot(), l.firstSeen(),
                l.lastSeenSnapshot(), l.lastSeen(), l.open(), l.resolvedSnapshot(), l.resolvedAt(), l.reopened(),
                l.snapshotsSeen(), l.age()));
    }

    private static HistoryQueries.Scope stored(Scope scope) {
        return switch (scope) {
            case Scope.Cluster c -> new HistoryQueries.Scope.Cluster();
            case Scope.Namespace n -> new HistoryQueries.Scope.Namespace(n.name());
            case Scope.Tenant t -> new HistoryQueries.Scope.Tenant(t.name());
        };
    }
}
