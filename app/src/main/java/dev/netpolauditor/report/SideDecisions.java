package dev.netpolauditor.report;

import dev.netpolauditor.engine.RuleRef;
import dev.netpolauditor.engine.SideExplanation;
import dev.netpolauditor.model.ClusterPolicyKind;
import dev.netpolauditor.model.PortSet;
import dev.netpolauditor.model.RuleAction;
import java.util.List;

/**
 * One side's decisions in words, for {@code explain} and the API: which tier, policy and rule
 * decided which ports ("Admin tier, ClusterNetworkPolicy/tenant-walls egress[0] Deny"), and the
 * Pass rule that handed them on ("passed by ClusterNetworkPolicy/x ingress[1], then allowed by
 * prod/db-net-policy ingress[0]").
 */
public final class SideDecisions {
    private SideDecisions() {}

    /** What decided {@code d}'s ports, in one phrase. */
    public static String describe(SideExplanation side, SideExplanation.Decision d) {
        String decided = decider(side, d.by(), d.ports());
        return d.passedBy() == null ? decided : "passed by " + d.passedBy() + ", then " + decided;
    }

    private static String decider(SideExplanation side, SideExplanation.Decider by, PortSet ports) {
        return switch (by) {
            case SideExplanation.Decider.ClusterRule r -> r.tier().wireName() + " tier, " + r.rule() + " "
                    + action(r.rule(), r.action());
            case SideExplanation.Decider.NetworkPolicies v1 -> v1.allows()
                    ? "allowed by " + String.join(", ", admitting(side, ports))
                    : "isolated by " + String.join(", ", side.isolatingPolicies()) + ", no rule of theirs admits it";
            case SideExplanation.Decider.NoPolicy n -> !side.clusterPolicies().isEmpty()
                    ? "no rule of " + String.join(", ", side.clusterPolicies()) + " matches and no network policy "
                            + "isolates it, so it is allowed"
                    : "no policy decides, so it is allowed";
            case SideExplanation.Decider.TierRule r -> r.tier() + ", " + r.rule() + " " + calicoAction(r.action());
            case SideExplanation.Decider.TierDefault t -> t.tier() + " defaultAction Deny (the tier applies and none"
                    + " of its rules matches)";
            case SideExplanation.Decider.Profile p -> "no tier decides, so the namespace profile kns." + p.namespace()
                    + " allows it";
            case SideExplanation.Decider.CiliumDeny c -> c.rule() + " denies it (a deny wins over every allow)";
            case SideExplanation.Decider.Pool p -> p.allows()
                    ? "allowed by " + String.join(", ", admitting(side, ports))
                    : side.isolatingPolicies().isEmpty()
                            ? "isolated by Cilium's enable-policy: always, and no rule or entry admits it"
                            : "isolated by " + String.join(", ", side.isolatingPolicies()) + ", no rule or entry of"
                                    + " theirs admits it";
            case SideExplanation.Decider.BothPlugins b -> "Calico: " + decider(side, b.calico(), ports) + "; Cilium: "
                    + decider(side, b.cilium(), ports);
        };
    }

    /**
     * What decided a side, tier by tier, in one phrase: the cluster-tier policies and network
     * policies of the Kubernetes tiers, or the network plugin whose model decided it.
     */
    public static String heading(SideExplanation side) {
        if (!side.plugin()) {
            return "decided tier by tier (cluster-tier policies " + String.join(", ", side.clusterPolicies())
                    + (side.isolated() ? "; network policies " + String.join(", ", side.isolatingPolicies()) : "")
                    + ")";
        }
        List<String> parts = new java.util.ArrayList<>();
        if (!side.clusterPolicies().isEmpty()) {
            parts.add("policies " + String.join(", ", side.clusterPolicies()));
        }
        if (side.isolated()) {
            parts.add("isolated by " + String.join(", ", side.isolatingPolicies()));
        }
        String by = String.join(" and ", side.models().stream().map(m -> switch (m) {
            case CALICO -> "Calico's tiers";
            case CILIUM -> "Cilium's policies";
            case KUBERNETES -> "the Kubernetes tiers";
        }).toList());
        return "decided by " + by + (parts.isEmpty() ? "" : " (" + String.join("; ", parts) + ")");
    }

    /** Calico's words for an action: Allow, Deny, Pass. */
    static String calicoAction(RuleAction action) {
        return switch (action) {
            case ACCEPT -> "Allow";
            case DENY -> "Deny";
            case PASS -> "Pass";
        };
    }

    /** The NetworkPolicy rules admitting some of {@code ports}. */
    static List<String> admitting(SideExplanation side, PortSet ports) {
        return side.contributions().stream().filter(c -> !c.ports().intersect(ports).isEmpty())
                .map(c -> c.rule().toString()).toList();
    }

    /** The action as the rule's kind writes it: Accept (Allow for v1alpha1 kinds), Deny, Pass. */
    public static String action(RuleRef rule, RuleAction action) {
        String kind = rule.policy().substring(0, Math.max(0, rule.policy().indexOf('/')));
        ClusterPolicyKind k = kind.equals(ClusterPolicyKind.ClusterNetworkPolicy.name())
                ? ClusterPolicyKind.ClusterNetworkPolicy : ClusterPolicyKind.AdminNetworkPolicy;
        return action.wireName(k);
    }
}
