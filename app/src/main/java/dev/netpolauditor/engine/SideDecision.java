package dev.netpolauditor.engine;

import java.util.List;

/**
 * How one side of a connection decided: the source's egress, or the destination's ingress.
 */
public sealed interface SideDecision {

    boolean allows();

    /** No policy isolates this pod in this direction, so everything is allowed. */
    record NotIsolated() implements SideDecision {
        public boolean allows() {
            return true;
        }
    }

    /** The side is an IP endpoint: it has no policies; the other side alone decides. */
    record NotApplicable() implements SideDecision {
        public boolean allows() {
            return true;
        }
    }

    /** The pod is isolated, and these rules admit the connection. */
    record AllowedBy(List<RuleRef> rules) implements SideDecision {
        public AllowedBy {
            rules = List.copyOf(rules);
        }

        public boolean allows() {
            return true;
        }
    }

    /** The pod is isolated by these policies, and none of their rules admits the connection. */
    record Refused(List<String> isolatingPolicies) implements SideDecision {
        public Refused {
            isolatingPolicies = List.copyOf(isolatingPolicies);
        }

        public boolean allows() {
            return false;
        }
    }
}
