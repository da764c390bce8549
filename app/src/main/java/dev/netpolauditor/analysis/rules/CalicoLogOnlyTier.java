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

/**
 * NP-CAL-006: a Calico tier with defaultAction Deny applies to endpoints, and its rules of a
 * direction are Log rules only: every connection of those endpoints in that direction is denied
 * (an audit-only tier by mistake).
 */
public final class CalicoLogOnlyTier extends CatalogRule {
    public CalicoLogOnlyTier() {
        super("NP-CAL-006", Severity.MEDIUM, Kind.TIER,
                "A Calico tier with defaultAction Deny has only Log rules for the endpoints it applies to: all their"
                        + " traffic in that direction is denied.");
    }

    @Override
    public void check(AuditInput input, Consumer<Finding> findings) {
        Map<String, CalicoTier> tiers = CalicoTiers.tiers(input);
        for (Map.Entry<String, List<CalicoTiers.Placed>> tier : CalicoTiers.placed(input).entrySet()) {
            CalicoTier t = tiers.get(tier.getKey());
            if (t.defaultAction() != CalicoTier.TierDefault.DENY) {
                continue;
            }
            for (PolicyType d : PolicyType.values()) {
                Set<CalicoAction> actions = new TreeSet<>();
                Set<String> endpoints = new TreeSet<>();
                for (CalicoTiers.Placed p : tier.getValue()) {
                    if (p.actions().get(d).governs()) {
                        actions.addAll(p.actions().get(d).actions());
                        endpoints.addAll(p.selected());
                    }
                }
                if (!endpoints.isEmpty() && actions.equals(Set.of(CalicoAction.LOG))) {
                    String dir = d.wireName().toLowerCase(java.util.Locale.ROOT);
                    findings.accept(finding(null, new FindingSubject.Tier(t.id()), null, t.id() + " ends in"
                            + " defaultAction Deny, and its " + dir + " rules only Log: every " + dir + " connection of"
                            + " the " + endpoints.size() + (endpoints.size() == 1 ? " endpoint" : " endpoints")
                            + " it applies to (e.g. " + endpoints.iterator().next() + ") is denied. An audit-only tier"
                            + " needs defaultAction Pass, or Pass rules after the Log ones."));
                }
            }
        }
    }
}
