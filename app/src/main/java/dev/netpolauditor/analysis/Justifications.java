package dev.netpolauditor.analysis;

import java.util.List;

/**
 * Whether an analysis requires every opening rule to be justified (NP-JUST-001), and the
 * justifications it knows. Off unless a justifications file is given ({@code --justifications})
 * or the service's justification tracking is on for the cluster: then the rule never fires and
 * nothing else in the catalog changes.
 */
public record Justifications(boolean required, List<Justification> entries) {

    /** Justifications not enabled. */
    public static final Justifications OFF = new Justifications(false, List.of());

    public Justifications {
        entries = List.copyOf(entries);
        if (!required && !entries.isEmpty()) {
            throw new IllegalArgumentException("justifications given but not required");
        }
    }

    /** Enabled, with these justifications (possibly none). */
    public static Justifications required(List<Justification> entries) {
        return new Justifications(true, entries);
    }
}
