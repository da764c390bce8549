package dev.netpolauditor.analysis.rules;

import dev.netpolauditor.analysis.AuditInput;
import dev.netpolauditor.analysis.CatalogRule;
import dev.netpolauditor.analysis.Control;
import dev.netpolauditor.analysis.Finding;
import dev.netpolauditor.analysis.FindingSubject.Kind;
import dev.netpolauditor.analysis.FindingSubject.PolicyLocation;
import dev.netpolauditor.analysis.Locations;
import dev.netpolauditor.analysis.Severity;
import dev.netpolauditor.model.PolicyType;
import java.util.function.Consumer;

/** NP-PERM-002: An egress rule has no peers and no ports: the selected pods may connect anywhere. */
public final class AllowAllEgressRule extends CatalogRule {
    public AllowAllEgressRule() {
        super("NP-PERM-002", Severity.MEDIUM, Kind.POLICY_LOCATION,
                "An egress rule has no peers and no ports: the selected pods may connect anywhere.",
                Control.NSA_CISA, Control.PCI_DSS_1_3, Control.NIST_800_53_SC_7);
    }

    @Override
    public void check(AuditInput input, Consumer<Finding> findings) {
        EffectiveRules.forEach(input, (p, policy, direction, r, rule) -> {
            if (direction == PolicyType.EGRESS && rule.allPeers() && rule.allPorts()) {
                PolicyLocation location = Locations.rule(policy, direction, r);
                findings.accept(finding(policy.namespace(), location, policy.id(), location
                        + " lets the pods it selects " + Locations.selector(policy.podSelector())
                        + " connect to every destination (any pod, any IP) on every port."));
            }
        });
        PluginSites.calicoRules(input, (policy, direction, r, rule) -> {
            if (direction == PolicyType.EGRESS && PluginPermissions.opens(rule) && PluginPermissions.anyPeer(rule, direction)
                    && PluginPermissions.anyPort(rule)) {
                PolicyLocation location = new PolicyLocation(policy.id(), PluginSites.rule(direction, r));
                findings.accept(finding(policy.namespace(), location, policy.id(), location.text() + " allows every"
                        + " destination (any pod, any IP) on every port" + AllowAllIngressRule.protocols(rule) + "."));
            }
        });
        PluginSites.ciliumEntries(input, (policy, rule, direction, deny, i, entry, at) -> {
            if (direction == PolicyType.EGRESS && !deny && PluginPermissions.opens(entry)
                    && PluginPermissions.anyPeer(entry) && PluginPermissions.anyPort(entry)) {
                PolicyLocation location = new PolicyLocation(policy.id(), at);
                findings.accept(finding(policy.namespace(), location, policy.id(), location.text() + " allows every"
                        + " destination (any pod, any IP) on every port."));
            }
        });
    }
}
