package dev.netpolauditor.model.calico;

import java.util.List;

/** Calico's own objects of a cluster in input order: tiers as given, policies, network sets, staged policies. */
public record CalicoObjects(List<CalicoTier> tiers, List<CalicoPolicy> policies, List<NetworkSet> networkSets,
        List<StagedPolicy> staged) {
    public static final CalicoObjects NONE = new CalicoObjects(List.of(), List.of(), List.of(), List.of());

    public CalicoObjects {
        tiers = List.copyOf(tiers);
        policies = List.copyOf(policies);
        networkSets = List.copyOf(networkSets);
        staged = List.copyOf(staged);
    }

    public boolean isEmpty() {
        return tiers.isEmpty() && policies.isEmpty() && networkSets.isEmpty() && staged.isEmpty();
    }
}
