package dev.netpolauditor.analysis.rules;

import dev.netpolauditor.analysis.AuditInput;
import dev.netpolauditor.analysis.CatalogRule;
import dev.netpolauditor.analysis.Finding;
import dev.netpolauditor.analysis.FindingSubject.Kind;
import dev.netpolauditor.analysis.FindingSubject;
import dev.netpolauditor.analysis.Severity;
import dev.netpolauditor.engine.CompiledCluster;
import dev.netpolauditor.model.PolicyType;
import dev.netpolauditor.model.calico.CalicoTier;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/** NP-CAL-005: two Calico tiers of equal order (or both without one) apply to a common endpoint. */
public final class CalicoEqualTierOrder extends CatalogRule {
    public CalicoEqualTierOrder() {
        super("NP-CAL-005", Severity.LOW, Kind.TIER_PAIR,
                "Two Calico tiers of equal order (or both without one) apply to a common endpoint: their order is"
                        + " decided by their names.");
    }

    @Override
    public void check(AuditInput input, Consumer<Finding> findings) {
        Map<String, CalicoTier> tiers = CalicoTiers.tiers(input);
        Set<String> reported = new TreeSet<>();
        for (PolicyType d : PolicyType.values()) {
            List<CompiledCluster.TierUse> uses = input.compiled().calicoTiers(d);
            for (int i = 0; i < uses.size(); i++) {
                for (int j = i + 1; j < uses.size(); j++) {
                    CompiledCluster.TierUse a = uses.get(i);
                    CompiledCluster.TierUse b = uses.get(j);
                    CalicoTier ta = tiers.get(a.tier().substring("Tier/".length()));
                    CalicoTier tb = tiers.get(b.tier().substring("Tier/".length()));
                    if (!Objects.equals(ta.order(), tb.order()) || !overlap(a.endpointGroups(), b.endpointGroups())) {
                        continue;
                    }
                    String first = a.tier().compareTo(b.tier()) <= 0 ? a.tier() : b.tier();
                    String second = first.equals(a.tier()) ? b.tier() : a.tier();
                    if (reported.add(first + " | " + second)) {
                        String order = ta.order() == null ? "no order (both last)"
                                : "order " + CalicoEqualOrder.number(ta.order());
                        findings.accept(finding(null, new FindingSubject.TierPair(first, second), null, first + " and "
                                + second + " both have " + order + " and apply to some of the same endpoints: Calico"
                                + " checks them by name, so " + first + " comes first. Give them different orders to"
                                + " make their order intended."));
                    }
                }
            }
        }
    }

    private static boolean overlap(int[] a, int[] b) {
        return Arrays.stream(a).anyMatch(g -> Arrays.binarySearch(b, g) >= 0);
    }
}
