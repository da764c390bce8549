package dev.netpolauditor.store;

import dev.netpolauditor.canonical.CanonicalJson;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.Record;
import org.jooq.impl.DSL;

/**
 * A cluster's stored history over an interval of time, for the period report: every answer is
 * one aggregate query over the <em>distinct</em> analyses of the interval's complete snapshots
 * (snapshots of unchanged content share one), each analysis weighted by how many snapshots it
 * stands for and spanning their first and last time. Nothing is recomputed. The interval is
 * {@code [from, to)}: from inclusive, to exclusive.
 */
public final class PeriodQueries {
    /** The interval's complete snapshots grouped by analysis: what every query below starts from. */
    private static final String SPANS = """
            WITH s AS (SELECT s.analysis_id, s.started_at FROM snapshot s JOIN cluster k ON k.id = s.cluster_id
                       WHERE k.name = {0} AND s.status = 'complete' AND s.started_at >= {1} AND s.started_at < {2}),
                 a AS (SELECT analysis_id, min(started_at) AS first_at, max(started_at) AS last_at, count(*) AS n
                       FROM s GROUP BY analysis_id)
            """;

    private final DSLContext dsl;

    public PeriodQueries(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** A snapshot attempt of the interval: complete (with its analysis) or failed (with its reason). */
    public record Attempt(long id, Instant startedAt, boolean complete, Long analysisId, String failureReason) {}

    /** When something was seen in the interval: first and last snapshot time, and in how many snapshots. */
    public record Seen(Instant first, Instant last, long snapshots) {}

    /**
     * An endpoint of the interval: when it existed, and in how many of those snapshots (and first and
     * last when) it was not isolated for ingress (an NP-COV-001 finding about it) and for egress
     * (NP-COV-002); {@code ingressOpen}/{@code egressOpen} null when it always was.
     */
    public record EndpointSpan(String namespace, String endpoint, Seen seen, long ingressOpenSnapshots,
            Seen ingressOpen, long egressOpenSnapshots, Seen egressOpen) {}

    /**
     * A finding identity of the interval: when it existed, in how many snapshots it was open (not
     * excepted), its severity and a detail it had (the one of the last snapshot where present there).
     */
    public record FindingSpan(String rule, String severity, String namespace, String subject, String policy,
            Seen seen, long openSnapshots, String detail) {}

    /** A tenant pair with an allowed connection at some time: the most endpoint and namespace pairs it had. */
    public record TenantPairSpan(String from, String to, Seen seen, long maxEndpointPairs, long maxNamespacePairs) {}

    /** One distinct analysis of the interval with its span and its settings document (null when unknown). */
    public record AnalysisSpan(long analysisId, Seen seen, String settingsJson) {}

    /** Every attempt of the interval (complete and failed), oldest first. */
    public List<Attempt> attempts(String cluster, Instant from, Instant to) {
        return dsl.fetch("""
                SELECT s.id, s.started_at, s.status, s.analysis_id, s.failure_reason
                FROM snapshot s JOIN cluster k ON k.id = s.cluster_id
                WHERE k.name = {0} AND s.started_at >= {1} AND s.started_at < {2}
                ORDER BY s.started_at, s.id""", DSL.val(cluster), DSL.val(time(from)), DSL.val(time(to)))
                .map(r -> new Attempt(r.get(0, Long.class), instant(r.get(1, OffsetDateTime.class)),
                        "complete".equals(r.get(2, String.class)), r.get(3, Long.class), r.get(4, String.class)));
    }

    /** The distinct analyses of the interval, with their settings, by first time. */
    public List<AnalysisSpan> analyses(String cluster, Instant from, Instant to) {
        return dsl.fetch(SPANS + """
                SELECT a.analysis_id, a.first_at, a.last_at, a.n, st.content
                FROM a JOIN analysis an ON an.id = a.analysis_id
                LEFT JOIN analysis_settings st ON st.id = an.settings_id
                ORDER BY a.first_at, a.analysis_id""", DSL.val(cluster), DSL.val(time(from)), DSL.val(time(to)))
                .map(r -> new AnalysisSpan(r.get(0, Long.class), seen(r, 1), r.get(4) == null ? null
                        : CanonicalJson.canonical(r.get(4, JSONB.class).data())));
    }

    /** Every endpoint of the interval, by namespace and name. */
    public List<EndpointSpan> endpoints(String cluster, Instant from, Instant to) {
        return dsl.fetch(SPANS + """
                , e AS (SELECT g.analysis_id, g.namespace, unnest(g.members) AS endpoint
                        FROM endpoint_group g WHERE g.analysis_id IN (SELECT analysis_id FROM a)),
                  u AS (SELECT f.analysis_id, f.subject, bool_or(f.rule = 'NP-COV-001') AS ingress,
                               bool_or(f.rule = 'NP-COV-002') AS egress
                        FROM finding f WHERE f.analysis_id IN (SELECT analysis_id FROM a)
                          AND f.rule IN ('NP-COV-001', 'NP-COV-002')
                        GROUP BY f.analysis_id, f.subject)
                SELECT e.namespace, e.endpoint, min(a.first_at), max(a.last_at), sum(a.n),
                       coalesce(sum(a.n) FILTER (WHERE u.ingress), 0),
                       min(a.first_at) FILTER (WHERE u.ingress), max(a.last_at) FILTER (WHERE u.ingress),
                       coalesce(sum(a.n) FILTER (WHERE u.egress), 0),
                       min(a.first_at) FILTER (WHERE u.egress), max(a.last_at) FILTER (WHERE u.egress)
                FROM e JOIN a ON a.analysis_id = e.analysis_id
                LEFT JOIN u ON u.analysis_id = e.analysis_id AND u.subject = e.endpoint
                GROUP BY e.namespace, e.endpoint
                ORDER BY e.namespace, e.endpoint""", DSL.val(cluster), DSL.val(time(from)), DSL.val(time(to)))
                .map(r -> new EndpointSpan(r.get(0, String.class), r.get(1, String.class), seen(r, 2),
                        r.get(5, Long.class), r.get(6) == null ? null : new Seen(instant(r.get(6, OffsetDateTime.class)),
                                instant(r.get(7, OffsetDateTime.class)), r.get(5, Long.class)),
                        r.get(8, Long.class), r.get(9) == null ? null : new Seen(instant(r.get(9, OffsetDateTime.class)),
                                instant(r.get(10, OffsetDateTime.class)), r.get(8, Long.class))));
    }

    /**
     * Every finding identity of the interval, in the contract's order; the detail is the one the
     * interval's last snapshot has for it when present there ({@code lastAnalysis}), else one it had.
     */
    public List<FindingSpan> findings(String cluster, Instant from, Instant to, Long lastAnalysis) {
        Map<String, String> lastDetails = new HashMap<>();
        if (lastAnalysis != null) {
            dsl.fetch("SELECT rule, namespace, subject, policy, detail FROM finding WHERE analysis_id = {0}",
                    DSL.val(lastAnalysis)).forEach(r -> lastDetails.put(key(r.get(0, String.class), r.get(1, String.class),
                            r.get(2, String.class), r.get(3, String.class)), r.get(4, String.class)));
        }
        return dsl.fetch(SPANS + """
                SELECT f.rule, max(f.severity), f.namespace, f.subject, f.policy, min(a.first_at), max(a.last_at),
                       sum(a.n), coalesce(sum(a.n) FILTER (WHERE f.status <> 'excepted'), 0), max(f.detail)
                FROM a JOIN finding f ON f.analysis_id = a.analysis_id
                GROUP BY f.rule, f.namespace, f.subject, f.policy
                ORDER BY f.rule, f.namespace NULLS FIRST, f.subject, f.policy NULLS FIRST""",
                DSL.val(cluster), DSL.val(time(from)), DSL.val(time(to)))
                .map(r -> {
                    String key = key(r.get(0, String.class), r.get(2, String.class), r.get(3, String.class),
                            r.get(4, String.class));
                    return new FindingSpan(r.get(0, String.class), r.get(1, String.class), r.get(2, String.class),
                            r.get(3, String.class), r.get(4, String.class), seen(r, 5), r.get(8, Long.class),
                            lastDetails.getOrDefault(key, r.get(9, String.class)));
                });
    }

    /** The identities ({@code rule|namespace|subject|policy}) of an analysis' findings, with their status. */
    public Map<String, String> statuses(long analysisId) {
        Map<String, String> out = new HashMap<>();
        dsl.fetch("SELECT rule, namespace, subject, policy, status FROM finding WHERE analysis_id = {0}", DSL.val(analysisId))
                .forEach(r -> out.put(key(r.get(0, String.class), r.get(1, String.class), r.get(2, String.class),
                        r.get(3, String.class)), r.get(4, String.class)));
        return out;
    }

    /** For each distinct analysis of the interval, the rules with an open (not excepted) finding. */
    public Map<Long, Set<String>> openRules(String cluster, Instant from, Instant to) {
        Map<Long, Set<String>> out = new HashMap<>();
        dsl.fetch(SPANS + """
                SELECT DISTINCT f.analysis_id, f.rule FROM a JOIN finding f ON f.analysis_id = a.analysis_id
                WHERE f.status <> 'excepted'""", DSL.val(cluster), DSL.val(time(from)), DSL.val(time(to)))
                .forEach(r -> out.computeIfAbsent(r.get(0, Long.class), k -> new HashSet<>()).add(r.get(1, String.class)));
        return out;
    }

    /** Every ordered tenant pair with an allowed connection at some time of the interval. */
    public List<TenantPairSpan> tenantPairs(String cluster, Instant from, Instant to) {
        return dsl.fetch(SPANS + """
                SELECT t.from_tenant, t.to_tenant, min(a.first_at), max(a.last_at), sum(a.n), max(t.endpoint_pairs),
                       max(t.namespace_pair_count)
                FROM a JOIN tenant_cell t ON t.analysis_id = a.analysis_id
                GROUP BY t.from_tenant, t.to_tenant ORDER BY t.from_tenant, t.to_tenant""",
                DSL.val(cluster), DSL.val(time(from)), DSL.val(time(to)))
                .map(r -> new TenantPairSpan(r.get(0, String.class), r.get(1, String.class), seen(r, 2),
                        r.get(5, Long.class), r.get(6, Long.class)));
    }

    /** {@code rule|namespace|subject|policy}: a finding identity as one key. */
    public static String key(String rule, String namespace, String subject, String policy) {
        return rule + "|" + namespace + "|" + subject + "|" + policy;
    }

    private static Seen seen(Record r, int first) {
        return new Seen(instant(r.get(first, OffsetDateTime.class)), instant(r.get(first + 1, OffsetDateTime.class)),
                r.get(first + 2, Long.class));
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    private static OffsetDateTime time(Instant i) {
        return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }
}
