package dev.netpolauditor.engine;

import dev.netpolauditor.model.PolicyTier;
import dev.netpolauditor.model.RuleAction;
import java.util.List;

/**
 * How one side of a connection decided one port: the source's egress, or the destination's
 * ingress. {@code passedBy} is the cluster-tier Pass rule that left the port to a later tier,
 * or null.
 */
public sealed interface SideDecision {

    boolean allows();

    /** Nothing decided: no cluster-tier rule matched and no NetworkPolicy isolates this endpoint, so it is allowed. */
    record NotIsolated(RuleRef passedBy) implements SideDecision {
        public NotIsolated() {
            this(null);
        }

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

    /** A cluster-tier rule matched first and decided: Accept allows, Deny denies. */
    record DecidedByRule(RuleRef rule, PolicyTier tier, RuleAction action, RuleRef passedBy) implements SideDecision {
        public boolean allows() {
            return action == RuleAction.ACCEPT;
        }
    }

    /** NetworkPolicies isolate the endpoint, and these rules admit the connection. */
    record AllowedBy(List<RuleRef> rules, RuleRef passedBy) implements SideDecision {
        public AllowedBy {
            rules = List.copyOf(rules);
        }

        public AllowedBy(List<RuleRef> rules) {
            this(rules, null);
        }

        public boolean allows() {
            return true;
        }
    }

    /** NetworkPolicies isolate the endpoint, and none of their rules admits the connection. */
    record Refused(List<String> isolatingPolicies, RuleRef passedBy) implements SideDecision {
        public Refused {
            isolatingPolicies = List.copyOf(isolatingPolicies);
        }

        public Refused(List<String> isolatingPolicies) {
            this(isolatingPolicies, null);
        }

        public boolean allows() {
            return false;
        }
    }

    /** A network plugin's model decided (a Calico tier's rule or default action, its profile, Cilium's pool or a deny entry). */
    record ByPlugin(SideExplanation.Decider by, RuleRef passedBy) implements SideDecision {
        public boolean allows() {
            return by.allows();
        }
    }
}
