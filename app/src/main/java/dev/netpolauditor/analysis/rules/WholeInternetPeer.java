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
import dev.netpolauditor.model.PolicyType;
import dev.netpolauditor.model.RuleAction;
import dev.netpolauditor.model.TierPeer;
import java.util.function.Consumer;

/** NP-PERM-004: An ipBlock's cidr has prefix length 0 (0.0.0.0/0, ::/0): the whole internet. */
public final class WholeInternetPeer extends CatalogRule {
    public WholeInternetPeer() {
        super("NP-PERM-004", Severity.HIGH, Kind.POLICY_LOCATION,
                "An ipBlock's cidr has prefix length 0 (0.0.0.0/0, ::/0): the whole internet.",
                Control.PCI_DSS_1_4, Control.SOC2_CC6_6, Control.NIST_800_53_SC_7);
    }

    @Override
    public void check(AuditInput input, Consumer<Finding> findings) {
        EffectiveRules.forEach(input, (p, policy, direction, r, rule) -> {
            for (int k = 0; k < rule.peers().size(); k++) {
                if (rule.peers().get(k) instanceof Peer.IpBlock block && block.cidr().prefix() == 0) {
                    PolicyLocation location = Locations.peer(policy, direction, r, k);
                    String flow = direction == PolicyType.INGRESS ? "admits connections from" : "allows connections to";
                    findings.accept(finding(policy.namespace(), location, policy.id(), location.text() + " " + flow
                            + " the whole internet (" + block.cidr() + (block.except().isEmpty() ? ""
                            : " except " + block.except()) + ")."));
                }
            }
        });
        ClusterTierRules.forEach(input, (policy, direction, r, rule) -> {
            if (rule.action() != RuleAction.ACCEPT) {
                return;
            }
            for (int k = 0; k < rule.peers().size(); k++) {
                if (wholeInternet(rule.peers().get(k))) {
                    PolicyLocation location = Locations.peer(policy, direction, r, k);
                    findings.accept(finding(null, location, policy.id(), location.text() + " allows connections to the "
                            + "whole internet (" + Locations.peer(rule.peers().get(k)) + ")."));
                }
            }
        });
        PluginSites.calicoRules(input, (policy, direction, r, rule) -> {
            if (!PluginPermissions.opens(rule)) {
                return;
            }
            var nets = PluginPermissions.peer(rule, direction).nets();
            for (int k = 0; k < nets.size(); k++) {
                if (nets.get(k).prefix() == 0) {
                    PolicyLocation location = new PolicyLocation(policy.id(), PluginSites.rule(direction, r) + "."
                            + PluginSites.peerSide(direction) + ".nets[" + k + "]");
                    String flow = direction == PolicyType.INGRESS ? "admits connections from" : "allows connections to";
                    findings.accept(finding(policy.namespace(), location, policy.id(), location.text() + " " + flow
                            + " the whole internet (" + nets.get(k).text() + ")."));
                }
            }
        });
        PluginSites.ciliumEntries(input, (policy, rule, direction, deny, i, entry, at) -> {
            if (deny) {
                return;
            }
            for (var peer : entry.peers()) {
                if (PluginPermissions.wholeInternet(peer)) {
                    PolicyLocation location = new PolicyLocation(policy.id(), peer.location());
                    String flow = direction == PolicyType.INGRESS ? "admits connections from" : "allows connections to";
                    findings.accept(finding(policy.namespace(), location, policy.id(), location.text() + " " + flow
                            + " the whole internet (" + (peer instanceof dev.netpolauditor.model.cilium.CiliumPeer.Cidrs c
                                    ? c.cidr().text() : "the entity " + ((dev.netpolauditor.model.cilium.CiliumPeer.Entity)
                                            peer).entity().wireName()) + ")."));
                }
            }
        });
    }

    /** A {@code networks} peer listing a whole address family. */
    static boolean wholeInternet(TierPeer peer) {
        return peer instanceof TierPeer.Networks n && n.wholeFamily();
    }
}
