package dev.netpolauditor.analysis.rules;

import dev.netpolauditor.analysis.AuditInput;
import dev.netpolauditor.model.NetworkPolicy;
import dev.netpolauditor.model.PolicyType;
import dev.netpolauditor.model.Rule;

/**
 * Walks the rules that take effect: those of a direction in their policy's effective types.
 * (Rules of an ignored direction concern only NP-COV-010.)
 */
final class EffectiveRules {
    private EffectiveRules() {}

    interface Visitor {
        void visit(int policyIndex, NetworkPolicy policy, PolicyType direction, int ruleIndex, Rule rule);
    }

    static void forEach(AuditInput input, Visitor visitor) {
        var policies = input.cluster().policies();
        for (int p = 0; p < policies.size(); p++) {
            NetworkPolicy policy = policies.get(p);
            for (PolicyType direction : PolicyType.values()) {
                if (!policy.governs(direction)) {
                    continue;
                }
                var rules = policy.rules(direction);
                for (int r = 0; r < rules.size(); r++) {
                    visitor.visit(p, policy, direction, r, rules.get(r));
                }
            }
        }
    }
}
