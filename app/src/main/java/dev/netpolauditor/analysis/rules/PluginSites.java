package dev.netpolauditor.analysis.rules;

import dev.netpolauditor.analysis.AuditInput;
import dev.netpolauditor.model.PolicyType;
import dev.netpolauditor.model.calico.CalicoPolicy;
import dev.netpolauditor.model.calico.CalicoRule;
import dev.netpolauditor.model.cilium.CiliumEntry;
import dev.netpolauditor.model.cilium.CiliumPolicy;
import dev.netpolauditor.model.cilium.CiliumRule;
import java.util.List;

/**
 * The rules of the network plugins' policies that the catalog reads (cni-policies.md, Findings):
 * Calico rules of the directions of each policy's effective types (host-endpoint-only
 * policies aside), and the entries of Cilium rules the agent enforces (refused objects and
 * host policies aside), with their locations.
 */
final class PluginSites {
    private PluginSites() {}

    interface CalicoVisitor {
        void visit(CalicoPolicy policy, PolicyType direction, int index, CalicoRule rule);
    }

    static void calicoRules(AuditInput input, CalicoVisitor visitor) {
        for (CalicoPolicy policy : input.cluster().plugins().calico().policies()) {
            if (policy.hostEndpointsOnly()) {
                continue;
            }
            for (PolicyType direction : policy.effectiveTypes()) {
                List<CalicoRule> rules = policy.rules(direction);
                for (int r = 0; r < rules.size(); r++) {
                    visitor.visit(policy, direction, r, rules.get(r));
                }
            }
        }
    }

    /** {@code ingress[0]}: a Calico rule's location in its policy. */
    static String rule(PolicyType direction, int index) {
        return direction.wireName().toLowerCase(java.util.Locale.ROOT) + "[" + index + "]";
    }

    /** {@code source} or {@code destination}: the field of a Calico rule's side on the other end from the subject. */
    static String peerSide(PolicyType direction) {
        return direction == PolicyType.INGRESS ? "source" : "destination";
    }

    interface CiliumVisitor {
        /** {@code location}: {@code ingress[0]}, {@code specs[1].egressDeny[0]}. */
        void visit(CiliumPolicy policy, CiliumRule rule, PolicyType direction, boolean deny, int index,
                CiliumEntry entry, String location);
    }

    static void ciliumEntries(AuditInput input, CiliumVisitor visitor) {
        for (CiliumPolicy policy : input.cluster().plugins().cilium().policies()) {
            if (!policy.enforced()) {
                continue;
            }
            for (CiliumRule rule : policy.rules()) {
                if (rule.hostPolicy()) {
                    continue;
                }
                for (PolicyType direction : PolicyType.values()) {
                    for (boolean deny : new boolean[] {false, true}) {
                        List<CiliumEntry> entries = deny ? rule.denies(direction) : rule.allows(direction);
                        String field = deny ? CiliumRule.denyField(direction) : CiliumRule.allowField(direction);
                        for (int i = 0; i < entries.size(); i++) {
                            visitor.visit(policy, rule, direction, deny, i, entries.get(i),
                                    rule.location(field) + "[" + i + "]");
                        }
                    }
                }
            }
        }
    }
}
