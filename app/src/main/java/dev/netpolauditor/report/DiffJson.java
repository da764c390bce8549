package dev.netpolauditor.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netpolauditor.analysis.FindingException;
import dev.netpolauditor.analysis.diff.Cause;
import dev.netpolauditor.analysis.diff.ConnectivityChange;
import dev.netpolauditor.analysis.diff.FindingChange;
import dev.netpolauditor.analysis.diff.FlowSummary;
import dev.netpolauditor.analysis.diff.NamespaceRelabel;
import dev.netpolauditor.analysis.diff.ObjectChange;
import dev.netpolauditor.engine.RuleRef;
import dev.netpolauditor.model.PortSet;
import java.util.List;

/**
 * The changes of a diff as JSON trees, one per change: the one vocabulary of the API's diff,
 * the change report's JSON and {@code diff --format jsonl} (which puts a {@code section} key
 * first on each line; the others group the changes by section), plus the relabelled
 * namespaces and the per-pair flow summaries the text format shows.
 */
public final class DiffJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private DiffJson() {}

    public static ObjectNode object(ObjectChange c) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("change", c.change().wireName());
        node.put("kind", c.kind());
        node.put("namespace", c.namespace());
        node.put("name", c.name());
        node.put("detail", c.detail());
        return node;
    }

    /** A flow whose allowed ports changed; with its causes when {@code withCauses}. */
    public static ObjectNode connectivity(ConnectivityChange c, boolean withCauses) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("change", c.change().wireName());
        node.put("from", c.from());
        node.put("to", c.to());
        node.put("before", text(c.before()));
        node.put("after", text(c.after()));
        if (withCauses) {
            ArrayNode causes = node.putArray("causes");
            for (Cause cause : c.causes()) {
                ObjectNode n = causes.addObject();
                n.put("kind", cause.kind().wireName());
                n.put("objectKind", cause.objectKind());
                n.put("namespace", cause.namespace());
                n.put("name", cause.name());
                n.put("rule", cause.rule() == null ? null : cause.rule().toString());
                n.put("text", cause.text());
            }
        }
        return node;
    }

    public static ObjectNode finding(FindingChange c) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("change", c.change().wireName());
        node.put("rule", c.rule());
        node.put("severity", c.severity().wireName());
        node.put("namespace", c.namespace());
        node.put("subject", c.subject().text());
        node.put("policy", c.policy());
        FindingException e = c.exception();
        if (e != null) {
            node.put("status", c.status().wireName());
            ObjectNode exception = node.putObject("exception");
            exception.put("owner", e.owner());
            exception.put("justification", e.justification());
            exception.put("expires", e.expires().toString());
        }
        return node;
    }

    /** A namespace whose labels changed, with the rules whose peers that changes. */
    public static ObjectNode relabel(NamespaceRelabel r) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("namespace", r.namespace());
        node.put("labels", r.labels());
        ArrayNode rules = node.putArray("peersOf");
        r.peersOf().stream().map(RuleRef::toString).forEach(rules::add);
        return node;
    }

    /** Flow changes counted for one namespace or tenant pair. */
    public static ObjectNode summary(FlowSummary s) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("from", s.from());
        node.put("to", s.to());
        node.put("added", s.added());
        node.put("removed", s.removed());
        node.put("changed", s.changed());
        return node;
    }

    /** The sections after the flows, as the API's diff and the change report's JSON both end. */
    public static void findingsAndSummaries(ObjectNode root, List<FindingChange> findings,
            List<NamespaceRelabel> relabelled, List<FlowSummary> namespacePairs, List<FlowSummary> tenantPairs) {
        ArrayNode findingNodes = root.putArray("findings");
        findings.forEach(c -> findingNodes.add(finding(c)));
        ArrayNode relabelNodes = root.putArray("relabelled");
        relabelled.forEach(r -> relabelNodes.add(relabel(r)));
        ArrayNode namespaceNodes = root.putArray("namespacePairs");
        namespacePairs.forEach(s -> namespaceNodes.add(summary(s)));
        ArrayNode tenantNodes = root.putArray("tenantPairs");
        tenantPairs.forEach(s -> tenantNodes.add(summary(s)));
    }

    private static String text(PortSet ports) {
        return ports == null ? null : ports.toString();
    }
}
