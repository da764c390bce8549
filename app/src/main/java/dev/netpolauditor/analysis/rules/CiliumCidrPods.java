package dev.netpolauditor.analysis.rules;

import dev.netpolauditor.analysis.AuditInput;
import dev.netpolauditor.analysis.CatalogRule;
import dev.netpolauditor.analysis.Finding;
import dev.netpolauditor.analysis.FindingSubject.Kind;
import dev.netpolauditor.analysis.FindingSubject.PolicyLocation;
import dev.netpolauditor.analysis.Severity;
import dev.netpolauditor.engine.Endpoint;
import dev.netpolauditor.model.PolicyType;
import dev.netpolauditor.model.cilium.CiliumPeer;
import java.util.List;
import java.util.function.Consumer;

/**
 * NP-CIL-006: a Cilium CIDR peer contains a pod endpoint's known address while CIDR rules do not
 * match pods ({@code policy-cidr-match-mode} without {@code pods}): it has no effect on that pod.
 */
public final class CiliumCidrPods extends CatalogRule {
    public CiliumCidrPods() {
        super("NP-CIL-006", Severity.MEDIUM, Kind.POLICY_LOCATION,
                "A Cilium CIDR peer contains a pod's address, but CIDR rules do not match pods: it has no effect on"
                        + " that pod.");
    }

    @Override
    public void check(AuditInput input, Consumer<Finding> findings) {
        if (input.cluster().plugins().cilium().config().cidrMatchesPods()) {
            return;
        }
        PluginSites.ciliumEntries(input, (policy, rule, direction, deny, i, entry, at) -> {
            for (CiliumPeer peer : entry.peers()) {
                if (peer instanceof CiliumPeer.Cidrs cidrs && !cidrs.wholeFamily()) {
                    List<Endpoint.Pod> inside = input.compiled().addressedIn(cidrs);
                    if (!inside.isEmpty()) {
                        PolicyLocation location = new PolicyLocation(policy.id(), peer.location());
                        findings.accept(finding(policy.namespace(), location, policy.id(), location.text() + " ("
                                + cidrs.cidr().text() + ") contains the address of " + inside.size()
                                + (inside.size() == 1 ? " pod endpoint" : " pod endpoints") + " (e.g. "
                                + inside.getFirst().name() + "), but Cilium's CIDR rules do not match pods of the"
                                + " cluster (policy-cidr-match-mode has no 'pods'): it has no effect on them. Select"
                                + " them by label (" + (direction == PolicyType.INGRESS ? "fromEndpoints" : "toEndpoints")
                                + ") instead."));
                    }
                }
            }
        });
    }
}
