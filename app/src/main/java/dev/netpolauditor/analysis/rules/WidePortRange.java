package dev.netpolauditor.analysis.rules;

import dev.netpolauditor.analysis.AuditInput;
import dev.netpolauditor.analysis.CatalogRule;
import dev.netpolauditor.analysis.Finding;
import dev.netpolauditor.analysis.FindingSubject.Kind;
import dev.netpolauditor.analysis.FindingSubject.PolicyLocation;
import dev.netpolauditor.analysis.Locations;
import dev.netpolauditor.analysis.Severity;
import dev.netpolauditor.model.PortMatch;
import dev.netpolauditor.model.RuleAction;
import dev.netpolauditor.model.TierPort;
import java.util.function.Consumer;

/** NP-PERM-006: A port range spans more than 1,000 ports. */
public final class WidePortRange extends CatalogRule {
    public WidePortRange() {
        super("NP-PERM-006", Severity.LOW, Kind.POLICY_LOCATION,
                "A port range spans more than 1,000 ports.");
    }

    @Override
    public void check(AuditInput input, Consumer<Finding> findings) {
        EffectiveRules.forEach(input, (p, policy, direction, r, rule) -> {
            for (int k = 0; k < rule.ports().size(); k++) {
                if (rule.ports().get(k).match() instanceof PortMatch.Range range
                        && range.last() - range.first() + 1 > 1000) {
                    PolicyLocation location = Locations.port(policy, direction, r, k);
                    findings.accept(finding(policy.namespace(), location, policy.id(), location.text() + " opens "
                            + (range.last() - range.first() + 1) + " ports (" + rule.ports().get(k).protocol() + " "
                            + range.first() + "-" + range.last() + "): more than 1,000 ports in one range."));
                }
            }
        });
        ClusterTierRules.forEach(input, (policy, direction, r, rule) -> {
            if (rule.action() != RuleAction.ACCEPT) {
                return;
            }
            for (int k = 0; k < rule.ports().size(); k++) {
                if (rule.ports().get(k) instanceof TierPort.Range range && range.last() - range.first() + 1 > 1000) {
                    PolicyLocation location = Locations.port(policy, direction, r, k);
                    findings.accept(finding(null, location, policy.id(), location.text() + " opens "
                            + (range.last() - range.first() + 1) + " ports (" + range.protocol() + " " + range.first()
                            + "-" + range.last() + "): more than 1,000 ports in one range."));
                }
            }
        });
    }
}
