package dev.netpolauditor.model;

/** Which endpoints a cluster-tier policy applies to ({@code spec.subject}). */
public sealed interface TierSubject {

    /** Every pod endpoint of the namespaces the selector matches. */
    record Namespaces(LabelSelector namespaceSelector) implements TierSubject {}

    /**
     * The pod endpoints matching {@code podSelector} in the namespaces {@code namespaceSelector}
     * matches; a null {@code namespaceSelector} (v1alpha2 only) means every namespace.
     */
    record Pods(LabelSelector namespaceSelector, LabelSelector podSelector) implements TierSubject {}

    /** A subject with only fields this version does not know: it selects nothing (fails closed). */
    record Unknown() implements TierSubject {}
}
