package dev.netpolauditor.analysis.diff;

import java.util.Comparator;

/**
 * An object of a kind that matters present on one side only, or on both with a different
 * meaning. {@code namespace} is null for a Namespace; {@code detail} says what changed, for people.
 */
public record ObjectChange(Change change, String kind, String namespace, String name, String detail) {

    /** The contract's order: kind, namespace (null first), name. */
    public static final Comparator<ObjectChange> ORDER = Comparator.comparing(ObjectChange::kind)
            .thenComparing(ObjectChange::namespace, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(ObjectChange::name);

    public enum Change {
        ADDED, REMOVED, CHANGED;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** {@code namespace/name}, or the name alone for a Namespace. */
    public String id() {
        return namespace == null ? name : namespace + "/" + name;
    }
}
