package dev.netpolauditor.analysis.rules;

import dev.netpolauditor.analysis.AuditInput;
import dev.netpolauditor.analysis.CatalogRule;
import dev.netpolauditor.analysis.Control;
import dev.netpolauditor.analysis.Finding;
import dev.netpolauditor.analysis.FindingSubject.Kind;
import dev.netpolauditor.analysis.FindingSubject.PolicyLocation;
import dev.netpolauditor.analysis.Locations;
import dev.netpolauditor.analysis.Severity;
import dev.netpolauditor.model.Peer;
import dev.netpolauditor.model.RuleAction;
import dev.netpolauditor.model.TierPeer;
import java.util.function.Consumer;

/** NP-PERM-003: A peer has an empty namespaceSelector: it matches any namespace of the cluster. */
public final class AnyNamespacePeer extends CatalogRule {
    public AnyNamespacePeer() {
        super("NP-PERM-003", Severity.MEDIUM, Kind.POLICY_LOCATION,
                "A peer has an empty namespaceSelector: it matches any namespace of the cluster.",
                Control.ISO_27001_A_8_22, Control.PCI_DSS_1_3);
    }

    @Override
    public void check(AuditInput input, Consumer<Finding> findings) {
        EffectiveRules.forEach(input, (p, policy, direction, r, rule) -> {
            for (int k = 0; k < rule.peers().size(); k++) {
                if (rule.peers().get(k) instanceof Peer.Selectors s && s.namespaceSelector() != null
                        && s.namespaceSelector().isEmpty()) {
                    PolicyLocation location = Locations.peer(policy, direction, r, k);
                    String pods = s.podSelector() == null || s.podSelector().isEmpty() ? "every pod"
                            : "pods " + Locations.selector(s.podSelector());
                    String detail = location.text() + " matches " + pods + " in any namespace of the cluster (empty "
                            + "namespaceSelector), including namespaces created later.";
                    if (RoutinePatterns.dnsOnly(direction, rule)) {
                        findings.accept(routineFinding(policy.namespace(), location, policy.id(), detail
                                + " The rule opens only DNS ports, as hardening guides recommend for reaching the "
                                + "cluster's DNS servers; naming their namespace would narrow it."));
                    } else {
                        findings.accept(finding(policy.namespace(), location, policy.id(), detail));
                    }
                }
            }
        });
        ClusterTierRules.forEach(input, (policy, direction, r, rule) -> {
            if (rule.action() != RuleAction.ACCEPT) {
                return; // a Deny or Pass rule opens nothing
            }
            for (int k = 0; k < rule.peers().size(); k++) {
                if (anyNamespace(rule.peers().get(k))) {
                    PolicyLocation location = Locations.peer(policy, direction, r, k);
                    findings.accept(finding(null, location, policy.id(), location.text() + " ("
                            + Locations.peer(rule.peers().get(k)) + ") matches pods in any namespace of the cluster, "
                            + "including namespaces created later."));
                }
            }
        });
        PluginSites.calicoRules(input, (policy, direction, r, rule) -> {
            var side = PluginPermissions.peer(rule, direction);
            if (PluginPermissions.opens(rule) && PluginPermissions.anyNamespace(policy, side)) {
                PolicyLocation location = new PolicyLocation(policy.id(), PluginSites.rule(direction, r) + "."
                        + PluginSites.peerSide(direction));
                findings.accept(finding(policy.namespace(), location, policy.id(), location.text() + " matches "
                        + (side.selector() == null ? "every pod" : "pods (" + side.selector().print() + ")")
                        + " in any namespace of the cluster" + (side.namespaceSelector() != null
                                ? " (namespaceSelector all())" : " (a GlobalNetworkPolicy's selector without a"
                                        + " namespaceSelector)") + ", including namespaces created later."));
            }
        });
        PluginSites.ciliumEntries(input, (policy, rule, direction, deny, i, entry, at) -> {
            if (deny) {
                return;
            }
            for (var peer : entry.peers()) {
                if (PluginPermissions.anyNamespace(policy, peer)) {
                    PolicyLocation location = new PolicyLocation(policy.id(), peer.location());
                    findings.accept(finding(policy.namespace(), location, policy.id(), location.text()
                            + (peer instanceof dev.netpolauditor.model.cilium.CiliumPeer.Entity
                                    ? " (the entity cluster) matches every pod of the cluster"
                                    : " matches pods in any namespace of the cluster")
                            + ", including namespaces created later."));
                }
            }
        });
    }

    /** A cluster-tier peer of any namespace: {@code namespaces: {}}, or {@code pods} without a namespace restriction. */
    static boolean anyNamespace(TierPeer peer) {
        return switch (peer) {
            case TierPeer.Namespaces n -> n.namespaceSelector().isEmpty();
            case TierPeer.Pods p -> p.namespaceSelector() == null || p.namespaceSelector().isEmpty();
            default -> false;
        };
    }
}
