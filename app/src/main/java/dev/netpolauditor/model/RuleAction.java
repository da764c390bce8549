package dev.netpolauditor.model;

/**
 * What a cluster-tier rule does with the connections it matches: {@code Accept} (v1alpha1
 * {@code Allow}) allows, {@code Deny} denies, {@code Pass} leaves them to the next tier.
 */
public enum RuleAction {
    ACCEPT, DENY, PASS;

    /** How the rule's kind writes it: {@code Accept} or {@code Allow}, {@code Deny}, {@code Pass}. */
    public String wireName(ClusterPolicyKind kind) {
        return switch (this) {
            case ACCEPT -> kind == ClusterPolicyKind.ClusterNetworkPolicy ? "Accept" : "Allow";
            case DENY -> "Deny";
            case PASS -> "Pass";
        };
    }
}
