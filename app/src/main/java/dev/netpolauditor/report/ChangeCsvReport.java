package dev.netpolauditor.report;

import dev.netpolauditor.analysis.diff.Cause;
import dev.netpolauditor.analysis.diff.ConnectivityChange;
import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The connectivity changes of a {@link ChangeReport} as CSV, with their causes: the table a
 * reviewer filters and sorts (who can now reach whom, and why), while objects and findings
 * are few and read better in the workbook or JSON. RFC 4180 as {@link CsvReport}: a header
 * row, one row per changed flow in the report's order, CRLF, quoting when needed; an absent
 * port set (nothing allowed on that side) is an empty field. {@code cause_kinds} and
 * {@code causes} list a flow's causes in the same order, joined by {@code "; "}.
 */
public final class ChangeCsvReport {
    private ChangeCsvReport() {}

    public static final List<String> HEADER = List.of("change", "from", "to", "before", "after", "cause_kinds",
            "causes");

    public static void write(ChangeReport report, Appendable out) throws IOException {
        line(out, HEADER);
        for (ConnectivityChange c : report.connectivity()) {
            line(out, java.util.Arrays.asList(c.change().wireName(), c.from(), c.to(),
                    c.before() == null ? null : c.before().toString(), c.after() == null ? null : c.after().toString(),
                    c.causes().stream().map(k -> k.kind().wireName()).collect(Collectors.joining("; ")),
                    c.causes().stream().map(Cause::text).collect(Collectors.joining("; "))));
        }
    }

    private static void line(Appendable out, List<String> fields) throws IOException {
        out.append(fields.stream().map(CsvReport::field).collect(Collectors.joining(","))).append("\r\n");
    }
}
