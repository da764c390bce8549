package dev.netpolauditor.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netpolauditor.access.Role;
import dev.netpolauditor.engine.CompiledCluster;
import dev.netpolauditor.engine.Endpoint;
import dev.netpolauditor.model.IpAddress;
import dev.netpolauditor.model.Protocol;
import dev.netpolauditor.report.EndpointNames;
import dev.netpolauditor.report.ExplanationJson;
import dev.netpolauditor.service.SnapshotCatalog;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Can A reach B? Endpoint pickers (a searchable list of the snapshot's endpoints), an optional
 * port and protocol, and the verdict with each side's deciding policies, rules and tiers: the
 * API's connectivity answer ({@link ExplanationJson}), rendered.
 */
@Controller("/console/clusters/{cluster}/reach")
@Secured(Role.VIEWER_NAME)
@ExecuteOn(TaskExecutors.BLOCKING)
final class ReachPage {
    private final SnapshotCatalog catalog;
    private final SnapshotReads compiled;
    private final ClusterPages clusters;
    private final Csrf csrf;

    ReachPage(SnapshotCatalog catalog, SnapshotReads compiled, ClusterPages clusters, Csrf csrf) {
        this.catalog = catalog;
        this.compiled = compiled;
        this.clusters = clusters;
        this.csrf = csrf;
    }

    @Get
    HttpResponse<String> reach(HttpRequest<?> request, Authentication who, @PathVariable String cluster,
            @Nullable @QueryValue("snapshot") String snapshot, @Nullable @QueryValue("at") String at,
            @Nullable @QueryValue("from") String from, @Nullable @QueryValue("to") String to,
            @Nullable @QueryValue("port") String port, @Nullable @QueryValue("protocol") String protocol) {
        Viewer viewer = csrf.viewer(request, who);
        clusters.requireCluster(cluster);
        Moment m = Moment.choose(catalog, cluster, snapshot, at);
        CompiledCluster c = compiled.compiled(m.snapshot());
        String f = FindingPages.blank(from);
        String t = FindingPages.blank(to);
        Protocol proto = protocol(protocol);
        Integer onPort = port(port);
        Html answer = Html.EMPTY;
        if (f != null && t != null) {
            answer = answer(c, m, cluster, f, t, proto, onPort);
        }
        Html body = Html.of("""
                <h1>Can A reach B?</h1>
                {}{}
                <form class="filters" method="get" action="/console/clusters/{}/reach" id="reach-form">
                {}
                <label for="from">From (A) <input id="from" name="from" list="endpoints" value="{}" required
                  placeholder="ns/name[Kind] or ip:10.0.0.1" size="34"></label>
                <label for="to">To (B) <input id="to" name="to" list="endpoints" value="{}" required
                  placeholder="ns/name[Kind] or ip:10.0.0.1" size="34"></label>
                <label for="port">Port (optional) <input id="port" name="port" type="number" min="1" max="65535" value="{}"></label>
                <label for="protocol">Protocol <select id="protocol" name="protocol">{}</select></label>
                <button type="submit">Explain</button>
                </form>
                <datalist id="endpoints">{}</datalist>
                {}""", ClusterPages.subnav(cluster, m, "reach"), m.banner(), Html.segment(cluster),
                ClusterPages.hiddenMoment(m), f, t, onPort == null ? "" : onPort,
                Html.each(List.of(Protocol.values()), p -> Html.of("<option{}>{}</option>",
                        Html.when(p == proto, Html.of(" selected")), p.name())),
                Html.each(c.endpoints(), e -> Html.of("<option value=\"{}\">", e.name())), answer);
        return Layout.page(viewer, "Can A reach B? " + cluster, body);
    }

    private static Html answer(CompiledCluster c, Moment m, String cluster, String from, String to, Protocol proto,
            Integer port) {
        Endpoint source = endpoint(c, "From", from, m);
        Endpoint target = endpoint(c, "To", to, m);
        if (source.name().equals(target.name())) {
            throw ConsoleProblem.badRequest("From and To name the same endpoint; a pod to itself is not part of the"
                    + " model.");
        }
        if (source instanceof Endpoint.Ip && target instanceof Endpoint.Ip) {
            throw ConsoleProblem.badRequest("From and To are both IP addresses; at least one must be a pod or"
                    + " workload.");
        }
        ObjectNode json = ExplanationJson.tree(c.explain(source, target), proto, port);
        String base = "/console/clusters/" + Html.segment(cluster);
        Html verdict = port == null
                ? Html.of("<p id=\"verdict\">{} → {}: allowed <strong>{}</strong></p>", from, to,
                        json.get("allowed").asText().isEmpty() ? "nothing" : json.get("allowed").asText())
                : Html.of("<p id=\"verdict\">{} → {} on {} {}: <span class=\"verdict-{}\">{}</span></p>", from, to,
                        proto.name(), port, json.get("verdict").asText(),
                        json.get("verdict").asText().toUpperCase(Locale.ROOT));
        return Html.of("""
                <section aria-labelledby="h-answer"><h2 id="h-answer">Answer</h2>{}
                <div class="cards">{}{}</div></section>""", verdict, side("Egress of " + from, json.get("egress"), base, m),
                side("Ingress of " + to, json.get("ingress"), base, m));
    }

    private static Html side(String title, JsonNode side, String base, Moment m) {
        List<Html> policies = new ArrayList<>();
        side.get("isolatingPolicies").forEach(p -> policies.add(Html.of("<a href=\"{}\">{}</a>",
                PolicyPages.link(base, p.asText(), m), p.asText())));
        List<Html> rules = new ArrayList<>();
        side.get("rules").forEach(r -> rules.add(Html.of("<li><a href=\"{}\">{}</a> admits {}</li>",
                PolicyPages.link(base, r.get("policy").asText(), m), r.get("rule").asText(), r.get("ports").asText())));
        List<Html> decisions = new ArrayList<>();
        side.get("decisions").forEach(d -> decisions.add(Html.of("<li>{}{}</li>", d.get("text").asText(),
                d.has("tier") ? Html.of(" <span class=\"muted\">(tier {})</span>", d.get("tier").asText()) : Html.EMPTY)));
        return Html.of("""
                <section class="card" data-side="{}"><h3>{}</h3>
                <p>{}</p>
                <p>Isolated by: {}</p>
                <p>Allowed: {}</p>
                <h4>Admitting rules</h4><ul>{}</ul>
                <h4>Who decided</h4><ul>{}</ul></section>""",
                title.startsWith("Egress") ? "egress" : "ingress", title,
                side.get("applicable").asBoolean() ? "" : "Not applicable (an IP address has no policies).",
                policies.isEmpty() ? Html.of("<em>nothing: not isolated</em>") : Html.each(policies, p -> Html.join(p,
                        Html.of(" "))),
                side.get("allowed").asText().isEmpty() ? "nothing" : side.get("allowed").asText(), rules.isEmpty() ? Html.of("<li><em>none</em></li>") : Html.each(rules,
                        r -> r), Html.each(decisions, d -> d));
    }

    private static Endpoint endpoint(CompiledCluster cluster, String label, String name, Moment m) {
        if (name.startsWith("ip:")) {
            try {
                return new Endpoint.Ip(IpAddress.parse(name.substring(3)));
            } catch (IllegalArgumentException e) {
                throw ConsoleProblem.badRequest(label + " " + name + " is not an IP address.");
            }
        }
        return cluster.endpoint(name).orElseThrow(() -> ConsoleProblem.notFound(label + ": snapshot "
                + m.snapshot().id() + " has no endpoint " + name + ". Endpoints are named ns/name for pods and"
                + " ns/name[Kind] for workloads" + EndpointNames.suggestion(cluster, name)));
    }

    private static Protocol protocol(String value) {
        String v = FindingPages.blank(value);
        if (v == null) {
            return Protocol.TCP;
        }
        try {
            return Protocol.valueOf(v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ConsoleProblem.badRequest("protocol=" + value + " is not TCP, UDP or SCTP.");
        }
    }

    private static Integer port(String value) {
        String v = FindingPages.blank(value);
        if (v == null) {
            return null;
        }
        try {
            int p = Integer.parseInt(v);
            if (p >= 1 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw ConsoleProblem.badRequest("port=" + value + " is not a port (1-65535).");
    }
}
