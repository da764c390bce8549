package dev.netpolauditor.engine;

import java.util.List;

/**
 * One side of a connection over all ports: the source's egress or the destination's
 * ingress. {@code isolatingPolicies} is empty when no policy isolates the pod in that
 * direction (then everything is allowed); {@code contributions} lists each rule that admits
 * something, with the ports it admits, in policy and rule order.
 */
public record SideExplanation(boolean applicable, List<String> isolatingPolicies, List<Contribution> contributions,
        PortSet allowed) {

    /** A rule and the ports it admits for this connection. */
    public record Contribution(RuleRef rule, PortSet ports) {}

    public SideExplanation {
        isolatingPolicies = List.copyOf(isolatingPolicies);
        contributions = List.copyOf(contributions);
    }

    public boolean isolated() {
        return !isolatingPolicies.isEmpty();
    }

    /** The side of an IP endpoint: it has no policies; the other side decides alone. */
    static SideExplanation notApplicable() {
        return new SideExplanation(false, List.of(), List.of(), PortSet.ALL);
    }
}
