package dev.netpolauditor.analysis.rules;

import dev.netpolauditor.analysis.AuditInput;
import dev.netpolauditor.analysis.CatalogRule;
import dev.netpolauditor.analysis.Control;
import dev.netpolauditor.analysis.Finding;
import dev.netpolauditor.analysis.FindingSubject.Kind;
import dev.netpolauditor.analysis.FindingSubject.PolicyLocation;
import dev.netpolauditor.analysis.Locations;
import dev.netpolauditor.analysis.Severity;
import dev.netpolauditor.engine.Endpoint;
import dev.netpolauditor.model.PolicyType;
import dev.netpolauditor.model.cilium.CiliumPolicy;
import dev.netpolauditor.model.cilium.CiliumRule;
import java.util.List;
import java.util.function.Consumer;

/**
 * NP-CIL-005: a Cilium rule with deny entries of a direction and default deny (the default when
 * it has entries) isolates endpoints that no policy allows anything in that direction: all of it
 * is denied, not just the denied peers.
 */
public final class CiliumDenyIsolates extends CatalogRule {
    public CiliumDenyIsolates() {
        super("NP-CIL-005", Severity.MEDIUM, Kind.POLICY_LOCATION,
                "A Cilium rule with deny entries also isolates the endpoints it selects, and nothing allows them"
                        + " anything in that direction: all of it is denied, not just the denied peers.",
                Control.CIS_K8S_5_3_2, Control.NSA_CISA, Control.PCI_DSS_1_3, Control.ISO_27001_A_8_22);
    }

    @Override
    public void check(AuditInput input, Consumer<Finding> findings) {
        var config = input.cluster().plugins().cilium().config();
        for (CiliumPolicy policy : input.cluster().plugins().cilium().policies()) {
            if (!policy.enforced()) {
                continue;
            }
            for (CiliumRule rule : policy.rules()) {
                for (PolicyType d : PolicyType.values()) {
                    if (rule.hostPolicy() || rule.denies(d).isEmpty()
                            || !dev.netpolauditor.engine.CiliumIsolation.isolates(rule, d, config)) {
                        continue;
                    }
                    List<Endpoint.Pod> denied = input.compiled().withoutAllows(policy, rule, d);
                    if (denied.isEmpty()) {
                        continue;
                    }
                    String field = CiliumRule.denyField(d);
                    PolicyLocation location = new PolicyLocation(policy.id(), rule.location(field));
                    String dir = Locations.lower(d);
                    findings.accept(finding(policy.namespace(), location, policy.id(), location.text() + " denies some"
                            + " peers, and the rule's default deny (enableDefaultDeny." + dir + " is "
                            + (rule.defaultDeny(d) == null ? "absent, so on"
                            : rule.defaultDeny(d) ? "true" : "false, which enable-non-default-deny-policies: \"false\""
                                    + " overrides") + ") isolates what it selects:"
                            + " nothing allows " + Locations.count(denied.size(), "endpoint", "endpoints") + " (e.g. "
                            + denied.getFirst().name() + ") any " + dir + " connection, so all of it is denied, not just"
                            + " the denied peers. Set enableDefaultDeny." + dir + ": false if only those peers were"
                            + " meant."));
                }
            }
        }
    }
}
