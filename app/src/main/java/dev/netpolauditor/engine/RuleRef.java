package dev.netpolauditor.engine;

import dev.netpolauditor.model.PolicyType;

/** A rule of a policy: {@code prod/db-policy ingress[1]}. */
public record RuleRef(String policy, PolicyType direction, int index) {
    @Override
    public String toString() {
        return policy + " " + direction.wireName().toLowerCase() + "[" + index + "]";
    }
}
