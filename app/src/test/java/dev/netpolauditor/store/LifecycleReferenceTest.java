package dev.netpolauditor.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.netpolauditor.store.HistoryQueries.Lifecycle;
import dev.netpolauditor.store.HistoryQueries.LifecycleFilter;
import dev.netpolauditor.store.HistoryQueries.Status;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Invariant: {@link HistoryQueries#lifecycle}, answered from the finding runs, equals both a
 * straightforward reference computation (walk the range's snapshots in order, per identity note
 * every snapshot it is open in) and the query it replaced, which aggregated the findings
 * themselves ({@link LifecycleFromFindings}), on small random histories: a few analyses over a
 * pool of identities (null namespaces and policies among them, severities that change, excepted
 * findings), reused by runs of consecutive snapshots and again later, failed attempts in between,
 * equal start times, snapshots stored out of time order; then after retention deleted some of
 * them, and after more snapshots; and histories stored before V17, which the migration fills.
 * Under random ranges, filters and pages. A failure names the seed and the query.
 */
class LifecycleReferenceTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant NOW = T0.plus(Duration.ofDays(30));
    private static final List<String> SEVERITIES = List.of("high", "medium", "low", "info");
    private static final int HISTORIES = 40;

    private static EmbeddedPostgres postgres;
    private static Connection connection;
    private static DSLContext dsl;

    /** One connection for all: a connection per statement (a new server process each) was most of the time. */
    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        Flyway.configure().dataSource(postgres.getPostgresDatabase()).load().migrate();
        connection = postgres.getPostgresDatabase().getConnection();
        dsl = DSL.using(connection, SQLDialect.POSTGRES);
    }

    @AfterAll
    static void stop() throws Exception {
        if (connection != null) {
            connection.close();
        }
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

    /** A stored history: the cluster's rows and what its snapshots are. */
    record History(String cluster, long clusterId, String hash, long objectSet, List<Long> analysisIds,
            List<Map<Identity, Stored>> analyses, List<Snap> snaps) {}

    @Test
    void lifecycleEqualsTheReferenceOnRandomHistories() {
        for (int seed = 1; seed <= HISTORIES; seed++) {
            Random random = new Random(seed);
            History h = store(dsl, "random-" + seed, analyses(random), random, true);
            check(dsl, h, seed, "stored", random);
            if (random.nextInt(3) != 0) {
                Instant latest = h.snaps().stream().map(Snap::at).max(Comparator.naturalOrder()).orElseThrow();
                Duration keepAll = Duration.ofHours(random.nextInt(120));
                new Retention(dsl).apply(new Retention.Policy(keepAll, keepAll.plusHours(random.nextInt(120))),
                        latest.plus(Duration.ofHours(random.nextInt(72))));
                Set<Long> kept = Set.copyOf(dsl.fetch("SELECT id FROM snapshot WHERE cluster_id = ?", h.clusterId())
                        .getValues(0, Long.class));
                h.snaps().removeIf(s -> !kept.contains(s.id()));
                check(dsl, h, seed, "after retention", random);
            }
            List<Integer> used = h.snaps().stream().map(Snap::analysis).filter(a -> a != null).distinct().toList();
            if (used.isEmpty()) {
                continue; // every attempt failed: nothing to add to
            }
            Instant at = h.snaps().stream().map(Snap::at).max(Comparator.naturalOrder()).orElseThrow();
            for (int i = random.nextInt(5); i > 0; i--) {
                at = at.plus(Duration.ofHours(random.nextInt(3)));
                h.snaps().add(snapshot(dsl, h, used.get(random.nextInt(used.size())), at, false, true));
            }
            check(dsl, h, seed, "after more snapshots", random);
        }
    }

    @Test
    void theMigrationFillsTheRunsOfHistoriesStoredBeforeIt() throws Exception {
        try (EmbeddedPostgres old = EmbeddedPostgres.builder().start()) {
            Flyway.configure().dataSource(old.getPostgresDatabase()).target("16").load().migrate();
            Connection c = old.getPostgresDatabase().getConnection();
            DSLContext db = DSL.using(c, SQLDialect.POSTGRES);
            List<History> histories = new ArrayList<>();
            for (int seed = 1; seed <= HISTORIES; seed++) {
                Random random = new Random(seed);
                histories.add(store(db, "random-" + seed, analyses(random), random, false));
            }
            Flyway.configure().dataSource(old.getPostgresDatabase()).load().migrate();
            for (int seed = 1; seed <= HISTORIES; seed++) {
                check(db, histories.get(seed - 1), seed, "migrated", new Random(seed));
            }
            c.close();
        }
    }

    /** Random ranges, filters and pages: the runs' answer, the reference's and the former query's. */
    private static void check(DSLContext db, History h, int seed, String when, Random random) {
        HistoryQueries history = new HistoryQueries(db);
        LifecycleFromFindings former = new LifecycleFromFindings(db);
        List<Snap> snaps = h.snaps();
        for (int q = 0; q < 8 && !snaps.isEmpty(); q++) {
            Instant from = random.nextInt(3) == 0 ? snaps.get(random.nextInt(snaps.size())).at() : null;
            Instant to = random.nextInt(3) == 0 ? snaps.get(random.nextInt(snaps.size())).at() : null;
            LifecycleFilter filter = new LifecycleFilter(
                    random.nextInt(4) == 0 ? "R" + random.nextInt(3) : null,
                    random.nextInt(4) == 0 ? SEVERITIES.get(random.nextInt(4)) : null,
                    random.nextInt(4) == 0 ? "ns" + random.nextInt(3) : null,
                    random.nextInt(3) == 0 ? Status.values()[random.nextInt(2)] : null);
            int limit = 1 + random.nextInt(12);
            int offset = random.nextInt(3) == 0 ? random.nextInt(20) : 0;
            List<Lifecycle> expected = reference(h.analyses(), snaps, from, to, filter);
            var page = history.lifecycle(h.cluster(), from, to, filter, NOW, limit, offset);
            var before = former.lifecycle(h.cluster(), from, to, filter, NOW, limit, offset);
            String context = "seed " + seed + " " + when + ", from " + from + ", to " + to + ", " + filter
                    + ", limit " + limit + ", offset " + offset + "; snapshots " + snaps + "; analyses "
                    + h.analyses();
            List<Lifecycle> expectedPage = expected.subList(Math.min(offset, expected.size()),
                    Math.min(offset + limit, expected.size()));
            assertEquals(expected.size(), before.total(), "former query: " + context);
            assertEquals(expectedPage, before.items(), "former query: " + context);
            assertEquals(expected.size(), page.total(), context);
            assertEquals(expectedPage, page.items(), context);
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

    /**
     * Stores the analyses and 1-20 snapshots (runs sharing an analysis, some failed, some started
     * before snapshots stored earlier); with {@code maintain}, each complete one updates the runs
     * as {@link SnapshotStore#saveSnapshot} does.
     */
    private static History store(DSLContext db, String cluster, List<Map<Identity, Stored>> analyses, Random random,
            boolean maintain) {
        long clusterId = id(db, "INSERT INTO cluster (name) VALUES (?) RETURNING id", cluster);
        String hash = "%064x".formatted(clusterId);
        long objectSet = id(db, "INSERT INTO object_set (sha256, object_count) VALUES (?, 0) RETURNING id", hash);
        List<Long> analysisIds = new ArrayList<>();
        for (int a = 0; a < analyses.size(); a++) {
            long id = id(db, """
                    INSERT INTO analysis (object_set_id, input_sha256, engine_version, config_sha256, endpoints,
                                          endpoint_groups, score, open_high, open_medium, open_low, open_info, excepted)
                    VALUES (?, ?, 'test', ?, 0, 0, 100, 0, 0, 0, 0, 0) RETURNING id""", objectSet,
                    hash, "%064x".formatted(a));
            analysisIds.add(id);
            var findings = analyses.get(a).entrySet().stream().map(e -> db.query("""
                    INSERT INTO finding (analysis_id, rule, severity, namespace, subject, policy, detail, status)
                    VALUES (?, ?, ?, ?, ?, ?, 'detail', ?)""", id, e.getKey().rule(), e.getValue().severity(),
                    e.getKey().namespace(), e.getKey().subject(), e.getKey().policy(), e.getValue().status()))
                    .toList();
            if (!findings.isEmpty()) {
                db.batch(findings).execute();
            }
        }
        History h = new History(cluster, clusterId, hash, objectSet, analysisIds, analyses, new ArrayList<>());
        Instant at = T0;
        int analysis = random.nextInt(analyses.size());
        for (int i = 0; i < 1 + random.nextInt(20); i++) {
            if (random.nextInt(3) == 0) {
                analysis = random.nextInt(analyses.size());
            }
            if (random.nextInt(4) != 0) {
                at = at.plus(Duration.ofHours(1 + random.nextInt(24)));
            }
            Instant when = random.nextInt(6) == 0
                    ? T0.plus(Duration.ofMinutes(random.nextLong(Duration.between(T0, at).toMinutes() + 1))) : at;
            h.snaps().add(snapshot(db, h, analysis, when, random.nextInt(8) == 0, maintain));
        }
        return h;
    }

    /** Inserts one snapshot; a complete one, with {@code maintain}, then updates the runs in the same transaction. */
    private static Snap snapshot(DSLContext db, History h, int analysis, Instant at, boolean failed, boolean maintain) {
        long id = db.transactionResult(tx -> {
            DSLContext t = tx.dsl();
            if (failed) {
                return id(t, """
                        INSERT INTO snapshot (cluster_id, status, trigger, started_at, finished_at, source,
                                              engine_version, failure_reason)
                        VALUES (?, 'failed', 'schedule', ?::timestamptz, ?::timestamptz, 'test', 'test', 'unreachable') RETURNING id""",
                        h.clusterId(), time(at), time(at));
            }
            long created = id(t, """
                    INSERT INTO snapshot (cluster_id, status, trigger, started_at, finished_at, source,
                                          namespace_count, pod_count, workload_count, policy_count,
                                          engine_version, content_sha256, object_set_id, analysis_id)
                    VALUES (?, 'complete', 'schedule', ?::timestamptz, ?::timestamptz, 'test', 0, 0, 0, 0, 'test', ?, ?, ?)
                    RETURNING id""", h.clusterId(), time(at), time(at), h.hash(), h.objectSet(),
                    h.analysisIds().get(analysis));
            if (maintain) {
                FindingRuns.snapshotStored(t, h.clusterId(), created);
            }
            return created;
        });
        return new Snap(id, at, failed ? null : analysis);
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

    private static long id(DSLContext db, String insert, Object... binds) {
        return db.fetchSingle(insert, binds).get(0, Long.class);
    }

    private static java.time.OffsetDateTime time(Instant at) {
        return at.atOffset(java.time.ZoneOffset.UTC);
    }
}
