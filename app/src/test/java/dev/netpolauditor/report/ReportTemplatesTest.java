package dev.netpolauditor.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report templates: bundled defaults, overrides key by key, and clear errors. */
class ReportTemplatesTest {

    @TempDir
    Path dir;

    private String error(String file, String content) throws IOException {
        Path path = dir.resolve(file);
        Files.writeString(path, content);
        ReportTemplates.TemplateException e = assertThrows(ReportTemplates.TemplateException.class,
                () -> ReportTemplates.load(dir));
        return e.getMessage().replace(dir.toString(), "DIR");
    }

    @Test
    void theBundledTemplatesHaveEveryKeyTheReportUses() {
        ReportTemplates t = ReportTemplates.bundled();
        assertEquals("Findings", t.text("sheets.findings"));
        assertEquals("F8696B", t.colour("colours.severity.high"));
        assertEquals("Network policy compliance report", t.text("branding.title"));
        assertTrue(t.text("subject").contains("${cluster}"));
    }

    @Test
    void anOverrideChangesItsKeysOnly() throws Exception {
        Files.writeString(dir.resolve("report.yaml"), "sheets: {findings: Befunde}\ncolours: {pass: \"00ff00\"}\n");
        Files.writeString(dir.resolve("README.md"), "other files are ignored");
        ReportTemplates t = ReportTemplates.load(dir);
        assertEquals("Befunde", t.text("sheets.findings"));
        assertEquals("00FF00", t.colour("colours.pass"));
        assertEquals("Policies", t.text("sheets.policies"));
        assertEquals(ReportTemplates.bundled().values().size(), t.values().size());
    }

    @Test
    void anUnknownKeyNamesTheFileAndTheKey() throws IOException {
        assertEquals("DIR/report.yaml: unknown key 'colours.severity.critical' (known here: high, info, low, medium)",
                error("report.yaml", "colours:\n  severity:\n    critical: \"FF0000\"\n"));
    }

    @Test
    void anUnknownSectionIsAnUnknownKey() throws IOException {
        assertTrue(error("report.yaml", "colors: {pass: \"00FF00\"}\n")
                .startsWith("DIR/report.yaml: unknown key 'colors' (known here: branding, colours, columns"));
    }

    @Test
    void aKeyOfTheOtherFileIsUnknown() throws IOException {
        assertTrue(error("report.yaml", "subject: Hello\n").startsWith("DIR/report.yaml: unknown key 'subject'"));
    }

    @Test
    void malformedYamlNamesTheFile() throws IOException {
        String message = error("email.yaml", "subject: [unclosed\n");
        assertTrue(message.startsWith("DIR/email.yaml: not valid YAML: "), message);
    }

    @Test
    void valuesAreCheckedByKind() throws IOException {
        assertEquals("DIR/report.yaml: 'colours.pass': 'green' is not a colour (\"RRGGBB\")",
                error("report.yaml", "colours: {pass: green}\n"));
        assertEquals("DIR/report.yaml: 'colours.fail' must be text, not the number 0 (quote it)",
                error("report.yaml", "colours: {fail: 000000}\n"));
        assertEquals("DIR/report.yaml: 'sheets.findings': sheet name 'a/b' contains '/' (Excel refuses : \\ / ? * [ ])",
                error("report.yaml", "sheets: {findings: a/b}\n"));
        assertEquals("'sheets.findings' and 'sheets.policies' name the same sheet 'Policies'",
                error("report.yaml", "sheets: {findings: Policies}\n"));
        assertEquals("DIR/report.yaml: 'branding.title' must be text, not empty (write \"\" for no text)",
                error("report.yaml", "branding: {title: }\n"));
    }

    @Test
    void anUnknownYamlFileIsAnError() throws IOException {
        assertEquals("DIR/reports.yaml: unknown template file (known: report.yaml, email.yaml)",
                error("reports.yaml", "{}\n"));
    }

    @Test
    void theEmailSubjectComesFromTheReport() throws Exception {
        Files.writeString(dir.resolve("email.yaml"), "subject: \"${cluster}: ${score}/100, ${high} high\"\n");
        ComplianceReport.CoverageRow cluster = new ComplianceReport.CoverageRow("cluster", 4, 3, 0, 0);
        ComplianceReport report = new ComplianceReport(
                new ComplianceReport.Header("prod-eu", "snapshot", null, java.time.LocalDate.of(2026, 1, 31),
                        java.time.Instant.parse("2026-01-31T00:00:00Z"), "test"),
                new ComplianceReport.Summary(42, "f", cluster, java.util.List.of(new ComplianceReport.SeverityCount(
                        dev.netpolauditor.analysis.Severity.HIGH, 2, 1)), 2, 1, 0, java.util.List.of()),
                java.util.List.of(), java.util.List.of(), java.util.List.of(), java.util.List.of(),
                java.util.List.of(), java.util.List.of(), java.util.List.of(), java.util.List.of());

        assertEquals("prod-eu: 42/100, 2 high", ReportTemplates.load(dir).emailSubject(report));
        assertTrue(ReportTemplates.bundled().emailBody(report).contains("Score: 42 out of 100 over 4 endpoints."));
    }

    @Test
    void emailTextsFillTheirPlaceholders() {
        assertEquals("a 7 ${unknown}", ReportTemplates.substitute("a ${score} ${unknown}", Map.of("score", "7")));
    }
}
