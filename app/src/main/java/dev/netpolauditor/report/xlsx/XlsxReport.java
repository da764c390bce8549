package dev.netpolauditor.report.xlsx;

import dev.netpolauditor.analysis.Score;
import dev.netpolauditor.analysis.ScoreCalibration;
import dev.netpolauditor.analysis.Severity;
import dev.netpolauditor.report.ComplianceReport.ControlRow;
import dev.netpolauditor.report.ComplianceReport.CoverageRow;
import dev.netpolauditor.report.ComplianceReport.ExceptionRow;
import dev.netpolauditor.report.ComplianceReport.FindingRow;
import dev.netpolauditor.report.ComplianceReport.JustificationRow;
import dev.netpolauditor.report.ComplianceReport.PolicyRow;
import dev.netpolauditor.report.ComplianceReport.SeverityCount;
import dev.netpolauditor.report.ComplianceReport.TenantCell;
import dev.netpolauditor.report.ComplianceReport.TrendPoint;
import dev.netpolauditor.report.ComplianceReport;
import dev.netpolauditor.report.ReportTemplates;
import dev.netpolauditor.report.xlsx.SummarySheet.Fact;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.poi.ss.SpreadsheetVersion;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.xddf.usermodel.XDDFColor;
import org.apache.poi.xddf.usermodel.XDDFLineProperties;
import org.apache.poi.xddf.usermodel.XDDFShapeProperties;
import org.apache.poi.xddf.usermodel.XDDFSolidFillProperties;
import org.apache.poi.xddf.usermodel.chart.AxisCrosses;
import org.apache.poi.xddf.usermodel.chart.AxisPosition;
import org.apache.poi.xddf.usermodel.chart.ChartTypes;
import org.apache.poi.xddf.usermodel.chart.LegendPosition;
import org.apache.poi.xddf.usermodel.chart.MarkerStyle;
import org.apache.poi.xddf.usermodel.chart.XDDFChartData;
import org.apache.poi.xddf.usermodel.chart.XDDFDataSourcesFactory;
import org.apache.poi.xddf.usermodel.chart.XDDFDateAxis;
import org.apache.poi.xddf.usermodel.chart.XDDFLineChartData;
import org.apache.poi.xddf.usermodel.chart.XDDFNumericalDataSource;
import org.apache.poi.xddf.usermodel.chart.XDDFValueAxis;
import org.apache.poi.xssf.usermodel.XSSFChart;
import org.apache.poi.xssf.usermodel.XSSFClientAnchor;
import org.apache.poi.xssf.usermodel.XSSFDrawing;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * The compliance report as an Excel workbook.
 *
 * <p>Sheets: Summary (header, headline numbers, findings by severity, controls, and a trend
 * chart when the report has trend points), Trend (only then), Findings, Over-permissive
 * rules, Coverage by namespace, Coverage by tenant, Tenant matrix, Policies, Exceptions,
 * Justifications (only when the audit required them) —
 * names and header texts from the templates. Every data sheet is declared as a
 * {@link SheetSpec} and written by {@link SheetWriter}: header row frozen, auto-filter,
 * severity fills, percentages and real date cells.
 *
 * <p>The summary and trend (and the chart, which needs them) are built with XSSF; the
 * workbook is then wrapped by SXSSF, which streams the data sheets' rows to temporary files
 * (a window of {@value #ROW_WINDOW} rows in memory), so 100,000 findings need little heap.
 * A data sheet longer than {@link Options#maxRowsPerSheet()} (header included) continues on
 * "Findings (2)", and so on.
 *
 * <p>Deterministic: the workbook's creation and modification times are the report's
 * generated-at and nothing else reads the clock, and POI dates every ZIP entry 1980-01-01, so
 * the same report and templates give the same bytes.
 */
public final class XlsxReport {
    private XlsxReport() {}

    static final int ROW_WINDOW = 200;

    /** @param maxRowsPerSheet rows per data sheet, header included, before it is split */
    public record Options(int maxRowsPerSheet) {
        public static final Options DEFAULT = new Options(SpreadsheetVersion.EXCEL2007.getMaxRows());

        public Options {
            if (maxRowsPerSheet < 2 || maxRowsPerSheet > SpreadsheetVersion.EXCEL2007.getMaxRows()) {
                throw new IllegalArgumentException("maxRowsPerSheet must be from 2 to "
                        + SpreadsheetVersion.EXCEL2007.getMaxRows() + ", not " + maxRowsPerSheet);
            }
        }
    }

    /** One line of the summary: a label and a value of the given format. */

    public static void write(ComplianceReport report, ReportTemplates templates, OutputStream out)
            throws IOException {
        write(report, templates, Options.DEFAULT, out);
    }

    public static void write(ComplianceReport report, ReportTemplates templates, Options options, OutputStream out)
            throws IOException {
        ReportWorkbook.write(out, templates, options, templates.text("branding.title") + ": "
                + report.header().cluster(), report.header().generatedAt(), report.header().engineVersion(),
                (xssf, styles, xssfWriter) -> {
                    XSSFSheet summary = summary(xssf, xssfWriter, styles, report, templates);
                    if (!report.trend().isEmpty()) {
                        XSSFSheet trend = (XSSFSheet) xssfWriter.sheets(TREND, report.trend()).getFirst();
                        chart(summary, trend, report.trend().size(), templates);
                    }
                },
                writer -> {
                    writer.sheets(findings("sheets.findings"), report.findings());
                    writer.sheets(findings("sheets.over-permissive"), report.overPermissive());
                    writer.sheets(coverage("sheets.namespace-coverage", "columns.coverage.namespace"),
                            report.namespaceCoverage());
                    writer.sheets(coverage("sheets.tenant-coverage", "columns.coverage.tenant"),
                            report.tenantCoverage());
                    writer.sheets(TENANT_MATRIX, report.tenantMatrix());
                    writer.sheets(POLICIES, report.policies());
                    writer.sheets(EXCEPTIONS, report.exceptions());
                    if (report.justifications() != null) {
                        writer.sheets(JUSTIFICATIONS, report.justifications());
                    }
                });
    }

    // ---------------------------------------------------------------- summary

    private static final SheetSpec<SeverityCount> SEVERITIES = SheetSpec.of("sheets.summary",
            Column.<SeverityCount>text("columns.severities.severity", 12, c -> c.severity().wireName())
                    .filled(c -> "colours.severity." + c.severity().wireName()),
            Column.integer("columns.severities.open", 12, SeverityCount::open),
            Column.integer("columns.severities.excepted", 12, SeverityCount::excepted));

    private static SheetSpec<ControlRow> controls(ReportTemplates templates) {
        return SheetSpec.of("sheets.summary",
                Column.text("columns.controls.control", 44, ControlRow::control),
                Column.text("columns.controls.requirement", 70, ControlRow::requirement),
                Column.<ControlRow>text("columns.controls.result", 12,
                                c -> templates.text(c.passed() ? "summary.pass" : "summary.fail"))
                        .filled(c -> c.passed() ? "colours.pass" : "colours.fail").emphasised(),
                Column.integer("columns.controls.failing", 16, ControlRow::failing),
                Column.text("columns.controls.rules", 50,
                        c -> c.basis() != null ? c.basis() : String.join(", ", c.rules())));
    }

    private static XSSFSheet summary(XSSFWorkbook workbook, SheetWriter writer, Styles styles,
            ComplianceReport report, ReportTemplates templates) {
        SummarySheet.Started started = SummarySheet.start(workbook, styles, templates, "sheets.summary",
                "branding.title");
        XSSFSheet sheet = started.sheet();
        ComplianceReport.Header h = report.header();
        ComplianceReport.Summary s = report.summary();
        CoverageRow c = s.cluster();
        List<Fact> facts = new ArrayList<>();
        facts.add(fact(templates, "summary.cluster", h.cluster(), CellFormat.TEXT));
        facts.add(fact(templates, "summary.source", h.source(), CellFormat.TEXT));
        if (h.snapshotAt() != null) {
            facts.add(fact(templates, "summary.snapshot-at", h.snapshotAt(), CellFormat.DATE_TIME));
        }
        facts.add(fact(templates, "summary.audit-date", h.auditDate(), CellFormat.DATE));
        facts.add(fact(templates, "summary.generated-at", h.generatedAt(), CellFormat.DATE_TIME));
        facts.add(fact(templates, "summary.engine-version", h.engineVersion(), CellFormat.TEXT));
        if (!h.settingsKnown()) {
            facts.add(fact(templates, "summary.settings", templates.text("summary.settings-unknown-value"),
                    CellFormat.TEXT));
        }
        for (String line : h.notAnalysed()) {
            facts.add(fact(templates, "summary.not-analysed", line, CellFormat.TEXT));
        }
        facts.add(fact(templates, "summary.score", s.score(), CellFormat.INTEGER));
        facts.add(fact(templates, "summary.score-formula", s.scoreFormula(), CellFormat.TEXT));
        facts.add(fact(templates, "summary.score-version", s.scoreVersion(), CellFormat.INTEGER));
        if (s.scoreParts() == null) {
            facts.add(fact(templates, "summary.score-inputs", templates.fill("summary.score-inputs-value", Map.of(
                    "endpoints", String.valueOf(s.endpoints()), "high", String.valueOf(s.open(Severity.HIGH)),
                    "medium", String.valueOf(s.open(Severity.MEDIUM)), "low", String.valueOf(s.open(Severity.LOW)))),
                    CellFormat.TEXT));
        } else {
            Score.Parts p = s.scoreParts();
            facts.add(fact(templates, "summary.score-inputs", templates.fill("summary.score-parts-value", Map.of(
                    "isolation", String.format(Locale.ROOT, "%.3f", p.isolation()),
                    "ingress", String.valueOf(c.ingressIsolated()), "egress", String.valueOf(c.egressIsolated()),
                    "endpoints", String.valueOf(p.endpoints()), "size", String.valueOf(p.size()),
                    "weight", String.format(Locale.ROOT, "%.3f", p.weight()))), CellFormat.TEXT));
            facts.add(fact(templates, "summary.score-weights", Score.WEIGHTS, CellFormat.TEXT));
            facts.add(fact(templates, "summary.score-rationale", templates.text("summary.score-rationale-value"),
                    CellFormat.TEXT));
        }
        facts.add(fact(templates, "summary.endpoints", s.endpoints(), CellFormat.INTEGER));
        facts.add(fact(templates, "summary.ingress-isolated", c.ingressShare(), CellFormat.PERCENT));
        facts.add(fact(templates, "summary.egress-isolated", c.egressShare(), CellFormat.PERCENT));
        facts.add(fact(templates, "summary.both-isolated", c.bothShare(), CellFormat.PERCENT));
        facts.add(fact(templates, "summary.open-findings", s.openFindings(), CellFormat.INTEGER));
        facts.add(fact(templates, "summary.excepted-findings", s.exceptedFindings(), CellFormat.INTEGER));
        facts.add(fact(templates, "summary.expired-exceptions", s.expiredExceptionFindings(), CellFormat.INTEGER));
        if (s.lastReview() != null) {
            ComplianceReport.ReviewRow r = s.lastReview();
            facts.add(fact(templates, "summary.last-review", r.reviewId() == null
                    ? templates.text("summary.last-review-none")
                    : templates.fill("summary.last-review-value", Map.of("at", r.at().toString(), "reviewer",
                            r.reviewer(), "outcome", r.outcome(), "snapshot", String.valueOf(r.snapshotId()))),
                    CellFormat.TEXT));
            facts.add(r.due() == null ? fact(templates, "summary.review-due", templates.text("summary.review-due-now"),
                    CellFormat.TEXT) : fact(templates, "summary.review-due", r.due(), CellFormat.DATE));
        }
        facts.add(fact(templates, "summary.controls-passed", s.controlsPassed(), CellFormat.INTEGER));
        facts.add(fact(templates, "summary.controls-failed", s.controlsFailed(), CellFormat.INTEGER));
        int next = SummarySheet.facts(writer, started, "sheets.summary", facts);
        next = writer.table(sheet, next + 1, SEVERITIES, s.bySeverity(), true);
        next = writer.table(sheet, next + 1, controls(templates), s.controls(), true);
        writer.table(sheet, next + 1, CALIBRATION, ScoreCalibration.TABLE, true);
        return sheet;
    }

    /** The estates the score was calibrated on (the README's table). */
    private static final SheetSpec<ScoreCalibration> CALIBRATION = SheetSpec.of("sheets.summary",
            Column.<ScoreCalibration>text("columns.calibration.estate", 44, ScoreCalibration::estate).emphasised(),
            Column.integer("columns.calibration.endpoints", 10, ScoreCalibration::endpoints),
            Column.integer("columns.calibration.high", 8, ScoreCalibration::high),
            Column.integer("columns.calibration.medium", 8, ScoreCalibration::medium),
            Column.integer("columns.calibration.low", 8, ScoreCalibration::low),
            Column.integer("columns.calibration.routine", 10, ScoreCalibration::routine),
            Column.integer("columns.calibration.score-v1", 10, ScoreCalibration::scoreV1),
            Column.integer("columns.calibration.score", 10, ScoreCalibration::score));

    private static Fact fact(ReportTemplates templates, String key, Object value, CellFormat format) {
        return new Fact(templates.text(key), value, format);
    }

    // ---------------------------------------------------------------- trend

    private static final SheetSpec<TrendPoint> TREND = SheetSpec.of("sheets.trend",
            Column.dateTime("columns.trend.at", 20, TrendPoint::at),
            Column.integer("columns.trend.score", 10, TrendPoint::score),
            Column.integer("columns.trend.high", 12, TrendPoint::high),
            Column.integer("columns.trend.medium", 12, TrendPoint::medium),
            Column.integer("columns.trend.low", 12, TrendPoint::low));

    /** The template colours of the chart's lines: score, then open high, medium, low. */
    private static final List<String> SERIES_COLOURS = List.of("colours.chart.score", "colours.chart.high",
            "colours.chart.medium", "colours.chart.low");

    /** A line chart of the trend sheet's columns over its dates, right of the summary's tables. */
    private static void chart(XSSFSheet summary, XSSFSheet trend, int points, ReportTemplates templates) {
        XSSFDrawing drawing = summary.createDrawingPatriarch();
        XSSFClientAnchor anchor = drawing.createAnchor(0, 0, 0, 0, 6, 2, 16, 24);
        XSSFChart chart = drawing.createChart(anchor);
        chart.setTitleText(templates.text("summary.chart-title"));
        chart.setTitleOverlay(false);
        chart.getOrAddLegend().setPosition(LegendPosition.BOTTOM);
        XDDFDateAxis dates = chart.createDateAxis(AxisPosition.BOTTOM);
        dates.setNumberFormat(CellFormat.DATE.numberFormat());
        XDDFValueAxis values = chart.createValueAxis(AxisPosition.LEFT);
        values.setCrosses(AxisCrosses.AUTO_ZERO);
        XDDFNumericalDataSource<Double> at = XDDFDataSourcesFactory.fromNumericCellRange(trend,
                new CellRangeAddress(1, points, 0, 0));
        XDDFLineChartData data = (XDDFLineChartData) chart.createData(ChartTypes.LINE, dates, values);
        for (int col = 1; col < TREND.columns().size(); col++) {
            XDDFNumericalDataSource<Double> series = XDDFDataSourcesFactory.fromNumericCellRange(trend,
                    new CellRangeAddress(1, points, col, col));
            XDDFChartData.Series s = data.addSeries(at, series);
            s.setTitle(templates.text(TREND.columns().get(col).header()),
                    new CellReference(trend.getSheetName(), 0, col, true, true));
            ((XDDFLineChartData.Series) s).setSmooth(false);
            ((XDDFLineChartData.Series) s).setMarkerStyle(MarkerStyle.CIRCLE);
            // explicit colours: Excel picks a palette when none is given, LibreOffice draws no lines
            XDDFLineProperties line = new XDDFLineProperties(new XDDFSolidFillProperties(
                    XDDFColor.from(HexFormat.of().parseHex(templates.colour(SERIES_COLOURS.get(col - 1))))));
            line.setWidth(2.0);
            XDDFShapeProperties shape = new XDDFShapeProperties();
            shape.setLineProperties(line);
            s.setShapeProperties(shape);
        }
        chart.plot(data);
    }

    // ---------------------------------------------------------------- data sheets

    private static SheetSpec<FindingRow> findings(String name) {
        return SheetSpec.of(name,
                Column.text("columns.findings.rule", 13, FindingRow::rule),
                Column.text("columns.findings.title", 40, FindingRow::title),
                Column.<FindingRow>text("columns.findings.severity", 10, f -> f.severity().wireName())
                        .filled(f -> "colours.severity." + f.severity().wireName()),
                Column.text("columns.findings.namespace", 18, FindingRow::namespace),
                Column.<FindingRow>text("columns.findings.subject", 40, f -> f.subject().text()),
                Column.text("columns.findings.policy", 30, FindingRow::policy),
                Column.<FindingRow>text("columns.findings.status", 18, FindingRow::status)
                        .filled(f -> f.status().equals("excepted") ? "colours.excepted" : null),
                Column.text("columns.findings.detail", 100, FindingRow::detail),
                Column.text("columns.findings.exception-owner", 18, FindingRow::exceptionOwner),
                Column.date("columns.findings.exception-expires", 14, FindingRow::exceptionExpires),
                Column.text("columns.findings.exception-justification", 50, FindingRow::exceptionJustification),
                Column.text("columns.findings.exception-source", 30, FindingRow::exceptionSource),
                Column.text("columns.findings.other-exceptions", 50, FindingRow::otherExceptions));
    }

    private static SheetSpec<CoverageRow> coverage(String name, String scopeHeader) {
        return SheetSpec.of(name,
                Column.text(scopeHeader, 30, CoverageRow::scope),
                Column.integer("columns.coverage.endpoints", 12, CoverageRow::endpoints),
                Column.integer("columns.coverage.ingress-isolated", 12, CoverageRow::ingressIsolated),
                Column.percent("columns.coverage.ingress-share", 12, CoverageRow::ingressShare),
                Column.integer("columns.coverage.egress-isolated", 12, CoverageRow::egressIsolated),
                Column.percent("columns.coverage.egress-share", 12, CoverageRow::egressShare),
                Column.integer("columns.coverage.both-isolated", 12, CoverageRow::bothIsolated),
                Column.percent("columns.coverage.both-share", 12, CoverageRow::bothShare));
    }

    private static final SheetSpec<TenantCell> TENANT_MATRIX = SheetSpec.of("sheets.tenant-matrix",
            Column.text("columns.tenant-matrix.from", 16, TenantCell::from),
            Column.text("columns.tenant-matrix.to", 16, TenantCell::to),
            Column.<TenantCell>text("columns.tenant-matrix.relation", 16, TenantCell::relation)
                    .filled(c -> c.relation().equals("finding") ? "colours.severity.high" : null),
            Column.integer("columns.tenant-matrix.endpoint-pairs", 14, TenantCell::endpointPairs),
            Column.integer("columns.tenant-matrix.namespace-pairs", 14, TenantCell::namespacePairs),
            Column.text("columns.tenant-matrix.ports", 30, TenantCell::ports),
            Column.text("columns.tenant-matrix.example-from", 30, TenantCell::exampleFrom),
            Column.text("columns.tenant-matrix.example-to", 30, TenantCell::exampleTo),
            Column.text("columns.tenant-matrix.egress-policies", 40, c -> String.join(", ", c.egressPolicies())),
            Column.text("columns.tenant-matrix.ingress-policies", 40, c -> String.join(", ", c.ingressPolicies())));

    private static final SheetSpec<PolicyRow> POLICIES = SheetSpec.of("sheets.policies",
            Column.text("columns.policies.namespace", 18, PolicyRow::namespace),
            Column.text("columns.policies.name", 30, PolicyRow::name),
            Column.text("columns.policies.policy-types", 22, p -> String.join(", ", p.policyTypes())),
            Column.text("columns.policies.effective-types", 16, p -> String.join(", ", p.effectiveTypes())),
            Column.text("columns.policies.pod-selector", 30, PolicyRow::podSelector),
            Column.integer("columns.policies.ingress-rules", 12, PolicyRow::ingressRules),
            Column.integer("columns.policies.egress-rules", 12, PolicyRow::egressRules),
            Column.text("columns.policies.spec-sha256", 66, PolicyRow::specSha256),
            Column.text("columns.policies.kind", 28, PolicyRow::kind),
            Column.text("columns.policies.tier", 14, PolicyRow::tier),
            Column.integer("columns.policies.priority", 10, PolicyRow::priority),
            Column.text("columns.policies.subject", 40, PolicyRow::subject),
            Column.number("columns.policies.order", 12, PolicyRow::order));

    private static final SheetSpec<ExceptionRow> EXCEPTIONS = SheetSpec.of("sheets.exceptions",
            Column.text("columns.exceptions.rule", 13, ExceptionRow::rule),
            Column.text("columns.exceptions.subject", 30, ExceptionRow::subjectPattern),
            Column.text("columns.exceptions.owner", 18, ExceptionRow::owner),
            Column.date("columns.exceptions.expires", 12, ExceptionRow::expires),
            Column.<ExceptionRow>text("columns.exceptions.state", 10, e -> e.expired() ? "expired" : "active")
                    .filled(e -> e.expired() ? "colours.fail" : null),
            Column.integer("columns.exceptions.matched", 12, ExceptionRow::matched),
            Column.text("columns.exceptions.justification", 60, ExceptionRow::justification),
            Column.text("columns.exceptions.source", 50, ExceptionRow::source));

    private static final SheetSpec<JustificationRow> JUSTIFICATIONS = SheetSpec.of("sheets.justifications",
            Column.text("columns.justifications.policy", 30, JustificationRow::policy),
            Column.text("columns.justifications.rule", 12, JustificationRow::rule),
            Column.text("columns.justifications.text", 60, JustificationRow::text),
            Column.text("columns.justifications.owner", 18, JustificationRow::owner),
            Column.text("columns.justifications.approver", 22, JustificationRow::approver),
            Column.date("columns.justifications.approved", 12, JustificationRow::approved),
            Column.text("columns.justifications.sha256", 66, JustificationRow::sha256),
            Column.<JustificationRow>text("columns.justifications.state", 28, JustificationRow::state)
                    .filled(j -> j.lapsed() ? "colours.fail" : null));
}
