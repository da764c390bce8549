package dev.netpolauditor.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netpolauditor.access.Role;
import dev.netpolauditor.engine.Endpoint;
import dev.netpolauditor.model.ClusterPolicy;
import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.model.NetworkPolicy;
import dev.netpolauditor.service.SnapshotCatalog;
import dev.netpolauditor.service.SnapshotContents.ContentObject;
import dev.netpolauditor.service.SnapshotContents.FindingFilter;
import dev.netpolauditor.service.SnapshotContents.ObjectFilter;
import dev.netpolauditor.service.SnapshotContents.ObjectVersion;
import dev.netpolauditor.service.SnapshotContents.SnapshotFinding;
import dev.netpolauditor.service.SnapshotContents;
import dev.netpolauditor.service.SnapshotReads;
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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The policies of a snapshot, and one policy as stored at that snapshot (YAML), the endpoints
 * it selects, its findings, and its versions across the cluster's snapshots with a side-by-side
 * difference of any two.
 */
@Controller("/console/clusters/{cluster}/policies")
@Secured(Role.VIEWER_NAME)
@ExecuteOn(TaskExecutors.BLOCKING)
final class PolicyPages {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SnapshotContents contents;
    private final SnapshotCatalog catalog;
    private final SnapshotReads compiled;
    private final ClusterPages clusters;
    private final Csrf csrf;

    PolicyPages(SnapshotContents contents, SnapshotCatalog catalog, SnapshotReads compiled, ClusterPages clusters,
            Csrf csrf) {
        this.contents = contents;
        this.catalog = catalog;
        this.compiled = compiled;
        this.clusters = clusters;
        this.csrf = csrf;
    }

    /**
     * The page of a policy as findings and explanations name it: {@code ns/name} for a
     * NetworkPolicy, {@code Kind/name} for a cluster-tier policy.
     */
    static String link(String clusterBase, String policy, Moment m) {
        int slash = policy.indexOf('/');
        String first = slash < 0 ? "" : policy.substring(0, slash);
        String name = slash < 0 ? policy : policy.substring(slash + 1);
        boolean tier = SnapshotContents.POLICY_KINDS.contains(first) && !first.equals(SnapshotContents.NETWORK_POLICY);
        return clusterBase + "/policies/view?kind=" + (tier ? first : SnapshotContents.NETWORK_POLICY)
                + (tier ? "" : "&namespace=" + Html.query(first)) + "&name=" + Html.query(name) + m.and();
    }

    @Get
    HttpResponse<String> policies(HttpRequest<?> request, Authentication who, @PathVariable String cluster,
            @Nullable @QueryValue("snapshot") String snapshot, @Nullable @QueryValue("at") String at) {
        Viewer viewer = csrf.viewer(request, who);
        clusters.requireCluster(cluster);
        Moment m = Moment.choose(catalog, cluster, snapshot, at);
        String base = "/console/clusters/" + Html.segment(cluster);
        List<Html> rows = new ArrayList<>();
        for (String kind : SnapshotContents.POLICY_KINDS) {
            for (ContentObject o : contents.objects(m.snapshot(), new ObjectFilter(kind, null, null),
                    Integer.MAX_VALUE, 0).items()) {
                String name = o.namespace() == null ? kind + "/" + o.name() : o.namespace() + "/" + o.name();
                rows.add(Html.of("<tr><td>{}</td><td>{}</td><td><a href=\"{}\">{}</a></td><td><code>{}</code></td></tr>",
                        kind, o.namespace(), link(base, name, m), o.name(), o.sha256().substring(0, 12)));
            }
        }
        Html body = Html.of("""
                <h1>Policies of {}</h1>
                {}{}
                <table id="policies"><thead><tr><th scope="col">Kind</th><th scope="col">Namespace</th>
                <th scope="col">Name</th><th scope="col">SHA-256 (start)</th></tr></thead><tbody>{}</tbody></table>""",
                cluster, ClusterPages.subnav(cluster, m, "policies"), m.banner(), Html.each(rows, r -> r));
        return Layout.page(viewer, "Policies of " + cluster, body);
    }

    @Get("/view")
    HttpResponse<String> policy(HttpRequest<?> request, Authentication who, @PathVariable String cluster,
            @Nullable @QueryValue("snapshot") String snapshot, @Nullable @QueryValue("at") String at,
            @Nullable @QueryValue("kind") String kind, @Nullable @QueryValue("namespace") String namespace,
            @Nullable @QueryValue("name") String name, @Nullable @QueryValue("left") String left,
            @Nullable @QueryValue("right") String right) {
        Viewer viewer = csrf.viewer(request, who);
        clusters.requireCluster(cluster);
        String k = FindingPages.oneOf("kind", kind, SnapshotContents.POLICY_KINDS);
        String n = FindingPages.blank(name);
        if (k == null || n == null) {
            throw ConsoleProblem.badRequest("Name a policy with kind and name (and namespace for a NetworkPolicy).");
        }
        String ns = k.equals(SnapshotContents.NETWORK_POLICY) ? FindingPages.blank(namespace) : null;
        Moment m = Moment.choose(catalog, cluster, snapshot, at);
        String base = "/console/clusters/" + Html.segment(cluster);
        String full = ns == null ? k + "/" + n : ns + "/" + n;
        List<ObjectVersion> versions = contents.versions(cluster, k, ns, n);
        List<ContentObject> found = contents.objects(m.snapshot(), new ObjectFilter(k, ns, n), 1, 0).items()
                .stream().filter(o -> java.util.Objects.equals(o.namespace(), ns)).toList();
        Html current;
        if (found.isEmpty()) {
            current = Html.of("<p class=\"warning\">Snapshot {} has no {} {}.</p>", m.snapshot().id(), k, full);
        } else {
            ContentObject o = found.getFirst();
            List<String> selected = selected(m, k, ns, n);
            List<SnapshotFinding> findings = contents.findings(m.snapshot(),
                    new FindingFilter(null, null, ns, null, null), Integer.MAX_VALUE, 0).items()
                    .stream().filter(f -> full.equals(f.policy())).toList();
            current = Html.of("""
                    <h2>As stored</h2>
                    <pre class="yaml" id="policy-yaml">{}</pre>
                    <h2>Endpoints it selects ({})</h2>
                    <ul id="selected">{}</ul>
                    <h2>Its findings ({})</h2>
                    <ul id="policy-findings">{}</ul>""", yaml(o.json()), selected.size(),
                    Html.each(selected.subList(0, Math.min(200, selected.size())), e -> Html.of("<li>{}</li>", e)),
                    findings.size(), Html.each(findings, f -> Html.of("<li><span class=\"sev sev-{}\">{}</span> {} {}</li>",
                            f.severity(), f.severity(), f.rule(), f.detail())));
        }
        Html body = Html.of("""
                <h1>{} {}</h1>
                {}{}{}
                <h2>Versions across snapshots</h2>
                {}
                {}""", k, full, ClusterPages.subnav(cluster, m, "policies"), m.banner(), current,
                versionTable(versions, base, k, ns, n, m), compare(versions, left, right));
        return Layout.page(viewer, k + " " + full, body);
    }

    private List<String> selected(Moment m, String kind, String namespace, String name) {
        SnapshotReads.Compiled c = compiled.stateOf(m.snapshot());
        ClusterState state = c.state();
        List<Endpoint.Pod> pods = List.of();
        if (kind.equals(SnapshotContents.NETWORK_POLICY)) {
            for (int i = 0; i < state.policies().size(); i++) {
                NetworkPolicy p = state.policies().get(i);
                if (p.namespace().equals(namespace) && p.name().equals(name)) {
                    pods = c.compiled().selectedBy(i);
                }
            }
        } else {
            for (ClusterPolicy p : state.clusterPolicies()) {
                if (p.kind().name().equals(kind) && p.name().equals(name)) {
                    pods = c.compiled().selectedBy(p);
                }
            }
        }
        return pods.stream().map(Endpoint.Pod::name).toList();
    }

    private static Html versionTable(List<ObjectVersion> versions, String base, String kind, String ns,
            String name, Moment m) {
        if (versions.isEmpty()) {
            return Html.of("<p class=\"muted\">No complete snapshot holds it.</p>");
        }
        String self = base + "/policies/view?kind=" + Html.query(kind) + (ns == null ? "" : "&namespace="
                + Html.query(ns)) + "&name=" + Html.query(name) + m.and();
        List<Html> rows = new ArrayList<>();
        for (int i = 0; i < versions.size(); i++) {
            ObjectVersion v = versions.get(i);
            Html compare = i == 0 ? Html.EMPTY : Html.of("<a href=\"{}&amp;left={}&amp;right={}#compare\">compare with"
                    + " the one before</a>", self, versions.get(i - 1).sha256(), v.sha256());
            rows.add(Html.of("<tr><td><code>{}</code></td><td><a href=\"{}?snapshot={}\">{}</a> ({})</td><td><a"
                            + " href=\"{}?snapshot={}\">{}</a> ({})</td><td class=\"num\">{}</td><td>{}</td></tr>",
                    v.sha256().substring(0, 12), base, v.firstSnapshot(), v.firstSnapshot(),
                    Moment.TIME.format(v.firstSeen()), base, v.lastSnapshot(), v.lastSnapshot(),
                    Moment.TIME.format(v.lastSeen()), v.snapshots(), compare));
        }
        return Html.of("""
                <table id="versions"><thead><tr><th scope="col">Version</th><th scope="col">First snapshot</th>
                <th scope="col">Last snapshot</th><th scope="col" class="num">Snapshots</th><th scope="col"></th></tr></thead>
                <tbody>{}</tbody></table>""", Html.each(rows, r -> r));
    }

    private static Html compare(List<ObjectVersion> versions, String left, String right) {
        ObjectVersion a = versions.stream().filter(v -> v.sha256().equals(left)).findFirst().orElse(null);
        ObjectVersion b = versions.stream().filter(v -> v.sha256().equals(right)).findFirst().orElse(null);
        if (a == null || b == null) {
            return Html.EMPTY;
        }
        List<String> before = yamlText(a.json()).lines().toList();
        List<String> after = yamlText(b.json()).lines().toList();
        List<Html> l = new ArrayList<>();
        List<Html> r = new ArrayList<>();
        for (LineDiff.Line line : LineDiff.of(before, after)) {
            switch (line.kind()) {
                case SAME -> {
                    l.add(Html.of("<span>{}</span>\n", line.text()));
                    r.add(Html.of("<span>{}</span>\n", line.text()));
                }
                case REMOVED -> l.add(Html.of("<span class=\"del\">- {}</span>", line.text()));
                case ADDED -> r.add(Html.of("<span class=\"add\">+ {}</span>", line.text()));
            }
        }
        return Html.of("""
                <h2 id="compare">Version {} → {}</h2>
                <div class="diff" id="policy-diff"><pre aria-label="before">{}</pre><pre aria-label="after">{}</pre></div>""",
                a.sha256().substring(0, 12), b.sha256().substring(0, 12), Html.each(l, x -> x), Html.each(r, x -> x));
    }

    private static Html yaml(String json) {
        return Html.text(yamlText(json));
    }

    static String yamlText(String json) {
        try {
            Object tree = JSON.readValue(json, Object.class);
            DumperOptions options = new DumperOptions();
            options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
            options.setIndicatorIndent(0);
            return new Yaml(options).dump(tree instanceof Map<?, ?> map ? map : tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
