package dev.netpolauditor.analysis.rules;

import dev.netpolauditor.analysis.AuditInput;
import dev.netpolauditor.analysis.CatalogRule;
import dev.netpolauditor.analysis.Finding;
import dev.netpolauditor.analysis.FindingSubject.Kind;
import dev.netpolauditor.analysis.FindingSubject;
import dev.netpolauditor.analysis.Severity;
import dev.netpolauditor.model.PolicyType;
import dev.netpolauditor.model.calico.CalicoAction;
import dev.netpolauditor.model.calico.CalicoTier;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/** NP-CAL-007: a Calico tier with defaultAction Pass whose rules are all Pass or Log never decides a connection. */
public final class CalicoPassOnlyTier extends CatalogRule {
    public CalicoPassOnlyTier() {
        super("NP-CAL-007", Severity.LOW, Kind.TIER,
                "A Calico tier with defaultAction Pass has only Pass or Log rules: it never decides a connection.");
    }

    @Override
    public void check(AuditInput input, Consumer<Finding> findings) {
        Map<String, CalicoTier> tiers = CalicoTiers.tiers(input);
        for (Map.Entry<String, List<CalicoTiers.Placed>> tier : CalicoTiers.placed(input).entrySet()) {
            CalicoTier t = tiers.get(tier.getKey());
            boolean calico = input.cluster().plugins().calico().policies().stream()
                    .anyMatch(p -> p.tier().equals(t.name()) && !p.hostEndpointsOnly());
            if (t.defaultAction() != CalicoTier.TierDefault.PASS || !calico) {
                continue;
            }
            Set<CalicoAction> actions = new TreeSet<>();
            for (CalicoTiers.Placed p : tier.getValue()) {
                for (PolicyType d : PolicyType.values()) {
                    if (p.actions().get(d).governs()) {
                        actions.addAll(p.actions().get(d).actions());
                    }
                }
            }
            actions.remove(CalicoAction.PASS);
            actions.remove(CalicoAction.LOG);
            if (actions.isEmpty()) {
                findings.accept(finding(null, new FindingSubject.Tier(t.id()), null, t.id() + " ends in defaultAction"
                        + " Pass and its rules only Pass or Log: it never decides a connection, every one goes on to"
                        + " the next tier. Remove it, or give it the Allow and Deny rules it was meant to have."));
            }
        }
    }
}
