package dev.netpolauditor.report;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * The findings of a {@link PeriodReport} as CSV (RFC 4180, as {@link CsvReport}): one row per finding
 * identity seen in the period, with first and last seen, in how many snapshots (open in how many) and
 * its status at the period's end.
 */
public final class PeriodCsvReport {
    private PeriodCsvReport() {}

    public static final List<String> HEADER = List.of("rule", "severity", "namespace", "subject", "policy",
            "first_seen", "last_seen", "snapshots", "open_snapshots", "at_end", "detail");

    public static void write(PeriodReport report, Appendable out) throws IOException {
        CsvReport.line(out, HEADER);
        for (PeriodReport.FindingRow f : report.findings()) {
            CsvReport.line(out, Arrays.asList(f.rule(), f.severity().wireName(), f.namespace(), f.subject(), f.policy(),
                    f.firstSeen().toString(), f.lastSeen().toString(), String.valueOf(f.snapshots()),
                    String.valueOf(f.openSnapshots()), f.atEnd(), f.detail()));
        }
    }
}
