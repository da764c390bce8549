package dev.netpolauditor.analysis.rules;

import dev.netpolauditor.analysis.AuditInput;
import dev.netpolauditor.analysis.CatalogRule;
import dev.netpolauditor.analysis.Finding;
import dev.netpolauditor.analysis.FindingSubject.Kind;
import dev.netpolauditor.analysis.FindingSubject.PolicyLocation;
import dev.netpolauditor.analysis.Locations;
import dev.netpolauditor.analysis.Severity;
import dev.netpolauditor.model.RuleAction;
import java.util.function.Consumer;

/** NP-PERM-005: A rule restricts peers but not ports: the listed peers may use every port. */
public final class PeersWithoutPorts extends CatalogRule {
    public PeersWithoutPorts() {
        super("NP-PERM-005", Severity.LOW, Kind.POLICY_LOCATION,
                "A rule restricts peers but not ports: the listed peers may use every port.");
    }

    @Override
    public void check(AuditInput input, Consumer<Finding> findings) {
        EffectiveRules.forEach(input, (p, policy, direction, r, rule) -> {
            if (!rule.allPeers() && rule.allPorts()) {
                PolicyLocation location = Locations.rule(policy, direction, r);
                findings.accept(finding(policy.namespace(), location, policy.id(), location
                        + " restricts which peers but not which ports: they may use every protocol and port."));
            }
        });
        ClusterTierRules.forEach(input, (policy, direction, r, rule) -> {
            if (rule.action() == RuleAction.ACCEPT && rule.allPorts() && !rule.peers().stream()
                    .allMatch(peer -> AnyNamespacePeer.anyNamespace(peer) || WholeInternetPeer.wholeInternet(peer))) {
                PolicyLocation location = Locations.rule(policy, direction, r);
                findings.accept(finding(null, location, policy.id(), location.text() + " accepts the peers it names on every "
                        + "protocol and port: it restricts which peers but not which ports."));
            }
        });
        PluginSites.calicoRules(input, (policy, direction, r, rule) -> {
            if (PluginPermissions.opens(rule) && !PluginPermissions.anyPeer(rule, direction)
                    && PluginPermissions.anyPort(rule)) {
                PolicyLocation location = new PolicyLocation(policy.id(), PluginSites.rule(direction, r));
                findings.accept(finding(policy.namespace(), location, policy.id(), location.text() + " restricts which"
                        + " peers but not which ports: they may use every port" + AllowAllIngressRule.protocols(rule)
                        + "."));
            }
        });
        PluginSites.ciliumEntries(input, (policy, rule, direction, deny, i, entry, at) -> {
            if (!deny && PluginPermissions.opens(entry) && !PluginPermissions.anyPeer(entry)
                    && PluginPermissions.anyPort(entry)) {
                PolicyLocation location = new PolicyLocation(policy.id(), at);
                findings.accept(finding(policy.namespace(), location, policy.id(), location.text() + " restricts which"
                        + " peers but not which ports: they may use every protocol and port."));
            }
        });
    }
}
