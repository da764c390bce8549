package dev.netpolauditor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netpolauditor.report.AuditFixture;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code audit} end to end through the command line, on the multi-tenant cluster of
 * {@link AuditFixture}: tenants files, exceptions files, {@code --today}, the formats, and
 * invalid input.
 */
class AuditCommandTest {

    @TempDir
    Path tmp;
    Path manifests;

    @BeforeEach
    void setUp() throws IOException {
        manifests = AuditFixture.writeCluster(tmp.resolve("manifests"));
    }

    private record Run(int exit, String out, String err) {
        List<String> lines() {
            return out.isEmpty() ? List.of() : List.of(out.split("\n"));
        }

        /** The subjects of the findings of {@code rule}, in output order. */
        List<String> subjects(String rule) {
            String prefix = "{\"rule\":\"" + rule + "\"";
            List<String> subjects = new ArrayList<>();
            for (String line : lines()) {
                if (line.startsWith(prefix)) {
                    int at = line.indexOf("\"subject\":\"") + "\"subject\":\"".length();
                    subjects.add(line.substring(at, line.indexOf('"', at)));
                }
            }
            return subjects;
        }

        String line(String rule, String subject) {
            return lines().stream()
                    .filter(l -> l.startsWith("{\"rule\":\"" + rule + "\"") && l.contains("\"subject\":\"" + subject + "\""))
                    .findFirst().orElseThrow(() -> new AssertionError("no " + rule + " " + subject + " in\n" + out));
        }
    }

    private Run audit(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of("audit", "--manifests", manifests.toString()));
        all.addAll(Arrays.asList(args));
        int exit = Cli.commandLine(new PrintWriter(out), new PrintWriter(err)).execute(all.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    private Path file(String name, String content) throws IOException {
        Path file = tmp.resolve(name);
        Files.writeString(file, content);
        return file;
    }

    /** Exit 2, nothing on stdout, one line on stderr, which is returned. */
    private static String invalid(Run run) {
        assertEquals(2, run.exit(), run.err());
        assertEquals("", run.out());
        assertFalse(run.err().strip().contains("\n"), () -> "not one line: " + run.err());
        return run.err().strip();
    }

    @Test
    void byLabelEveryCrossTenantFlowIsAFinding() {
        Run run = audit();

        assertEquals(0, run.exit(), run.err());
        assertEquals(List.of("finance -> platform", "platform -> retail", "retail -> finance", "retail -> platform"),
                run.subjects("NP-TEN-001"));
        assertEquals(List.of("kube-system", "shop-a"), run.subjects("NP-TEN-002"));
    }

    @Test
    void anAllowedPairSuppressesItsFindingOnly() throws IOException {
        Path tenants = file("tenants.yaml", """
                tenants: {retail: [], finance: []}
                allowed: [{from: retail, to: finance}]
                """);

        Run run = audit("--tenants", tenants.toString());

        assertEquals(0, run.exit(), run.err());
        assertEquals(List.of("finance -> platform", "platform -> retail", "retail -> platform"),
                run.subjects("NP-TEN-001"));
    }

    @Test
    void aSharedNamespaceIsNoTenant() throws IOException {
        Path tenants = file("tenants.yaml", "shared: [kube-system]\n");

        Run run = audit("--tenants", tenants.toString());

        assertEquals(0, run.exit(), run.err());
        assertEquals(List.of("retail -> finance"), run.subjects("NP-TEN-001"));
        assertEquals(List.of("shop-a"), run.subjects("NP-TEN-002"));
    }

    @Test
    void anExplicitAssignmentWinsOverTheLabel() throws IOException {
        // shop-b is labelled retail; assigned to finance, its unrestricted egress now crosses tenants.
        Path tenants = file("tenants.yaml", """
                tenants: {finance: [shop-b]}
                shared: [kube-system]
                """);

        Run run = audit("--tenants", tenants.toString());

        assertEquals(0, run.exit(), run.err());
        assertEquals(List.of("finance -> retail", "retail -> finance"), run.subjects("NP-TEN-001"));
        assertTrue(run.line("NP-TEN-001", "finance -> retail").contains("e.g. shop-b/cart -> shop-a/web"), run.out());
    }

    @Test
    void theFilesLabelOverridesTheTenantLabelOption() throws IOException {
        Path tenants = file("tenants.yaml", "label: team\n");

        Run run = audit("--tenants", tenants.toString(), "--tenant-label", "tenant");

        assertEquals(0, run.exit(), run.err());
        assertEquals(List.of(), run.subjects("NP-TEN-001"));
        assertEquals(List.of(), run.subjects("NP-TEN-002"));
    }

    @Test
    void anExceptionMarksItsFindingsExcepted() throws IOException {
        Path exceptions = file("exceptions.yaml", """
                exceptions:
                  - rule: NP-COV-002
                    subject: "kube-system/*"
                    justification: DNS must reach the "upstream" resolvers.
                    owner: platform-team
                    expires: 2027-03-31
                """);

        Run run = audit("--exceptions", exceptions.toString(), "--today", "2027-03-31");

        assertEquals(0, run.exit(), run.err());
        assertEquals("{\"rule\":\"NP-COV-002\",\"severity\":\"medium\",\"namespace\":\"kube-system\","
                + "\"subject\":\"kube-system/coredns\",\"policy\":null,\"detail\":\"kube-system/coredns can connect to"
                + " any destination: no network policy selects it for egress.\",\"status\":\"excepted\","
                + "\"exception\":{\"owner\":\"platform-team\",\"justification\":\"DNS must reach the \\\"upstream\\\""
                + " resolvers.\",\"expires\":\"2027-03-31\"}}", run.line("NP-COV-002", "kube-system/coredns"));
        assertFalse(run.line("NP-COV-002", "shop-a/web").contains("status"), run.out());
    }

    @Test
    void anExpiredExceptionIsReportedAsSuch() throws IOException {
        Path exceptions = file("exceptions.yaml", """
                - {rule: NP-TEN-002, subject: shop-a, justification: migrating, owner: retail-team, expires: 2026-01-14}
                """);

        Run run = audit("--exceptions", exceptions.toString(), "--today", "2026-01-15");

        assertEquals(0, run.exit(), run.err());
        assertTrue(run.line("NP-TEN-002", "shop-a").endsWith("\"status\":\"exception_expired\",\"exception\":"
                + "{\"owner\":\"retail-team\",\"justification\":\"migrating\",\"expires\":\"2026-01-14\"}}"), run.out());
    }

    @Test
    void withoutExceptionsTheLinesHaveTheContractsKeysOnly() {
        Run run = audit();

        assertEquals(0, run.exit(), run.err());
        assertEquals(18, run.lines().size(), run.out());
        for (String line : run.lines()) {
            assertTrue(line.matches("\\{\"rule\":\"[^\"]+\",\"severity\":\"[a-z]+\",\"namespace\":(null|\"[^\"]+\"),"
                    + "\"subject\":\"[^\"]+\",\"policy\":(null|\"[^\"]+\"),\"detail\":\"[^\"]+\"}"), line);
        }
    }

    @Test
    void theTextFormatIsAReport() throws IOException {
        Path tenants = file("tenants.yaml", "tenants: {retail: [], finance: []}\nallowed: [{from: retail, to: finance}]\n");

        Run run = audit("--format", "text", "--tenants", tenants.toString(), "--today", "2026-01-15");

        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().startsWith("NETWORK POLICY AUDIT\n"), run.out());
        assertTrue(run.out().contains("Date           2026-01-15 (exceptions are judged against this date)\n"),
                run.out());
        assertTrue(run.out().contains("Tenants        from " + tenants + " and the namespace label 'tenant'"),
                run.out());
        assertTrue(run.out().contains("allowed (tenants file)"), run.out());
    }

    @Test
    void theOutputOptionWritesTheReportToAFile() {
        Path report = tmp.resolve("report.txt");

        Run run = audit("--format", "text", "--output", report.toString());

        assertEquals(0, run.exit(), run.err());
        assertEquals("", run.out());
        assertTrue(report.toFile().length() > 0);
    }

    @Test
    void anInvalidTenantsFileExitsTwo() throws IOException {
        Path tenants = file("tenants.yaml", "tenants: {retail: [], finance: []}\nallowed: [{from: retail, to: fnance}]\n");

        assertEquals("netpol-auditor audit: " + tenants + ": allowed[0].to: unknown tenant 'fnance' (tenants:"
                + " finance, retail)", invalid(audit("--tenants", tenants.toString())));
    }

    @Test
    void anInvalidExceptionsFileExitsTwo() throws IOException {
        Path exceptions = file("exceptions.yaml", "- {rule: NP-COV-002, subject: x, owner: me, expires: 2027-01-01}\n");

        assertEquals("netpol-auditor audit: " + exceptions + ": [0].justification: missing, expected a non-empty"
                + " string", invalid(audit("--exceptions", exceptions.toString())));
    }

    @Test
    void aMissingFileExitsTwo() {
        Path missing = tmp.resolve("nope.yaml");

        assertEquals("netpol-auditor audit: " + missing + ": no such file",
                invalid(audit("--tenants", missing.toString())));
        assertEquals("netpol-auditor audit: " + missing + ": no such file",
                invalid(audit("--exceptions", missing.toString())));
    }

    @Test
    void anInvalidDateExitsTwo() {
        assertEquals("netpol-auditor audit: --today 2026-1-15: not a date (expected YYYY-MM-DD, e.g. 2026-01-31)",
                invalid(audit("--today", "2026-1-15")));
    }

    @Test
    void theSpreadsheetIsWrittenToTheOutputFile() throws IOException {
        Path report = tmp.resolve("report.xlsx");

        Run run = audit("--format", "xlsx", "--output", report.toString(), "--today", "2026-01-15");

        assertEquals(0, run.exit(), run.err());
        assertEquals("", run.out());
        assertEquals("", run.err());
        try (XSSFWorkbook workbook = new XSSFWorkbook(Files.newInputStream(report))) {
            assertEquals("Summary", workbook.getSheetName(0));
            assertEquals(18, workbook.getSheet("Findings").getLastRowNum());
        }
    }

    @Test
    void theSpreadsheetNeedsAnOutputFile() {
        assertEquals("netpol-auditor audit: --format xlsx writes a binary spreadsheet: give the file with --output"
                + " FILE", invalid(audit("--format", "xlsx")));
    }

    @Test
    void anUnknownFormatListsTheFormats() {
        assertEquals("netpol-auditor audit: --format xls: unknown format; available formats: jsonl, text, xlsx,"
                + " csv, json, sarif, policyreport", invalid(audit("--format", "xls")));
    }

    @Test
    void templatesOnlyGoWithTheSpreadsheet() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("templates"));

        assertEquals("netpol-auditor audit: --templates " + dir + ": only --format xlsx uses report templates",
                invalid(audit("--templates", dir.toString())));
    }

    @Test
    void aBadTemplateExitsTwoNamingFileAndKey() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("templates"));
        Files.writeString(dir.resolve("report.yaml"), "sheets: {findngs: Befunde}\n");
        Path report = tmp.resolve("report.xlsx");

        String message = invalid(audit("--format", "xlsx", "--output", report.toString(), "--templates",
                dir.toString()));

        assertTrue(message.startsWith("netpol-auditor audit: " + dir.resolve("report.yaml")
                + ": unknown key 'sheets.findngs'"), message);
        assertFalse(Files.exists(report));
    }

    @Test
    void csvHasAHeaderAndOneRowPerFinding() {
        Run run = audit("--format", "csv");

        assertEquals(0, run.exit(), run.err());
        String[] rows = run.out().split("\r\n");
        assertEquals(19, rows.length);
        assertEquals("rule,severity,namespace,subject,policy,status,detail,exception_owner,exception_expires,"
                + "exception_justification", rows[0]);
        assertTrue(run.out().endsWith("\r\n"));
    }

    @Test
    void jsonIsTheWholeReport() {
        Run run = audit("--format", "json", "--today", "2026-01-15");

        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().startsWith("{\n  \"header\" : {\n    \"cluster\" : \"" + manifests + "\""), run.out());
        assertTrue(run.out().contains("\"auditDate\" : \"2026-01-15\""), run.out());
        assertTrue(run.out().contains("\"tenantMatrix\" : ["), run.out());
    }

    @Test
    void invalidManifestsStillExitTwo() throws IOException {
        Files.writeString(manifests.resolve("bad.yaml"), "kind: Pod\nmetadata: {namespace: x}\n");

        String message = invalid(audit());

        assertTrue(message.startsWith("netpol-auditor audit: bad.yaml: "), message);
    }
}
