package dev.netpolauditor.model.calico;

import dev.netpolauditor.model.SourceRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    /**
     * Every tier that counts, by name: the built-in ones, those given (in their place), and a tier
     * that a policy names but nobody gave, assumed without order and {@code Deny} <b>(choice;
     * NP-CAL-003)</b>.
     */
    public Map<String, CalicoTier> tiersByName() {
        Map<String, CalicoTier> out = new LinkedHashMap<>();
        for (CalicoTier t : CalicoTier.BUILT_IN) {
            out.put(t.name(), t);
        }
        for (CalicoTier t : tiers) {
            out.put(t.name(), t);
        }
        for (CalicoPolicy p : policies) {
            out.putIfAbsent(p.tier(), new CalicoTier(p.tier(), null, CalicoTier.TierDefault.DENY, SourceRef.NONE));
        }
        return out;
    }

    /** {@link #tiersByName()} in the walk's order ({@link CalicoTier#WALK_ORDER}). */
    public List<CalicoTier> walk() {
        List<CalicoTier> out = new ArrayList<>(tiersByName().values());
        out.sort(CalicoTier.WALK_ORDER);
        return out;
    }

    public boolean isEmpty() {
        return tiers.isEmpty() && policies.isEmpty() && networkSets.isEmpty() && staged.isEmpty();
    }
}
