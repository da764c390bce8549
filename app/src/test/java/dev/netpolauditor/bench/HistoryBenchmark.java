package dev.netpolauditor.bench;

import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.service.ClusterSource;
import dev.netpolauditor.service.ClusterSpec;
import dev.netpolauditor.service.SnapshotRunner;
import dev.netpolauditor.snapshot.kube.ClusterCapture;
import dev.netpolauditor.store.Database;
import dev.netpolauditor.store.HistoryQueries;
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
 * cluster has 365 snapshots sharing the one real analysis, the common case.
 *
 * <p>Timed: {@link HistoryQueries#trend} for the cluster, a namespace and a tenant, and the first
 * page of {@link HistoryQueries#lifecycle}, over the whole year; 2 warm-ups, 5 measured runs.
 *
 * <p>Usage: {@code bench/history [pods] [--seed N]}, defaults 10000, 42.
 */
public final class HistoryBenchmark {
    private static final int DAYS = 365;

    private HistoryBenchmark() {}

    public static void main(String[] args) throws Exception {
        int pods = 10_000;
        long seed = 42;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seed" -> seed = Long.parseLong(args[++i]);
                default -> pods = Integer.parseInt(args[i].replace("_", ""));
            }
        }
        Runtime rt = Runtime.getRuntime();
        System.out.printf(Locale.ROOT, "JDK %s, %d cores, seed %d, %d pods, %d daily snapshots%n%n",
                Runtime.version(), rt.availableProcessors(), seed, pods, DAYS);
        ClusterState state = SyntheticCluster.generate(seed, pods);
        Path dataDir = Files.createTempDirectory("netpol-auditor-history-bench");
        try (Database db = Database.open(new Database.Settings(null, null, null, dataDir.resolve("postgres"), 4,
                Duration.ofSeconds(30)))) {
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
                addDays(c, "daily", true);
                addDays(c, "unchanged", false);
                c.commit();
                try (Statement s = c.createStatement()) {
                    s.execute("ANALYZE");
                }
                c.commit();
                printSizes(c);
            }
            progress("history built in %.1f s", (System.nanoTime() - start) / 1e9);

            HistoryQueries history = new HistoryQueries(db.dsl());
            String namespace;
            String tenant;
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("SELECT namespace, tenant FROM namespace_tenant ORDER BY 1 LIMIT 1")) {
                r.next();
                namespace = r.getString(1);
                tenant = r.getString(2);
            }
            System.out.println("| cluster | query | rows | min ms | median ms |");
            System.out.println("|---|---|---:|---:|---:|");
            for (String cluster : List.of("daily", "unchanged")) {
                time(cluster, "trend cluster", () -> history.trend(cluster, null, null,
                        new HistoryQueries.Scope.Cluster()).size());
                time(cluster, "trend namespace:" + namespace, () -> history.trend(cluster, null, null,
                        new HistoryQueries.Scope.Namespace(namespace)).size());
                time(cluster, "trend tenant:" + tenant, () -> history.trend(cluster, null, null,
                        new HistoryQueries.Scope.Tenant(tenant)).size());
                time(cluster, "lifecycle, first 50 of all", () -> (int) history.lifecycle(cluster, null, null,
                        new HistoryQueries.LifecycleFilter(null, null, null, null), Instant.now(), 50, 0).total());
                time(cluster, "lifecycle, namespace " + namespace, () -> (int) history.lifecycle(cluster, null, null,
                        new HistoryQueries.LifecycleFilter(null, null, namespace, null), Instant.now(), 50, 0)
                        .total());
            }
        } finally {
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * 364 more snapshots of {@code cluster} before its real one, a day apart; with {@code distinct},
     * each with its own analysis (a perturbed copy of the real one), else sharing the real one.
     */
    private static void addDays(Connection c, String cluster, boolean distinct) throws Exception {
        long snapshot;
        long analysis;
        try (PreparedStatement s = c.prepareStatement("SELECT s.id, s.analysis_id FROM snapshot s"
                + " JOIN cluster k ON k.id = s.cluster_id WHERE k.name = ?")) {
            s.setString(1, cluster);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                snapshot = r.getLong(1);
                analysis = r.getLong(2);
            }
        }
        for (int day = 1; day < DAYS; day++) {
            long target = analysis;
            if (distinct) {
                try (PreparedStatement s = c.prepareStatement("""
                        INSERT INTO analysis (object_set_id, engine_version, config_sha256, endpoints, endpoint_groups,
                                              score, open_high, open_medium, open_low, open_info, excepted)
                        SELECT object_set_id, engine_version, encode(sha256(convert_to('bench-day-' || ?, 'UTF8')), 'hex'),
                               endpoints, endpoint_groups, score, 0, 0, 0, 0, 0
                        FROM analysis WHERE id = ? RETURNING id""")) {
                    s.setInt(1, day);
                    s.setLong(2, analysis);
                    try (ResultSet r = s.executeQuery()) {
                        r.next();
                        target = r.getLong(1);
                    }
                }
                for (String sql : List.of(
                        "INSERT INTO finding SELECT ?, rule, severity, namespace, subject, policy, detail, status"
                                + " FROM finding WHERE analysis_id = ?"
                                + " AND abs(hashtext(subject || rule || ?::text)) % 20 <> 0",
                        "INSERT INTO coverage SELECT ?, scope_kind, scope, endpoints, ingress_isolated, egress_isolated,"
                                + " both_isolated FROM coverage WHERE analysis_id = ? AND ?::int IS NOT NULL",
                        "INSERT INTO namespace_tenant SELECT ?, namespace, tenant FROM namespace_tenant"
                                + " WHERE analysis_id = ? AND ?::int IS NOT NULL")) {
                    try (PreparedStatement s = c.prepareStatement(sql)) {
                        s.setLong(1, target);
                        s.setLong(2, analysis);
                        s.setInt(3, day);
                        s.executeUpdate();
                    }
                }
                try (PreparedStatement s = c.prepareStatement("""
                        UPDATE analysis a SET
                            open_high = (SELECT count(*) FROM finding f WHERE f.analysis_id = a.id AND f.severity = 'high' AND f.status <> 'excepted'),
                            open_medium = (SELECT count(*) FROM finding f WHERE f.analysis_id = a.id AND f.severity = 'medium' AND f.status <> 'excepted'),
                            open_low = (SELECT count(*) FROM finding f WHERE f.analysis_id = a.id AND f.severity = 'low' AND f.status <> 'excepted'),
                            open_info = (SELECT count(*) FROM finding f WHERE f.analysis_id = a.id AND f.severity = 'info' AND f.status <> 'excepted')
                        WHERE a.id = ?""")) {
                    s.setLong(1, target);
                    s.executeUpdate();
                }
            }
            try (PreparedStatement s = c.prepareStatement("""
                    INSERT INTO snapshot (cluster_id, status, trigger, started_at, finished_at, source, cluster_uid,
                        namespace_count, pod_count, workload_count, policy_count, engine_version, content_sha256,
                        object_set_id, analysis_id)
                    SELECT cluster_id, status, 'schedule', started_at - make_interval(days => ?),
                        finished_at - make_interval(days => ?), source, cluster_uid, namespace_count, pod_count,
                        workload_count, policy_count, engine_version, content_sha256, object_set_id, ?
                    FROM snapshot WHERE id = ?""")) {
                s.setInt(1, DAYS - day);
                s.setInt(2, DAYS - day);
                s.setLong(3, target);
                s.setLong(4, snapshot);
                s.executeUpdate();
            }
        }
    }

    private static void printSizes(Connection c) throws Exception {
        List<String> parts = new ArrayList<>();
        for (String table : List.of("snapshot", "analysis", "finding", "coverage", "namespace_tenant")) {
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM " + table)) {
                r.next();
                parts.add(table + " " + r.getLong(1));
            }
        }
        System.out.println("rows: " + String.join(", ", parts));
        System.out.println();
    }

    private static void time(String cluster, String query, Supplier<Integer> run) {
        int rows = 0;
        for (int i = 0; i < 2; i++) {
            rows = run.get();
        }
        double[] ms = new double[5];
        for (int i = 0; i < ms.length; i++) {
            long start = System.nanoTime();
            rows = run.get();
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        java.util.Arrays.sort(ms);
        System.out.printf(Locale.ROOT, "| %s | %s | %d | %.1f | %.1f |%n", cluster, query, rows, ms[0], ms[2]);
    }

    private static void progress(String format, Object... args) {
        System.err.printf(Locale.ROOT, format + "%n", args);
    }
}
