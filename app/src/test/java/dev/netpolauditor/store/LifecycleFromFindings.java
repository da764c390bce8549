package dev.netpolauditor.store;

import dev.netpolauditor.store.HistoryQueries.Lifecycle;
import dev.netpolauditor.store.HistoryQueries.LifecycleFilter;
import dev.netpolauditor.store.HistoryQueries.Status;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.jooq.DSLContext;

/**
 * The finding lifecycle as {@link HistoryQueries#lifecycle} answered it before the finding runs
 * (V17), kept verbatim as the reference the runs must agree with: runs of consecutive snapshots
 * sharing an analysis, one aggregate per identity over the findings of every distinct analysis of
 * the range, then reopenings and snapshots seen for the page's identities. bench/history
 * {@code --former} times it on the same year, for a paired before/after.
 */
public final class LifecycleFromFindings {
    private final DSLContext dsl;

    public LifecycleFromFindings(DSLContext dsl) {
        this.dsl = dsl;
    }

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
                runs AS (
                    SELECT analysis_id, min(n) AS first_n, max(n) AS last_n
                    FROM (SELECT analysis_id, n, n - row_number() OVER (PARTITION BY analysis_id ORDER BY n) AS island
                          FROM snaps) s
                    GROUP BY analysis_id, island
                ),
                spans AS (
                    SELECT analysis_id, min(n) AS first_n, max(n) AS last_n FROM snaps GROUP BY analysis_id
                ),
                identity AS (
                    SELECT f.rule, f.namespace, f.subject, f.policy, min(a.first_n) AS first_n,
                           max(a.last_n * 4 + CASE f.severity WHEN 'high' THEN 3 WHEN 'medium' THEN 2
                                                              WHEN 'low' THEN 1 ELSE 0 END) AS last
                    FROM spans a JOIN finding f ON f.analysis_id = a.analysis_id
                    WHERE f.analysis_id = ANY (%s) AND f.status <> 'excepted'
                      AND (?::text IS NULL OR f.rule = ?)
                      AND (?::text IS NULL OR f.namespace = ?)
                    GROUP BY f.rule, f.namespace, f.subject, f.policy
                ),
                lifecycle AS (
                    SELECT rule, namespace, subject, policy, first_n, last / 4 AS last_n,
                           (ARRAY['info', 'low', 'medium', 'high'])[last %% 4 + 1] AS severity,
                           last / 4 = (SELECT max(n) FROM snaps) AS open
                    FROM identity
                ),
                page AS (
                    SELECT l.rule, l.severity, l.namespace, l.subject, l.policy, l.open,
                           fs.id AS first_id, fs.started_at AS first_seen, ls.id AS last_id, ls.started_at AS last_seen,
                           rs.id AS resolved_id, rs.started_at AS resolved_at, count(*) OVER () AS total
                    FROM lifecycle l
                    JOIN snaps fs ON fs.n = l.first_n
                    JOIN snaps ls ON ls.n = l.last_n
                    LEFT JOIN snaps rs ON rs.n = l.last_n + 1
                    WHERE (?::text IS NULL OR l.severity = ?)
                      AND (?::boolean IS NULL OR l.open = ?)
                    ORDER BY first_seen, rule, namespace NULLS FIRST, subject, policy NULLS FIRST
                    LIMIT ? OFFSET ?
                )
                SELECT p.rule, p.severity, p.namespace, p.subject, p.policy, p.first_id, p.first_seen, p.last_id,
                       p.last_seen, p.open, p.resolved_id, p.resolved_at, seen.islands - 1, seen.snapshots, p.total
                FROM page p CROSS JOIN LATERAL (
                    SELECT count(*) FILTER (WHERE previous_last IS DISTINCT FROM first_n - 1)::int AS islands,
                           sum(last_n - first_n + 1)::int AS snapshots
                    FROM (SELECT r.first_n, r.last_n, lag(r.last_n) OVER (ORDER BY r.first_n) AS previous_last
                          FROM runs r JOIN finding f ON f.analysis_id = r.analysis_id
                          WHERE f.rule = p.rule AND f.subject = p.subject
                            AND f.namespace IS NOT DISTINCT FROM p.namespace
                            AND f.policy IS NOT DISTINCT FROM p.policy
                            AND f.status <> 'excepted') in_runs
                ) seen
                ORDER BY p.first_seen, p.rule, p.namespace NULLS FIRST, p.subject, p.policy NULLS FIRST
                """.formatted(analyses(cluster, from, to));
        Boolean open = filter.status() == null ? null : filter.status() == Status.OPEN;
        var rows = customPlan(d -> d.fetch(sql, cluster, time(from), time(to), filter.rule(), filter.rule(),
                filter.namespace(), filter.namespace(), filter.severity(), filter.severity(), open, open, limit,
                offset));
        long total = rows.isEmpty() ? countLifecycles(sql, cluster, from, to, filter, open) : rows.get(0).get(14,
                Long.class);
        List<Lifecycle> items = rows.map(r -> HistoryQueries.lifecycleOf(r, now));
        return new SnapshotQueries.Page<>(items, total, limit, offset);
    }

    /**
     * The distinct analyses of the range's complete snapshots, as a SQL array literal (numbers
     * read from the database: nothing to escape).
     */
    private String analyses(String cluster, Instant from, Instant to) {
        return dsl.fetch("""
                SELECT DISTINCT s.analysis_id
                FROM snapshot s JOIN cluster k ON k.id = s.cluster_id
                WHERE k.name = ? AND s.status = 'complete'
                  AND s.started_at >= coalesce(?::timestamptz, '-infinity')
                  AND s.started_at <= coalesce(?::timestamptz, 'infinity')
                """, cluster, time(from), time(to)).getValues(0, Long.class).stream().map(String::valueOf)
                .collect(java.util.stream.Collectors.joining(",", "ARRAY[", "]::bigint[]"));
    }


    /** The total when the page is past the end (the window count then has no row to ride on). */
    private long countLifecycles(String sql, String cluster, Instant from, Instant to, LifecycleFilter filter,
            Boolean open) {
        var rows = customPlan(d -> d.fetch(sql, cluster, time(from), time(to), filter.rule(), filter.rule(),
                filter.namespace(), filter.namespace(), filter.severity(), filter.severity(), open, open, 1, 0));
        return rows.isEmpty() ? 0 : rows.get(0).get(14, Long.class);
    }

    private <T> T customPlan(java.util.function.Function<DSLContext, T> query) {
        return dsl.transactionResult(t -> {
            t.dsl().execute("SET LOCAL plan_cache_mode = force_custom_plan");
            return query.apply(t.dsl());
        });
    }

    private static OffsetDateTime time(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
