package dev.netpolauditor.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netpolauditor.engine.ConnectionExplanation;
import dev.netpolauditor.engine.SideExplanation;
import dev.netpolauditor.model.Protocol;

/**
 * The JSON form of a {@link ConnectionExplanation}: what {@code explain --format json} prints
 * and what the API's connectivity resource answers. With a port, the verdict for that port
 * and only the rules admitting it; without, every rule and the allowed port set. {@code egress}
 * and {@code ingress} are each side over all members; {@code members} gives each kind of member
 * pair on its own (one entry unless an endpoint's members differ, as mid-rollout).
 */
public final class ExplanationJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ExplanationJson() {}

    /** The explanation as a JSON tree; {@code port} null for all ports. */
    public static ObjectNode tree(ConnectionExplanation e, Protocol protocol, Integer port) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("from", e.from().name());
        root.put("to", e.to().name());
        root.put("allowed", e.allowed().toString());
        if (port != null) {
            root.put("protocol", protocol.name());
            root.put("port", port);
            root.put("verdict", e.allowed().contains(protocol, port) ? "allowed" : "refused");
        }
        root.set("egress", side(e.egress(), protocol, port));
        root.set("ingress", side(e.ingress(), protocol, port));
        // per kind of member pair: one for endpoints of alike members, several mid-rollout
        ArrayNode members = root.putArray("members");
        for (ConnectionExplanation.MemberPair pair : e.pairs()) {
            ObjectNode node = members.addObject();
            node.put("from", pair.fromMember());
            node.put("to", pair.toMember());
            node.put("allowed", pair.allowed().toString());
            if (port != null) {
                node.put("verdict", pair.allowed().contains(protocol, port) ? "allowed" : "refused");
            }
            node.set("egress", side(pair.egress(), protocol, port));
            node.set("ingress", side(pair.ingress(), protocol, port));
        }
        return root;
    }

    /** The explanation as compact JSON text, without a line end. */
    public static String text(ConnectionExplanation e, Protocol protocol, Integer port) {
        try {
            return MAPPER.writeValueAsString(tree(e, protocol, port));
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static ObjectNode side(SideExplanation side, Protocol protocol, Integer port) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("applicable", side.applicable());
        node.put("isolated", side.isolated());
        ArrayNode policies = node.putArray("isolatingPolicies");
        side.isolatingPolicies().forEach(policies::add);
        ArrayNode rules = node.putArray("rules");
        for (SideExplanation.Contribution c : side.contributions()) {
            if (port == null || c.ports().contains(protocol, port)) {
                rules.addObject().put("rule", c.rule().toString()).put("policy", c.rule().policy())
                        .put("direction", c.rule().direction().wireName()).put("index", c.rule().index())
                        .put("ports", c.ports().toString());
            }
        }
        node.put("allowed", side.allowed().toString());
        // who decided which ports, tier by tier (cluster-tier rules, NetworkPolicies, nothing)
        ArrayNode decisions = node.putArray("decisions");
        for (SideExplanation.Decision d : side.decisions()) {
            if (port != null && !d.ports().contains(protocol, port)) {
                continue;
            }
            ObjectNode decision = decisions.addObject();
            decision.put("ports", d.ports().toString());
            decision.put("allows", d.allows());
            switch (d.by()) {
                case SideExplanation.Decider.ClusterRule r -> {
                    decision.put("by", "cluster-tier rule");
                    decision.put("tier", r.tier().wireName());
                    decision.put("rule", r.rule().toString());
                    decision.put("action", SideDecisions.action(r.rule(), r.action()));
                }
                case SideExplanation.Decider.NetworkPolicies v1 -> decision.put("by", "network policies");
                case SideExplanation.Decider.NoPolicy n -> decision.put("by", "no policy");
                case SideExplanation.Decider.TierRule r -> {
                    decision.put("by", "tier rule");
                    decision.put("tier", r.tier());
                    decision.put("rule", r.rule().toString());
                    decision.put("action", SideDecisions.calicoAction(r.action()));
                }
                case SideExplanation.Decider.TierDefault t -> {
                    decision.put("by", "tier default action");
                    decision.put("tier", t.tier());
                }
                case SideExplanation.Decider.Profile p -> {
                    decision.put("by", "namespace profile");
                    decision.put("profile", "kns." + p.namespace());
                }
                case SideExplanation.Decider.CiliumDeny c -> {
                    decision.put("by", "deny entry");
                    decision.put("rule", c.rule().toString());
                }
                case SideExplanation.Decider.Pool p -> decision.put("by", "cilium pool");
                case SideExplanation.Decider.BothPlugins b -> decision.put("by", "both plugins");
            }
            decision.put("passedBy", d.passedBy() == null ? null : d.passedBy().toString());
            decision.put("text", SideDecisions.describe(side, d));
        }
        return node;
    }
}
