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

/** NP-PERM-001: An ingress rule has no peers and no ports: it admits every source on every port. */
public final class AllowAllIngressRule extends CatalogRule {
    public AllowAllIngressRule() {
        super("NP-PERM-001", Severity.HIGH, Kind.POLICY_LOCATION,
                "An ingress rule has no peers and no ports: it admits every source on every port.",
                Control.NSA_CISA, Control.PCI_DSS_1_3, Control.ISO_27001_A_8_22, Control.NIST_800_53_SC_7);
    }

    @Override
    public void check(AuditInput input, Consumer<Finding> findings) {
        EffectiveRules.forEach(input, (p, policy, direction, r, rule) -> {
            if (direction == PolicyType.INGRESS && rule.allPeers() && rule.allPorts()) {
                PolicyLocation location = Locations.rule(policy, direction, r);
                findings.accept(finding(policy.namespace(), location, policy.id(), location
                        + " admits every source (any pod, any namespace, any IP) on every port to the pods it selects "
                        + Locations.selector(policy.podSelector()) + "."));
            }
        });
        PluginSites.calicoRules(input, (policy, direction, r, rule) -> {
            if (direction == PolicyType.INGRESS && PluginPermissions.opens(rule) && PluginPermissions.anyPeer(rule, direction)
                    && PluginPermissions.anyPort(rule)) {
                PolicyLocation location = new PolicyLocation(policy.id(), PluginSites.rule(direction, r));
                findings.accept(finding(policy.namespace(), location, policy.id(), location.text() + " allows every"
                        + " source (any pod, any namespace, any IP) on every port" + protocols(rule) + "."));
            }
        });
        PluginSites.ciliumEntries(input, (policy, rule, direction, deny, i, entry, at) -> {
            if (direction == PolicyType.INGRESS && !deny && PluginPermissions.opens(entry)
                    && PluginPermissions.anyPeer(entry) && PluginPermissions.anyPort(entry)) {
                PolicyLocation location = new PolicyLocation(policy.id(), at);
                findings.accept(finding(policy.namespace(), location, policy.id(), location.text() + " admits every"
                        + " source (any pod, any IP) on every port."));
            }
        });
    }

    /** {@code " of TCP"} for a Calico rule limited to one protocol. */
    static String protocols(dev.netpolauditor.model.calico.CalicoRule rule) {
        return rule.protocol() == null ? "" : " of " + rule.protocol();
    }
}
