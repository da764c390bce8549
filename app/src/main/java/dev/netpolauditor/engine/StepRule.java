package dev.netpolauditor.engine;

import dev.netpolauditor.model.RuleAction;

/**
 * One rule as a step of a side's decision applies it: what it matches, what it does
 * ({@code ACCEPT} allows), the member groups it decides for ({@code subjects}, sorted: its
 * policy's selection, narrowed by criteria on the subject's own side), and how it is named.
 * {@code usage} is its id among the rules whose use is recorded ({@link RuleUsage}), or -1;
 * {@code overridesOwner}: what it allows, when the subject's own NetworkPolicies would deny it,
 * is an override of the namespace owner (NP-TIER-003). {@code decider} names it as the decider
 * of the ports it takes in a first-match step (null in a union step, which names itself).
 */
record StepRule(Matcher matcher, RuleAction action, int[] subjects, RuleRef ref, int usage, boolean overridesOwner,
        SideExplanation.Decider decider, String policy) {}
