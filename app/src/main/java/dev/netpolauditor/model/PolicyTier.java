package dev.netpolauditor.model;

/**
 * Where a cluster-scoped policy sits among the tiers: Admin (checked before NetworkPolicies,
 * namespace owners cannot override it) or Baseline (checked after them, a default they may
 * override).
 */
public enum PolicyTier {
    ADMIN("Admin"), BASELINE("Baseline");

    private final String wireName;

    PolicyTier(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The tier spelled as in {@code spec.tier}, or null. */
    public static PolicyTier byWireName(String name) {
        for (PolicyTier t : values()) {
            if (t.wireName.equals(name)) {
                return t;
            }
        }
        return null;
    }
}
