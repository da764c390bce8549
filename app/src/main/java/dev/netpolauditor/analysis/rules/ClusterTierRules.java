package dev.netpolauditor.analysis.rules;

import dev.netpolauditor.analysis.AuditInput;
import dev.netpolauditor.model.ClusterPolicy;
import dev.netpolauditor.model.PolicyType;
import dev.netpolauditor.model.TierRule;
import java.util.List;

/** Every rule of every cluster-tier policy, in input order, for the rules of the catalog that read them. */
final class ClusterTierRules {
    private ClusterTierRules() {}

    interface Visitor {
        void visit(ClusterPolicy policy, PolicyType direction, int ruleIndex, TierRule rule);
    }

    static void forEach(AuditInput input, Visitor visitor) {
        for (ClusterPolicy policy : input.cluster().clusterPolicies()) {
            for (PolicyType direction : PolicyType.values()) {
                List<TierRule> rules = policy.rules(direction);
                for (int r = 0; r < rules.size(); r++) {
                    visitor.visit(policy, direction, r, rules.get(r));
                }
            }
        }
    }

    /** Whether a namespace's every endpoint falls under a cluster-tier policy with a deny-all rule in the direction. */
    static boolean namespaceBaseline(AuditInput input, String namespace, PolicyType direction) {
        var labels = input.namespaces().get(namespace).labels();
        for (ClusterPolicy policy : input.cluster().clusterPolicies()) {
            if (policy.rules(direction).stream().noneMatch(TierRule::denyAll)) {
                continue;
            }
            boolean whole = switch (policy.subject()) {
                case dev.netpolauditor.model.TierSubject.Namespaces n -> n.namespaceSelector().matches(labels);
                case dev.netpolauditor.model.TierSubject.Pods p -> p.podSelector().isEmpty()
                        && (p.namespaceSelector() == null || p.namespaceSelector().matches(labels));
                case dev.netpolauditor.model.TierSubject.Unknown u -> false;
            };
            if (whole) {
                return true;
            }
        }
        return false;
    }
}
