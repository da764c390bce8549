package dev.netpolauditor.analysis.rules;

import dev.netpolauditor.analysis.AuditInput;
import dev.netpolauditor.analysis.CatalogRule;
import dev.netpolauditor.analysis.Finding;
import dev.netpolauditor.analysis.FindingSubject.Kind;
import dev.netpolauditor.analysis.FindingSubject.PolicyLocation;
import dev.netpolauditor.analysis.Severity;
import dev.netpolauditor.model.cilium.CiliumPeer;
import dev.netpolauditor.model.cilium.CiliumPolicy;
import dev.netpolauditor.model.cilium.CiliumPortRule;
import dev.netpolauditor.model.cilium.CiliumRule;
import java.util.function.Consumer;

/**
 * NP-CIL-002: a Cilium peer, entity or refinement the analysis does not model (FQDNs, services,
 * groups, nodes, CIDR groups, the entities without endpoints of the model, mutual
 * authentication, TLS and listener settings), or a host policy ({@code nodeSelector}) skipped.
 */
public final class CiliumUnmodelled extends CatalogRule {
    public CiliumUnmodelled() {
        super("NP-CIL-002", Severity.INFO, Kind.POLICY_LOCATION,
                "A Cilium peer, entity or refinement is not modelled, or a host policy was skipped.");
    }

    @Override
    public void check(AuditInput input, Consumer<Finding> findings) {
        for (CiliumPolicy policy : input.cluster().plugins().cilium().policies()) {
            if (!policy.enforced()) {
                continue;
            }
            for (CiliumRule rule : policy.rules()) {
                if (rule.hostPolicy()) {
                    PolicyLocation location = new PolicyLocation(policy.id(), rule.path());
                    findings.accept(finding(policy.namespace(), location, policy.id(), location.text() + " selects"
                            + " nodes (nodeSelector): a host policy, which the analysis does not model; it was"
                            + " skipped."));
                }
            }
        }
        PluginSites.ciliumEntries(input, (policy, rule, direction, deny, i, entry, at) -> {
            for (CiliumPeer peer : entry.peers()) {
                String what = switch (peer) {
                    case CiliumPeer.Unmodelled u -> "names peers the analysis does not have (nodes, services, FQDNs,"
                            + " groups or CIDR groups): it matches none of its endpoints";
                    case CiliumPeer.Entity e when e.entity().unmodelled() -> "is the entity " + e.entity().wireName()
                            + ", which stands for no endpoint of the analysis: it matches none";
                    default -> null;
                };
                if (what != null) {
                    PolicyLocation location = new PolicyLocation(policy.id(), peer.location());
                    findings.accept(finding(policy.namespace(), location, policy.id(), location.text() + " " + what
                            + "."));
                }
            }
            if (entry.authentication()) {
                PolicyLocation location = new PolicyLocation(policy.id(), at);
                findings.accept(finding(policy.namespace(), location, policy.id(), location.text() + " requires"
                        + " mutual authentication, which the analysis does not check: it counts the connections as"
                        + " allowed."));
            }
            if (entry.toPorts() != null) {
                for (int k = 0; k < entry.toPorts().size(); k++) {
                    CiliumPortRule ports = entry.toPorts().get(k);
                    if (ports.refinements()) {
                        PolicyLocation location = new PolicyLocation(policy.id(), at + ".toPorts[" + k + "]");
                        findings.accept(finding(policy.namespace(), location, policy.id(), location.text() + " has"
                                + " TLS, server name or listener settings, which the analysis does not check."));
                    }
                }
            }
        });
    }
}
