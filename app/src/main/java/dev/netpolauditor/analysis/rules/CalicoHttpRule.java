package dev.netpolauditor.analysis.rules;

import dev.netpolauditor.analysis.AuditInput;
import dev.netpolauditor.analysis.CatalogRule;
import dev.netpolauditor.analysis.Finding;
import dev.netpolauditor.analysis.FindingSubject.Kind;
import dev.netpolauditor.analysis.FindingSubject.PolicyLocation;
import dev.netpolauditor.analysis.Severity;
import java.util.function.Consumer;

/** NP-CAL-001: a Calico rule has HTTP criteria: analysed at L4, it admits more than Calico does. */
public final class CalicoHttpRule extends CatalogRule {
    public CalicoHttpRule() {
        super("NP-CAL-001", Severity.INFO, Kind.POLICY_LOCATION,
                "A Calico rule has HTTP criteria: it is analysed at L4, admitting more than Calico does.");
    }

    @Override
    public void check(AuditInput input, Consumer<Finding> findings) {
        PluginSites.calicoRules(input, (policy, direction, r, rule) -> {
            if (rule.http()) {
                PolicyLocation location = new PolicyLocation(policy.id(), PluginSites.rule(direction, r));
                findings.accept(finding(policy.namespace(), location, policy.id(), location.text() + " allows only some"
                        + " HTTP requests (methods, paths); the analysis sees connections, so it counts every"
                        + " connection on the rule's ports as allowed. The HTTP criteria take effect only where Calico's"
                        + " application layer policy is enabled."));
            }
        });
    }
}
