package dev.netpolauditor.engine;

import dev.netpolauditor.model.NetworkPolicy;
import dev.netpolauditor.model.PolicyType;
import java.util.List;

/**
 * A policy decided once: the groups it selects (sorted ids), the directions it isolates, and
 * its rules. Rules of a direction outside the effective types are compiled but never consulted.
 */
record CompiledPolicy(
        NetworkPolicy source,
        int[] selected,
        boolean isolatesIngress,
        boolean isolatesEgress,
        List<CompiledRule> ingress,
        List<CompiledRule> egress) {

    String id() {
        return source.id();
    }

    boolean governs(PolicyType direction) {
        return direction == PolicyType.INGRESS ? isolatesIngress : isolatesEgress;
    }

    List<CompiledRule> rules(PolicyType direction) {
        return direction == PolicyType.INGRESS ? ingress : egress;
    }
}
