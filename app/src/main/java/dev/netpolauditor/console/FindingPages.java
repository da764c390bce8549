package dev.netpolauditor.console;

import dev.netpolauditor.access.Role;
import dev.netpolauditor.analysis.AuditedFinding;
import dev.netpolauditor.analysis.FindingException;
import dev.netpolauditor.analysis.FindingRule;
import dev.netpolauditor.analysis.FindingRules;
import dev.netpolauditor.analysis.Severity;
import dev.netpolauditor.service.AnalysisSummary;
import dev.netpolauditor.service.History.Lifecycle;
import dev.netpolauditor.service.History.LifecycleFilter;
import dev.netpolauditor.service.History;
import dev.netpolauditor.service.Page;
import dev.netpolauditor.service.Snapshot;
import dev.netpolauditor.service.SnapshotCatalog.SnapshotFilter;
import dev.netpolauditor.service.SnapshotCatalog;
import dev.netpolauditor.service.SnapshotContents.FindingFilter;
import dev.netpolauditor.service.SnapshotContents.SnapshotFinding;
import dev.netpolauditor.service.SnapshotContents;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * A snapshot's findings: filters by rule, severity, namespace, tenant and status (the API's
 * filters), sorting, paging, and each finding's lifecycle up to that snapshot (first seen, age,
 * times reopened) from the history.
 */
@Controller("/console/clusters/{cluster}/findings")
@Secured(Role.VIEWER_NAME)
@ExecuteOn(TaskExecutors.BLOCKING)
final class FindingPages {
    static final int PAGE = 50;
    /** Lifecycles for every finding at once only up to this many history rows (see {@link #historyRows}). */
    static final long LIFECYCLE_ROWS = 300_000;
    private static final List<String> SORTS = List.of("rule", "severity", "namespace", "subject", "age");
    private static final List<String> SEVERITIES = Arrays.stream(Severity.values()).map(Severity::wireName).toList();
    private static final List<String> STATUSES = Arrays.stream(AuditedFinding.Status.values())
            .map(AuditedFinding.Status::wireName).toList();

    private final SnapshotContents contents;
    private final SnapshotCatalog catalog;
    private final History history;
    private final ClusterPages clusters;
    private final Csrf csrf;

    FindingPages(SnapshotContents contents, SnapshotCatalog catalog, History history, ClusterPages clusters,
            Csrf csrf) {
        this.contents = contents;
        this.catalog = catalog;
        this.history = history;
        this.clusters = clusters;
        this.csrf = csrf;
    }

    /** A finding of the page with its lifecycle (null when history does not know it: excepted). */
    record Row(SnapshotFinding finding, Lifecycle lifecycle) {}

    @Get
    HttpResponse<String> findings(HttpRequest<?> request, Authentication who, @PathVariable String cluster,
            @Nullable @QueryValue("snapshot") String snapshot, @Nullable @QueryValue("at") String at,
            @Nullable @QueryValue("rule") String rule, @Nullable @QueryValue("severity") String severity,
            @Nullable @QueryValue("namespace") String namespace, @Nullable @QueryValue("tenant") String tenant,
            @Nullable @QueryValue("status") String status, @Nullable @QueryValue("sort") String sort,
            @Nullable @QueryValue("page") String page) {
        Viewer viewer = csrf.viewer(request, who);
        clusters.requireCluster(cluster);
        String r = blank(rule);
        if (r != null && FindingRules.byId(r).isEmpty()) {
            throw ConsoleProblem.badRequest("There is no rule " + rule + ".");
        }
        String sev = oneOf("severity", severity, SEVERITIES);
        String st = oneOf("status", status, STATUSES);
        String by = oneOf("sort", sort, SORTS);
        int pageNo = pageNumber(page);
        Moment m = Moment.choose(catalog, cluster, snapshot, at);
        Snapshot s = m.snapshot();
        FindingFilter filter = new FindingFilter(r, sev, blank(namespace), blank(tenant), st);
        // the contract's order is the database's: then only the page is read; another order sorts them all
        boolean databaseOrder = by == null || by.equals("rule");
        Page<SnapshotFinding> read = databaseOrder
                ? contents.findings(s, filter, PAGE, (pageNo - 1) * PAGE)
                : contents.findings(s, filter, Integer.MAX_VALUE, 0);
        long total = read.total();
        int pages = (int) Math.max(1, (total + PAGE - 1) / PAGE);
        int shown = Math.min(pageNo, pages);
        if (databaseOrder && shown != pageNo) {
            read = contents.findings(s, filter, PAGE, (shown - 1) * PAGE);
        }
        List<SnapshotFinding> all = read.items();
        Map<List<String>, Lifecycle> lives = new HashMap<>();
        boolean withLifecycle = blank(namespace) != null || historyRows(cluster, m) <= LIFECYCLE_ROWS;
        if (withLifecycle) {
            history.lifecycle(cluster, null, m.snapshot().startedAt(), new LifecycleFilter(r, null,
                            blank(namespace), null), m.snapshot().startedAt(), Integer.MAX_VALUE, 0).items()
                    .forEach(l -> lives.put(key(l.rule(), l.namespace(), l.subject(), l.policy()), l));
        }
        // each finding with the exception that decided it, as the snapshot's frozen settings held it
        List<Row> rows = new ArrayList<>(all.stream().map(f -> new Row(f, lives.get(key(f.rule(), f.namespace(),
                f.subject(), f.policy())))).toList());
        List<Row> slice = rows;
        if (!databaseOrder) {
            rows.sort(order(by));
            slice = rows.subList((shown - 1) * PAGE, Math.min(rows.size(), shown * PAGE));
        }
        String base = "/console/clusters/" + Html.segment(cluster);
        String filterQuery = query(Map.of("rule", r == null ? "" : r, "severity", sev == null ? "" : sev,
                "namespace", Objects.requireNonNullElse(blank(namespace), ""), "tenant",
                Objects.requireNonNullElse(blank(tenant), ""), "status", st == null ? "" : st, "sort",
                by == null ? "" : by)) + m.and();
        TreeSet<String> namespaces = new TreeSet<>();
        contents.coverage(s, "namespace").forEach(c -> namespaces.add(c.scope()));
        TreeSet<String> tenants = new TreeSet<>(contents.namespaceTenants(s).values());
        Html body = Html.of("""
                <h1>Findings of {}</h1>
                {}{}
                <form class="filters" method="get" action="{}/findings" aria-label="Filter findings">
                {}
                {}{}{}{}{}{}
                <button type="submit">Filter</button> <a href="{}/findings{}">clear</a>
                </form>
                <p id="findings-total">{} finding{}{}</p>
                {}
                <table id="findings"><thead><tr><th scope="col">Severity</th><th scope="col">Rule</th>
                <th scope="col">Namespace</th><th scope="col">Tenant</th><th scope="col">Subject</th><th scope="col">Policy</th>
                <th scope="col">Detail</th><th scope="col">Status</th><th scope="col">First seen</th>
                <th scope="col" class="num">Age (days)</th><th scope="col" class="num">Reopened</th></tr></thead>
                <tbody>{}</tbody></table>
                {}""",
                cluster, ClusterPages.subnav(cluster, m, "findings"), m.banner(), base, ClusterPages.hiddenMoment(m),
                select("rule", "Rule", FindingRules.ALL.stream().map(FindingRule::id).toList(), r),
                select("severity", "Severity", SEVERITIES, sev), select("namespace", "Namespace",
                        List.copyOf(namespaces), blank(namespace)),
                select("tenant", "Tenant", List.copyOf(tenants), blank(tenant)),
                select("status", "Status", STATUSES, st), select("sort", "Sort by", SORTS, by), base, m.suffix(),
                total, total == 1 ? "" : "s",
                pages > 1 ? Html.of(", page {} of {}", shown, pages) : Html.EMPTY,
                withLifecycle ? Html.EMPTY : Html.of("<p class=\"muted\" id=\"lifecycle-note\">First seen, age and"
                        + " reopenings show when the list is narrowed to a namespace: across this cluster's whole"
                        + " history they would take seconds to compute for every finding.</p>"),
                Html.each(slice, row -> row(row, base, m)), pager(base + "/findings?" + filterQuery, shown, pages));
        return Layout.page(viewer, "Findings of " + cluster, body);
    }

    private static Html row(Row row, String base, Moment m) {
        SnapshotFinding f = row.finding();
        FindingException exception = f.exception();
        Lifecycle l = row.lifecycle();
        return Html.of("""
                <tr data-rule="{}"><td><span class="sev sev-{}">{}</span></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>
                <td>{}</td><td>{}</td><td>{}{}</td><td>{}</td><td class="num">{}</td><td class="num">{}</td></tr>""",
                f.rule(), f.severity(), f.severity(), f.rule(), f.namespace(), f.tenant(), f.subject(),
                f.policy() == null ? Html.EMPTY
                        : Html.of("<a href=\"{}\">{}</a>", PolicyPages.link(base, f.policy(), m), f.policy()),
                f.detail(), f.status(), exception == null ? Html.EMPTY : Html.of(
                        "<div class=\"exception\">excepted by {} until {}: {}</div>", exception.owner(),
                        exception.expires(), exception.justification()),
                l == null ? Html.EMPTY : Html.of("<a href=\"{}?snapshot={}\">{}</a>", base, l.firstSeenSnapshot(),
                        Moment.TIME.format(l.firstSeen())),
                l == null ? "" : String.valueOf(l.age().toDays()), l == null ? "" : String.valueOf(l.reopened()));
    }

    /**
     * Roughly how many finding rows a lifecycle over the whole history reads: the snapshot's
     * findings times the cluster's complete snapshots (an upper bound: snapshots share analyses).
     */
    private long historyRows(String cluster, Moment m) {
        AnalysisSummary sum = m.snapshot().summary();
        long findings = (long) sum.openHigh() + sum.openMedium() + sum.openLow() + sum.openInfo() + sum.excepted();
        long snapshots = catalog.snapshots(cluster, new SnapshotFilter(null, m.snapshot().startedAt(),
                Snapshot.COMPLETE), 1, 0).total();
        return findings * snapshots;
    }

    private static Comparator<Row> order(String by) {
        Comparator<Row> contract = Comparator.comparing((Row r) -> r.finding().rule())
                .thenComparing(r -> r.finding().namespace(), Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(r -> r.finding().subject())
                .thenComparing(r -> r.finding().policy(), Comparator.nullsFirst(Comparator.naturalOrder()));
        if (by == null || by.equals("rule")) {
            return contract;
        }
        Comparator<Row> first = switch (by) {
            case "severity" -> Comparator.comparing(r -> SEVERITIES.indexOf(r.finding().severity()));
            case "namespace" -> Comparator.comparing(r -> r.finding().namespace(),
                    Comparator.nullsFirst(Comparator.naturalOrder()));
            case "subject" -> Comparator.comparing(r -> r.finding().subject());
            default -> Comparator.comparing((Row r) -> r.lifecycle() == null ? 0 : r.lifecycle().age().toSeconds())
                    .reversed();
        };
        return first.thenComparing(contract);
    }

    private static Html pager(String url, int page, int pages) {
        if (pages <= 1) {
            return Html.EMPTY;
        }
        return Html.of("<nav class=\"pager\" aria-label=\"Pages\">{}<span>page {} of {}</span>{}</nav>",
                page > 1 ? Html.of("<a href=\"{}&amp;page={}\" rel=\"prev\">previous</a>", url, page - 1) : Html.EMPTY,
                page, pages,
                page < pages ? Html.of("<a href=\"{}&amp;page={}\" rel=\"next\">next</a>", url, page + 1) : Html.EMPTY);
    }

    static Html select(String name, String label, List<String> values, String chosen) {
        return Html.of("<label>{} <select name=\"{}\" data-submit><option value=\"\">any</option>{}</select></label>",
                label, name, Html.each(values, v -> Html.of("<option{}>{}</option>",
                        Html.when(v.equals(chosen), Html.of(" selected")), v)));
    }

    private static String query(Map<String, String> params) {
        StringBuilder q = new StringBuilder();
        new java.util.TreeMap<>(params).forEach((k, v) -> {
            if (!v.isEmpty()) {
                q.append(q.isEmpty() ? "" : "&").append(k).append('=').append(Html.query(v));
            }
        });
        return q.toString();
    }

    private static List<String> key(String rule, String namespace, String subject, String policy) {
        return Arrays.asList(rule, namespace, subject, policy);
    }

    static String blank(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    static String oneOf(String name, String value, List<String> allowed) {
        String v = blank(value);
        if (v != null && !allowed.contains(v)) {
            throw ConsoleProblem.badRequest(name + "=" + value + " is not one of " + String.join(", ", allowed) + ".");
        }
        return v;
    }

    private static int pageNumber(String page) {
        if (blank(page) == null) {
            return 1;
        }
        try {
            int n = Integer.parseInt(page.strip());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw ConsoleProblem.badRequest("page=" + page + " is not a page number (1, 2, ...).");
    }
}
