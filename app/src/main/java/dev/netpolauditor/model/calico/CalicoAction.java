package dev.netpolauditor.model.calico;

/** A Calico rule's {@code action}: Allow, Deny, Pass (to the next applying tier), Log (no verdict: the next rule). */
public enum CalicoAction {
    ALLOW("Allow"), DENY("Deny"), PASS("Pass"), LOG("Log");

    private final String wireName;

    CalicoAction(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The action spelled as Calico writes it (case-sensitive), or null. */
    public static CalicoAction byWireName(String name) {
        for (CalicoAction a : values()) {
            if (a.wireName.equals(name)) {
                return a;
            }
        }
        return null;
    }
}
