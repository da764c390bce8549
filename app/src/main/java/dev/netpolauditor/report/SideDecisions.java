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
        String decided = switch (d.by()) {
            case SideExplanation.Decider.ClusterRule r -> r.tier().wireName() + " tier, " + r.rule() + " "
                    + action(r.rule(), r.action());
            case SideExplanation.Decider.NetworkPolicies v1 -> v1.allows()
                    ? "allowed by " + String.join(", ", admitting(side, d.ports()))
                    : "isolated by " + String.join(", ", side.isolatingPolicies()) + ", no rule of theirs admits it";
            case SideExplanation.Decider.NoPolicy n -> side.clusterTier()
                    ? "no rule of " + String.join(", ", side.clusterPolicies()) + " matches and no network policy "
                            + "isolates it, so it is allowed"
                    : "no policy decides, so it is allowed";
        };
        return d.passedBy() == null ? decided : "passed by " + d.passedBy() + ", then " + decided;
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
