package dev.netpolauditor.engine;

import dev.netpolauditor.model.PolicyType;

/**
 * A rule of a policy: {@code prod/db-policy ingress[1]}. {@code field} is the list the rule is
 * in when that is not named after its direction (a Cilium {@code ingressDeny}, a rule of
 * {@code specs[2]}: {@code specs[2].egress}); null otherwise.
 */
public record RuleRef(String policy, PolicyType direction, int index, String field) {

    public RuleRef(String policy, PolicyType direction, int index) {
        this(policy, direction, index, null);
    }

    /** {@code ingress[1]}, {@code specs[2].egressDeny[0]}: the rule's location inside its policy. */
    public String location() {
        return (field != null ? field : direction.wireName().toLowerCase()) + "[" + index + "]";
    }

    @Override
    public String toString() {
        return policy + " " + location();
    }
}
