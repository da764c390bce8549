package dev.netpolauditor.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.netpolauditor.analysis.FindingSubject;
import dev.netpolauditor.analysis.Severity;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CSV per RFC 4180: header row, CRLF, quoting only where needed, quotes doubled. */
class CsvReportTest {

    @Test
    void fieldsAreQuotedOnlyWhenTheyMustBe() {
        assertEquals("plain", CsvReport.field("plain"));
        assertEquals("", CsvReport.field(null));
        assertEquals("\"a,b\"", CsvReport.field("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", CsvReport.field("say \"hi\""));
        assertEquals("\"two\nlines\"", CsvReport.field("two\nlines"));
        assertEquals("\"cr\rhere\"", CsvReport.field("cr\rhere"));
        assertEquals("it's; fine", CsvReport.field("it's; fine"));
    }

    @Test
    void oneRowPerFindingAfterTheHeader() throws Exception {
        ComplianceReport.CoverageRow none = new ComplianceReport.CoverageRow("cluster", 0, 0, 0, 0);
        ComplianceReport report = new ComplianceReport(
                new ComplianceReport.Header("c", "manifests c", null, LocalDate.of(2026, 1, 31),
                        Instant.parse("2026-01-31T00:00:00Z"), "test"),
                new ComplianceReport.Summary(100, "f", none, List.of(), 0, 1, 0, List.of()),
                List.of(new ComplianceReport.FindingRow("NP-PERM-007", "t", Severity.MEDIUM, "prod",
                                new FindingSubject.PolicyLocation("prod/web", "ingress[0]"), "prod/web", "excepted", "restricts ports, not peers: \"any\"",
                                "team a", LocalDate.of(2027, 3, 31), "line one\nline two"),
                        new ComplianceReport.FindingRow("NP-TEN-001", "t", Severity.HIGH, null, new FindingSubject.TenantPair("a", "b"), null,
                                "open", "d", null, null, null)),
                List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
        StringBuilder out = new StringBuilder();

        CsvReport.write(report, out);

        assertEquals("rule,severity,namespace,subject,policy,status,detail,exception_owner,exception_expires,"
                + "exception_justification\r\n"
                + "NP-PERM-007,medium,prod,prod/web ingress[0],prod/web,excepted,\"restricts ports, not peers: "
                + "\"\"any\"\"\",team a,2027-03-31,\"line one\nline two\"\r\n"
                + "NP-TEN-001,high,,a -> b,,open,d,,,\r\n", out.toString());
    }
}
