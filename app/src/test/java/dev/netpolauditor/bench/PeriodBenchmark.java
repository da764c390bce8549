package dev.netpolauditor.bench;

import dev.netpolauditor.report.PeriodReport;
import dev.netpolauditor.report.ReportTemplates;
import dev.netpolauditor.service.ClusterSpec;
import dev.netpolauditor.service.Clusters;
import dev.netpolauditor.service.PeriodReports;
import dev.netpolauditor.store.ComplianceStore;
import dev.netpolauditor.store.Database;
import dev.netpolauditor.store.PeriodQueries;
import dev.netpolauditor.store.ReportStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Times the period report over a year of daily snapshots of a large cluster: the year of
 * {@link HistoryBenchmark} (cluster {@code daily}: every day its own analysis; {@code unchanged}:
 * one analysis shared by 365 snapshots), with the real analysis' endpoint groups and tenant cells
 * copied to every day's analysis too (what the period report reads besides the findings), and the
 * real analysis' settings. Timed: {@link PeriodReports#model} over the whole year (the queries and
 * the assembly) and rendering the model as a workbook; 1 warm-up, 3 runs, min and median ms. The
 * issue's target for the report is under 30 s on 2 cores.
 *
 * <p>Usage: {@code bench/period [pods] [--seed N] [--data-dir DIR]}, as {@code bench/history}.
 */
public final class PeriodBenchmark {
    private PeriodBenchmark() {}

    public static void main(String[] args) throws Exception {
        int pods = 10_000;
        long seed = 42;
        Path kept = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--data-dir" -> kept = Path.of(args[++i]);
                default -> pods = Integer.parseInt(args[i].replace("_", ""));
            }
        }
        Runtime rt = Runtime.getRuntime();
        System.out.printf(Locale.ROOT, "JDK %s, %d cores, seed %d, %d pods, %d daily snapshots%n%n",
                Runtime.version(), rt.availableProcessors(), seed, pods, HistoryBenchmark.DAYS);
        Path dataDir = kept != null ? kept : Files.createTempDirectory("netpol-auditor-period-bench");
        try (Database db = Database.open(new Database.Settings(null, null, null, dataDir.resolve("postgres"), 4,
                Duration.ofSeconds(30)))) {
            if (kept == null || !HistoryBenchmark.built(db)) {
                HistoryBenchmark.build(db, SyntheticCluster.generate(seed, pods));
            } else {
                HistoryBenchmark.progress("reusing the history in %s", kept);
            }
            copyGroupsAndSettings(db);
            Instant from;
            Instant to;
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("SELECT min(started_at), max(started_at) FROM snapshot")) {
                r.next();
                from = r.getTimestamp(1).toInstant();
                to = r.getTimestamp(2).toInstant().plusSeconds(1);
            }
            ClusterSpec.Source source = new ClusterSpec.Source.Kubernetes(null, null);
            Clusters clusters = new Clusters(List.of(
                    new ClusterSpec("daily", source, "0 0 * * * *", "tenant", null, null),
                    new ClusterSpec("unchanged", source, "0 0 * * * *", "tenant", null, null)), Map.of());
            PeriodReports reports = new PeriodReports(new PeriodQueries(db.dsl()), new ComplianceStore(db.dsl()),
                    clusters, new ReportStore(db.dsl()), ReportTemplates.bundled(), Clock.systemUTC(), "bench");
            System.out.println("| cluster | step | rows | min ms | median ms |");
            System.out.println("|---|---|---:|---:|---:|");
            for (String cluster : List.of("daily", "unchanged")) {
                PeriodReport[] model = new PeriodReport[1];
                time(cluster, "model (queries and assembly)", () -> {
                    model[0] = reports.model(cluster, from, to);
                    return model[0].endpoints().size() + model[0].findings().size();
                });
                PeriodReport.Summary s = model[0].summary();
                HistoryBenchmark.progress("%s: %d snapshots, %d analyses, %d endpoints (%d isolated for ingress"
                        + " throughout), %d finding identities, %d controls failed, %d days missed", cluster,
                        s.snapshots(), s.analyses(), s.endpoints(), s.ingressProtectedThroughout(),
                        s.findingIdentities(), s.controlsFailed(), s.missedDays());
                time(cluster, "render xlsx", () -> reports.render(model[0], "xlsx").length);
            }
        } finally {
            if (kept == null) {
                try (Stream<Path> files = Files.walk(dataDir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    /**
     * Every analysis without endpoint groups (the copied days) gets the real analysis' groups and
     * tenant cells, and its settings: the period report reads them; the history benchmark does not.
     */
    private static void copyGroupsAndSettings(Database db) throws Exception {
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            HistoryBenchmark.step(c, "endpoint groups of every day", """
                    INSERT INTO endpoint_group (analysis_id, group_id, namespace, labels, members)
                    SELECT a.id, g.group_id, g.namespace, g.labels, g.members
                    FROM analysis a CROSS JOIN endpoint_group g
                    WHERE g.analysis_id = (SELECT min(analysis_id) FROM endpoint_group)
                      AND NOT EXISTS (SELECT 1 FROM endpoint_group x WHERE x.analysis_id = a.id)""");
            HistoryBenchmark.step(c, "tenant cells of every day", """
                    INSERT INTO tenant_cell (analysis_id, from_tenant, to_tenant, endpoint_pairs, ports, example_from,
                        example_to, example_ports, egress_policies, ingress_policies, egress_unrestricted,
                        ingress_unrestricted, namespace_pair_count)
                    SELECT a.id, t.from_tenant, t.to_tenant, t.endpoint_pairs, t.ports, t.example_from, t.example_to,
                        t.example_ports, t.egress_policies, t.ingress_policies, t.egress_unrestricted,
                        t.ingress_unrestricted, t.namespace_pair_count
                    FROM analysis a CROSS JOIN tenant_cell t
                    WHERE t.analysis_id = (SELECT min(analysis_id) FROM tenant_cell)
                      AND NOT EXISTS (SELECT 1 FROM tenant_cell x WHERE x.analysis_id = a.id)""");
            HistoryBenchmark.step(c, "settings of every day", """
                    UPDATE analysis SET settings_id = (SELECT settings_id FROM analysis WHERE settings_id IS NOT NULL
                                                       ORDER BY id LIMIT 1)
                    WHERE settings_id IS NULL""");
            c.commit();
            c.setAutoCommit(true);
            HistoryBenchmark.step(c, "vacuum analyze", "VACUUM ANALYZE");
        }
    }

    private static void time(String cluster, String step, Supplier<Integer> run) {
        int rows = run.get();
        double[] ms = new double[3];
        for (int i = 0; i < ms.length; i++) {
            long start = System.nanoTime();
            rows = run.get();
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(ms);
        System.out.printf(Locale.ROOT, "| %s | %s | %d | %.0f | %.0f |%n", cluster, step, rows, ms[0], ms[1]);
    }
}
