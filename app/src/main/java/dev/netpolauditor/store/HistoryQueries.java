package dev.netpolauditor.store;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Record;

/**
 * History questions across a cluster's complete snapshots, answered by one query each from
 * the stored analyses (never by recomputation): trends of score, open findings and coverage,
 * and the lifecycle of each finding. Snapshots of unchanged content share one analysis, so
 * every query joins through {@code snapshot.analysis_id}.
 *
 * <p>A finding counts as <em>open</em> when its status is not {@code excepted}, as in the
 * stored per-analysis counts (an expired exception no longer hides a finding).
 */
public final class HistoryQueries {
    private final DSLContext dsl;

    public HistoryQueries(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** The scope of a trend: the whole cluster, one namespace, or one tenant's namespaces. */
    public sealed interface Scope {
        record Cluster() implements Scope {}

        record Namespace(String name) implements Scope {}

        record Tenant(String name) implements Scope {}
    }

    /**
     * One complete snapshot on a trend: its analysis' score (always the cluster's), the open
     * findings by severity in the scope, and the scope's coverage (zeros when the scope did not
     * exist in that snapshot: {@code present} false).
     */
    public record TrendPoint(long snapshot, Instant at, int score, boolean present, int openHigh, int openMedium,
            int openLow, int openInfo, long endpoints, long ingressIsolated, long egressIsolated,
            long bothIsolated) {}

    /** Findings by rule, severity (as last seen), namespace and lifecycle status; null matches all. */
    public record LifecycleFilter(String rule, String severity, String namespace, Status status) {}

    /** Whether a finding is present in the latest snapshot of the range. */
    public enum Status {
        OPEN, RESOLVED;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * A finding identity (rule, namespace, subject, policy) across the snapshots of a range:
     * the first and last snapshot it was open in, the snapshot after that last one (when it was
     * resolved), how often it came back after a gap, and its age: last seen − first seen, or
     * {@code now} − first seen while it is open.
     */
    public record Lifecycle(String rule, String severity, String namespace, String subject, String policy,
            long firstSeenSnapshot, Instant firstSeen, long lastSeenSnapshot, Instant lastSeen, boolean open,
            Long resolvedSnapshot, Instant resolvedAt, int reopened, int snapshotsSeen, Duration age) {}

    /**
     * The trend of {@code cluster} over complete snapshots started in {@code [from, to]} (null
     * bounds are open), oldest first.
     */
    public List<TrendPoint> trend(String cluster, Instant from, Instant to, Scope scope) {
        String sql;
        List<Object> binds = new ArrayList<>();
        String range = """
                FROM snapshot s
                JOIN cluster k ON k.id = s.cluster_id
                JOIN analysis a ON a.id = s.analysis_id
                """;
        String where = " WHERE k.name = ? AND s.status = 'complete'"
                + " AND s.started_at >= coalesce(?::timestamptz, '-infinity')"
                + " AND s.started_at <= coalesce(?::timestamptz, 'infinity')";
        switch (scope) {
            case Scope.Cluster c -> {
                sql = "SELECT s.id, s.started_at, a.score, c.analysis_id IS NOT NULL AS present,"
                        + " a.open_high, a.open_medium, a.open_low, a.open_info,"
                        + " c.endpoints, c.ingress_isolated, c.egress_isolated, c.both_isolated "
                        + range
                        + " LEFT JOIN coverage c ON c.analysis_id = a.id AND c.scope_kind = 'cluster'"
                        + where;
            }
            case Scope.Namespace n -> {
                sql = "SELECT s.id, s.started_at, a.score, c.analysis_id IS NOT NULL AS present,"
                        + " f.high, f.medium, f.low, f.info,"
                        + " c.endpoints, c.ingress_isolated, c.egress_isolated, c.both_isolated "
                        + range
                        + " LEFT JOIN coverage c ON c.analysis_id = a.id AND c.scope_kind = 'namespace' AND c.scope = ?"
                        + " CROSS JOIN LATERAL (" + severityCounts("f.namespace = ?") + ") f"
                        + where;
                binds.add(n.name());
                binds.add(n.name());
            }
            case Scope.Tenant t -> {
                sql = "SELECT s.id, s.started_at, a.score, c.analysis_id IS NOT NULL AS present,"
                        + " f.high, f.medium, f.low, f.info,"
                        + " c.endpoints, c.ingress_isolated, c.egress_isolated, c.both_isolated "
                        + range
                        + " LEFT JOIN coverage c ON c.analysis_id = a.id AND c.scope_kind = 'tenant' AND c.scope = ?"
                        + " CROSS JOIN LATERAL (" + severityCounts("f.namespace IN (SELECT nt.namespace"
                                + " FROM namespace_tenant nt WHERE nt.analysis_id = a.id AND nt.tenant = ?)") + ") f"
                        + where;
                binds.add(t.name());
                binds.add(t.name());
            }
        }
        binds.add(cluster);
        binds.add(time(from));
        binds.add(time(to));
        return dsl.fetch(sql + " ORDER BY s.started_at, s.id", binds.toArray()).map(r -> new TrendPoint(
                r.get(0, Long.class), r.get(1, OffsetDateTime.class).toInstant(), r.get(2, Integer.class),
                r.get(3, Boolean.class), r.get(4, Integer.class), r.get(5, Integer.class), r.get(6, Integer.class),
                r.get(7, Integer.class), orZero(r, 8), orZero(r, 9), orZero(r, 10), orZero(r, 11)));
    }

    private static String severityCounts(String condition) {
        return "SELECT count(*) FILTER (WHERE f.severity = 'high')::int AS high,"
                + " count(*) FILTER (WHERE f.severity = 'medium')::int AS medium,"
                + " count(*) FILTER (WHERE f.severity = 'low')::int AS low,"
                + " count(*) FILTER (WHERE f.severity = 'info')::int AS info"
                + " FROM finding f WHERE f.analysis_id = a.id AND f.status <> 'excepted' AND " + condition;
    }

    /**
     * The lifecycle of every finding open in any complete snapshot of {@code cluster} started in
     * {@code [from, to]}, by first seen, then identity. Gaps and islands: numbering the range's
     * snapshots 1..N and each identity's appearances 1..k, {@code n − k} is constant along a run
     * of consecutive snapshots, so the number of distinct differences is the number of runs and
     * reopened = runs − 1. For example, seen in snapshots 1, 2, 4: differences 0, 0, 1 → two runs,
     * reopened once; not in the latest (N = 5) → resolved at snapshot 5.
     */
    public SnapshotQueries.Page<Lifecycle> lifecycle(String cluster, Instant from, Instant to, LifecycleFilter filter,
            Instant now, int limit, int offset) {
        String sql = """
                WITH snaps AS (
                    SELECT s.id, s.started_at, s.analysis_id,
                           row_number() OVER (ORDER BY s.started_at, s.id) AS n
                    FROM snapshot s JOIN cluster k ON k.id = s.cluster_id
                    WHERE k.name = ? AND s.status = 'complete'
                      AND s.started_at >= coalesce(?::timestamptz, '-infinity')
                      AND s.started_at <= coalesce(?::timestamptz, 'infinity')
                ),
                seen AS (
                    SELECT f.rule, f.namespace, f.subject, f.policy, f.severity, s.n, s.id, s.started_at,
                           s.n - row_number() OVER (PARTITION BY f.rule, f.namespace, f.subject, f.policy
                                                    ORDER BY s.n) AS island
                    FROM snaps s JOIN finding f ON f.analysis_id = s.analysis_id
                    WHERE f.status <> 'excepted'
                      AND (?::text IS NULL OR f.rule = ?)
                      AND (?::text IS NULL OR f.namespace = ?)
                ),
                identity AS (
                    SELECT rule, namespace, subject, policy,
                           (array_agg(severity ORDER BY n DESC))[1] AS severity,
                           (array_agg(id ORDER BY n))[1] AS first_id, min(started_at) AS first_seen,
                           (array_agg(id ORDER BY n DESC))[1] AS last_id, max(started_at) AS last_seen,
                           max(n) AS last_n, count(DISTINCT island) - 1 AS reopened, count(*) AS seen
                    FROM seen
                    GROUP BY rule, namespace, subject, policy
                ),
                lifecycle AS (
                    SELECT i.*, i.last_n = (SELECT max(n) FROM snaps) AS open,
                           r.id AS resolved_id, r.started_at AS resolved_at
                    FROM identity i LEFT JOIN snaps r ON r.n = i.last_n + 1
                )
                SELECT rule, severity, namespace, subject, policy, first_id, first_seen, last_id, last_seen, open,
                       resolved_id, resolved_at, reopened::int, seen::int, count(*) OVER () AS total
                FROM lifecycle
                WHERE (?::text IS NULL OR severity = ?)
                  AND (?::boolean IS NULL OR open = ?)
                ORDER BY first_seen, rule, namespace NULLS FIRST, subject, policy NULLS FIRST
                LIMIT ? OFFSET ?
                """;
        Boolean open = filter.status() == null ? null : filter.status() == Status.OPEN;
        var rows = dsl.fetch(sql, cluster, time(from), time(to), filter.rule(), filter.rule(), filter.namespace(),
                filter.namespace(), filter.severity(), filter.severity(), open, open, limit, offset);
        long total = rows.isEmpty() ? countLifecycles(sql, cluster, from, to, filter, open) : rows.get(0).get(14,
                Long.class);
        List<Lifecycle> items = rows.map(r -> {
            Instant first = r.get(6, OffsetDateTime.class).toInstant();
            Instant last = r.get(8, OffsetDateTime.class).toInstant();
            boolean isOpen = r.get(9, Boolean.class);
            OffsetDateTime resolved = r.get(11, OffsetDateTime.class);
            return new Lifecycle(r.get(0, String.class), r.get(1, String.class), r.get(2, String.class),
                    r.get(3, String.class), r.get(4, String.class), r.get(5, Long.class), first,
                    r.get(7, Long.class), last, isOpen, r.get(10, Long.class),
                    resolved == null ? null : resolved.toInstant(), r.get(12, Integer.class), r.get(13, Integer.class),
                    Duration.between(first, isOpen ? now : last));
        });
        return new SnapshotQueries.Page<>(items, total, limit, offset);
    }

    /** The total when the page is past the end (the window count then has no row to ride on). */
    private long countLifecycles(String sql, String cluster, Instant from, Instant to, LifecycleFilter filter,
            Boolean open) {
        var rows = dsl.fetch(sql, cluster, time(from), time(to), filter.rule(), filter.rule(), filter.namespace(),
                filter.namespace(), filter.severity(), filter.severity(), open, open, 1, 0);
        return rows.isEmpty() ? 0 : rows.get(0).get(14, Long.class);
    }

    private static long orZero(Record r, int index) {
        Long value = r.get(index, Long.class);
        return value == null ? 0 : value;
    }

    private static OffsetDateTime time(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
