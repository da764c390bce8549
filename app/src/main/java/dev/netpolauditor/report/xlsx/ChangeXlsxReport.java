package dev.netpolauditor.report.xlsx;

import dev.netpolauditor.analysis.diff.ConnectivityChange;
import dev.netpolauditor.analysis.diff.FindingChange;
import dev.netpolauditor.analysis.diff.FlowSummary;
import dev.netpolauditor.report.ChangeReport.ObjectRow;
import dev.netpolauditor.report.ChangeReport;
import dev.netpolauditor.report.ReportTemplates;
import dev.netpolauditor.report.xlsx.SummarySheet.Fact;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * The change report as an Excel workbook, built like the compliance workbook
 * ({@link XlsxReport}): every table declared as a {@link SheetSpec}, written by
 * {@link SheetWriter}, texts and colours from the templates.
 *
 * <p>Sheets: Change summary (what was compared, the counts, the scores), Connectivity changes
 * (with their causes), Object changes, Namespace pairs, Tenant pairs (only when the cluster
 * has tenants), Finding changes. The change cell of a flow or finding is filled: opened
 * (newly allowed, new), closed (no longer allowed, resolved), changed ports, incomparable;
 * finding severities are filled as in the compliance report. The summary is XSSF, the data
 * sheets stream through SXSSF (a large change can expand into many endpoint pairs).
 * Deterministic as the compliance workbook: same report and templates, same bytes.
 */
public final class ChangeXlsxReport {
    private ChangeXlsxReport() {}

    public static void write(ChangeReport report, ReportTemplates templates, OutputStream out) throws IOException {
        write(report, templates, XlsxReport.Options.DEFAULT, out);
    }

    public static void write(ChangeReport report, ReportTemplates templates, XlsxReport.Options options,
            OutputStream out) throws IOException {
        ReportWorkbook.write(out, templates, options, templates.text("summary.change.title") + ": "
                + report.header().cluster(), report.header().generatedAt(), report.header().engineVersion(),
                (xssf, styles, xssfWriter) -> summary(xssf, xssfWriter, styles, report, templates),
                writer -> {
                    writer.sheets(CONNECTIVITY, report.connectivity());
                    writer.sheets(OBJECTS, report.objects());
                    writer.sheets(pairs("sheets.namespace-pairs", "columns.namespace-pairs"),
                            report.namespacePairs());
                    if (!report.tenantPairs().isEmpty()) {
                        writer.sheets(pairs("sheets.tenant-pairs", "columns.tenant-pairs"), report.tenantPairs());
                    }
                    writer.sheets(FINDINGS, report.findings());
                });
    }

    // ---------------------------------------------------------------- summary

    private static void summary(XSSFWorkbook workbook, SheetWriter writer, Styles styles, ChangeReport report,
            ReportTemplates templates) {
        SummarySheet.Started started = SummarySheet.start(workbook, styles, templates, "sheets.change-summary",
                "summary.change.title");
        ChangeReport.Header h = report.header();
        ChangeReport.Summary s = report.summary();
        List<Fact> facts = new ArrayList<>();
        facts.add(fact(templates, "cluster", h.cluster(), CellFormat.TEXT));
        if (h.from() != null) {
            facts.add(fact(templates, "from", h.from().source(), CellFormat.TEXT));
            if (h.from().at() != null) {
                facts.add(fact(templates, "from-at", h.from().at(), CellFormat.DATE_TIME));
            }
        }
        facts.add(fact(templates, "to", h.to().source(), CellFormat.TEXT));
        if (h.to().at() != null) {
            facts.add(fact(templates, "to-at", h.to().at(), CellFormat.DATE_TIME));
        }
        facts.add(fact(templates, "generated-at", h.generatedAt(), CellFormat.DATE_TIME));
        facts.add(fact(templates, "engine-version", h.engineVersion(), CellFormat.TEXT));
        if (h.note() != null) {
            facts.add(fact(templates, "note", h.note(), CellFormat.TEXT));
        }
        facts.add(count(templates, "objects-added", s.objectsAdded(), null));
        facts.add(count(templates, "objects-removed", s.objectsRemoved(), null));
        facts.add(count(templates, "objects-changed", s.objectsChanged(), null));
        facts.add(count(templates, "flows-newly-allowed", s.flowsNewlyAllowed(), "colours.change.opened"));
        facts.add(count(templates, "flows-no-longer-allowed", s.flowsNoLongerAllowed(), "colours.change.closed"));
        facts.add(count(templates, "flows-ports-changed", s.flowsPortsChanged(), "colours.change.changed"));
        facts.add(count(templates, "findings-new", s.findingsNew(), "colours.change.opened"));
        facts.add(count(templates, "findings-resolved", s.findingsResolved(), "colours.change.closed"));
        facts.add(count(templates, "findings-still-open", s.findingsStillOpen(), null));
        facts.add(count(templates, "findings-incomparable", s.findingsIncomparable(), "colours.change.incomparable"));
        if (s.scoreBefore() != null) {
            facts.add(fact(templates, "score-before", s.scoreBefore(), CellFormat.INTEGER));
        }
        facts.add(fact(templates, "score-after", s.scoreAfter(), CellFormat.INTEGER));
        facts.add(fact(templates, "score-basis", templates.text("summary.change.score-basis-value"), CellFormat.TEXT));
        SummarySheet.facts(writer, started, "sheets.change-summary", facts);
    }

    private static Fact fact(ReportTemplates templates, String key, Object value, CellFormat format) {
        return new Fact(templates.text("summary.change." + key), value, format, null);
    }

    /** A count, filled only when it is not zero so that the eye goes to what happened. */
    private static Fact count(ReportTemplates templates, String key, long value, String fill) {
        return new Fact(templates.text("summary.change." + key), value, CellFormat.INTEGER, value == 0 ? null : fill);
    }

    // ---------------------------------------------------------------- data sheets

    private static String fill(ConnectivityChange.Change change) {
        return switch (change) {
            case ADDED -> "colours.change.opened";
            case REMOVED -> "colours.change.closed";
            case CHANGED -> "colours.change.changed";
        };
    }

    private static String fill(FindingChange.Change change) {
        return switch (change) {
            case NEW -> "colours.change.opened";
            case RESOLVED -> "colours.change.closed";
            case INCOMPARABLE -> "colours.change.incomparable";
        };
    }

    private static final SheetSpec<ConnectivityChange> CONNECTIVITY = SheetSpec.of("sheets.connectivity-changes",
            Column.<ConnectivityChange>text("columns.connectivity-changes.change", 10, c -> c.change().wireName())
                    .filled(c -> fill(c.change())),
            Column.text("columns.connectivity-changes.from", 30, ConnectivityChange::from),
            Column.text("columns.connectivity-changes.to", 30, ConnectivityChange::to),
            Column.text("columns.connectivity-changes.before", 24, ConnectivityChange::before),
            Column.text("columns.connectivity-changes.after", 24, ConnectivityChange::after),
            Column.text("columns.connectivity-changes.cause-kinds", 22,
                    c -> c.causes().stream().map(k -> k.kind().wireName()).collect(Collectors.joining("; "))),
            Column.text("columns.connectivity-changes.causes", 100,
                    c -> c.causes().stream().map(k -> k.text()).collect(Collectors.joining("; "))));

    private static final SheetSpec<ObjectRow> OBJECTS = SheetSpec.of("sheets.object-changes",
            Column.text("columns.object-changes.change", 10, r -> r.change().change().wireName()),
            Column.text("columns.object-changes.kind", 16, r -> r.change().kind()),
            Column.text("columns.object-changes.namespace", 18, r -> r.change().namespace()),
            Column.text("columns.object-changes.name", 30, r -> r.change().name()),
            Column.text("columns.object-changes.differences", 80, r -> String.join("; ", r.differences())),
            Column.text("columns.object-changes.label-changes", 40, ObjectRow::labelChanges),
            Column.text("columns.object-changes.peers-of", 50,
                    r -> r.peersOf().isEmpty() ? null : String.join(", ", r.peersOf())));

    private static SheetSpec<FlowSummary> pairs(String name, String headers) {
        return SheetSpec.of(name,
                Column.text(headers + ".from", 24, FlowSummary::from),
                Column.text(headers + ".to", 24, FlowSummary::to),
                Column.integer("columns.pairs.added", 14, FlowSummary::added),
                Column.integer("columns.pairs.removed", 16, FlowSummary::removed),
                Column.integer("columns.pairs.changed", 14, FlowSummary::changed));
    }

    private static final SheetSpec<FindingChange> FINDINGS = SheetSpec.of("sheets.finding-changes",
            Column.<FindingChange>text("columns.finding-changes.change", 13, c -> c.change().wireName())
                    .filled(c -> fill(c.change())),
            Column.text("columns.finding-changes.rule", 13, FindingChange::rule),
            Column.<FindingChange>text("columns.finding-changes.severity", 10, c -> c.severity().wireName())
                    .filled(c -> "colours.severity." + c.severity().wireName()),
            Column.text("columns.finding-changes.namespace", 18, FindingChange::namespace),
            Column.<FindingChange>text("columns.finding-changes.subject", 40, c -> c.subject().text()),
            Column.text("columns.finding-changes.policy", 30, FindingChange::policy),
            Column.text("columns.finding-changes.detail", 100, FindingChange::detail));
}
