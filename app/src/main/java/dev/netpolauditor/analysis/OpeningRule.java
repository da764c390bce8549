package dev.netpolauditor.analysis;

import dev.netpolauditor.model.ClusterPolicy;
import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.model.NetworkPolicy;
import dev.netpolauditor.model.Peer;
import dev.netpolauditor.model.PolicySpecs;
import dev.netpolauditor.model.PolicyType;
import dev.netpolauditor.model.RuleAction;
import dev.netpolauditor.model.TierPeer;
import dev.netpolauditor.model.TierRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A rule that must be justified when justifications are enabled (findings.md, "Justifications
 * (opt-in)"): an ingress or egress rule of a NetworkPolicy, in one of its effective policy types,
 * or an {@code Accept}/{@code Allow} rule of a cluster-tier policy, that is not confined to its
 * own namespace — it has no peers (every peer), or a peer with a {@code namespaceSelector} or an
 * {@code ipBlock}; for the cluster tier a {@code namespaces}, {@code pods} or {@code networks}
 * peer. A rule whose peers are all {@code podSelector}-only stays inside its namespace; a
 * {@code Deny} or {@code Pass} rule opens nothing. Neither needs a justification.
 *
 * @param namespace   the policy's namespace; null for a cluster-tier policy
 * @param policy      {@code prod/db} or {@code ClusterNetworkPolicy/guard}
 * @param rule        {@code ingress[0]}, {@code egress[2]}
 * @param direction   the rule's direction
 * @param clusterTier whether the policy is a cluster-tier policy
 * @param sha256      {@link RuleContent#sha256} of the rule as written
 */
public record OpeningRule(String namespace, String policy, String rule, PolicyType direction, boolean clusterTier,
        String sha256) {

    /** {@code prod/db ingress[0]}: the rule's policy location, the subject of its NP-JUST-001 finding. */
    public String location() {
        return policy + " " + rule;
    }

    /** The opening rules of a cluster: NetworkPolicies in input order, then cluster-tier policies in input order. */
    public static List<OpeningRule> of(ClusterState cluster) {
        List<OpeningRule> out = new ArrayList<>();
        for (NetworkPolicy policy : cluster.policies()) {
            for (PolicyType direction : PolicyType.values()) {
                if (!policy.governs(direction)) {
                    continue;
                }
                List<dev.netpolauditor.model.Rule> rules = policy.rules(direction);
                for (int r = 0; r < rules.size(); r++) {
                    if (opens(rules.get(r))) {
                        out.add(new OpeningRule(policy.namespace(), policy.id(), name(direction, r), direction, false,
                                RuleContent.sha256(written(policy.spec(), direction, r, () -> PolicySpecs.derive(
                                        policy.podSelector(), policy.policyTypes(), policy.ingress(),
                                        policy.egress())))));
                    }
                }
            }
        }
        for (ClusterPolicy policy : cluster.clusterPolicies()) {
            for (PolicyType direction : PolicyType.values()) {
                List<TierRule> rules = policy.rules(direction);
                for (int r = 0; r < rules.size(); r++) {
                    if (opens(rules.get(r))) {
                        out.add(new OpeningRule(null, policy.id(), name(direction, r), direction, true,
                                RuleContent.sha256(written(policy.spec(), direction, r, () -> PolicySpecs.derive(
                                        policy.kind(), policy.tier(), policy.priority(), policy.subject(),
                                        policy.ingress(), policy.egress())))));
                    }
                }
            }
        }
        return out;
    }

    /** Whether a NetworkPolicy rule reaches beyond its namespace. */
    static boolean opens(dev.netpolauditor.model.Rule rule) {
        return rule.allPeers() || rule.peers().stream().anyMatch(peer -> switch (peer) {
            case Peer.IpBlock b -> true;
            case Peer.Selectors s -> s.namespaceSelector() != null;
        });
    }

    /** Whether a cluster-tier rule opens anything findings.md asks a justification for. */
    static boolean opens(TierRule rule) {
        return rule.action() == RuleAction.ACCEPT && rule.peers().stream().anyMatch(peer -> switch (peer) {
            case TierPeer.Namespaces n -> true;
            case TierPeer.Pods p -> true;
            case TierPeer.Networks n -> true;
            // findings.md names namespaces, pods and networks peers only; nodes and domain names are
            // outside the analysis (NP-TIER-005), and unknown peers match nothing in an Accept rule
            case TierPeer.Nodes n -> false;
            case TierPeer.DomainNames d -> false;
            case TierPeer.Unknown u -> false;
        });
    }

    /** {@code ingress[0]}. */
    public static String name(PolicyType direction, int index) {
        return Locations.lower(direction) + "[" + index + "]";
    }

    /**
     * The rule as written: entry {@code index} of the spec's {@code ingress}/{@code egress} list; from
     * the spec derived from the parsed fields when the written one lacks it (policies built in code).
     */
    private static Object written(Map<String, Object> spec, PolicyType direction, int index,
            java.util.function.Supplier<Map<String, Object>> derived) {
        Object rule = entry(spec, direction, index);
        return rule != null ? rule : entry(derived.get(), direction, index);
    }

    private static Object entry(Map<String, Object> spec, PolicyType direction, int index) {
        return spec.get(Locations.lower(direction)) instanceof List<?> list && index < list.size()
                ? list.get(index) : null;
    }
}
