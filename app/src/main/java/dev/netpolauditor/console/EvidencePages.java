package dev.netpolauditor.console;

import dev.netpolauditor.access.Actors;
import dev.netpolauditor.access.Role;
import dev.netpolauditor.report.ReportFormat;
import dev.netpolauditor.report.SnapshotReports;
import dev.netpolauditor.service.ClusterSpec;
import dev.netpolauditor.service.Evidence;
import dev.netpolauditor.service.Report;
import dev.netpolauditor.service.SnapshotCatalog;
import dev.netpolauditor.service.SnapshotService;
import dev.netpolauditor.service.StoredReports;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.multipart.CompletedFileUpload;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Evidence: the issued reports with their hash-chain status and downloads, "verify a file"
 * (which report is it, and does the chain up to it hold), and "generate a report" of a snapshot
 * and scope, which joins the chain like any download.
 */
@Controller("/console/evidence")
@Secured(Role.AUDITOR_NAME)
@ExecuteOn(TaskExecutors.BLOCKING)
final class EvidencePages {
    static final int PAGE = 50;

    private final Evidence evidence;
    private final StoredReports stored;
    private final SnapshotCatalog catalog;
    private final SnapshotService snapshots;
    private final Csrf csrf;

    EvidencePages(Evidence evidence, StoredReports stored, SnapshotCatalog catalog, SnapshotService snapshots, Csrf csrf) {
        this.evidence = evidence;
        this.stored = stored;
        this.catalog = catalog;
        this.snapshots = snapshots;
        this.csrf = csrf;
    }

    @Get
    HttpResponse<String> evidence(HttpRequest<?> request, Authentication who,
            @Nullable @QueryValue("cluster") String cluster) {
        return page(csrf.viewer(request, who), FindingPages.blank(cluster), Html.EMPTY, HttpStatus.OK);
    }

    private HttpResponse<String> page(Viewer viewer, String cluster, Html result, HttpStatus status) {
        List<Report> list = evidence.list(cluster, PAGE, 0).items();
        List<String> clusters = snapshots.clusters().specs().stream().map(ClusterSpec::name).toList();
        Map<String, Evidence.Chain> chains = new java.util.TreeMap<>();
        list.stream().map(Report::cluster).distinct().forEach(c -> {
            long newest = list.stream().filter(r -> r.cluster().equals(c)).mapToLong(Report::id).max().orElse(0);
            chains.put(c, evidence.chain(c, newest));
        });
        Html body = Html.of("""
                <h1>Evidence</h1>
                {}
                <section aria-labelledby="h-verify"><h2 id="h-verify">Verify a file</h2>
                <form method="post" action="/console/evidence/verify" enctype="multipart/form-data" id="verify-form">
                {}
                <div class="drop" data-drop>
                <label for="file">Drop a report file here, or choose it:</label>
                <input id="file" name="file" type="file" required>
                </div>
                <p><button type="submit">Verify</button> <span class="muted">Files up to 1 MB; larger ones: the API's ?sha256=.</span></p>
                </form></section>
                <section aria-labelledby="h-generate"><h2 id="h-generate">Generate a report</h2>
                <form class="filters" method="post" action="/console/evidence/generate" id="generate-form">
                {}
                <label for="g-cluster">Cluster <select id="g-cluster" name="cluster">{}</select></label>
                <label for="g-snapshot">Snapshot (number; empty: latest) <input id="g-snapshot" name="snapshot" size="8"></label>
                <label for="g-format">Format <select id="g-format" name="format">{}</select></label>
                <label for="g-scope">Scope <select id="g-scope" name="scope"><option value="all">whole cluster</option>
                <option value="namespaces">namespaces</option><option value="tenants">tenants</option></select></label>
                <label for="g-values">Namespaces or tenants (comma-separated) <input id="g-values" name="values"></label>
                <button type="submit">Generate</button>
                </form></section>
                <section aria-labelledby="h-issued"><h2 id="h-issued">Issued reports</h2>
                <ul id="chains">{}</ul>
                <table id="reports"><thead><tr><th scope="col">Report</th><th scope="col">Cluster</th><th scope="col">Kind</th>
                <th scope="col">Snapshots</th><th scope="col">Format</th><th scope="col">Generated</th><th scope="col">By</th>
                <th scope="col">SHA-256 (start)</th><th scope="col">File</th></tr></thead><tbody>{}</tbody></table>
                </section>""", result, viewer.csrfField(), viewer.csrfField(),
                Html.each(clusters, c -> Html.of("<option>{}</option>", c)),
                Html.each(ReportFormat.NAMES, f -> Html.of("<option>{}</option>", f)),
                Html.each(chains.entrySet(), e -> Html.of("<li>Chain of {}: {}</li>", e.getKey(), chain(e.getValue()))),
                Html.each(list, r -> Html.of("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
                                + "<td><code>{}</code></td><td><a href=\"/console/evidence/{}/file\">download</a></td></tr>",
                        r.id(), r.cluster(), r.kind(), r.snapshotIds().toString(), r.format(),
                        Moment.TIME.format(r.generatedAt()), r.createdBy(), r.sha256().substring(0, 12), r.id())));
        return Layout.page(status, viewer, "Evidence", body);
    }

    private static Html chain(Evidence.Chain chain) {
        return chain.intact() ? Html.of("<span class=\"pass\">intact</span> ({} reports)", chain.reports())
                : Html.of("<span class=\"fail\">broken at report {}</span>: {}", chain.brokenAt(), chain.reason());
    }

    @Post(value = "/verify", consumes = MediaType.ALL)
    HttpResponse<String> verify(HttpRequest<?> request, Authentication who, @Nullable CompletedFileUpload file,
            @Nullable String csrf) {
        this.csrf.require(request, csrf);
        Viewer viewer = this.csrf.viewer(request, who);
        byte[] bytes;
        try {
            bytes = file == null ? new byte[0] : file.getBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (bytes.length == 0) {
            throw ConsoleProblem.badRequest("Choose a file to verify.");
        }
        String hash = Evidence.sha256(bytes);
        List<Report> matches = evidence.bySha256(hash);
        Html result;
        if (matches.isEmpty()) {
            result = Html.of("""
                    <div class="problem" role="status" id="verify-result"><p><strong>Unknown file.</strong> No report this
                    service issued has this content (SHA-256 {}): it was altered, or never handed out here.</p></div>""",
                    hash);
        } else {
            Report r = matches.getLast();
            Evidence.Chain chain = evidence.chain(r.cluster(), r.id());
            result = Html.of("""
                    <div class="note" role="status" id="verify-result"><p><strong>Known file: report {}</strong>, the {}
                    report of cluster {} (snapshots {}), {}, generated {} by {}. SHA-256 {}.</p>
                    <p>Hash chain up to it: {}</p></div>""", r.id(), r.kind(), r.cluster(), r.snapshotIds().toString(),
                    r.format(), Moment.TIME.format(r.generatedAt()), r.createdBy(), hash, chain(chain));
        }
        return page(viewer, null, result, HttpStatus.OK);
    }

    @Post(value = "/generate", consumes = MediaType.ALL)
    HttpResponse<String> generate(HttpRequest<?> request, Authentication who, @Body Map<String, String> form) {
        csrf.require(request, form.get("csrf"));
        Viewer viewer = csrf.viewer(request, who);
        String cluster = FindingPages.blank(form.get("cluster"));
        if (cluster == null || snapshots.clusters().spec(cluster).isEmpty() && !catalog.known(cluster)) {
            throw ConsoleProblem.badRequest("Choose a cluster.");
        }
        String format = FindingPages.oneOf("format", form.get("format"), ReportFormat.NAMES);
        String scopeType = FindingPages.oneOf("scope", form.get("scope"), List.of("all", "namespaces", "tenants"));
        List<String> values = Arrays.stream(form.getOrDefault("values", "").split(",")).map(String::strip)
                .filter(v -> !v.isEmpty()).toList();
        if (scopeType != null && !scopeType.equals("all") && values.isEmpty()) {
            throw ConsoleProblem.badRequest("Name the " + scopeType + " of the scope.");
        }
        Moment m = Moment.choose(catalog, cluster, form.get("snapshot"), null);
        StoredReports.Generated g = stored.generate(m.snapshot(), format == null ? "xlsx" : format, null,
                Actors.of(who), scopeType == null || scopeType.equals("all") ? SnapshotReports.Scope.ALL
                        : new SnapshotReports.Scope(scopeType, values)).generated();
        Html result = Html.of("""
                <div class="note" role="status" id="generated"><p>Report {} generated for snapshot {} of {}:
                <a href="/console/evidence/{}/file">download {}</a>. It joins the cluster's hash chain.</p></div>""",
                g.report().id(), m.snapshot().id(), cluster, g.report().id(), g.filename());
        return page(viewer, null, result, HttpStatus.CREATED);
    }

    @Get("/{id}/file")
    HttpResponse<byte[]> file(@PathVariable String id) {
        long parsed;
        try {
            parsed = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw ConsoleProblem.notFound("There is no report " + id + ".");
        }
        Report r = evidence.report(parsed).orElseThrow(() -> ConsoleProblem.notFound("There is no report " + id
                + "."));
        byte[] content = evidence.content(parsed).orElseThrow();
        String name = "netpol-" + r.kind() + "-" + r.cluster() + "-report-" + r.id() + "." + r.format();
        return file(content, name, r.format());
    }

    static HttpResponse<byte[]> file(byte[] content, String filename, String format) {
        String type = ReportFormat.ofStored(format).mediaType();
        return HttpResponse.ok(content).contentType(type).header(HttpHeaders.CONTENT_DISPOSITION,
                ChangesPage.disposition(filename));
    }
}
