package dev.netpolauditor.analysis.rules;

import dev.netpolauditor.analysis.AuditInput;
import dev.netpolauditor.analysis.CatalogRule;
import dev.netpolauditor.analysis.Finding;
import dev.netpolauditor.analysis.FindingSubject.Kind;
import dev.netpolauditor.analysis.FindingSubject.PolicyLocation;
import dev.netpolauditor.analysis.Locations;
import dev.netpolauditor.analysis.Severity;
import dev.netpolauditor.model.TierPeer;
import java.util.function.Consumer;

/** NP-TIER-005: a {@code nodes} or {@code domainNames} peer: such connections are not part of the analysis. */
public final class UnanalysedPeer extends CatalogRule {
    public UnanalysedPeer() {
        super("NP-TIER-005", Severity.INFO, Kind.POLICY_LOCATION,
                "A cluster-tier peer names nodes or domain names: connections to them are not part of the analysis.");
    }

    @Override
    public void check(AuditInput input, Consumer<Finding> findings) {
        ClusterTierRules.forEach(input, (policy, direction, r, rule) -> {
            for (int k = 0; k < rule.peers().size(); k++) {
                TierPeer peer = rule.peers().get(k);
                if (peer instanceof TierPeer.Nodes || peer instanceof TierPeer.DomainNames) {
                    PolicyLocation location = Locations.peer(policy, direction, r, k);
                    findings.accept(finding(null, location, policy.id(), location.text() + " (" + Locations.peer(peer)
                            + "): connections to nodes and domain names are not part of the analysis, so what this "
                            + "peer allows or denies is not shown anywhere."));
                }
            }
        });
    }
}
