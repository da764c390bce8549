package dev.netpolauditor.analysis.rules;

import dev.netpolauditor.analysis.AuditInput;
import dev.netpolauditor.analysis.Finding;
import dev.netpolauditor.analysis.FindingRule;
import dev.netpolauditor.analysis.FindingSubject.Namespace;
import dev.netpolauditor.analysis.Locations;
import dev.netpolauditor.model.NetworkPolicy;
import dev.netpolauditor.model.PolicyType;
import java.util.function.Consumer;

/** NP-COV-003/004: the namespace-wide baseline check, one direction at a time. */
final class Baselines {
    private Baselines() {}

    static void check(FindingRule rule, AuditInput input, PolicyType direction, Consumer<Finding> findings) {
        for (String ns : input.endpointsByNamespace().keySet()) {
            boolean baseline = false;
            for (int p : input.policiesIn(ns)) {
                NetworkPolicy policy = input.cluster().policies().get(p);
                baseline |= policy.podSelector().isEmpty() && policy.governs(direction);
            }
            boolean tiers = !input.cluster().clusterPolicies().isEmpty();
            if (!baseline && tiers) {
                baseline = ClusterTierRules.namespaceBaseline(input, ns, direction);
            }
            if (!baseline) {
                baseline = pluginBaseline(input, ns, direction);
            }
            if (!baseline) {
                String dir = Locations.lower(direction);
                findings.accept(rule.finding(ns, new Namespace(ns), null, "Namespace " + ns + " has no namespace-wide " + dir
                        + " baseline: no network policy with an empty podSelector restricts " + dir
                        + (tiers ? ", and no cluster-tier deny-all rule covers the whole namespace." : ".")));
            }
        }
    }

    /**
     * A network plugin's namespace-wide baseline (cni-policies.md, Findings): a Calico NetworkPolicy
     * of the namespace, or a GlobalNetworkPolicy whose namespaceSelector is absent or matches it,
     * selecting every pod (no selector, or all()) with no serviceAccountSelector, of that type, in a
     * tier whose defaultAction is Deny; or a CiliumNetworkPolicy of the namespace, or a clusterwide
     * one, with {@code endpointSelector: {}} isolating that direction.
     */
    static boolean pluginBaseline(AuditInput input, String namespace, PolicyType direction) {
        var tiers = CalicoTiers.tiers(input);
        var nsLabels = new java.util.HashMap<>(input.namespaces().get(namespace).labels());
        nsLabels.put("projectcalico.org/name", namespace);
        for (var p : input.cluster().plugins().calico().policies()) {
            boolean scope = p.global() ? p.namespaceSelector() == null || p.namespaceSelector().matches(nsLabels)
                    : p.namespace().equals(namespace);
            if (scope && !p.hostEndpointsOnly() && p.selector().isAll() && p.serviceAccountSelector() == null
                    && p.effectiveTypes().contains(direction)
                    && tiers.get(p.tier()).defaultAction() == dev.netpolauditor.model.calico.CalicoTier.TierDefault.DENY) {
                return true;
            }
        }
        var config = input.cluster().plugins().cilium().config();
        for (var p : input.cluster().plugins().cilium().policies()) {
            if (!p.enforced() || (p.namespace() != null && !p.namespace().equals(namespace))) {
                continue;
            }
            for (var rule : p.rules()) {
                if (!rule.hostPolicy() && rule.endpointSelector().isEmpty()
                        && dev.netpolauditor.engine.CiliumIsolation.isolates(rule, direction, config)) {
                    return true;
                }
            }
        }
        return false;
    }
}
