package dev.netpolauditor.model;

/** A direction a NetworkPolicy can isolate. */
public enum PolicyType {
    INGRESS("Ingress"), EGRESS("Egress");

    private final String wireName;

    PolicyType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The type spelled as in {@code spec.policyTypes}, or null. */
    public static PolicyType byWireName(String name) {
        for (PolicyType t : values()) {
            if (t.wireName.equals(name)) {
                return t;
            }
        }
        return null;
    }
}
