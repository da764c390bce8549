package dev.netpolauditor.report;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The findings of a {@link ComplianceReport} as CSV (RFC 4180): a header row of stable
 * column names, one row per finding in the report's order, CRLF line ends, and a field
 * quoted (quotes doubled) when it holds a comma, a quote, CR or LF. An absent value (a
 * null namespace or policy, no exception) is an empty field.
 */
public final class CsvReport {
    private CsvReport() {}

    public static final List<String> HEADER = List.of("rule", "severity", "namespace", "subject", "policy", "status",
            "detail", "exception_owner", "exception_expires", "exception_justification");

    public static void write(ComplianceReport report, Appendable out) throws IOException {
        line(out, HEADER);
        for (ComplianceReport.FindingRow f : report.findings()) {
            line(out, Arrays.asList(f.rule(), f.severity().wireName(), f.namespace(), f.subject().text(), f.policy(),
                    f.status(), f.detail(), f.exceptionOwner(),
                    f.exceptionExpires() == null ? null : f.exceptionExpires().toString(), f.exceptionJustification()));
        }
    }

    /** One CSV record, CRLF-terminated. */
    static void line(Appendable out, List<String> fields) throws IOException {
        List<String> quoted = new ArrayList<>(fields.size());
        for (String field : fields) {
            quoted.add(field(field));
        }
        out.append(String.join(",", quoted)).append("\r\n");
    }

    /** One field, quoted when RFC 4180 requires it. */
    static String field(String value) {
        if (value == null) {
            return "";
        }
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\r') < 0 && value.indexOf('\n') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
