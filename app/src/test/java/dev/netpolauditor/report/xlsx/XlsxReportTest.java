package dev.netpolauditor.report.xlsx;

import static dev.netpolauditor.report.xlsx.SummaryCells.number;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.netpolauditor.analysis.AnalysisSettings;
import dev.netpolauditor.analysis.Audit;
import dev.netpolauditor.analysis.AuditReport;
import dev.netpolauditor.analysis.AuditedFinding;
import dev.netpolauditor.analysis.FindingException;
import dev.netpolauditor.analysis.FindingSubject;
import dev.netpolauditor.analysis.Justification;
import dev.netpolauditor.analysis.Justifications;
import dev.netpolauditor.analysis.Severity;
import dev.netpolauditor.analysis.Tenancy;
import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.report.AuditFixture;
import dev.netpolauditor.report.ComplianceReport;
import dev.netpolauditor.report.ComplianceReports;
import dev.netpolauditor.report.ReportTemplates;
import dev.netpolauditor.snapshot.ManifestReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spreadsheet report: golden text dumps ({@link WorkbookDump}) of the demo cluster and of
 * the multi-tenant fixture, its numbers against the audit's, sheet splitting, determinism and
 * template overrides. After an intended change of the layout, regenerate the goldens with
 * {@code -Dgolden.update=true} (see AuditTextTest) and review the diff.
 */
class XlsxReportTest {

    private static final Path GOLDEN = Path.of("src/test/resources/report");
    private static final Path DEMO = Path.of("../examples/web-api-db");
    private static final LocalDate TODAY = LocalDate.of(2026, 1, 31);
    private static final Instant GENERATED = Instant.parse("2026-01-31T08:00:00Z");
    private static final List<FindingException> DEMO_EXCEPTIONS = List.of(
            new FindingException("NP-COV-002", "prod/*", "Egress lock-down is planned for Q2.", "platform-team",
                    LocalDate.of(2027, 3, 31)),
            new FindingException("NP-COV-004", "staging", "Staging is rebuilt weekly.", "qa-team",
                    LocalDate.of(2026, 1, 1)),
            new FindingException("NP-PERM-001", "*", "Matches nothing in this cluster.", "nobody",
                    LocalDate.of(2026, 12, 31)));

    @TempDir
    Path tmp;

    record Audited(AuditReport audit, ComplianceReport report) {}

    private static Audited demo() throws Exception {
        ClusterState cluster = ManifestReader.read(DEMO);
        AuditReport audit = Audit.run(cluster, new AnalysisSettings(Tenancy.byLabel("tenant"), DEMO_EXCEPTIONS, TODAY));
        return new Audited(audit, ComplianceReports.of(audit, cluster, DEMO_EXCEPTIONS, header("examples/web-api-db")));
    }

    private static ComplianceReport.Header header(String cluster) {
        return new ComplianceReport.Header(cluster, "manifests " + cluster, null, TODAY, GENERATED, "test");
    }

    static byte[] render(ComplianceReport report, ReportTemplates templates, XlsxReport.Options options)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        XlsxReport.write(report, templates, options, out);
        return out.toByteArray();
    }

    static XSSFWorkbook open(byte[] bytes) throws IOException {
        return new XSSFWorkbook(new ByteArrayInputStream(bytes));
    }

    @Test
    void goldenDumpOfTheDemoCluster() throws Exception {
        byte[] bytes = render(demo().report(), ReportTemplates.bundled(), XlsxReport.Options.DEFAULT);
        try (XSSFWorkbook workbook = open(bytes)) {
            assertGolden("web-api-db.xlsx.txt", WorkbookDump.dump(workbook));
        }
    }

    /** Tenants, a tenant matrix with a finding and an allowed flow, and a trend with its chart. */
    @Test
    void goldenDumpOfTheMultiTenantFixtureWithATrend() throws Exception {
        ClusterState cluster = ManifestReader.read(AuditFixture.writeCluster(tmp.resolve("shop")));
        Tenancy tenancy = new Tenancy("tenant", java.util.Map.of(), java.util.Set.of(),
                java.util.Set.of(new Tenancy.TenantPair("retail", "finance")));
        AuditReport audit = Audit.run(cluster, new AnalysisSettings(tenancy, List.of(), TODAY));
        ComplianceReport report = ComplianceReports.of(audit, cluster, List.of(), header("clusters/shop"))
                .withTrend(List.of(
                        new ComplianceReport.TrendPoint(Instant.parse("2026-01-29T08:00:00Z"), 20, 6, 9, 3),
                        new ComplianceReport.TrendPoint(Instant.parse("2026-01-30T08:00:00Z"), 25, 5, 9, 3),
                        new ComplianceReport.TrendPoint(GENERATED, audit.score(),
                                audit.openBySeverity().get(Severity.HIGH), audit.openBySeverity().get(Severity.MEDIUM),
                                audit.openBySeverity().get(Severity.LOW))));
        byte[] bytes = render(report, ReportTemplates.bundled(), XlsxReport.Options.DEFAULT);
        try (XSSFWorkbook workbook = open(bytes)) {
            String dump = WorkbookDump.dump(workbook);
            assertTrue(dump.contains("chart: \"Score and open findings over time\""), dump);
            assertGolden("multi-tenant.xlsx.txt", dump);
        }
    }

    @Test
    void thePoliciesSheetListsClusterTierPoliciesBesideTheNetworkPolicies() throws Exception {
        Path dir = AuditFixture.writeCluster(tmp.resolve("tiers"));
        Files.writeString(dir.resolve("tiers.yaml"), dev.netpolauditor.report.ClusterTierPolicyRowsTest.TIERS);
        ClusterState cluster = ManifestReader.read(dir);
        AuditReport audit = Audit.run(cluster, new AnalysisSettings(Tenancy.byLabel("tenant"), List.of(), TODAY));
        ComplianceReport report = ComplianceReports.of(audit, cluster, List.of(), header("clusters/shop"));
        try (XSSFWorkbook workbook = open(render(report, ReportTemplates.bundled(), XlsxReport.Options.DEFAULT))) {
            XSSFSheet policies = workbook.getSheet("Policies");
            List<String> header = new ArrayList<>();
            policies.getRow(0).forEach(c -> header.add(c.getStringCellValue()));
            assertEquals(List.of("Namespace", "Name", "policyTypes (as written)", "Isolates", "Pod selector",
                    "Ingress rules", "Egress rules", "Spec SHA-256", "Kind", "Tier", "Priority",
                    "Subject (cluster-tier)", "Order (Calico)"), header);
            int v1 = cluster.policies().size();
            assertEquals(v1 + 4, policies.getLastRowNum());
            Row first = policies.getRow(1);
            assertEquals("NetworkPolicy", first.getCell(8).getStringCellValue());
            assertEquals("NetworkPolicy", first.getCell(9).getStringCellValue());
            assertEquals(null, first.getCell(10), "a NetworkPolicy has no priority");
            Row walls = policies.getRow(v1 + 2);
            assertEquals(null, walls.getCell(0), "cluster-scoped: no namespace");
            assertEquals("tenant-walls", walls.getCell(1).getStringCellValue());
            assertEquals(1, walls.getCell(5).getNumericCellValue());
            assertEquals(0, walls.getCell(6).getNumericCellValue());
            assertEquals(report.policies().get(v1 + 1).specSha256(), walls.getCell(7).getStringCellValue());
            assertEquals("ClusterNetworkPolicy", walls.getCell(8).getStringCellValue());
            assertEquals("Admin", walls.getCell(9).getStringCellValue());
            assertEquals(20, walls.getCell(10).getNumericCellValue());
            assertEquals("namespaces: tenant=retail", walls.getCell(11).getStringCellValue());
            Row banp = policies.getRow(v1 + 4);
            assertEquals("BaselineAdminNetworkPolicy", banp.getCell(8).getStringCellValue());
            assertEquals(null, banp.getCell(10), "a BaselineAdminNetworkPolicy has no priority");
        }
    }

    @Test
    void theNumbersAreTheAuditsAndEveryFindingHasARow() throws Exception {
        Audited demo = demo();
        AuditReport audit = demo.audit();
        try (XSSFWorkbook workbook = open(render(demo.report(), ReportTemplates.bundled(),
                XlsxReport.Options.DEFAULT))) {
            XSSFSheet summary = workbook.getSheet("Summary");
            assertEquals(audit.score(), (int) number(summary, "Score (out of 100)"));
            assertEquals(audit.coverage().cluster().endpoints(), (long) number(summary, "Endpoints"));
            long open = audit.findings().stream().filter(AuditedFinding::open).count();
            assertEquals(open, (long) number(summary, "Open findings"));
            assertEquals(audit.findings().size() - open, (long) number(summary, "Excepted findings"));
            assertEquals(audit.controls().stream().filter(c -> !c.passed()).count(),
                    (long) number(summary, "Controls failed"));
            assertEquals(0.75, number(summary, "Isolated for ingress"), 1e-9);

            XSSFSheet findings = workbook.getSheet("Findings");
            assertEquals(audit.findings().size(), findings.getLastRowNum());
            for (int i = 0; i < audit.findings().size(); i++) {
                AuditedFinding f = audit.findings().get(i);
                Row row = findings.getRow(i + 1);
                assertEquals(f.finding().rule(), row.getCell(0).getStringCellValue());
                assertEquals(f.finding().severity().wireName(), row.getCell(2).getStringCellValue());
                assertEquals(f.finding().subject().text(), row.getCell(4).getStringCellValue());
                assertEquals(f.status().wireName(), row.getCell(6).getStringCellValue());
            }
            long permissive = audit.findings().stream().filter(f -> f.finding().rule().startsWith("NP-PERM-")).count();
            assertEquals(permissive, workbook.getSheet("Over-permissive rules").getLastRowNum());
            assertEquals(3, workbook.getSheet("Exceptions").getLastRowNum());
        }
    }

    /** The value next to a label in the summary's first column. */
    @Test
    void justificationsAddTheirSheetWithEachJustificationsStateAndTheJsonKeyOnlyThen() throws Exception {
        ClusterState cluster = ManifestReader.read(DEMO);
        // db-from-api-and-backup ingress[0] as written (its hash checked in audit-just-* golden cases' way)
        String current = "23c873cd272ffc78b3f6b4d6717543bae447010d87e02956f45a825ae611a569";
        List<Justification> justifications = List.of(
                new Justification("prod/db-from-api-and-backup", "ingress[0]", current, "Nightly restore tests.",
                        "dba-team", "alice@example.com", LocalDate.of(2026, 1, 15)),
                new Justification("prod/web-from-anywhere", "ingress[0]", "0".repeat(64), "The shop's front end.",
                        "web-team", "bob@example.com", LocalDate.of(2025, 11, 2)),
                new Justification("prod/gone", "egress[0]", "1".repeat(64), "Removed since.", "web-team",
                        "bob@example.com", LocalDate.of(2025, 11, 2)));
        AuditReport audit = Audit.run(cluster, new AnalysisSettings(Tenancy.byLabel("tenant"), List.of(), TODAY,
                Justifications.required(justifications)));
        ComplianceReport report = ComplianceReports.of(audit, cluster, header("examples/web-api-db"));
        assertEquals(List.of("in force", "lapsed: the rule changed", "lapsed: no such opening rule"),
                report.justifications().stream().map(ComplianceReport.JustificationRow::state).toList());
        try (XSSFWorkbook workbook = open(render(report, ReportTemplates.bundled(), XlsxReport.Options.DEFAULT))) {
            XSSFSheet sheet = workbook.getSheet("Justifications");
            assertNotNull(sheet, "a Justifications sheet");
            assertEquals(List.of("Policy", "Rule", "Justification", "Owner", "Approved by", "Approved on",
                    "Rule content SHA-256 (approved)", "State"), texts(sheet.getRow(0)));
            List<String> first = texts(sheet.getRow(1));
            assertEquals(List.of("prod/db-from-api-and-backup", "ingress[0]", "Nightly restore tests.", "dba-team",
                    "alice@example.com"), first.subList(0, 5));
            assertEquals(LocalDate.of(2026, 1, 15), sheet.getRow(1).getCell(5).getLocalDateTimeCellValue()
                    .toLocalDate());
            assertEquals("lapsed: the rule changed", sheet.getRow(2).getCell(7).getStringCellValue());
            assertEquals(4, sheet.getPhysicalNumberOfRows());
        }
        java.io.StringWriter json = new java.io.StringWriter();
        dev.netpolauditor.report.JsonReport.write(report, json);
        assertTrue(json.toString().contains("\"justifications\" : [ {"), "the JSON report lists them");
        java.io.StringWriter without = new java.io.StringWriter();
        dev.netpolauditor.report.JsonReport.write(demo().report(), without);
        assertFalse(without.toString().contains("\"justifications\""), "no key when justifications are off");
        try (XSSFWorkbook workbook = open(render(demo().report(), ReportTemplates.bundled(),
                XlsxReport.Options.DEFAULT))) {
            assertEquals(null, workbook.getSheet("Justifications"));
        }
    }

    private static List<String> texts(Row row) {
        List<String> out = new ArrayList<>();
        row.forEach(c -> out.add(c.getCellType() == org.apache.poi.ss.usermodel.CellType.STRING
                ? c.getStringCellValue() : String.valueOf(c)));
        return out;
    }

    @Test
    void aLongSheetContinuesOnNumberedSheetsEachWithItsHeader() throws Exception {
        ComplianceReport demo = demo().report();
        List<ComplianceReport.FindingRow> rows = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            rows.add(new ComplianceReport.FindingRow("NP-COV-001", "t", Severity.HIGH, "ns", new FindingSubject.Endpoint("ns/pod-" + i), null,
                    "open", "d", null, null, null));
        }
        ComplianceReport many = new ComplianceReport(demo.header(), demo.summary(), rows, demo.namespaceCoverage(),
                demo.tenantCoverage(), demo.tenantMatrix(), demo.overPermissive(), demo.policies(), demo.exceptions(),
                List.of());

        try (XSSFWorkbook workbook = open(render(many, ReportTemplates.bundled(), new XlsxReport.Options(10)))) {
            List<String> names = new ArrayList<>();
            for (int i = 0; i < workbook.getNumberOfSheets(); i++) {
                names.add(workbook.getSheetName(i));
            }
            assertEquals(List.of("Summary", "Findings", "Findings (2)", "Findings (3)", "Over-permissive rules",
                    "Coverage by namespace", "Coverage by tenant", "Tenant matrix", "Policies", "Exceptions"), names);
            int seen = 0;
            for (String name : List.of("Findings", "Findings (2)", "Findings (3)")) {
                XSSFSheet sheet = workbook.getSheet(name);
                assertEquals("Rule", sheet.getRow(0).getCell(0).getStringCellValue(), name);
                assertTrue(sheet.getPaneInformation().isFreezePane(), name);
                int dataRows = sheet.getLastRowNum();
                assertEquals("A1:M" + (dataRows + 1), sheet.getCTWorksheet().getAutoFilter().getRef(), name);
                for (int r = 1; r <= dataRows; r++) {
                    assertEquals("ns/pod-" + seen++, sheet.getRow(r).getCell(4).getStringCellValue());
                }
            }
            assertEquals(25, seen);
            assertEquals(9, workbook.getSheet("Findings").getLastRowNum());
            assertEquals(7, workbook.getSheet("Findings (3)").getLastRowNum());
        }
    }

    @Test
    void aSheetOfExactlyTheLimitIsNotSplit() throws Exception {
        ComplianceReport demo = demo().report();
        // 10 findings + header = 11 rows
        try (XSSFWorkbook workbook = open(render(demo, ReportTemplates.bundled(), new XlsxReport.Options(11)))) {
            assertNotNull(workbook.getSheet("Findings"));
            assertEquals(-1, workbook.getSheetIndex("Findings (2)"));
        }
    }

    @Test
    void theSameReportGivesTheSameBytes() throws Exception {
        ComplianceReport report = demo().report();
        byte[] first = render(report, ReportTemplates.bundled(), XlsxReport.Options.DEFAULT);
        Thread.sleep(2100); // ZIP times have a resolution of two seconds
        byte[] second = render(report, ReportTemplates.bundled(), XlsxReport.Options.DEFAULT);
        assertArrayEquals(first, second);
    }

    @Test
    void templatesChangeHeaderTextsColoursAndBranding() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("templates"));
        Files.writeString(dir.resolve("report.yaml"), """
                branding:
                  organisation: ACME Security
                colours:
                  severity:
                    high: "0000FF"
                columns:
                  findings:
                    subject: Betroffenes Objekt
                """);
        ReportTemplates templates = ReportTemplates.load(dir);

        try (XSSFWorkbook workbook = open(render(demo().report(), templates, XlsxReport.Options.DEFAULT))) {
            String dump = WorkbookDump.dump(workbook);
            assertTrue(dump.contains("E1 text \"Betroffenes Objekt\""), dump);
            assertTrue(dump.contains("text \"high\"  [fill 0000FF]"), dump);
            assertFalse(dump.contains("F8696B"), "the bundled high colour is gone: " + dump);
            assertTrue(dump.contains("A2 text \"ACME Security\""), dump);
            // keys left out keep their defaults
            assertTrue(dump.contains("A1 text \"Rule\""), dump);
            assertTrue(dump.contains("text \"medium\"  [fill FFC000]"), dump);
            assertEquals("ACME Security", workbook.getProperties().getExtendedProperties().getCompany());
        }
    }

    private static void assertGolden(String name, String actual) throws IOException {
        Path file = GOLDEN.resolve(name);
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, actual, StandardCharsets.UTF_8);
            return;
        }
        if (!Files.exists(file)) {
            fail("golden file " + file.toAbsolutePath() + " is missing; create it with -Dgolden.update=true");
        }
        assertEquals(Files.readString(file, StandardCharsets.UTF_8), actual,
                () -> "workbook dump differs from " + file + " (after an intended change, rerun with"
                        + " -Dgolden.update=true and review the diff)");
    }
}
