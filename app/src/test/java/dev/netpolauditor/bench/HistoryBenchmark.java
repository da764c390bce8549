package dev.netpolauditor.bench;

import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.service.ClusterSpec;
import dev.netpolauditor.service.SnapshotRunner;
import dev.netpolauditor.snapshot.ClusterSource;
import dev.netpolauditor.snapshot.kube.ClusterCapture;
import dev.netpolauditor.store.Database;
import dev.netpolauditor.store.FindingRuns;
import dev.netpolauditor.store.HistoryQueries;
import dev.netpolauditor.store.LifecycleFromFindings;
import dev.netpolauditor.store.SnapshotQueries;
import dev.netpolauditor.store.RunUpkeep;
import dev.netpolauditor.store.SnapshotStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Times the history queries over a year of daily snapshots of a large cluster, in an embedded
 * PostgreSQL 18 in a temporary directory.
 *
 * <p>One real snapshot of {@code SyntheticCluster.generate(seed, pods)} is taken through
 * {@link SnapshotRunner} (analysis, findings, coverage, tenants stored as in production). Then,
 * by SQL, 364 more snapshot rows are added a day apart, each with its <em>own</em> analysis: a
 * copy of the real one's coverage and tenants and of its findings less a pseudo-random ~5 % per
 * day (so findings come and go, and the lifecycle has gaps), with the open counts recounted.
 * Distinct analyses are the worst case for the queries: an unchanged cluster's snapshots share
 * one analysis. Group-level connectivity is not copied (no history query reads it). A second
 * cluster has 365 snapshots sharing the one real analysis, the common case. The finding runs
 * (V17) of both are then rebuilt as the store does for snapshots stored before later ones. The
 * year is then vacuumed and analysed, as autovacuum leaves insert-only tables (visibility map
 * set, so index-only scans read no heap).
 *
 * <p>Timed: {@link HistoryQueries#trend} for the cluster, a namespace and a tenant, and the first
 * page of {@link HistoryQueries#lifecycle}, over the whole year; 2 warm-ups, then 5 measured runs
 * ({@code --runs N} for more): min, median, 99th percentile (nearest rank: with fewer than 100
 * runs that is the slowest run) and max.
 * Then what keeping the finding runs adds to storing one more snapshot ({@link RunUpkeep}, rolled
 * back): a changed one for {@code daily}, an unchanged one for {@code unchanged}.
 *
 * <p>Usage: {@code bench/history [pods] [--seed N] [--runs N] [--data-dir DIR] [--former]}, defaults 10000,
 * 42, 5; {@code --former} times the lifecycle as it was answered before the finding runs (V17). With
 * {@code --data-dir} the database is kept there and a year already built in it is reused (to
 * time changed queries without rebuilding; migrations new since then are applied on open).
 */
public final class HistoryBenchmark {
    static final int DAYS = 365;

    private HistoryBenchmark() {}

    public static void main(String[] args) throws Exception {
        int pods = 10_000;
        long seed = 42;
        Path kept = null;
        int runs = 5;
        boolean former = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--data-dir" -> kept = Path.of(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--former" -> former = true;
                default -> pods = Integer.parseInt(args[i].replace("_", ""));
            }
        }
        Runtime rt = Runtime.getRuntime();
        System.out.printf(Locale.ROOT, "JDK %s, %d cores, seed %d, %d pods, %d daily snapshots%n%n",
                Runtime.version(), rt.availableProcessors(), seed, pods, DAYS);
        Path dataDir = kept != null ? kept : Files.createTempDirectory("netpol-auditor-history-bench");
        try (Database db = Database.open(new Database.Settings(null, null, null, dataDir.resolve("postgres"), 4,
                Duration.ofSeconds(30)))) {
            if (kept == null || !built(db)) {
                build(db, SyntheticCluster.generate(seed, pods));
            } else {
                progress("reusing the history in %s (pods and seed as when it was built)", kept);
            }
            HistoryQueries history = new HistoryQueries(db.dsl());
            // the lifecycle's first page over the whole year: from the runs, or (--former) as
            // before them, from the findings of every distinct analysis
            LifecycleFromFindings findings = new LifecycleFromFindings(db.dsl());
            boolean fromFindings = former;
            BiFunction<String, HistoryQueries.LifecycleFilter, SnapshotQueries.Page<HistoryQueries.Lifecycle>>
                    lifecycle = (cluster, filter) -> fromFindings
                            ? findings.lifecycle(cluster, null, null, filter, Instant.now(), 50, 0)
                            : history.lifecycle(cluster, null, null, filter, Instant.now(), 50, 0);
            String namespace;
            String tenant;
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("SELECT namespace, tenant FROM namespace_tenant ORDER BY 1 LIMIT 1")) {
                r.next();
                namespace = r.getString(1);
                tenant = r.getString(2);
            }
            System.out.printf(Locale.ROOT, "%d measured runs per query%n%n", runs);
            System.out.println("| cluster | query | rows | min ms | median ms | p99 ms | max ms |");
            System.out.println("|---|---|---:|---:|---:|---:|---:|");
            Timer timer = new Timer(runs);
            for (String cluster : List.of("daily", "unchanged")) {
                timer.time(cluster, "trend cluster", () -> history.trend(cluster, null, null,
                        new HistoryQueries.Scope.Cluster()).size());
                timer.time(cluster, "trend namespace:" + namespace, () -> history.trend(cluster, null, null,
                        new HistoryQueries.Scope.Namespace(namespace)).size());
                timer.time(cluster, "trend tenant:" + tenant, () -> history.trend(cluster, null, null,
                        new HistoryQueries.Scope.Tenant(tenant)).size());
                timer.time(cluster, "lifecycle, first 50 of all", () -> (int) lifecycle.apply(cluster,
                        new HistoryQueries.LifecycleFilter(null, null, null, null)).total());
                timer.time(cluster, "lifecycle, namespace " + namespace, () -> (int) lifecycle.apply(cluster,
                        new HistoryQueries.LifecycleFilter(null, null, namespace, null)).total());
            }
            // what storing one more snapshot spends on the runs: daily's next day has another
            // analysis (the day before's), unchanged's the same one
            for (String cluster : List.of("daily", "unchanged")) {
                timer.measured(cluster, "finding runs kept for one more snapshot (rolled back)",
                        () -> RunUpkeep.millis(db.dsl(), cluster, cluster.equals("daily")));
            }
        } finally {
            if (kept == null) {
                try (Stream<Path> files = Files.walk(dataDir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    /** Whether a kept database already holds the year. */
    static boolean built(Database db) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT count(*) FROM snapshot s JOIN cluster k ON k.id = s.cluster_id"
                        + " WHERE k.name = 'unchanged'")) {
            r.next();
            return r.getLong(1) == DAYS;
        }
    }

    static void build(Database db, ClusterState state) throws Exception {
        SnapshotRunner runner = new SnapshotRunner(new SnapshotStore(db.dsl()), Clock.systemUTC(), "bench");
        ClusterSource source = new ClusterSource() {
            @Override
            public String describe() {
                return "synthetic";
            }

            @Override
            public ClusterCapture capture() {
                return new ClusterCapture(null, Map.of(), List.of(), state);
            }
        };
        long start = System.nanoTime();
        for (String cluster : List.of("daily", "unchanged")) {
            SnapshotRunner.Outcome outcome = runner.run(new ClusterSpec(cluster,
                    new ClusterSpec.Source.Kubernetes(null, null), "0 0 * * * *", "tenant", null, null),
                    source, "manual");
            if (!outcome.complete()) {
                throw new IllegalStateException("snapshot failed: " + outcome.reason());
            }
            progress("real snapshot of %s: %d objects in %d ms", cluster, outcome.objects(), outcome.millis());
        }
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            addDays(c);
            c.commit();
            findingRuns(db);
            // as autovacuum leaves insert-only tables: statistics current, visibility map set
            c.setAutoCommit(true);
            step(c, "vacuum analyze", "VACUUM ANALYZE");
            printSizes(c);
        }
        progress("history built in %.1f s", (System.nanoTime() - start) / 1e9);

    }

    /**
     * 364 more snapshots of both clusters before their real one, a day apart, in a few set-based
     * statements (one per table, over {@code generate_series}) so that a year of a 10,000-pod
     * cluster builds in about a minute. Cluster {@code daily}: each day its own analysis, a copy
     * of the real one whose findings lose a pseudo-random ~5 % that day (hashed from subject,
     * rule and day: findings come and go, lifecycles have gaps); cluster {@code unchanged}: every
     * day the real analysis. Rows go into the real, logged, indexed tables.
     */
    private static void addDays(Connection c) throws Exception {
        long snapshot = 0;
        long analysis = 0;
        long unchanged = 0;
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT k.name, s.id, s.analysis_id"
                + " FROM snapshot s JOIN cluster k ON k.id = s.cluster_id WHERE k.name IN ('daily', 'unchanged')")) {
            while (r.next()) {
                if (r.getString(1).equals("daily")) {
                    snapshot = r.getLong(2);
                    analysis = r.getLong(3);
                } else {
                    unchanged = r.getLong(2);
                }
            }
        }
        // day 1 is 364 days before the real snapshot (day 365); its analysis is told apart by
        // its configuration hash, which names the day
        step(c, "analyses", """
                CREATE TEMPORARY TABLE bench_day ON COMMIT DROP AS
                SELECT d AS day, encode(sha256(convert_to('bench-day-' || d, 'UTF8')), 'hex') AS config,
                       NULL::bigint AS analysis_id
                FROM generate_series(1, %d) d""".formatted(DAYS - 1));
        step(c, null, """
                INSERT INTO analysis (object_set_id, input_sha256, engine_version, config_sha256, endpoints,
                                      endpoint_groups, score, open_high, open_medium, open_low, open_info, excepted)
                SELECT a.object_set_id, a.input_sha256, a.engine_version, d.config, a.endpoints, a.endpoint_groups, a.score,
                       0, 0, 0, 0, a.excepted
                FROM analysis a CROSS JOIN bench_day d WHERE a.id = %d ORDER BY d.day""".formatted(analysis));
        step(c, null, """
                UPDATE bench_day d SET analysis_id = a.id FROM analysis a
                WHERE a.config_sha256 = d.config AND a.object_set_id = (SELECT object_set_id FROM analysis
                                                                         WHERE id = %d)""".formatted(analysis));
        step(c, "findings", """
                INSERT INTO finding (analysis_id, rule, severity, namespace, subject, policy, detail, status)
                SELECT d.analysis_id, f.rule, f.severity, f.namespace, f.subject, f.policy, f.detail, f.status
                FROM bench_day d CROSS JOIN finding f
                WHERE f.analysis_id = %d AND hashtext(f.subject || f.rule || d.day::text) %% 20 <> 0
                ORDER BY d.day""".formatted(analysis));
        step(c, "coverage and tenants", """
                INSERT INTO coverage (analysis_id, scope_kind, scope, endpoints, ingress_isolated, egress_isolated,
                                      both_isolated)
                SELECT d.analysis_id, c.scope_kind, c.scope, c.endpoints, c.ingress_isolated, c.egress_isolated,
                       c.both_isolated
                FROM bench_day d CROSS JOIN coverage c WHERE c.analysis_id = %d ORDER BY d.day""".formatted(analysis));
        step(c, null, """
                INSERT INTO namespace_tenant (analysis_id, namespace, tenant)
                SELECT d.analysis_id, t.namespace, t.tenant
                FROM bench_day d CROSS JOIN namespace_tenant t WHERE t.analysis_id = %d
                ORDER BY d.day""".formatted(analysis));
        step(c, "open counts", """
                UPDATE analysis a SET open_high = n.high, open_medium = n.medium, open_low = n.low, open_info = n.info
                FROM (SELECT f.analysis_id,
                             count(*) FILTER (WHERE f.severity = 'high') AS high,
                             count(*) FILTER (WHERE f.severity = 'medium') AS medium,
                             count(*) FILTER (WHERE f.severity = 'low') AS low,
                             count(*) FILTER (WHERE f.severity = 'info') AS info
                      FROM bench_day d JOIN finding f ON f.analysis_id = d.analysis_id
                      WHERE f.status <> 'excepted' GROUP BY f.analysis_id) n
                WHERE a.id = n.analysis_id""");
        for (long real : List.of(snapshot, unchanged)) {
            String target = real == snapshot ? "d.analysis_id" : "s.analysis_id";
            step(c, "snapshots", """
                    INSERT INTO snapshot (cluster_id, status, trigger, started_at, finished_at, source, cluster_uid,
                        namespace_count, pod_count, workload_count, policy_count, engine_version, content_sha256,
                        object_set_id, analysis_id)
                    SELECT s.cluster_id, s.status, 'schedule', s.started_at - make_interval(days => %d - d.day),
                        s.finished_at - make_interval(days => %d - d.day), s.source, s.cluster_uid, s.namespace_count,
                        s.pod_count, s.workload_count, s.policy_count, s.engine_version, s.content_sha256,
                        s.object_set_id, %s
                    FROM snapshot s CROSS JOIN bench_day d WHERE s.id = %d ORDER BY d.day""".formatted(DAYS, DAYS,
                    target, real));
        }
    }

    /**
     * The finding runs of both clusters, as the store keeps them for snapshots stored before
     * later ones (these 364 days were added before the real, latest snapshot): rebuilt from the
     * findings of the cluster's distinct analyses, one set-based pass ({@link FindingRuns#rebuild},
     * the derivation V17 fills a stored history with).
     */
    private static void findingRuns(Database db) {
        for (String cluster : List.of("daily", "unchanged")) {
            long start = System.nanoTime();
            db.dsl().transaction(tx -> FindingRuns.rebuild(tx.dsl(), tx.dsl().fetchSingle(
                    "SELECT id FROM cluster WHERE name = ?", cluster).get(0, Long.class)));
            progress("  finding runs of %s: %.1f s", cluster, (System.nanoTime() - start) / 1e9);
        }
    }

    static void step(Connection c, String label, String sql) throws Exception {
        long start = System.nanoTime();
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
        if (label != null) {
            progress("  %s: %.1f s", label, (System.nanoTime() - start) / 1e9);
        }
    }

    private static void printSizes(Connection c) throws Exception {
        List<String> parts = new ArrayList<>();
        for (String table : List.of("snapshot", "analysis", "finding", "coverage", "namespace_tenant",
                "finding_identity", "finding_run")) {
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM " + table)) {
                r.next();
                parts.add(table + " " + r.getLong(1));
            }
        }
        System.out.println("rows: " + String.join(", ", parts));
        System.out.println();
    }

    /** Times a query: 2 warm-ups, then {@code runs} measured calls, one table row. */
    private record Timer(int runs) {
        void time(String cluster, String query, Supplier<Integer> run) {
            int rows = 0;
            for (int i = 0; i < 2; i++) {
                rows = run.get();
            }
            double[] ms = new double[runs];
            for (int i = 0; i < ms.length; i++) {
                long start = System.nanoTime();
                rows = run.get();
                ms[i] = (System.nanoTime() - start) / 1e6;
            }
            print(cluster, query, rows, ms);
        }

        /** Like {@link #time}, for work that times itself: {@code run} returns its milliseconds. */
        void measured(String cluster, String what, Supplier<Double> run) {
            for (int i = 0; i < 2; i++) {
                run.get();
            }
            double[] ms = new double[runs];
            for (int i = 0; i < ms.length; i++) {
                ms[i] = run.get();
            }
            print(cluster, what, 0, ms);
        }

        private void print(String cluster, String query, int rows, double[] ms) {
            java.util.Arrays.sort(ms);
            double p99 = ms[(int) Math.ceil(0.99 * runs) - 1];
            System.out.printf(Locale.ROOT, "| %s | %s | %d | %.1f | %.1f | %.1f | %.1f |%n", cluster, query, rows,
                    ms[0], ms[runs / 2], p99, ms[runs - 1]);
        }
    }

    static void progress(String format, Object... args) {
        System.err.printf(Locale.ROOT, format + "%n", args);
    }
}
