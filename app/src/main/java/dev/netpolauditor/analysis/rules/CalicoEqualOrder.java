package dev.netpolauditor.analysis.rules;

import dev.netpolauditor.analysis.AuditInput;
import dev.netpolauditor.analysis.CatalogRule;
import dev.netpolauditor.analysis.Finding;
import dev.netpolauditor.analysis.FindingSubject.Kind;
import dev.netpolauditor.analysis.FindingSubject;
import dev.netpolauditor.analysis.Severity;
import dev.netpolauditor.model.PolicyType;
import dev.netpolauditor.model.calico.CalicoAction;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * NP-CAL-004: two policies of one Calico tier with equal order select a common endpoint in one
 * direction and one of them has a Deny or Pass rule there: which decides depends on their names
 * (Calico before 3.32 broke such ties differently).
 */
public final class CalicoEqualOrder extends CatalogRule {
    public CalicoEqualOrder() {
        super("NP-CAL-004", Severity.LOW, Kind.POLICY_PAIR,
                "Two policies of one Calico tier with equal order apply to a common endpoint and one has a Deny or Pass"
                        + " rule: the outcome depends on their names.");
    }

    @Override
    public void check(AuditInput input, Consumer<Finding> findings) {
        if (!input.compiled().models().contains(dev.netpolauditor.engine.SideModel.CALICO)) {
            return;
        }
        for (Map.Entry<String, List<CalicoTiers.Placed>> tier : CalicoTiers.placed(input).entrySet()) {
            List<CalicoTiers.Placed> placed = tier.getValue();
            for (int i = 0; i < placed.size(); i++) {
                for (int j = i + 1; j < placed.size(); j++) {
                    CalicoTiers.Placed a = placed.get(i);
                    CalicoTiers.Placed b = placed.get(j);
                    if (!Objects.equals(a.order(), b.order()) || (a.clusterTier() && b.clusterTier())
                            || a.selected().stream().noneMatch(b.selected()::contains)) {
                        continue; // two cluster-tier policies: NP-TIER-001
                    }
                    for (PolicyType d : PolicyType.values()) {
                        CalicoTiers.Actions x = a.actions().get(d);
                        CalicoTiers.Actions y = b.actions().get(d);
                        if (!x.governs() || !y.governs() || !(decisive(x) || decisive(y))) {
                            continue;
                        }
                        CalicoTiers.Placed first = a.id().compareTo(b.id()) <= 0 ? a : b;
                        CalicoTiers.Placed second = first == a ? b : a;
                        String order = a.order() == null ? "no order (both last)" : "order " + number(a.order());
                        findings.accept(finding(first.namespace(), new FindingSubject.PolicyPair(first.id(), second.id()),
                                first.id(), first.id() + " and " + second.id() + " are both in Tier/" + tier.getKey()
                                        + " with " + order + " and select some of the same endpoints for "
                                        + d.wireName().toLowerCase(java.util.Locale.ROOT) + ", and one of them has a"
                                        + " Deny or Pass rule: Calico checks them by name ('<name>/<namespace>/<kind>'"
                                        + " since 3.32; earlier releases broke ties differently), so which decides"
                                        + " depends on their names. Give them different orders."));
                        break;
                    }
                }
            }
        }
    }

    private static boolean decisive(CalicoTiers.Actions actions) {
        return actions.actions().contains(CalicoAction.DENY) || actions.actions().contains(CalicoAction.PASS);
    }

    static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }
}
