package dev.netpolauditor.report.xlsx;

import dev.netpolauditor.report.PeriodReport;
import dev.netpolauditor.report.PeriodReport.ControlRow;
import dev.netpolauditor.report.PeriodReport.EndpointRow;
import dev.netpolauditor.report.PeriodReport.ExceptionRow;
import dev.netpolauditor.report.PeriodReport.FindingRow;
import dev.netpolauditor.report.PeriodReport.GapRow;
import dev.netpolauditor.report.PeriodReport.JustificationRow;
import dev.netpolauditor.report.PeriodReport.ReviewRow;
import dev.netpolauditor.report.PeriodReport.SeverityCount;
import dev.netpolauditor.report.PeriodReport.TenantPairRow;
import dev.netpolauditor.report.ReportTemplates;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * The period report as an Excel workbook, built like the compliance workbook ({@link XlsxReport}):
 * a Period summary (what was covered, the headline numbers, finding identities by severity, the
 * controls judged over the period), then Endpoints over the period, Findings over the period,
 * Tenant flows, Gaps, and the Exceptions, Justifications and Reviews in force. Texts from the
 * templates; deterministic (same report and templates, same bytes).
 */
public final class PeriodXlsxReport {
    private PeriodXlsxReport() {}

    public static void write(PeriodReport report, ReportTemplates templates, OutputStream out) throws IOException {
        ReportWorkbook.write(out, templates, XlsxReport.Options.DEFAULT, templates.text("summary.period.title") + ": "
                + report.header().cluster(), report.header().generatedAt(), report.header().engineVersion(),
                (xssf, styles, xssfWriter) -> summary(xssf, xssfWriter, styles, report, templates),
                writer -> {
                    writer.sheets(ENDPOINTS, report.endpoints());
                    writer.sheets(FINDINGS, report.findings());
                    writer.sheets(TENANT_PAIRS, report.tenantPairs());
                    writer.sheets(GAPS, report.gaps());
                    writer.sheets(EXCEPTIONS, report.exceptions());
                    writer.sheets(JUSTIFICATIONS, report.justifications());
                    writer.sheets(REVIEWS, report.reviews());
                });
    }

    private record Fact(String label, Object value, CellFormat format) {}

    private static final SheetSpec<Fact> FACTS = SheetSpec.of("sheets.period-summary",
            Column.<Fact>text("columns.facts.item", 44, Fact::label).emphasised(),
            Column.<Fact>text("columns.facts.value", 70, Fact::value).formatted(Fact::format));

    private static final SheetSpec<SeverityCount> SEVERITIES = SheetSpec.of("sheets.period-summary",
            Column.<SeverityCount>text("columns.period-severities.severity", 12, c -> c.severity().wireName())
                    .filled(c -> "colours.severity." + c.severity().wireName()),
            Column.integer("columns.period-severities.seen", 14, SeverityCount::seen),
            Column.integer("columns.period-severities.open-at-end", 14, SeverityCount::openAtEnd));

    private static SheetSpec<ControlRow> controls(ReportTemplates templates) {
        return SheetSpec.of("sheets.period-summary",
                Column.text("columns.period-controls.control", 44, ControlRow::control),
                Column.text("columns.period-controls.requirement", 60, ControlRow::requirement),
                Column.<ControlRow>text("columns.period-controls.result", 12,
                                c -> templates.text(c.passedThroughout() ? "summary.pass" : "summary.fail"))
                        .filled(c -> c.passedThroughout() ? "colours.pass" : "colours.fail").emphasised(),
                Column.integer("columns.period-controls.failing-snapshots", 14, ControlRow::failingSnapshots),
                Column.integer("columns.period-controls.judged-snapshots", 14, ControlRow::judgedSnapshots),
                Column.dateTime("columns.period-controls.first-failing", 20, ControlRow::firstFailing),
                Column.dateTime("columns.period-controls.last-failing", 20, ControlRow::lastFailing),
                Column.text("columns.period-controls.judged-on", 50, ControlRow::judgedOn));
    }

    private static void summary(XSSFWorkbook workbook, SheetWriter writer, Styles styles, PeriodReport report,
            ReportTemplates templates) {
        XSSFSheet sheet = workbook.createSheet(templates.text("sheets.period-summary"));
        Cell title = sheet.createRow(0).createCell(0);
        title.setCellValue(templates.text("summary.period.title"));
        title.setCellStyle(styles.title());
        int next = 1;
        String organisation = templates.text("branding.organisation");
        if (!organisation.isEmpty()) {
            sheet.createRow(next++).createCell(0).setCellValue(organisation);
        }
        next++;
        PeriodReport.Header h = report.header();
        PeriodReport.Summary s = report.summary();
        List<Fact> facts = new ArrayList<>();
        facts.add(fact(templates, "cluster", h.cluster(), CellFormat.TEXT));
        facts.add(fact(templates, "from", h.from(), CellFormat.DATE_TIME));
        facts.add(fact(templates, "to", h.to(), CellFormat.DATE_TIME));
        facts.add(fact(templates, "schedule", h.schedule(), CellFormat.TEXT));
        facts.add(fact(templates, "generated-at", h.generatedAt(), CellFormat.DATE_TIME));
        facts.add(fact(templates, "engine-version", h.engineVersion(), CellFormat.TEXT));
        facts.add(fact(templates, "snapshots", s.snapshots(), CellFormat.INTEGER));
        facts.add(fact(templates, "failed-attempts", s.failedAttempts(), CellFormat.INTEGER));
        facts.add(fact(templates, "analyses", s.analyses(), CellFormat.INTEGER));
        facts.add(fact(templates, "first-snapshot", s.firstSnapshot(), CellFormat.DATE_TIME));
        facts.add(fact(templates, "last-snapshot", s.lastSnapshot(), CellFormat.DATE_TIME));
        facts.add(fact(templates, "missed-days", s.missedDays(), CellFormat.INTEGER));
        facts.add(fact(templates, "endpoints", s.endpoints(), CellFormat.INTEGER));
        facts.add(fact(templates, "ingress-protected", s.ingressProtectedThroughout(), CellFormat.INTEGER));
        facts.add(fact(templates, "egress-protected", s.egressProtectedThroughout(), CellFormat.INTEGER));
        facts.add(fact(templates, "both-protected", s.bothProtectedThroughout(), CellFormat.INTEGER));
        facts.add(fact(templates, "finding-identities", s.findingIdentities(), CellFormat.INTEGER));
        facts.add(fact(templates, "open-at-end", s.openAtEnd(), CellFormat.INTEGER));
        facts.add(fact(templates, "controls-passed", s.controlsPassed(), CellFormat.INTEGER));
        facts.add(fact(templates, "controls-failed", s.controlsFailed(), CellFormat.INTEGER));
        if (s.settingsUnknownSnapshots() > 0) {
            facts.add(fact(templates, "settings-unknown", s.settingsUnknownSnapshots(), CellFormat.INTEGER));
        }
        next = writer.table(sheet, next, FACTS, facts, false);
        next = writer.table(sheet, next + 1, SEVERITIES, s.bySeverity(), true);
        writer.table(sheet, next + 1, controls(templates), report.controls(), true);
    }

    private static Fact fact(ReportTemplates templates, String key, Object value, CellFormat format) {
        return new Fact(templates.text("summary.period." + key), value, format);
    }

    private static final SheetSpec<EndpointRow> ENDPOINTS = SheetSpec.of("sheets.period-endpoints",
            Column.text("columns.period-endpoints.namespace", 18, EndpointRow::namespace),
            Column.text("columns.period-endpoints.endpoint", 40, EndpointRow::endpoint),
            Column.dateTime("columns.period-endpoints.first-seen", 20, EndpointRow::firstSeen),
            Column.dateTime("columns.period-endpoints.last-seen", 20, EndpointRow::lastSeen),
            Column.integer("columns.period-endpoints.snapshots", 12, EndpointRow::snapshots),
            Column.<EndpointRow>text("columns.period-endpoints.ingress", 16, e -> e.ingressProtected() ? "yes" : "no")
                    .filled(e -> e.ingressProtected() ? null : "colours.fail"),
            Column.integer("columns.period-endpoints.ingress-unprotected", 14, EndpointRow::ingressUnprotectedSnapshots),
            Column.<EndpointRow>text("columns.period-endpoints.egress", 16, e -> e.egressProtected() ? "yes" : "no")
                    .filled(e -> e.egressProtected() ? null : "colours.fail"),
            Column.integer("columns.period-endpoints.egress-unprotected", 14, EndpointRow::egressUnprotectedSnapshots));

    private static final SheetSpec<FindingRow> FINDINGS = SheetSpec.of("sheets.period-findings",
            Column.text("columns.period-findings.rule", 13, FindingRow::rule),
            Column.<FindingRow>text("columns.period-findings.severity", 10, f -> f.severity().wireName())
                    .filled(f -> "colours.severity." + f.severity().wireName()),
            Column.text("columns.period-findings.namespace", 18, FindingRow::namespace),
            Column.text("columns.period-findings.subject", 40, FindingRow::subject),
            Column.text("columns.period-findings.policy", 30, FindingRow::policy),
            Column.dateTime("columns.period-findings.first-seen", 20, FindingRow::firstSeen),
            Column.dateTime("columns.period-findings.last-seen", 20, FindingRow::lastSeen),
            Column.integer("columns.period-findings.snapshots", 12, FindingRow::snapshots),
            Column.integer("columns.period-findings.open-snapshots", 12, FindingRow::openSnapshots),
            Column.text("columns.period-findings.at-end", 16, FindingRow::atEnd),
            Column.text("columns.period-findings.detail", 100, FindingRow::detail));

    private static final SheetSpec<TenantPairRow> TENANT_PAIRS = SheetSpec.of("sheets.period-tenant-pairs",
            Column.text("columns.period-tenant-pairs.from", 16, TenantPairRow::from),
            Column.text("columns.period-tenant-pairs.to", 16, TenantPairRow::to),
            Column.<TenantPairRow>text("columns.period-tenant-pairs.relation", 16,
                    t -> t.crossTenant() ? "cross-tenant" : "same tenant")
                    .filled(t -> t.crossTenant() ? "colours.severity.high" : null),
            Column.dateTime("columns.period-tenant-pairs.first-seen", 20, TenantPairRow::firstSeen),
            Column.dateTime("columns.period-tenant-pairs.last-seen", 20, TenantPairRow::lastSeen),
            Column.integer("columns.period-tenant-pairs.snapshots", 12, TenantPairRow::snapshots),
            Column.integer("columns.period-tenant-pairs.endpoint-pairs", 16, TenantPairRow::maxEndpointPairs),
            Column.integer("columns.period-tenant-pairs.namespace-pairs", 16, TenantPairRow::maxNamespacePairs));

    private static final SheetSpec<GapRow> GAPS = SheetSpec.of("sheets.period-gaps",
            Column.date("columns.period-gaps.from", 12, GapRow::fromDay),
            Column.date("columns.period-gaps.to", 12, GapRow::toDay),
            Column.integer("columns.period-gaps.days", 8, GapRow::days),
            Column.integer("columns.period-gaps.failed-attempts", 14, GapRow::failedAttempts),
            Column.text("columns.period-gaps.last-failure", 80, GapRow::lastFailure));

    private static final SheetSpec<ExceptionRow> EXCEPTIONS = SheetSpec.of("sheets.period-exceptions",
            Column.text("columns.period-exceptions.rule", 13, ExceptionRow::rule),
            Column.text("columns.period-exceptions.subject", 30, ExceptionRow::subjectPattern),
            Column.text("columns.period-exceptions.owner", 24, ExceptionRow::owner),
            Column.date("columns.period-exceptions.expires", 12, ExceptionRow::expires),
            Column.text("columns.period-exceptions.justification", 50, ExceptionRow::justification),
            Column.text("columns.period-exceptions.source", 50, ExceptionRow::source),
            Column.dateTime("columns.period-exceptions.first", 20, ExceptionRow::firstInForce),
            Column.dateTime("columns.period-exceptions.last", 20, ExceptionRow::lastInForce),
            Column.integer("columns.period-exceptions.snapshots", 12, ExceptionRow::snapshots));

    private static final SheetSpec<JustificationRow> JUSTIFICATIONS = SheetSpec.of("sheets.period-justifications",
            Column.text("columns.justifications.policy", 30, JustificationRow::policy),
            Column.text("columns.justifications.rule", 12, JustificationRow::rule),
            Column.text("columns.justifications.text", 60, JustificationRow::text),
            Column.text("columns.justifications.owner", 18, JustificationRow::owner),
            Column.text("columns.justifications.approver", 22, JustificationRow::approver),
            Column.date("columns.justifications.approved", 12, JustificationRow::approved),
            Column.text("columns.justifications.sha256", 66, JustificationRow::sha256),
            Column.dateTime("columns.period-exceptions.first", 20, JustificationRow::firstInForce),
            Column.dateTime("columns.period-exceptions.last", 20, JustificationRow::lastInForce),
            Column.integer("columns.period-exceptions.snapshots", 12, JustificationRow::snapshots));

    private static final SheetSpec<ReviewRow> REVIEWS = SheetSpec.of("sheets.period-reviews",
            Column.integer("columns.period-reviews.id", 8, ReviewRow::id),
            Column.text("columns.period-reviews.reviewer", 24, ReviewRow::reviewer),
            Column.dateTime("columns.period-reviews.at", 20, ReviewRow::at),
            Column.integer("columns.period-reviews.snapshot", 10, ReviewRow::snapshotId),
            Column.text("columns.period-reviews.outcome", 18, ReviewRow::outcome),
            Column.text("columns.period-reviews.notes", 60, ReviewRow::notes),
            Column.integer("columns.period-reviews.evidence", 12, ReviewRow::evidenceReportId));
}
