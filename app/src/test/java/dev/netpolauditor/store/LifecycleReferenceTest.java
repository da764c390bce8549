package dev.netpolauditor.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.netpolauditor.store.HistoryQueries.Lifecycle;
import dev.netpolauditor.store.HistoryQueries.LifecycleFilter;
import dev.netpolauditor.store.HistoryQueries.Status;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Invariant: {@link HistoryQueries#lifecycle} equals a straightforward reference computation
 * (walk the range's snapshots in order, per identity note every snapshot it is open in) on
 * small random histories: a few analyses over a pool of identities (null namespaces and
 * policies among them, severities that change, excepted findings), reused by runs of
 * consecutive snapshots and again later, failed attempts in between, equal start times; under
 * random ranges, filters and pages. A failure names the seed and the query.
 */
class LifecycleReferenceTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant NOW = T0.plus(Duration.ofDays(30));
    private static final List<String> SEVERITIES = List.of("high", "medium", "low", "info");
    private static final int HISTORIES = 25;

    private static EmbeddedPostgres postgres;
    private static DSLContext dsl;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        Flyway.configure().dataSource(postgres.getPostgresDatabase()).load().migrate();
        dsl = DSL.using(postgres.getPostgresDatabase(), SQLDialect.POSTGRES);
    }

    @AfterAll
    static void stop() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    /** One finding identity; namespace and policy may be null. */
    record Identity(String rule, String namespace, String subject, String policy) {}

    /** A finding of an analysis: severity and status. */
    record Stored(String severity, String status) {}

    /** A snapshot row: complete with an analysis (index into the history's), or failed. */
    record Snap(long id, Instant at, Integer analysis) {}

    @Test
    void lifecycleEqualsTheReferenceOnRandomHistories() {
        HistoryQueries history = new HistoryQueries(dsl);
        for (int seed = 1; seed <= HISTORIES; seed++) {
            Random random = new Random(seed);
            String cluster = "random-" + seed;
            List<Map<Identity, Stored>> analyses = analyses(random);
            List<Snap> snaps = store(cluster, analyses, random);
            for (int q = 0; q < 6; q++) {
                Instant from = random.nextInt(3) == 0 ? snaps.get(random.nextInt(snaps.size())).at() : null;
                Instant to = random.nextInt(3) == 0 ? snaps.get(random.nextInt(snaps.size())).at() : null;
                LifecycleFilter filter = new LifecycleFilter(
                        random.nextInt(4) == 0 ? "R" + random.nextInt(3) : null,
                        random.nextInt(4) == 0 ? SEVERITIES.get(random.nextInt(4)) : null,
                        random.nextInt(4) == 0 ? "ns" + random.nextInt(3) : null,
                        random.nextInt(3) == 0 ? Status.values()[random.nextInt(2)] : null);
                int limit = 1 + random.nextInt(12);
                int offset = random.nextInt(3) == 0 ? random.nextInt(20) : 0;
                List<Lifecycle> expected = reference(analyses, snaps, from, to, filter);
                var page = history.lifecycle(cluster, from, to, filter, NOW, limit, offset);
                String context = "seed " + seed + ", from " + from + ", to " + to + ", " + filter + ", limit " + limit
                        + ", offset " + offset + "; snapshots " + snaps + "; analyses " + analyses;
                assertEquals(expected.size(), page.total(), context);
                assertEquals(expected.subList(Math.min(offset, expected.size()),
                        Math.min(offset + limit, expected.size())), page.items(), context);
            }
        }
    }

    /** 1-5 analyses, each a random subset of a pool of identities. */
    private static List<Map<Identity, Stored>> analyses(Random random) {
        List<Identity> pool = new ArrayList<>();
        for (int i = 0; i < 4 + random.nextInt(10); i++) {
            pool.add(new Identity("R" + random.nextInt(3), random.nextInt(5) == 0 ? null : "ns" + random.nextInt(3),
                    "s" + random.nextInt(6), random.nextInt(3) == 0 ? null : "p" + random.nextInt(2)));
        }
        List<Map<Identity, Stored>> analyses = new ArrayList<>();
        for (int a = 0; a < 1 + random.nextInt(5); a++) {
            Map<Identity, Stored> findings = new LinkedHashMap<>();
            for (Identity identity : pool) {
                if (random.nextInt(3) != 0) {
                    findings.put(identity, new Stored(SEVERITIES.get(random.nextInt(random.nextInt(8) == 0 ? 4 : 2)),
                            random.nextInt(6) == 0 ? "excepted" : random.nextInt(6) == 0 ? "exception_expired" : "open"));
                }
            }
            analyses.add(findings);
        }
        return analyses;
    }

    /** Stores the analyses and 1-14 snapshots (runs sharing an analysis, some failed), oldest first. */
    private static List<Snap> store(String cluster, List<Map<Identity, Stored>> analyses, Random random) {
        long clusterId = id("INSERT INTO cluster (name) VALUES (?) RETURNING id", cluster);
        String hash = "%064x".formatted(clusterId);
        long objectSet = id("INSERT INTO object_set (sha256, object_count) VALUES (?, 0) RETURNING id", hash);
        List<Long> analysisIds = new ArrayList<>();
        for (int a = 0; a < analyses.size(); a++) {
            long id = id("""
                    INSERT INTO analysis (object_set_id, input_sha256, engine_version, config_sha256, endpoints,
                                          endpoint_groups, score, open_high, open_medium, open_low, open_info, excepted)
                    VALUES (?, ?, 'test', ?, 0, 0, 100, 0, 0, 0, 0, 0) RETURNING id""", objectSet,
                    hash, "%064x".formatted(a));
            analysisIds.add(id);
            var findings = analyses.get(a).entrySet().stream().map(e -> dsl.query("""
                    INSERT INTO finding (analysis_id, rule, severity, namespace, subject, policy, detail, status)
                    VALUES (?, ?, ?, ?, ?, ?, 'detail', ?)""", id, e.getKey().rule(), e.getValue().severity(),
                    e.getKey().namespace(), e.getKey().subject(), e.getKey().policy(), e.getValue().status()))
                    .toList();
            if (!findings.isEmpty()) {
                dsl.batch(findings).execute();
            }
        }
        List<Snap> snaps = new ArrayList<>();
        Instant at = T0;
        int analysis = random.nextInt(analyses.size());
        for (int i = 0; i < 1 + random.nextInt(14); i++) {
            if (random.nextInt(3) == 0) {
                analysis = random.nextInt(analyses.size());
            }
            if (random.nextInt(4) != 0) {
                at = at.plus(Duration.ofHours(1 + random.nextInt(24)));
            }
            boolean failed = random.nextInt(8) == 0;
            long id = failed
                    ? id("""
                            INSERT INTO snapshot (cluster_id, status, trigger, started_at, finished_at, source,
                                                  engine_version, failure_reason)
                            VALUES (?, 'failed', 'schedule', ?::timestamptz, ?::timestamptz, 'test', 'test', 'unreachable') RETURNING id""",
                            clusterId, time(at), time(at))
                    : id("""
                            INSERT INTO snapshot (cluster_id, status, trigger, started_at, finished_at, source,
                                                  namespace_count, pod_count, workload_count, policy_count,
                                                  engine_version, content_sha256, object_set_id, analysis_id)
                            VALUES (?, 'complete', 'schedule', ?::timestamptz, ?::timestamptz, 'test', 0, 0, 0, 0, 'test', ?, ?, ?)
                            RETURNING id""", clusterId, time(at), time(at), hash, objectSet,
                            analysisIds.get(analysis));
            snaps.add(new Snap(id, at, failed ? null : analysis));
        }
        return snaps;
    }

    /**
     * The lifecycle by definition: the range's complete snapshots in (start, id) order, and per
     * identity the positions it is open (not excepted) in.
     */
    private static List<Lifecycle> reference(List<Map<Identity, Stored>> analyses, List<Snap> all, Instant from,
            Instant to, LifecycleFilter filter) {
        List<Snap> snaps = all.stream().filter(s -> s.analysis() != null)
                .filter(s -> (from == null || !s.at().isBefore(from)) && (to == null || !s.at().isAfter(to)))
                .sorted(Comparator.comparing(Snap::at).thenComparing(Snap::id)).toList();
        Map<Identity, List<Integer>> seen = new HashMap<>();
        for (int n = 0; n < snaps.size(); n++) {
            for (var e : analyses.get(snaps.get(n).analysis()).entrySet()) {
                if (!e.getValue().status().equals("excepted")) {
                    seen.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(n);
                }
            }
        }
        List<Lifecycle> out = new ArrayList<>();
        seen.forEach((identity, in) -> {
            Snap first = snaps.get(in.getFirst());
            Snap last = snaps.get(in.getLast());
            String severity = analyses.get(last.analysis()).get(identity).severity();
            boolean open = in.getLast() == snaps.size() - 1;
            Snap resolved = open ? null : snaps.get(in.getLast() + 1);
            int islands = 1;
            for (int k = 1; k < in.size(); k++) {
                islands += in.get(k) == in.get(k - 1) + 1 ? 0 : 1;
            }
            if ((filter.rule() == null || filter.rule().equals(identity.rule()))
                    && (filter.namespace() == null || filter.namespace().equals(identity.namespace()))
                    && (filter.severity() == null || filter.severity().equals(severity))
                    && (filter.status() == null || (filter.status() == Status.OPEN) == open)) {
                out.add(new Lifecycle(identity.rule(), severity, identity.namespace(), identity.subject(),
                        identity.policy(), first.id(), first.at(), last.id(), last.at(), open,
                        resolved == null ? null : resolved.id(), resolved == null ? null : resolved.at(), islands - 1,
                        in.size(), Duration.between(first.at(), open ? NOW : last.at())));
            }
        });
        Comparator<String> nullsFirst = Comparator.nullsFirst(Comparator.naturalOrder());
        out.sort(Comparator.comparing(Lifecycle::firstSeen).thenComparing(Lifecycle::rule)
                .thenComparing(Lifecycle::namespace, nullsFirst).thenComparing(Lifecycle::subject)
                .thenComparing(Lifecycle::policy, nullsFirst));
        return out;
    }

    private static long id(String insert, Object... binds) {
        return dsl.fetchSingle(insert, binds).get(0, Long.class);
    }

    private static java.time.OffsetDateTime time(Instant at) {
        return at.atOffset(java.time.ZoneOffset.UTC);
    }
}
