package dev.netpolauditor.analysis.rules;

import dev.netpolauditor.analysis.AuditInput;
import dev.netpolauditor.analysis.CatalogRule;
import dev.netpolauditor.analysis.Finding;
import dev.netpolauditor.analysis.FindingSubject.Kind;
import dev.netpolauditor.analysis.FindingSubject.PolicyLocation;
import dev.netpolauditor.analysis.Locations;
import dev.netpolauditor.analysis.Severity;
import dev.netpolauditor.engine.CompiledCluster;
import java.util.function.Consumer;

/**
 * NP-CIL-004: a Cilium deny entry denies connections between endpoints of the model that
 * another policy's allow rule or entry admits (often a namespace owner's): that allow has no
 * effect for them.
 */
public final class CiliumDenyOverride extends CatalogRule {
    public CiliumDenyOverride() {
        super("NP-CIL-004", Severity.LOW, Kind.POLICY_LOCATION,
                "A Cilium deny entry denies connections another policy's allow rule or entry admits: that allow has"
                        + " no effect for them.");
    }

    @Override
    public void check(AuditInput input, Consumer<Finding> findings) {
        PluginSites.ciliumEntries(input, (policy, rule, direction, deny, i, entry, at) -> {
            if (!deny) {
                return;
            }
            CompiledCluster.DenyOverride over = input.compiled().overridden(policy, rule, direction, i);
            if (over.pairs() > 0) {
                PolicyLocation location = new PolicyLocation(policy.id(), at);
                findings.accept(finding(policy.namespace(), location, policy.id(), location.text() + " denies"
                        + " connections that " + String.join(", ", over.policies()) + " allow"
                        + (over.policies().size() == 1 ? "s" : "") + ": "
                        + Locations.count(over.pairs(), "endpoint pair", "endpoint pairs") + ", e.g. "
                        + over.exampleFrom() + " -> " + over.exampleTo() + ". A deny wins over every allow, so those"
                        + " allows have no effect there; make sure the owners know."));
            }
        });
    }
}
