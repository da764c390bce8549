package dev.netpolauditor.analysis.rules;

import dev.netpolauditor.analysis.AuditInput;
import dev.netpolauditor.analysis.CatalogRule;
import dev.netpolauditor.analysis.Control;
import dev.netpolauditor.analysis.Finding;
import dev.netpolauditor.analysis.FindingSubject.Kind;
import dev.netpolauditor.analysis.FindingSubject.PolicyLocation;
import dev.netpolauditor.analysis.Locations;
import dev.netpolauditor.analysis.Severity;
import dev.netpolauditor.engine.RuleRef;
import dev.netpolauditor.engine.RuleUsage;
import dev.netpolauditor.model.PolicyTier;
import dev.netpolauditor.model.PolicyType;
import dev.netpolauditor.model.RuleAction;
import java.util.function.Consumer;

/**
 * NP-TIER-003: an Admin-tier Accept rule allows connections that the endpoints' own
 * NetworkPolicies isolate them against: the cluster administrator overrides the namespace
 * owner. Judged on the rule's own side, from what the engine recorded deciding connections.
 */
public final class AdminOverride extends CatalogRule {
    public AdminOverride() {
        super("NP-TIER-003", Severity.MEDIUM, Kind.POLICY_LOCATION,
                "An Admin-tier Accept rule allows connections that the endpoints' own NetworkPolicies would deny: the "
                        + "cluster administrator overrides the namespace owner.",
                Control.PCI_DSS_1_2_5, Control.ISO_27001_A_8_22);
    }

    @Override
    public void check(AuditInput input, Consumer<Finding> findings) {
        if (input.cluster().clusterPolicies().isEmpty() && !input.cluster().plugins().any()) {
            return;
        }
        RuleUsage usage = input.ruleUsage();
        ClusterTierRules.forEach(input, (policy, direction, r, rule) -> {
            if (policy.tier() != PolicyTier.ADMIN || rule.action() != RuleAction.ACCEPT) {
                return;
            }
            RuleUsage.TierRuleUsage used = usage.of(new RuleRef(policy.id(), direction, r));
            if (used.overriddenPairs() > 0) {
                PolicyLocation location = Locations.rule(policy, direction, r);
                String side = direction == dev.netpolauditor.model.PolicyType.INGRESS ? "into" : "out of";
                findings.accept(finding(null, location, policy.id(), location.text() + " allows connections " + side
                        + " endpoints whose own network policies isolate them and would deny those connections: "
                        + Locations.count(used.overriddenPairs(), "endpoint pair", "endpoint pairs") + ", e.g. "
                        + used.exampleFrom() + " -> " + used.exampleTo() + ". The cluster administrator overrides the "
                        + "namespace owner; make sure that is intended and approved."));
            }
        });
        // cni-policies.md: Calico Allow/Pass rules ordered before the endpoints' NetworkPolicies, and
        // clusterwide Cilium allow entries, that admit connections those NetworkPolicies deny
        PluginSites.calicoRules(input, (policy, direction, r, rule) -> {
            RuleUsage.TierRuleUsage used = usage.of(new RuleRef(policy.id(), direction, r));
            if (used.overriddenPairs() > 0) {
                PolicyLocation location = new PolicyLocation(policy.id(), PluginSites.rule(direction, r));
                findings.accept(finding(policy.namespace(), location, policy.id(), location.text() + " ("
                        + rule.action().wireName() + ", in Tier/" + policy.tier() + " before the namespaces' network"
                        + " policies) lets through connections " + (direction == PolicyType.INGRESS ? "into" : "out of")
                        + " endpoints whose own network policies isolate them and would deny those connections: "
                        + Locations.count(used.overriddenPairs(), "endpoint pair", "endpoint pairs") + ", e.g. "
                        + used.exampleFrom() + " -> " + used.exampleTo() + ". The platform's tier overrides the"
                        + " namespace owner; make sure that is intended and approved."));
            }
        });
        PluginSites.ciliumEntries(input, (policy, rule, direction, deny, i, entry, at) -> {
            if (deny || !policy.clusterwide()) {
                return;
            }
            RuleUsage.TierRuleUsage used = usage.of(new RuleRef(policy.id(), direction, i,
                    rule.location(dev.netpolauditor.model.cilium.CiliumRule.allowField(direction))));
            if (used.overriddenPairs() > 0) {
                PolicyLocation location = new PolicyLocation(policy.id(), at);
                findings.accept(finding(null, location, policy.id(), location.text() + " allows connections "
                        + (direction == PolicyType.INGRESS ? "into" : "out of") + " endpoints whose own network"
                        + " policies isolate them and would deny those connections (Cilium joins all allows in one"
                        + " pool): " + Locations.count(used.overriddenPairs(), "endpoint pair", "endpoint pairs")
                        + ", e.g. " + used.exampleFrom() + " -> " + used.exampleTo() + ". The clusterwide policy"
                        + " overrides the namespace owner; make sure that is intended and approved."));
            }
        });
    }
}
