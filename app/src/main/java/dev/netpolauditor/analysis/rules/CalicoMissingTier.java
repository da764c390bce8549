package dev.netpolauditor.analysis.rules;

import dev.netpolauditor.analysis.AuditInput;
import dev.netpolauditor.analysis.CatalogRule;
import dev.netpolauditor.analysis.Finding;
import dev.netpolauditor.analysis.FindingSubject.Kind;
import dev.netpolauditor.analysis.FindingSubject;
import dev.netpolauditor.analysis.Severity;
import dev.netpolauditor.model.calico.CalicoPolicy;
import dev.netpolauditor.model.calico.CalicoTier;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/** NP-CAL-003: a Calico policy names a tier neither built in nor given: its place is assumed (last, Deny). */
public final class CalicoMissingTier extends CatalogRule {
    public CalicoMissingTier() {
        super("NP-CAL-003", Severity.MEDIUM, Kind.POLICY,
                "A Calico policy names a tier that is neither built in nor given: its place is assumed (last, Deny).");
    }

    @Override
    public void check(AuditInput input, Consumer<Finding> findings) {
        Set<String> tiers = new TreeSet<>();
        CalicoTier.BUILT_IN.forEach(t -> tiers.add(t.name()));
        input.cluster().plugins().calico().tiers().forEach(t -> tiers.add(t.name()));
        for (CalicoPolicy policy : input.cluster().plugins().calico().policies()) {
            if (!tiers.contains(policy.tier())) {
                findings.accept(finding(policy.namespace(), new FindingSubject.Policy(policy.id()), policy.id(),
                        policy.id() + " is in tier " + policy.tier() + ", which is neither built in nor among the"
                                + " inputs (the Calico API server refuses such a policy). It is analysed as if the"
                                + " tier came after every other with defaultAction Deny; give the Tier to know its"
                                + " real place."));
            }
        }
    }
}
