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

/** NP-PERM-007: A rule restricts ports but not peers: any source or destination may use those ports (often a '- ports:' entry written as its own rule). */
public final class PortsWithoutPeers extends CatalogRule {
    public PortsWithoutPeers() {
        super("NP-PERM-007", Severity.MEDIUM, Kind.POLICY_LOCATION,
                "A rule restricts ports but not peers: any source or destination may use those ports (often a '- ports:' entry written as its own rule).",
                Control.ISO_27001_A_8_22);
    }

    @Override
    public void check(AuditInput input, Consumer<Finding> findings) {
        EffectiveRules.forEach(input, (p, policy, direction, r, rule) -> {
            if (rule.allPeers() && !rule.allPorts()) {
                PolicyLocation location = Locations.rule(policy, direction, r);
                String who = direction == PolicyType.INGRESS ? "any source (any pod, any namespace, any IP)"
                        : "any destination (any pod, any IP)";
                String hint = r == 0
                        ? "If these ports were meant to go with a '" + Locations.peersKey(direction)
                                + ":' list, write them in the same '-' entry as that list."
                        : "If this was meant to go with the rule before it (" + Locations.lower(direction) + "["
                                + (r - 1) + "]), 'ports:' must not start a new '-' entry.";
                findings.accept(finding(policy.namespace(), location, policy.id(), location.text() + " restricts ports but "
                        + "not peers: " + who + " on those ports. " + hint));
            }
        });
        PluginSites.calicoRules(input, (policy, direction, r, rule) -> {
            if (PluginPermissions.opens(rule) && PluginPermissions.anyPeer(rule, direction)
                    && !PluginPermissions.anyPort(rule)) {
                PolicyLocation location = new PolicyLocation(policy.id(), PluginSites.rule(direction, r));
                String who = direction == PolicyType.INGRESS ? "any source (any pod, any namespace, any IP)"
                        : "any destination (any pod, any IP)";
                findings.accept(finding(policy.namespace(), location, policy.id(), location.text() + " restricts ports"
                        + " but not peers: " + who + " on those ports. Name the peers in its "
                        + PluginSites.peerSide(direction) + " if only some were meant."));
            }
        });
        PluginSites.ciliumEntries(input, (policy, rule, direction, deny, i, entry, at) -> {
            if (!deny && PluginPermissions.opens(entry) && PluginPermissions.anyPeer(entry)
                    && !PluginPermissions.anyPort(entry)) {
                PolicyLocation location = new PolicyLocation(policy.id(), at);
                String who = direction == PolicyType.INGRESS ? "any source (any pod, any IP)"
                        : "any destination (any pod, any IP)";
                findings.accept(finding(policy.namespace(), location, policy.id(), location.text() + " restricts ports"
                        + " but not peers: " + who + " on those ports."));
            }
        });
    }
}
