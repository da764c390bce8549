package dev.netpolauditor.analysis.rules;

import dev.netpolauditor.analysis.AuditInput;
import dev.netpolauditor.analysis.CatalogRule;
import dev.netpolauditor.analysis.Finding;
import dev.netpolauditor.analysis.FindingSubject.Kind;
import dev.netpolauditor.analysis.FindingSubject.PolicyLocation;
import dev.netpolauditor.analysis.Severity;
import dev.netpolauditor.model.cilium.CiliumPortRule;
import java.util.function.Consumer;

/** NP-CIL-001: a Cilium allow port entry has L7 rules: analysed at L4. */
public final class CiliumL7Rule extends CatalogRule {
    public CiliumL7Rule() {
        super("NP-CIL-001", Severity.INFO, Kind.POLICY_LOCATION,
                "A Cilium allow port entry has L7 rules: it is analysed at L4, admitting more than Cilium's proxy does.");
    }

    @Override
    public void check(AuditInput input, Consumer<Finding> findings) {
        PluginSites.ciliumEntries(input, (policy, rule, direction, deny, i, entry, at) -> {
            if (deny || entry.toPorts() == null) {
                return;
            }
            for (int k = 0; k < entry.toPorts().size(); k++) {
                CiliumPortRule ports = entry.toPorts().get(k);
                if (ports.l7()) {
                    PolicyLocation location = new PolicyLocation(policy.id(), at + ".toPorts[" + k + "]");
                    findings.accept(finding(policy.namespace(), location, policy.id(), location.text() + " has L7"
                            + " rules (HTTP, Kafka, DNS...) that Cilium's proxy enforces request by request; the"
                            + " analysis sees connections, so it counts every connection on these ports as allowed."));
                }
            }
        });
    }
}
