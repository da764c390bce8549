package dev.netpolauditor.analysis.rules;

import dev.netpolauditor.analysis.AuditInput;
import dev.netpolauditor.engine.Endpoint;
import dev.netpolauditor.model.ClusterPolicy;
import dev.netpolauditor.model.ClusterPolicyKind;
import dev.netpolauditor.model.NetworkPolicy;
import dev.netpolauditor.model.PolicyTier;
import dev.netpolauditor.model.PolicyType;
import dev.netpolauditor.model.RuleAction;
import dev.netpolauditor.model.calico.CalicoAction;
import dev.netpolauditor.model.calico.CalicoPolicy;
import dev.netpolauditor.model.calico.CalicoRule;
import dev.netpolauditor.model.calico.CalicoTier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Calico's tiers as the findings read them (cni-policies.md, "Calico: deciding one side"): the
 * tiers (built in, given, and assumed for a name no Tier gives) and the policies placed in each
 * (Calico policies, v1 policies in {@code default} at order 1000, cluster-tier policies in
 * {@code kube-admin} and {@code kube-baseline} at their priority).
 */
final class CalicoTiers {
    private CalicoTiers() {}

    /** A policy in a tier: its id, namespace, order (null: last), whether cluster-tier, and per direction what it does. */
    record Placed(String id, String namespace, Double order, boolean clusterTier, Set<String> selected,
            Map<PolicyType, Actions> actions) {}

    /** What a placed policy does in a direction: whether it governs it, and the actions of its rules there. */
    record Actions(boolean governs, Set<CalicoAction> actions) {}

    /** Every tier by name ({@code kube-admin}, ...), in no particular order. */
    static Map<String, CalicoTier> tiers(AuditInput input) {
        return input.cluster().plugins().calico().tiersByName();
    }

    /** The policies placed in each tier, by tier name. */
    static Map<String, List<Placed>> placed(AuditInput input) {
        Map<String, List<Placed>> out = new LinkedHashMap<>();
        for (CalicoPolicy p : input.cluster().plugins().calico().policies()) {
            if (p.hostEndpointsOnly()) {
                continue;
            }
            Map<PolicyType, Actions> actions = new LinkedHashMap<>();
            for (PolicyType d : PolicyType.values()) {
                Set<CalicoAction> a = new TreeSet<>();
                p.rules(d).forEach(r -> a.add(r.action()));
                actions.put(d, new Actions(p.effectiveTypes().contains(d), a));
            }
            out.computeIfAbsent(p.tier(), k -> new ArrayList<>()).add(new Placed(p.id(), p.namespace(), p.order(),
                    false, names(input.compiled().selectedBy(p)), actions));
        }
        List<NetworkPolicy> v1 = input.cluster().policies();
        for (int i = 0; i < v1.size(); i++) {
            NetworkPolicy p = v1.get(i);
            Map<PolicyType, Actions> actions = new LinkedHashMap<>();
            for (PolicyType d : PolicyType.values()) {
                actions.put(d, new Actions(p.governs(d), p.rules(d).isEmpty() ? Set.of() : Set.of(CalicoAction.ALLOW)));
            }
            out.computeIfAbsent(CalicoTier.DEFAULT, k -> new ArrayList<>()).add(new Placed(p.id(), p.namespace(),
                    1000.0, false, names(input.compiled().selectedBy(i)), actions));
        }
        for (ClusterPolicy p : input.cluster().clusterPolicies()) {
            Map<PolicyType, Actions> actions = new LinkedHashMap<>();
            for (PolicyType d : PolicyType.values()) {
                Set<CalicoAction> a = new TreeSet<>();
                for (var r : p.rules(d)) {
                    a.add(r.action() == RuleAction.ACCEPT ? CalicoAction.ALLOW
                            : r.action() == RuleAction.DENY ? CalicoAction.DENY : CalicoAction.PASS);
                }
                actions.put(d, new Actions(!p.rules(d).isEmpty(), a));
            }
            String tier = p.tier() == PolicyTier.ADMIN ? CalicoTier.KUBE_ADMIN : CalicoTier.KUBE_BASELINE;
            double order = p.kind() == ClusterPolicyKind.BaselineAdminNetworkPolicy ? 1000 : p.priority();
            out.computeIfAbsent(tier, k -> new ArrayList<>()).add(new Placed(p.id(), null, order, true,
                    names(input.compiled().selectedBy(p)), actions));
        }
        return out;
    }

    private static Set<String> names(List<Endpoint.Pod> endpoints) {
        Set<String> out = new TreeSet<>();
        endpoints.forEach(e -> out.add(e.name()));
        return out;
    }

    /** The actions of a Calico rule list, as a set. */
    static Set<CalicoAction> actions(List<CalicoRule> rules) {
        Set<CalicoAction> out = new TreeSet<>();
        rules.forEach(r -> out.add(r.action()));
        return out;
    }
}
