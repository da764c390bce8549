package dev.netpolauditor.report;

import java.io.IOException;
import java.io.Writer;

/**
 * The whole {@link PeriodReport} as one JSON document: {@code "kind": "period"}, then the records'
 * fields in declaration order with camelCase names, as {@link JsonReport} writes the compliance
 * report (ISO-8601 times and dates, severities in lower case, nulls written, indented).
 */
public final class PeriodJsonReport {
    private PeriodJsonReport() {}

    /** The report with its kind first. */
    record Document(String kind, PeriodReport.Header header, PeriodReport.Summary summary,
            java.util.List<PeriodReport.ControlRow> controls, java.util.List<PeriodReport.EndpointRow> endpoints,
            java.util.List<PeriodReport.FindingRow> findings, java.util.List<PeriodReport.TenantPairRow> tenantPairs,
            java.util.List<PeriodReport.GapRow> gaps, java.util.List<PeriodReport.ExceptionRow> exceptions,
            java.util.List<PeriodReport.JustificationRow> justifications,
            java.util.List<PeriodReport.ReviewRow> reviews) {}

    public static void write(PeriodReport r, Writer out) throws IOException {
        JsonReport.writeValue(new Document("period", r.header(), r.summary(), r.controls(), r.endpoints(), r.findings(),
                r.tenantPairs(), r.gaps(), r.exceptions(), r.justifications(), r.reviews()), out);
    }
}
