import dev.netpolauditor.analysis.Audit;
import dev.netpolauditor.analysis.AuditReport;
import dev.netpolauditor.analysis.Severity;
import dev.netpolauditor.analysis.Tenancy;
import dev.netpolauditor.analysis.diff.Side;
import dev.netpolauditor.analysis.diff.SnapshotDiff;
import dev.netpolauditor.engine.Endpoint;
import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.model.IpAddress;
import dev.netpolauditor.report.ChangeReport;
import dev.netpolauditor.report.ChangeReports;
import dev.netpolauditor.report.ComplianceReport;
import dev.netpolauditor.report.ComplianceReports;
import dev.netpolauditor.report.ReportTemplates;
import dev.netpolauditor.report.xlsx.ChangeXlsxReport;
import dev.netpolauditor.report.xlsx.XlsxReport;
import dev.netpolauditor.snapshot.ManifestReader;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.apache.poi.ss.usermodel.PrintSetup;
import org.apache.poi.ss.usermodel.SheetVisibility;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * Renders the workbooks behind docs/report-summary.png and docs/change-report-summary.png
 * (see make-screenshots.sh): the demo cluster examples/web-api-db as four weekly states while
 * its policies were added one file section at a time (none; default deny and web; api; db),
 * each audited for real. The compliance workbook is the last state's, with the four audits as
 * its trend; the change workbook is from the first state to the last. Then, for printing, a
 * copy of each with the summary alone visible and fitted to one landscape page.
 *
 * <p>Run from the repository root: {@code java -cp app/target/netpol-auditor.jar
 * docs/screenshots/Screenshots.java OUTDIR}.
 */
public class Screenshots {
    static final Path DEMO = Path.of("examples/web-api-db");
    static final Instant FIRST = Instant.parse("2026-10-26T08:00:00Z");

    public static void main(String[] args) throws Exception {
        Path out = Files.createDirectories(Path.of(args[0]));
        List<String> policies = List.of(Files.readString(DEMO.resolve("policies.yaml")).split("(?m)^---\\s*$"));
        int[] policiesPerWeek = {0, 2, 3, policies.size()};
        Tenancy tenancy = Tenancy.byLabel("tenant");
        List<Endpoint.Ip> ips = List.of(new Endpoint.Ip(IpAddress.parse("10.9.198.2")),
                new Endpoint.Ip(IpAddress.parse("203.0.113.9")));
        List<ClusterState> states = new ArrayList<>();
        List<ComplianceReport.TrendPoint> trend = new ArrayList<>();
        for (int week = 0; week < policiesPerWeek.length; week++) {
            Path dir = Files.createDirectories(out.resolve("week" + (week + 1)));
            Files.copy(DEMO.resolve("namespaces.yaml"), dir.resolve("namespaces.yaml"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.copy(DEMO.resolve("workloads.yaml"), dir.resolve("workloads.yaml"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(dir.resolve("policies.yaml"),
                    String.join("---\n", policies.subList(0, policiesPerWeek[week])));
            ClusterState state = ManifestReader.read(dir);
            states.add(state);
            AuditReport audit = Audit.run(state, new Audit.Options(tenancy, List.of(), day(week)));
            trend.add(new ComplianceReport.TrendPoint(at(week), audit.score(),
                    audit.openBySeverity().getOrDefault(Severity.HIGH, 0L),
                    audit.openBySeverity().getOrDefault(Severity.MEDIUM, 0L),
                    audit.openBySeverity().getOrDefault(Severity.LOW, 0L)));
        }
        int last = states.size() - 1;
        ReportTemplates templates = ReportTemplates.bundled();

        AuditReport audit = Audit.run(states.get(last), new Audit.Options(tenancy, List.of(), day(last)));
        ComplianceReport compliance = ComplianceReports.of(audit, states.get(last), List.of(),
                new ComplianceReport.Header("demo", "manifests examples/web-api-db (week 4 of 4)", at(last), day(last),
                        at(last), "0.1.0")).withTrend(trend);
        ByteArrayOutputStream workbook = new ByteArrayOutputStream();
        XlsxReport.write(compliance, templates, workbook);
        Files.write(out.resolve("report.xlsx"), workbook.toByteArray());
        summaryOnly(workbook.toByteArray(), out.resolve("report-summary.xlsx"));

        Side from = Side.of(states.getFirst(), tenancy, ips);
        Side to = Side.of(states.get(last), tenancy, ips);
        ChangeReport change = ChangeReports.of(from, to, SnapshotDiff.between(from, to), new ChangeReport.Header("demo",
                new ChangeReport.State(1L, "snapshot 1 (week 1: no policies)", at(0)),
                new ChangeReport.State(4L, "snapshot 4 (week 4: all four policies)", at(last)),
                at(last), "0.1.0", null));
        ByteArrayOutputStream changes = new ByteArrayOutputStream();
        ChangeXlsxReport.write(change, templates, changes);
        Files.write(out.resolve("change-report.xlsx"), changes.toByteArray());
        summaryOnly(changes.toByteArray(), out.resolve("change-report-summary.xlsx"));
    }

    static Instant at(int week) {
        return FIRST.plus(7L * week, ChronoUnit.DAYS);
    }

    static LocalDate day(int week) {
        return LocalDate.ofInstant(at(week), java.time.ZoneOffset.UTC);
    }

    /** The first sheet alone visible (hidden sheets still feed its chart), on one landscape page. */
    static void summaryOnly(byte[] bytes, Path target) throws Exception {
        try (XSSFWorkbook workbook = new XSSFWorkbook(new java.io.ByteArrayInputStream(bytes));
                OutputStream file = Files.newOutputStream(target)) {
            XSSFSheet summary = workbook.getSheetAt(0);
            summary.setFitToPage(true);
            summary.getPrintSetup().setLandscape(true);
            summary.getPrintSetup().setFitWidth((short) 1);
            summary.getPrintSetup().setFitHeight((short) 1);
            summary.getPrintSetup().setPaperSize(PrintSetup.A4_PAPERSIZE);
            for (int i = 1; i < workbook.getNumberOfSheets(); i++) {
                workbook.setSheetVisibility(i, SheetVisibility.HIDDEN);
            }
            workbook.write(file);
        }
    }
}
