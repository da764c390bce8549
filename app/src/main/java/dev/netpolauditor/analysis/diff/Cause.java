package dev.netpolauditor.analysis.diff;

import dev.netpolauditor.engine.RuleRef;
import java.util.Locale;

/**
 * One object change that produced a connectivity change, as {@link ChangeAttribution} found
 * it: what kind of cause, the object ({@code objectKind} Pod, a workload kind, Namespace,
 * NetworkPolicy, a cluster-tier kind, or null for an IP endpoint; {@code namespace} null for a
 * Namespace, a cluster-tier policy or an IP), the rule concerned if any, and a sentence for people, e.g. {@code policy
 * prod/db-net-policy ingress[1] added}.
 */
public record Cause(Kind kind, String objectKind, String namespace, String name, RuleRef rule, String text) {

    public enum Kind {
        /** An endpoint exists on the {@code to} side only: pod or workload added, no longer terminated or on the host network, IP given. */
        ENDPOINT_ADDED,
        /** An endpoint exists on the {@code from} side only. */
        ENDPOINT_REMOVED,
        /** A policy that isolates one end exists on the {@code to} side only. */
        POLICY_ADDED,
        /** A policy that isolated one end exists on the {@code from} side only. */
        POLICY_REMOVED,
        /** A policy's podSelector or policyTypes changed: it now isolates one end, or no longer does. */
        POLICY_SELECTION,
        /** A rule of a policy isolating one end on both sides exists on the {@code to} side only. */
        RULE_ADDED,
        /** A rule exists on the {@code from} side only. */
        RULE_REMOVED,
        /** A rule was edited in place (same index, other content). */
        RULE_CHANGED,
        /** Pod or template labels changed: a policy now selects the pod (or stops), or a rule's peer now matches it (or stops). */
        POD_LABELS,
        /** A namespace's labels changed: a rule's namespaceSelector now matches it, or stops. */
        NAMESPACE_LABELS,
        /** A named container port of the receiving endpoint resolves differently. */
        NAMED_PORT,
        /** A cluster-tier policy's priority (or tier) changed, so its rules are checked in another order. */
        PRIORITY_CHANGED,
        /** A cluster-tier rule's action changed (Accept, Deny, Pass). */
        ACTION_CHANGED,
        /** A cluster-tier rule moved to another place in its policy's order. */
        RULE_REORDERED,
        /** No object change could be tied to the change (a limit of the attribution, never expected). */
        UNATTRIBUTED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** {@code namespace/name}, the name alone for a Namespace or an IP, or null. */
    public String object() {
        return name == null ? null : namespace == null ? name : namespace + "/" + name;
    }
}
