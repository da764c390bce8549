package dev.netpolauditor.analysis.rules;

import dev.netpolauditor.analysis.AuditInput;
import dev.netpolauditor.analysis.CatalogRule;
import dev.netpolauditor.analysis.Finding;
import dev.netpolauditor.analysis.FindingSubject.Kind;
import dev.netpolauditor.analysis.Locations;
import dev.netpolauditor.analysis.Severity;
import dev.netpolauditor.model.NetworkPolicy;
import dev.netpolauditor.model.PolicyType;
import java.util.function.Consumer;

/** NP-COV-010: spec.policyTypes leaves out a direction whose rules are present: those rules are silently ignored. */
public final class IgnoredDirection extends CatalogRule {
    public IgnoredDirection() {
        super("NP-COV-010", Severity.MEDIUM, Kind.POLICY_LOCATION,
                "spec.policyTypes leaves out a direction whose rules are present: those rules are silently ignored.");
    }

    @Override
    public void check(AuditInput input, Consumer<Finding> findings) {
        for (NetworkPolicy policy : input.cluster().policies()) {
            if (policy.policyTypes().isEmpty()) {
                continue;
            }
            for (PolicyType direction : PolicyType.values()) {
                int rules = policy.rules(direction).size();
                if (rules > 0 && !policy.policyTypes().contains(direction)) {
                    String dir = Locations.lower(direction);
                    findings.accept(finding(policy.namespace(), Locations.direction(policy, direction), policy.id(),
                            "Policy " + policy.id() + " has " + Locations.count(rules, dir + " rule", dir + " rules")
                            + ", but its policyTypes " + policy.policyTypes().stream().map(PolicyType::wireName).toList()
                            + " leave out " + direction.wireName() + ": " + (rules == 1 ? "it is" : "they are")
                            + " silently ignored."));
                }
            }
        }
    }
}
