package dev.netpolauditor.analysis.rules;

import dev.netpolauditor.analysis.AuditInput;
import dev.netpolauditor.analysis.CatalogRule;
import dev.netpolauditor.analysis.Finding;
import dev.netpolauditor.analysis.FindingSubject.Kind;
import dev.netpolauditor.analysis.FindingSubject.PolicyLocation;
import dev.netpolauditor.analysis.Locations;
import dev.netpolauditor.analysis.Severity;
import dev.netpolauditor.engine.RuleRef;
import dev.netpolauditor.engine.RuleUsage;
import java.util.function.Consumer;

/**
 * NP-TIER-004: a cluster-tier rule matches connections of the model but decides none, because
 * rules checked before it decide them all: it is shadowed. From what the engine recorded.
 */
public final class ShadowedTierRule extends CatalogRule {
    public ShadowedTierRule() {
        super("NP-TIER-004", Severity.LOW, Kind.POLICY_LOCATION,
                "A cluster-tier rule matches connections but decides none: rules checked before it decide them all.");
    }

    @Override
    public void check(AuditInput input, Consumer<Finding> findings) {
        if (input.cluster().clusterPolicies().isEmpty() && input.cluster().plugins().calico().policies().isEmpty()) {
            return;
        }
        RuleUsage usage = input.ruleUsage();
        ClusterTierRules.forEach(input, (policy, direction, r, rule) -> {
            if (usage.of(new RuleRef(policy.id(), direction, r)).shadowed()) {
                PolicyLocation location = Locations.rule(policy, direction, r);
                findings.accept(finding(null, location, policy.id(), location.text() + " matches some connections, but rules "
                        + "checked before it (earlier rules, higher-priority policies" + (policy.tier()
                                == dev.netpolauditor.model.PolicyTier.BASELINE ? ", the Admin tier and the namespaces' "
                                + "network policies" : "") + ") decide every one of them: it never takes effect."));
            }
        });
        // cni-policies.md: Calico rules shadowed in Calico's tier walk
        PluginSites.calicoRules(input, (policy, direction, r, rule) -> {
            if (usage.of(new RuleRef(policy.id(), direction, r)).shadowed()) {
                PolicyLocation location = new PolicyLocation(policy.id(), PluginSites.rule(direction, r));
                findings.accept(finding(policy.namespace(), location, policy.id(), location.text() + " matches some"
                        + " connections, but rules checked before it (earlier rules and policies of Tier/"
                        + policy.tier() + ", earlier tiers) decide every one of them: it never takes effect."));
            }
        });
    }
}
