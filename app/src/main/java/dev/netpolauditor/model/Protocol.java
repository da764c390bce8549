package dev.netpolauditor.model;

/** Transport protocols of NetworkPolicy ports, in the canonical output order (SCTP < TCP < UDP). */
public enum Protocol {
    SCTP, TCP, UDP;

    /** The protocol named exactly (case-sensitive, as the API server requires), or null. */
    public static Protocol byName(String name) {
        for (Protocol p : values()) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        return null;
    }
}
