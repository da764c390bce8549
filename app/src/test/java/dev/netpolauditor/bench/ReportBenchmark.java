package dev.netpolauditor.bench;

import dev.netpolauditor.analysis.FindingSubject;
import dev.netpolauditor.analysis.Severity;
import dev.netpolauditor.report.ComplianceReport;
import dev.netpolauditor.report.ReportTemplates;
import dev.netpolauditor.report.xlsx.XlsxReport;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Times the spreadsheet report: a synthetic {@link ComplianceReport} with N finding rows
 * (default 100,000; a tenth of them over-permissive, so that sheet has N/10 rows too), 2,000
 * policies and 500 namespaces, written to a temporary file by {@link XlsxReport}. One warm-up
 * run and three measured ones; prints wall time, the peak heap (sum of the heap pools' peaks
 * during the measured runs, an upper bound) and the file size.
 *
 * <p>Usage: {@code bench/report [rows]}; it runs with {@code -Xmx512m} to prove the heap bound
 * (the report model itself, N rows of text, is part of what must fit).
 */
public final class ReportBenchmark {
    private static final int WARMUP = 1;
    private static final int MEASURED = 3;

    private ReportBenchmark() {}

    public static void main(String[] args) throws IOException {
        int rows = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 100_000;
        System.err.printf(Locale.ROOT, "report benchmark: %,d finding rows, %d cores, max heap %d MB%n", rows,
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        ComplianceReport report = report(rows);
        ReportTemplates templates = ReportTemplates.bundled();
        Path file = Files.createTempFile("report-bench", ".xlsx");
        try {
            for (int i = 0; i < WARMUP; i++) {
                double ms = run(report, templates, file);
                System.err.printf(Locale.ROOT, "  warm-up %.0f ms%n", ms);
            }
            System.gc();
            List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(p -> p.getType() == MemoryType.HEAP).toList();
            pools.forEach(MemoryPoolMXBean::resetPeakUsage);
            double[] times = new double[MEASURED];
            for (int i = 0; i < MEASURED; i++) {
                times[i] = run(report, templates, file);
                System.err.printf(Locale.ROOT, "  run %d: %.0f ms%n", i + 1, times[i]);
            }
            long peak = pools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            Arrays.sort(times);
            System.out.println("| finding rows | min ms | median ms | peak heap MB | max heap MB | file MB |");
            System.out.println("|---:|---:|---:|---:|---:|---:|");
            System.out.printf(Locale.ROOT, "| %,d | %.0f | %.0f | %.0f | %d | %.1f |%n", rows, times[0],
                    times[MEASURED / 2], peak / 1048576.0, Runtime.getRuntime().maxMemory() >> 20,
                    Files.size(file) / 1048576.0);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static double run(ComplianceReport report, ReportTemplates templates, Path file) throws IOException {
        long start = System.nanoTime();
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            XlsxReport.write(report, templates, out);
        }
        return (System.nanoTime() - start) / 1e6;
    }

    /** Rows that look like real findings: distinct subjects, sentence-long details, some excepted. */
    static ComplianceReport report(int rows) {
        String[] rules = {"NP-COV-001", "NP-COV-002", "NP-COV-003", "NP-COV-004", "NP-COV-008", "NP-COV-009",
            "NP-TEN-002", "NP-COV-005", "NP-COV-006", "NP-PERM-003"};
        Severity[] severities = {Severity.HIGH, Severity.MEDIUM, Severity.MEDIUM, Severity.LOW, Severity.MEDIUM,
            Severity.LOW, Severity.HIGH, Severity.HIGH, Severity.LOW, Severity.MEDIUM};
        List<ComplianceReport.FindingRow> findings = new ArrayList<>(rows);
        List<ComplianceReport.FindingRow> permissive = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            int r = i % rules.length;
            String ns = "team-" + (i % 500);
            String subject = ns + "/workload-" + i + "[Deployment]";
            boolean excepted = i % 20 == 0;
            ComplianceReport.FindingRow row = new ComplianceReport.FindingRow(rules[r], "What rule " + rules[r]
                    + " checks, in one sentence for the legend.", severities[r], ns, new FindingSubject.Endpoint(subject),
                    r == 9 ? ns + "/allow-" + i : null, excepted ? "excepted" : "open",
                    subject + " accepts connections from any source: no network policy selects it for ingress.",
                    excepted ? "platform-team" : null, excepted ? LocalDate.of(2027, 3, 31) : null,
                    excepted ? "Accepted until the migration is done." : null);
            findings.add(row);
            if (r == 9) {
                permissive.add(row);
            }
        }
        List<ComplianceReport.CoverageRow> namespaces = new ArrayList<>();
        for (int n = 0; n < 500; n++) {
            namespaces.add(new ComplianceReport.CoverageRow("team-" + n, 300, 200, 100, 90));
        }
        List<ComplianceReport.PolicyRow> policies = new ArrayList<>();
        for (int p = 0; p < 2000; p++) {
            policies.add(new ComplianceReport.PolicyRow("team-" + (p % 500), "policy-" + p, List.of("Ingress"),
                    List.of("Ingress"), "app=web-" + p, 2, 0, "%064x".formatted(p)));
        }
        ComplianceReport.CoverageRow cluster = new ComplianceReport.CoverageRow("cluster", 150_000, 100_000,
                50_000, 45_000);
        ComplianceReport.Summary summary = new ComplianceReport.Summary(12, "f", cluster, List.of(
                new ComplianceReport.SeverityCount(Severity.HIGH, rows * 3L / 10, 0)), rows, 0, 0, List.of());
        return new ComplianceReport(new ComplianceReport.Header("bench", "synthetic", Instant.EPOCH,
                LocalDate.of(2026, 1, 31), Instant.parse("2026-01-31T08:00:00Z"), "bench"), summary, findings,
                namespaces, List.of(), List.of(), permissive, policies, List.of(), List.of());
    }
}
