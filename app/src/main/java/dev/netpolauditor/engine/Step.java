package dev.netpolauditor.engine;

import java.util.List;

/**
 * One step of a side's decision (a tier): its rules, checked in order (the first that matches
 * a port decides it: allow, deny, or pass it on to the next step) or, for a {@code union} step,
 * together (order never matters); then, where the step {@code applies}, what no rule decided is
 * denied when {@code denyRest} (a Calico tier's {@code Deny} default action, the NetworkPolicy
 * tier of an isolated endpoint); otherwise it goes on to the next step. What no step decides
 * is allowed.
 *
 * <p>{@code applies} is a bitset over member groups (null: every member group); a step does
 * nothing for a subject it does not apply to. {@code maskRules}: rules count only for subjects
 * it applies to (their subjects may be wider: a Cilium allow entry counts where the endpoint is
 * isolated). {@code allowedBy}, {@code deniedBy} and {@code policies} name the step in
 * explanations: who allowed the ports a union step took, who denied the rest; {@code owner}: the
 * step holds the namespace owners' NetworkPolicies (explanations list them as isolating); and
 * {@code policies} the policies that take part, in order (the step applies where one selects).
 */
record Step(String name, boolean union, List<StepRule> rules, long[] applies, boolean maskRules, boolean denyRest,
        SideExplanation.Decider allowedBy, SideExplanation.Decider deniedBy, boolean owner, List<Policy> policies) {

    Step {
        rules = List.copyOf(rules);
        policies = List.copyOf(policies);
    }

    /** A policy that takes part in the step, and the member groups it selects for it (sorted). */
    record Policy(String id, int[] selected) {
        boolean selects(int memberGroup) {
            return java.util.Arrays.binarySearch(selected, memberGroup) >= 0;
        }
    }

    boolean appliesTo(int memberGroup) {
        return applies == null || (applies[memberGroup >>> 6] & (1L << memberGroup)) != 0;
    }
}
