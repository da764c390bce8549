package dev.netpolauditor.engine;

import dev.netpolauditor.model.NetworkPolicy;
import dev.netpolauditor.model.PolicyType;
import java.util.List;

/**
 * A policy decided once: the member groups it selects (sorted ids) and the endpoint groups they
 * belong to, the directions it isolates, and its rules. Rules of a direction outside the
 * effective types are compiled but never consulted.
 */
record CompiledPolicy(
        NetworkPolicy source,
        int[] selected,
        int[] selectedEndpointGroups,
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
