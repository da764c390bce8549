package dev.netpolauditor.console;

import dev.netpolauditor.access.Actors;
import dev.netpolauditor.access.Role;
import dev.netpolauditor.analysis.diff.Cause;
import dev.netpolauditor.analysis.diff.ConnectivityChange;
import dev.netpolauditor.analysis.diff.FlowSummary;
import dev.netpolauditor.report.ChangeReport;
import dev.netpolauditor.report.ReportFormat;
import dev.netpolauditor.service.Snapshot;
import dev.netpolauditor.service.SnapshotCatalog;
import dev.netpolauditor.service.StoredReports;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import java.util.List;

/**
 * What changed between two complete snapshots (by number or by date; the latest and the one
 * before by default): objects, flows with their causes, findings, by namespace and tenant pair,
 * as the change report says it, with the report's download (kept as evidence).
 */
@Controller("/console/clusters/{cluster}/changes")
@ExecuteOn(TaskExecutors.BLOCKING)
final class ChangesPage {
    static final int FLOWS_SHOWN = 500;

    private final SnapshotCatalog catalog;
    private final StoredReports reports;
    private final ClusterPages clusters;
    private final Csrf csrf;
    /** The last change reports computed, by snapshot pair (stored snapshots never change). */
    private final java.util.Map<String, ChangeReport> recent = new java.util.LinkedHashMap<>(4, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<String, ChangeReport> eldest) {
            return size() > 2;
        }
    };

    ChangesPage(SnapshotCatalog catalog, StoredReports reports, ClusterPages clusters, Csrf csrf) {
        this.catalog = catalog;
        this.reports = reports;
        this.clusters = clusters;
        this.csrf = csrf;
    }

    /** The two snapshots compared. */
    record Pair(Snapshot from, Snapshot to) {}

    private Pair pair(String cluster, String from, String to, String fromAt, String toAt) {
        clusters.requireCluster(cluster);
        Snapshot after = Moment.choose(catalog, cluster, to, toAt).snapshot();
        Snapshot before = FindingPages.blank(from) != null || FindingPages.blank(fromAt) != null
                ? Moment.choose(catalog, cluster, from, fromAt).snapshot()
                : reports.completeBefore(after).orElseThrow(() -> ConsoleProblem.notFound("Snapshot " + after.id()
                        + " is the first complete one of " + cluster + ": there is nothing before it to compare with."));
        return new Pair(before, after);
    }

    @Get
    @Secured(Role.VIEWER_NAME)
    HttpResponse<String> changes(HttpRequest<?> request, Authentication who, @PathVariable String cluster,
            @Nullable @QueryValue("from") String from, @Nullable @QueryValue("to") String to,
            @Nullable @QueryValue("fromAt") String fromAt, @Nullable @QueryValue("toAt") String toAt) {
        Viewer viewer = csrf.viewer(request, who);
        Pair p = pair(cluster, from, to, fromAt, toAt);
        ChangeReport report = model(p);
        ChangeReport.Summary s = report.summary();
        Moment m = new Moment(p.to(), null, true);
        String base = "/console/clusters/" + Html.segment(cluster);
        String range = "from=" + p.from().id() + "&to=" + p.to().id();
        List<ConnectivityChange> flows = report.connectivity();
        Html body = Html.of("""
                <h1>What changed in {}</h1>
                {}
                <form class="filters" method="get" action="{}/changes">
                <label>From snapshot <input name="from" value="{}" size="8"></label>
                <label>or date <input type="date" name="fromAt" value="{}"></label>
                <label>To snapshot <input name="to" value="{}" size="8"></label>
                <label>or date <input type="date" name="toAt" value="{}"></label>
                <button type="submit">Compare</button></form>
                <p class="note" id="compared">Snapshot <a href="{}?snapshot={}">{}</a> ({}) → snapshot <a href="{}?snapshot={}">{}</a> ({}).</p>
                {}
                <dl class="facts" id="change-summary">
                <dt>Objects</dt><dd>{} added, {} removed, {} changed</dd>
                <dt>Flows</dt><dd>{} newly allowed, {} no longer allowed, {} on other ports</dd>
                <dt>Findings</dt><dd>{} new, {} resolved, {} still open, {} incomparable</dd>
                <dt>Score</dt><dd>{} → {}</dd>
                </dl>
                <h2>Objects</h2>
                <table id="object-changes"><thead><tr><th scope="col">Change</th><th scope="col">Kind</th><th scope="col">Namespace</th>
                <th scope="col">Name</th><th scope="col">Differences</th></tr></thead><tbody>{}</tbody></table>
                <h2>Flows</h2>
                <p class="muted">{}</p>
                <table id="flow-changes"><thead><tr><th scope="col">Change</th><th scope="col">From</th><th scope="col">To</th>
                <th scope="col">Before</th><th scope="col">After</th><th scope="col">Because</th></tr></thead><tbody>{}</tbody></table>
                <h2>Findings</h2>
                <table id="finding-changes"><thead><tr><th scope="col">Change</th><th scope="col">Severity</th><th scope="col">Rule</th>
                <th scope="col">Subject</th><th scope="col">Detail</th></tr></thead><tbody>{}</tbody></table>
                <h2>By namespace pair</h2>{}
                <h2>By tenant pair</h2>{}""",
                cluster, ClusterPages.subnav(cluster, m, "changes"), base, p.from().id(),
                FindingPages.blank(fromAt) == null ? "" : fromAt, p.to().id(),
                FindingPages.blank(toAt) == null ? "" : toAt, base, p.from().id(), p.from().id(),
                Moment.TIME.format(p.from().startedAt()), base, p.to().id(), p.to().id(),
                Moment.TIME.format(p.to().startedAt()),
                Html.when(viewer.may(Role.AUDITOR), Html.of("<p>Change report: <a href=\"{}/changes/report.xlsx?{}\">XLSX</a>"
                        + " · <a href=\"{}/changes/report.csv?{}\">CSV</a> · <a href=\"{}/changes/report.json?{}\">JSON</a>"
                        + " <span class=\"muted\">(each download is kept as evidence)</span></p>", base, range, base, range,
                        base, range)),
                s.objectsAdded(), s.objectsRemoved(), s.objectsChanged(), s.flowsNewlyAllowed(),
                s.flowsNoLongerAllowed(), s.flowsPortsChanged(), s.findingsNew(), s.findingsResolved(),
                s.findingsStillOpen(), s.findingsIncomparable(), s.scoreBefore(), s.scoreAfter(),
                Html.each(report.objects(), o -> Html.of("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                        o.change().change().name().toLowerCase(java.util.Locale.ROOT), o.change().kind(),
                        o.change().namespace(), o.change().name(), String.join("; ", o.differences()))),
                flows.size() > FLOWS_SHOWN ? "The first " + FLOWS_SHOWN + " of " + flows.size() + "; the report has all."
                        : flows.size() + " flow change" + (flows.size() == 1 ? "" : "s") + ".",
                Html.each(flows.subList(0, Math.min(FLOWS_SHOWN, flows.size())), c -> Html.of(
                        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td><ul>{}</ul></td></tr>",
                        c.change().wireName(), c.from(), c.to(), c.before(), c.after(),
                        Html.each(c.causes(), (Cause cause) -> Html.of("<li>{}</li>", cause.text())))),
                Html.each(report.findings(), f -> Html.of("<tr><td>{}</td><td><span class=\"sev sev-{}\">{}</span></td>"
                                + "<td>{}</td><td>{}</td><td>{}</td></tr>", f.change().wireName(), f.severity().wireName(),
                        f.severity().wireName(), f.rule(), f.subject().text(), f.detail())),
                pairs(report.namespacePairs(), "namespace-pairs"), pairs(report.tenantPairs(), "tenant-pairs"));
        return Layout.page(viewer, "What changed in " + cluster, body);
    }

    private ChangeReport model(Pair p) {
        String key = p.from().id() + ">" + p.to().id();
        synchronized (recent) {
            ChangeReport cached = recent.get(key);
            if (cached != null) {
                return cached;
            }
        }
        ChangeReport report = reports.changeModel(p.from(), p.to());
        synchronized (recent) {
            recent.put(key, report);
        }
        return report;
    }

    private static Html pairs(List<FlowSummary> pairs, String id) {
        if (pairs.isEmpty()) {
            return Html.of("<p class=\"muted\">None.</p>");
        }
        return Html.of("""
                <table id="{}"><thead><tr><th scope="col">From</th><th scope="col">To</th><th scope="col" class="num">Newly allowed</th>
                <th scope="col" class="num">No longer allowed</th><th scope="col" class="num">Other ports</th></tr></thead><tbody>{}</tbody></table>""",
                id, Html.each(pairs, p -> Html.of("<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>"
                        + "<td class=\"num\">{}</td></tr>", p.from(), p.to(), p.added(), p.removed(), p.changed())));
    }

    @Get("/report.{format}")
    @Secured(Role.AUDITOR_NAME)
    HttpResponse<byte[]> download(Authentication who, @PathVariable String cluster, @PathVariable String format,
            @Nullable @QueryValue("from") String from, @Nullable @QueryValue("to") String to,
            @Nullable @QueryValue("fromAt") String fromAt, @Nullable @QueryValue("toAt") String toAt) {
        if (!ReportFormat.NAMES.contains(format)) {
            throw ConsoleProblem.notFound("There is no change report as " + format + "; xlsx, csv or json.");
        }
        Pair p = pair(cluster, from, to, fromAt, toAt);
        StoredReports.Generated g = reports.generateChange(p.from(), p.to(), format, null, Actors.of(who));
        return EvidencePages.file(g.content(), g.filename(), format);
    }

    static String disposition(String filename) {
        return "attachment; filename=\"" + filename.replaceAll("[^A-Za-z0-9._-]", "_") + "\"";
    }

    static final String CONTENT_DISPOSITION = HttpHeaders.CONTENT_DISPOSITION;
}
