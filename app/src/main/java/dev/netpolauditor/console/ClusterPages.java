package dev.netpolauditor.console;

import dev.netpolauditor.access.Role;
import dev.netpolauditor.analysis.AuditReport;
import dev.netpolauditor.analysis.ControlResult;
import dev.netpolauditor.analysis.Finding;
import dev.netpolauditor.service.AnalysisSummary;
import dev.netpolauditor.service.ClusterSpec;
import dev.netpolauditor.service.Cron;
import dev.netpolauditor.service.History.Scope;
import dev.netpolauditor.service.History.TrendPoint;
import dev.netpolauditor.service.History;
import dev.netpolauditor.service.Snapshot;
import dev.netpolauditor.service.SnapshotCatalog.ClusterHistory;
import dev.netpolauditor.service.SnapshotCatalog;
import dev.netpolauditor.service.SnapshotContents.ScopeCoverage;
import dev.netpolauditor.service.SnapshotContents.TenantCell;
import dev.netpolauditor.service.SnapshotContents;
import dev.netpolauditor.service.SnapshotService;
import io.micronaut.core.annotation.Nullable;
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
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The clusters, and one cluster's overview: score and coverage over time, controls with the
 * findings behind them, coverage by namespace and tenant, and the tenant matrix as a heat map
 * whose cells open their namespace pairs. Every figure is the stored analysis' (the API's).
 */
@Controller("/console/clusters")
@Secured(Role.VIEWER_NAME)
@ExecuteOn(TaskExecutors.BLOCKING)
final class ClusterPages {
    /** A snapshot is overdue when its schedule fired this long ago and no complete snapshot followed. */
    static final Duration GRACE = Duration.ofMinutes(15);

    private final SnapshotService snapshots;
    private final SnapshotContents contents;
    private final SnapshotCatalog catalog;
    private final History history;
    private final Analyses analyses;
    private final Csrf csrf;

    ClusterPages(SnapshotService snapshots, SnapshotContents contents, SnapshotCatalog catalog, History history,
            Analyses analyses, Csrf csrf) {
        this.snapshots = snapshots;
        this.contents = contents;
        this.catalog = catalog;
        this.history = history;
        this.analyses = analyses;
        this.csrf = csrf;
    }

    @Get
    HttpResponse<String> clusters(HttpRequest<?> request, Authentication who) {
        Viewer viewer = csrf.viewer(request, who);
        Map<String, ClusterHistory> all = catalog.clusters();
        Instant now = Instant.now();
        List<Html> cards = new ArrayList<>();
        for (ClusterSpec spec : snapshots.clusters().specs()) {
            ClusterHistory h = all.getOrDefault(spec.name(), ClusterHistory.none(spec.name()));
            cards.add(card(spec, h, now));
        }
        return Layout.page(viewer, "Clusters", Html.of("""
                <h1>Clusters</h1>
                <div class="cards">{}</div>""", Html.each(cards, c -> c)));
    }

    private Html card(ClusterSpec spec, ClusterHistory h, Instant now) {
        Snapshot latest = h.latestComplete();
        Snapshot attempt = h.latestAttempt();
        String link = "/console/clusters/" + Html.segment(spec.name());
        if (latest == null) {
            return Html.of("""
                    <section class="card" data-cluster="{}"><h2><a href="{}">{}</a></h2>
                    <p class="muted">No complete snapshot yet.</p>{}</section>""", spec.name(), link, spec.name(),
                    attempt(attempt));
        }
        List<Integer> scores = history.trend(spec.name(), now.minus(Duration.ofDays(90)), null,
                new Scope.Cluster()).stream().map(TrendPoint::score).toList();
        AnalysisSummary sum = latest.summary();
        List<String> failing = analyses.of(latest).controls().stream().filter(c -> !c.passed())
                .map(c -> c.control().title()).toList();
        Html overdue = overdue(spec, latest, now)
                ? Html.of("<p class=\"warning\">The last complete snapshot is older than its schedule ({}) allows.</p>",
                        spec.schedule())
                : Html.EMPTY;
        return Html.of("""
                <section class="card" data-cluster="{}">
                <h2><a href="{}">{}</a></h2>
                <p><span class="score" data-score>{}</span> <span class="muted">/ 100</span> {}</p>
                <p>Open findings: <span class="sev sev-high">{} high</span>, <span class="sev sev-medium">{} medium</span>,
                <span class="sev sev-low">{} low</span>, <span class="sev sev-info">{} info</span></p>
                <p>Failing controls: {}</p>
                <p>Last complete snapshot: <a href="{}?snapshot={}">{}</a>, {}</p>
                {}{}
                </section>""", spec.name(), link, spec.name(), sum.score(),
                Charts.sparkline(scores, "score over the last 90 days"), sum.openHigh(), sum.openMedium(),
                sum.openLow(), sum.openInfo(),
                failing.isEmpty() ? Html.of("<span class=\"pass\">none</span>")
                        : Html.of("<span class=\"fail\">{}</span>: {}", failing.size(), String.join(", ", failing)),
                link, latest.id(), latest.id(), Moment.TIME.format(latest.startedAt()), attempt(attempt), overdue);
    }

    private static Html attempt(Snapshot attempt) {
        if (attempt == null) {
            return Html.EMPTY;
        }
        if (attempt.complete()) {
            return Html.of("<p class=\"muted\">Last attempt: snapshot {}, complete.</p>", attempt.id());
        }
        return Html.of("<p class=\"problem\">Last attempt failed ({}): {}</p>", Moment.TIME.format(attempt.startedAt()),
                attempt.failureReason());
    }

    /** The schedule fired after the last complete snapshot, more than {@link #GRACE} ago. */
    static boolean overdue(ClusterSpec spec, Snapshot latest, Instant now) {
        try {
            return Cron.latestFireTime(spec.schedule(), ZoneOffset.UTC, latest.startedAt(), now.minus(GRACE))
                    .isPresent();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Get("/{cluster}")
    HttpResponse<String> cluster(HttpRequest<?> request, Authentication who, @PathVariable String cluster,
            @Nullable @QueryValue("snapshot") String snapshot, @Nullable @QueryValue("at") String at,
            @Nullable @QueryValue("from") String from, @Nullable @QueryValue("to") String to) {
        Viewer viewer = csrf.viewer(request, who);
        requireCluster(cluster);
        Moment m = Moment.choose(catalog, cluster, snapshot, at);
        Instant rangeFrom = Moment.instant(from) == null ? null : Moment.instant(from).minus(Duration.ofDays(1))
                .plusNanos(1000);
        Instant rangeTo = Moment.instant(to) == null ? m.snapshot().startedAt() : Moment.instant(to);
        List<TrendPoint> trend = history.trend(cluster, rangeFrom, rangeTo, new Scope.Cluster());
        List<Charts.Point> score = trend.stream().map(p -> new Charts.Point(p.at(), p.score())).toList();
        List<Charts.Point> coverage = trend.stream().map(p -> new Charts.Point(p.at(),
                p.endpoints() == 0 ? 0 : 100.0 * p.bothIsolated() / p.endpoints())).toList();
        AuditReport audit = analyses.of(m.snapshot());
        AnalysisSummary sum = m.snapshot().summary();
        String base = "/console/clusters/" + Html.segment(cluster);
        Html body = Html.of("""
                <h1>Cluster {}</h1>
                {}
                {}
                <section aria-labelledby="h-summary"><h2 id="h-summary">Summary</h2>
                <dl class="facts">
                <dt>Score</dt><dd><span class="score" id="score">{}</span> / 100</dd>
                <dt>Endpoints</dt><dd id="endpoints">{}</dd>
                <dt>Open findings</dt><dd id="open">{} high, {} medium, {} low, {} info ({} excepted)</dd>
                <dt>Content</dt><dd>{} namespaces, {} pods, {} workloads, {} policies</dd>
                </dl></section>
                <section aria-labelledby="h-trend"><h2 id="h-trend">Score and coverage over time</h2>
                <form class="filters" method="get" action="{}">
                {}
                <label>From <input type="date" name="from" value="{}"></label>
                <label>To <input type="date" name="to" value="{}"></label>
                <button type="submit">Show</button></form>
                {}
                </section>
                <section aria-labelledby="h-controls"><h2 id="h-controls">Controls</h2>{}</section>
                <section aria-labelledby="h-tenants"><h2 id="h-tenants">Tenant matrix</h2>{}</section>
                <section aria-labelledby="h-coverage"><h2 id="h-coverage">Coverage</h2>{}</section>""",
                cluster, subnav(cluster, m, "overview"), m.banner(), sum.score(), sum.endpoints(), sum.openHigh(),
                sum.openMedium(), sum.openLow(), sum.openInfo(), sum.excepted(), m.snapshot().namespaceCount(),
                m.snapshot().podCount(), m.snapshot().workloadCount(), m.snapshot().policyCount(), base,
                hiddenMoment(m), from == null ? "" : from, to == null ? "" : to,
                Charts.lines(score, "score", coverage, "% endpoints isolated both ways",
                        "Score and coverage from " + (trend.isEmpty() ? "-" : Moment.TIME.format(trend.getFirst().at()))
                                + " to " + (trend.isEmpty() ? "-" : Moment.TIME.format(trend.getLast().at()))),
                controls(audit, base, m), heatMap(cluster, m), coverageTables(m.snapshot()));
        return Layout.page(viewer, "Cluster " + cluster, body);
    }

    static Html hiddenMoment(Moment m) {
        if (m.named()) {
            return Html.of("<input type=\"hidden\" name=\"snapshot\" value=\"{}\">", m.snapshot().id());
        }
        return m.at() == null ? Html.EMPTY : Html.of("<input type=\"hidden\" name=\"at\" value=\"{}\">", m.at());
    }

    private static Html controls(AuditReport audit, String base, Moment m) {
        return Html.of("""
                <table id="controls"><thead><tr><th scope="col">Control</th><th scope="col">Requirement</th>
                <th scope="col">Result</th><th scope="col" class="num">Failing</th><th scope="col">Rules</th></tr></thead>
                <tbody>{}</tbody></table>""", Html.each(audit.controls(), c -> control(c, base, m)));
    }

    private static Html control(ControlResult c, String base, Moment m) {
        List<Finding> failing = c.failing();
        Html behind = failing.isEmpty() ? Html.EMPTY : Html.of("<details><summary>{} finding{} behind it</summary><ul>{}{}</ul></details>",
                failing.size(), failing.size() == 1 ? "" : "s",
                Html.each(failing.subList(0, Math.min(20, failing.size())), f -> Html.of(
                        "<li><span class=\"sev sev-{}\">{}</span> {} {}</li>", f.severity().wireName(),
                        f.severity().wireName(), f.rule(), f.subject().text())),
                Html.when(failing.size() > 20, Html.of("<li>and {} more</li>", failing.size() - 20)));
        return Html.of("""
                <tr data-control="{}"><th scope="row">{}</th><td>{}{}</td><td class="{}">{}</td><td class="num">{}</td><td>{}</td></tr>""",
                c.control().title(), c.control().title(), c.control().requirement(), behind,
                c.passed() ? "pass" : "fail", c.passed() ? "PASS" : "FAIL", failing.size(),
                Html.each(c.rules(), r -> Html.of("<a href=\"{}/findings?rule={}{}\">{}</a> ", base, r, m.and(), r)));
    }

    private Html heatMap(String cluster, Moment m) {
        List<TenantCell> cells = contents.tenantCells(m.snapshot(), null, null);
        TreeSet<String> tenants = new TreeSet<>(contents.namespaceTenants(m.snapshot()).values());
        if (tenants.isEmpty()) {
            return Html.of("<p class=\"muted\">No namespace of this snapshot has a tenant.</p>");
        }
        long max = cells.stream().mapToLong(TenantCell::endpointPairs).max().orElse(1);
        String base = "/console/clusters/" + Html.segment(cluster) + "/tenants/";
        List<Html> rows = new ArrayList<>();
        for (String from : tenants) {
            List<Html> tds = new ArrayList<>();
            for (String to : tenants) {
                TenantCell cell = cells.stream().filter(c -> c.fromTenant().equals(from)
                        && c.toTenant().equals(to)).findFirst().orElse(null);
                String self = from.equals(to) ? " heat-self" : "";
                if (cell == null) {
                    tds.add(Html.of("<td class=\"heat-0{}\" data-from=\"{}\" data-to=\"{}\">0</td>", self, from, to));
                } else {
                    int level = (int) Math.max(1, Math.ceil(5.0 * Math.log1p(cell.endpointPairs()) / Math.log1p(max)));
                    tds.add(Html.of("<td class=\"heat-{}{}\" data-from=\"{}\" data-to=\"{}\"><a href=\"{}{}/{}{}\""
                                    + " title=\"{} endpoint pairs from {} to {}: {}\">{}</a></td>", level, self, from, to,
                            base, Html.segment(from), Html.segment(to), m.suffix(), cell.endpointPairs(), from, to,
                            cell.ports(), cell.endpointPairs()));
                }
            }
            rows.add(Html.of("<tr><th scope=\"row\">{}</th>{}</tr>", from, Html.each(tds, t -> t)));
        }
        return Html.of("""
                <p class="muted">Endpoint pairs allowed from the row's tenant to the column's; a cell opens its namespace pairs, ports and policies.</p>
                <table class="heat" id="tenant-matrix"><thead><tr><th scope="col">from \\ to</th>{}</tr></thead><tbody>{}</tbody></table>""",
                Html.each(tenants, t -> Html.of("<th scope=\"col\">{}</th>", t)), Html.each(rows, r -> r));
    }

    private Html coverageTables(Snapshot snapshot) {
        List<ScopeCoverage> all = contents.coverage(snapshot, null);
        return Html.of("""
                <table id="coverage"><thead><tr><th scope="col">Scope</th><th scope="col" class="num">Endpoints</th>
                <th scope="col" class="num">Ingress isolated</th><th scope="col" class="num">Egress isolated</th>
                <th scope="col" class="num">Both</th></tr></thead><tbody>{}</tbody></table>""",
                Html.each(all, c -> Html.of("<tr data-scope=\"{}:{}\"><th scope=\"row\">{} {}</th><td class=\"num\">{}</td>"
                                + "<td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                        c.scopeKind(), c.scope(), c.scopeKind(), c.scope(), c.endpoints(), pct(c.ingressIsolated(), c.endpoints()),
                        pct(c.egressIsolated(), c.endpoints()), pct(c.bothIsolated(), c.endpoints()))));
    }

    static String pct(long part, long whole) {
        return part + " (" + (whole == 0 ? 0 : Math.round(100.0 * part / whole)) + "%)";
    }

    @Get("/{cluster}/tenants/{from}/{to}")
    HttpResponse<String> tenantCell(HttpRequest<?> request, Authentication who, @PathVariable String cluster,
            @PathVariable String from, @PathVariable String to, @Nullable @QueryValue("snapshot") String snapshot,
            @Nullable @QueryValue("at") String at) {
        Viewer viewer = csrf.viewer(request, who);
        requireCluster(cluster);
        Moment m = Moment.choose(catalog, cluster, snapshot, at);
        Snapshot s = m.snapshot();
        List<TenantCell> cells = contents.tenantCells(s, from, to);
        if (cells.isEmpty()) {
            throw ConsoleProblem.notFound("Snapshot " + s.id() + " has no connection from tenant " + from + " to tenant "
                    + to + ".");
        }
        TenantCell cell = cells.getFirst();
        String base = "/console/clusters/" + Html.segment(cluster);
        Html body = Html.of("""
                <h1>Tenant {} → {}</h1>
                {}{}
                <dl class="facts" id="cell">
                <dt>Endpoint pairs</dt><dd id="cell-pairs">{}</dd>
                <dt>Ports</dt><dd>{}</dd>
                <dt>Example</dt><dd>{} → {} on {} (<a href="{}/reach?from={}&amp;to={}{}">explain</a>)</dd>
                <dt>Egress admitted by</dt><dd>{}</dd>
                <dt>Ingress admitted by</dt><dd>{}</dd>
                </dl>
                <h2>Namespace pairs</h2>
                <table id="namespace-pairs"><thead><tr><th scope="col">From namespace</th><th scope="col">To namespace</th>
                <th scope="col" class="num">Endpoint pairs</th><th scope="col">Ports</th></tr></thead><tbody>{}</tbody></table>""",
                from, to, subnav(cluster, m, "overview"), m.banner(), cell.endpointPairs(), cell.ports(),
                cell.exampleFrom(), cell.exampleTo(), cell.examplePorts(), base, Html.query(cell.exampleFrom()),
                Html.query(cell.exampleTo()), m.and(), policies(base, m, cell.egressPolicies(), cell.egressUnrestricted()),
                policies(base, m, cell.ingressPolicies(), cell.ingressUnrestricted()),
                Html.each(contents.namespacePairs(s, from, to), p -> Html.of(
                        "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td>{}</td></tr>", p.from(), p.to(),
                        p.endpointPairs(), p.ports())));
        return Layout.page(viewer, "Tenant " + from + " to " + to, body);
    }

    private static Html policies(String base, Moment m, List<String> names, boolean unrestricted) {
        Html list = Html.each(names, n -> Html.of("<a href=\"{}\">{}</a> ", PolicyPages.link(base, n, m), n));
        if (names.isEmpty()) {
            return unrestricted ? Html.of("<em>no policy: not isolated</em>") : Html.of("<em>none</em>");
        }
        return Html.join(list, Html.when(unrestricted, Html.of("<em>and endpoints no policy isolates</em>")));
    }

    void requireCluster(String cluster) {
        if (snapshots.clusters().spec(cluster).isEmpty() && !catalog.known(cluster)) {
            throw ConsoleProblem.notFound("There is no cluster named " + cluster + ".");
        }
    }

    /** The cluster's pages, the current one marked, each keeping the moment. */
    static Html subnav(String cluster, Moment m, String current) {
        String base = "/console/clusters/" + Html.segment(cluster);
        List<String[]> items = List.of(new String[] {"overview", base, "Overview"},
                new String[] {"findings", base + "/findings", "Findings"},
                new String[] {"reach", base + "/reach", "Can A reach B?"},
                new String[] {"policies", base + "/policies", "Policies"},
                new String[] {"changes", base + "/changes", "What changed"});
        String here = base + (current.equals("overview") ? "" : "/" + current);
        return Html.of("""
                <nav class="subnav" aria-label="Cluster {}">{}</nav>
                <form class="asof" method="get" action="{}">
                <label>As of date <input type="date" name="at" value="{}"></label>
                <button type="submit">Show that day</button>
                <a href="{}">latest</a>
                </form>""", cluster,
                Html.each(items, i -> Html.of("<a href=\"{}{}\"{}>{}</a>", i[1], m.suffix(),
                        Html.when(i[0].equals(current), Html.of(" aria-current=\"page\"")), i[2])),
                here, m.at() != null && m.at().length() == 10 ? m.at() : "", here);
    }
}
