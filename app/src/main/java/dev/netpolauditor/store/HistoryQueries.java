package dev.netpolauditor.store;

import dev.netpolauditor.analysis.Score;
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
     * One complete snapshot on a trend: the scope's own score under its analysis' score version,
     * the open findings by severity in the scope, and the scope's coverage (zeros, and no score,
     * when the scope did not exist in that snapshot: {@code present} false). The score of a
     * namespace or tenant is the one stored with the analysis (score version 2); an analysis of
     * version 1 stored none per scope, so its version-1 formula is applied to the scope's stored
     * figures (endpoints, open findings by severity), which is what version 1 would have given.
     */
    public record TrendPoint(long snapshot, Instant at, Integer score, int scoreVersion, boolean present,
            int openHigh, int openMedium, int openLow, int openInfo, long endpoints, long ingressIsolated,
            long egressIsolated, long bothIsolated) {}

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
     *
     * <p>Shaped for long ranges of unchanged clusters: everything but the snapshot's id and time
     * depends on its analysis only, so each <em>distinct</em> analysis of the range is counted
     * once (a lateral subquery per analysis: the scope's findings by severity from
     * {@code finding_analysis_namespace_idx}; for a tenant, its namespaces as that analysis
     * assigned them) and the result is then expanded to the snapshots that share it. The CTE is
     * {@code MATERIALIZED}: inlined, the planner ran the lateral count once per snapshot.
     */
    public List<TrendPoint> trend(String cluster, Instant from, Instant to, Scope scope) {
        String scopeKind;
        String scopeName;
        String counts;
        switch (scope) {
            case Scope.Cluster c -> {
                scopeKind = "cluster";
                scopeName = null;
                counts = "SELECT a.open_high AS high, a.open_medium AS medium, a.open_low AS low, a.open_info AS info";
            }
            case Scope.Namespace n -> {
                scopeKind = "namespace";
                scopeName = n.name();
                counts = severityCounts("FROM finding f WHERE f.analysis_id = a.id AND f.namespace = ?");
            }
            case Scope.Tenant t -> {
                scopeKind = "tenant";
                scopeName = t.name();
                counts = severityCounts("FROM namespace_tenant nt JOIN finding f ON f.analysis_id = nt.analysis_id"
                        + " AND f.namespace = nt.namespace WHERE nt.analysis_id = a.id AND nt.tenant = ?");
            }
        }
        String sql = """
                WITH snaps AS (
                    SELECT s.id, s.started_at, s.analysis_id
                    FROM snapshot s JOIN cluster k ON k.id = s.cluster_id
                    WHERE k.name = ? AND s.status = 'complete'
                      AND s.started_at >= coalesce(?::timestamptz, '-infinity')
                      AND s.started_at <= coalesce(?::timestamptz, 'infinity')
                ),
                per_analysis AS MATERIALIZED (
                    SELECT a.id, CASE WHEN ?::text = 'cluster' THEN a.score ELSE c.score END AS score, a.score_version,
                           c.analysis_id IS NOT NULL AS present, f.high, f.medium, f.low, f.info,
                           c.endpoints, c.ingress_isolated, c.egress_isolated, c.both_isolated
                    FROM analysis a
                    LEFT JOIN coverage c ON c.analysis_id = a.id AND c.scope_kind = ?
                                        AND (?::text IS NULL OR c.scope = ?)
                    CROSS JOIN LATERAL (%s) f
                    WHERE a.id IN (SELECT analysis_id FROM snaps)
                )
                SELECT s.id, s.started_at, p.score, p.score_version, p.present, p.high, p.medium, p.low, p.info,
                       p.endpoints, p.ingress_isolated, p.egress_isolated, p.both_isolated
                FROM snaps s JOIN per_analysis p ON p.id = s.analysis_id
                ORDER BY s.started_at, s.id
                """.formatted(counts);
        List<Object> binds = new ArrayList<>(List.of(cluster));
        binds.add(time(from));
        binds.add(time(to));
        binds.add(scopeKind);
        binds.add(scopeKind);
        binds.add(scopeName);
        binds.add(scopeName);
        if (scopeName != null) {
            binds.add(scopeName);
        }
        return dsl.fetch(sql, binds.toArray()).map(r -> {
            boolean present = r.get(4, Boolean.class);
            int version = r.get(3, Integer.class);
            Integer score = r.get(2, Integer.class);
            if (score == null && present && version == 1) {
                score = Score.v1(orZero(r, 9), r.get(5, Integer.class), r.get(6, Integer.class), r.get(7, Integer.class));
            }
            return new TrendPoint(r.get(0, Long.class), r.get(1, OffsetDateTime.class).toInstant(), score, version,
                    present, r.get(5, Integer.class), r.get(6, Integer.class), r.get(7, Integer.class),
                    r.get(8, Integer.class), orZero(r, 9), orZero(r, 10), orZero(r, 11), orZero(r, 12));
        });
    }

    /**
     * The names a scope of this kind ({@code namespace} or {@code tenant}) has had in any complete
     * snapshot of {@code cluster}, sorted: namespaces with endpoints or a tenant, tenants that
     * labelled a namespace.
     */
    public List<String> knownScopes(String cluster, String kind) {
        String sql = """
                WITH analyses AS (
                    SELECT DISTINCT s.analysis_id FROM snapshot s JOIN cluster k ON k.id = s.cluster_id
                    WHERE k.name = ? AND s.status = 'complete'
                )
                SELECT c.scope FROM coverage c WHERE c.analysis_id IN (SELECT analysis_id FROM analyses)
                                                 AND c.scope_kind = ?
                UNION
                SELECT CASE WHEN ? = 'tenant' THEN nt.tenant ELSE nt.namespace END
                FROM namespace_tenant nt WHERE nt.analysis_id IN (SELECT analysis_id FROM analyses)
                ORDER BY 1
                """;
        return dsl.fetch(sql, cluster, kind, kind).map(r -> r.get(0, String.class));
    }

    private static String severityCounts(String from) {
        return "SELECT count(*) FILTER (WHERE f.severity = 'high')::int AS high,"
                + " count(*) FILTER (WHERE f.severity = 'medium')::int AS medium,"
                + " count(*) FILTER (WHERE f.severity = 'low')::int AS low,"
                + " count(*) FILTER (WHERE f.severity = 'info')::int AS info "
                + from + " AND f.status <> 'excepted'";
    }

    /**
     * The lifecycle of every finding open in any complete snapshot of {@code cluster} started in
     * {@code [from, to]}, by first seen, then identity.
     *
     * <p>Answered from the cluster's finding runs ({@code finding_run}, V17, kept by {@link
     * FindingRuns}): per identity, the maximal stretches of consecutive complete snapshots it was
     * present in with one severity, open-ended while it is present in the latest. No finding is
     * read. The range's complete snapshots are numbered 1..N; each run that overlaps the range is
     * clipped to it (its first snapshot's number, or 1 when it began before the range; its last
     * one's, or N when it goes on past the range). Then per identity:
     *
     * <ul>
     *   <li>first seen = the smallest clipped first, last seen = the largest clipped last, and the
     *       severity as last seen rides on the same {@code max} ({@code last_n * 4 +
     *       rank(severity)}: runs of an identity do not overlap);
     *   <li>snapshots seen = the clipped lengths summed;
     *   <li>islands = the clipped runs that start one: a run that directly follows another of the
     *       identity (a change of severity, {@code continues}) starts none unless the range begins
     *       with it (its predecessor is then outside); reopened = islands − 1;
     *   <li>open when last seen is N; resolved at = snapshot {@code last_n + 1}.
     * </ul>
     *
     * For example, snapshots 1..5 where a finding is present in 1, 3, 4 (medium in 3, high in 4):
     * runs [1] medium, [3] medium, [4] high continuing; over the whole range first 1, last 4,
     * severity high, seen 3, islands 2 (reopened once), resolved at 5; over 4..5, one island.
     * Filters, total and the page come from those per-identity rows.
     */
    public SnapshotQueries.Page<Lifecycle> lifecycle(String cluster, Instant from, Instant to, LifecycleFilter filter,
            Instant now, int limit, int offset) {
        String sql = """
                WITH k AS (SELECT id FROM cluster WHERE name = ?),
                snaps AS (
                    SELECT s.id, s.started_at, row_number() OVER (ORDER BY s.started_at, s.id) AS n
                    FROM snapshot s
                    WHERE s.cluster_id = (SELECT id FROM k) AND s.status = 'complete'
                      AND s.started_at >= coalesce(?::timestamptz, '-infinity')
                      AND s.started_at <= coalesce(?::timestamptz, 'infinity')
                ),
                range AS (
                    SELECT f.started_at AS first_at, f.id AS first_id, l.started_at AS last_at, l.id AS last_id,
                           l.n AS total
                    FROM snaps f JOIN snaps l ON l.n = (SELECT max(n) FROM snaps)
                    WHERE f.n = 1
                ),
                clipped AS (
                    SELECT r.identity_id, r.severity, r.continues, coalesce(fs.n, 1) AS first_n,
                           coalesce(ls.n, g.total) AS last_n
                    FROM range g
                    JOIN finding_run r ON r.cluster_id = (SELECT id FROM k)
                        AND (r.first_started_at, r.first_snapshot_id) <= (g.last_at, g.last_id)
                        AND (r.last_snapshot_id IS NULL OR (r.last_started_at, r.last_snapshot_id) >= (g.first_at, g.first_id))
                    LEFT JOIN snaps fs ON fs.id = r.first_snapshot_id
                    LEFT JOIN snaps ls ON ls.id = r.last_snapshot_id
                    %s
                ),
                identity AS (
                    SELECT identity_id, min(first_n) AS first_n,
                           max(last_n * 4 + CASE severity WHEN 'high' THEN 3 WHEN 'medium' THEN 2
                                                          WHEN 'low' THEN 1 ELSE 0 END) AS last,
                           sum(last_n - first_n + 1)::int AS snapshots,
                           count(*) FILTER (WHERE NOT continues OR first_n = 1)::int AS islands
                    FROM clipped GROUP BY identity_id
                ),
                lifecycle AS (
                    SELECT identity_id, first_n, last / 4 AS last_n, snapshots, islands,
                           (ARRAY['info', 'low', 'medium', 'high'])[last %% 4 + 1] AS severity,
                           last / 4 = (SELECT total FROM range) AS open
                    FROM identity
                )
                SELECT i.rule, l.severity, i.namespace, i.subject, i.policy, fs.id, fs.started_at, ls.id,
                       ls.started_at, l.open, rs.id, rs.started_at, l.islands - 1, l.snapshots, count(*) OVER ()
                FROM lifecycle l
                JOIN finding_identity i ON i.id = l.identity_id
                JOIN snaps fs ON fs.n = l.first_n
                JOIN snaps ls ON ls.n = l.last_n
                LEFT JOIN snaps rs ON rs.n = l.last_n + 1
                WHERE (?::text IS NULL OR l.severity = ?)
                  AND (?::boolean IS NULL OR l.open = ?)
                ORDER BY fs.started_at, i.rule, i.namespace NULLS FIRST, i.subject, i.policy NULLS FIRST
                LIMIT ? OFFSET ?
                """.formatted(identityFilter(filter));
        Boolean open = filter.status() == null ? null : filter.status() == Status.OPEN;
        var rows = customPlan(d -> d.fetch(sql, lifecycleBinds(cluster, from, to, filter, open, limit, offset)));
        long total = rows.isEmpty()
                ? customPlan(d -> d.fetch(sql, lifecycleBinds(cluster, from, to, filter, open, 1, 0)))
                        .stream().findFirst().map(r -> r.get(14, Long.class)).orElse(0L)
                : rows.get(0).get(14, Long.class);
        List<Lifecycle> items = rows.map(r -> lifecycleOf(r, now));
        return new SnapshotQueries.Page<>(items, total, limit, offset);
    }

    /**
     * A lifecycle from a row of the lifecycle query's columns (rule, severity, namespace, subject,
     * policy, first id and time, last id and time, open, resolved id and time, reopened,
     * snapshots seen); its age runs to {@code now} while open.
     */
    static Lifecycle lifecycleOf(Record r, Instant now) {
        Instant first = r.get(6, OffsetDateTime.class).toInstant();
        Instant last = r.get(8, OffsetDateTime.class).toInstant();
        boolean isOpen = r.get(9, Boolean.class);
        OffsetDateTime resolved = r.get(11, OffsetDateTime.class);
        return new Lifecycle(r.get(0, String.class), r.get(1, String.class), r.get(2, String.class),
                r.get(3, String.class), r.get(4, String.class), r.get(5, Long.class), first,
                r.get(7, Long.class), last, isOpen, r.get(10, Long.class),
                resolved == null ? null : resolved.toInstant(), r.get(12, Integer.class), r.get(13, Integer.class),
                Duration.between(first, isOpen ? now : last));
    }

    /**
     * The runs' filter by rule and namespace: a join to the identities only when there is one
     * (unfiltered, the join would cost a probe per run of the range for nothing).
     */
    private static String identityFilter(LifecycleFilter filter) {
        return filter.rule() == null && filter.namespace() == null ? "" : """
                JOIN finding_identity i ON i.id = r.identity_id
                WHERE (?::text IS NULL OR i.rule = ?) AND (?::text IS NULL OR i.namespace = ?)""";
    }

    /** The lifecycle query's binds, in order; the total alone (a page past the end) is the first row of page 1. */
    private static Object[] lifecycleBinds(String cluster, Instant from, Instant to, LifecycleFilter filter,
            Boolean open, int limit, int offset) {
        List<Object> binds = new ArrayList<>(List.of(cluster));
        binds.add(time(from));
        binds.add(time(to));
        if (filter.rule() != null || filter.namespace() != null) {
            binds.addAll(java.util.Arrays.asList(filter.rule(), filter.rule(), filter.namespace(), filter.namespace()));
        }
        binds.addAll(java.util.Arrays.asList(filter.severity(), filter.severity(), open, open, limit, offset));
        return binds.toArray();
    }

    /**
     * Runs a query planned for its own parameter values. PostgreSQL gives a statement prepared
     * five times on a connection a generic plan, and in a generic plan {@code ? IS NULL OR
     * f.namespace = ?} cannot use the index: from the sixth lifecycle of one namespace on, every
     * call read every finding of the year (3 to 7 s instead of 50 ms on 10,000 pods, seen by
     * bench/console).
     */
    private <T> T customPlan(java.util.function.Function<DSLContext, T> query) {
        return dsl.transactionResult(t -> {
            t.dsl().execute("SET LOCAL plan_cache_mode = force_custom_plan");
            return query.apply(t.dsl());
        });
    }

    private static long orZero(Record r, int index) {
        Long value = r.get(index, Long.class);
        return value == null ? 0 : value;
    }

    private static OffsetDateTime time(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
