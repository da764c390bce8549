package dev.netpolauditor.engine;

import dev.netpolauditor.model.ClusterPolicy;
import dev.netpolauditor.model.PolicyType;
import java.util.List;

/**
 * A cluster-tier policy decided once: the member groups its subject selects (and their endpoint
 * groups), its rules, and its rank in its tier's order ({@link ClusterPolicy#ORDER}).
 */
record CompiledClusterPolicy(
        ClusterPolicy source,
        int rank,
        int[] selected,
        int[] selectedEndpointGroups,
        List<CompiledTierRule> ingress,
        List<CompiledTierRule> egress) {

    String id() {
        return source.id();
    }

    List<CompiledTierRule> rules(PolicyType direction) {
        return direction == PolicyType.INGRESS ? ingress : egress;
    }
}
