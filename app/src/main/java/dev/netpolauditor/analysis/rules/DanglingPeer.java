package dev.netpolauditor.analysis.rules;

import dev.netpolauditor.analysis.AuditInput;
import dev.netpolauditor.analysis.CatalogRule;
import dev.netpolauditor.analysis.Finding;
import dev.netpolauditor.analysis.FindingSubject.Kind;
import dev.netpolauditor.analysis.FindingSubject.PolicyLocation;
import dev.netpolauditor.analysis.Locations;
import dev.netpolauditor.analysis.Severity;
import dev.netpolauditor.model.Peer;
import dev.netpolauditor.model.TierPeer;
import java.util.List;
import java.util.function.Consumer;

/** NP-COV-007: A pod or namespace peer of a rule selects no endpoint, so it can never match (a dangling reference, likely a typo). */
public final class DanglingPeer extends CatalogRule {
    public DanglingPeer() {
        super("NP-COV-007", Severity.LOW, Kind.POLICY_LOCATION,
                "A pod or namespace peer of a rule selects no endpoint, so it can never match (a dangling reference, likely a typo).");
    }

    @Override
    public void check(AuditInput input, Consumer<Finding> findings) {
        EffectiveRules.forEach(input, (p, policy, direction, r, rule) -> {
            for (int k = 0; k < rule.peers().size(); k++) {
                if (rule.peers().get(k) instanceof Peer.Selectors selectors
                        && input.compiled().peerMatchesNothing(p, direction, r, k)) {
                    PolicyLocation location = Locations.peer(policy, direction, r, k);
                    String peer = location.text() + " (" + Locations.peer(selectors) + ")";
                    List<String> absent = RoutinePatterns.absentNamedNamespaces(selectors.namespaceSelector(),
                            input.cluster().namespaces());
                    if (!absent.isEmpty()) {
                        findings.accept(routineFinding(policy.namespace(), location, policy.id(), peer
                                + " names namespace" + (absent.size() == 1 ? " " : "s ") + String.join(", ", absent)
                                + ", which matches no namespace among the inputs: it can match only once such a "
                                + "namespace exists (it may exist in the cluster but not in the inputs)."));
                    } else {
                        String detail = peer + " selects no pod or workload, so it can never match: check for a "
                                + "typo or a reference to something that no longer exists.";
                        findings.accept(RoutinePatterns.dnsOnly(direction, rule)
                                ? routineFinding(policy.namespace(), location, policy.id(), detail)
                                : finding(policy.namespace(), location, policy.id(), detail));
                    }
                }
            }
        });
        ClusterTierRules.forEach(input, (policy, direction, r, rule) -> {
            for (int k = 0; k < rule.peers().size(); k++) {
                TierPeer peer = rule.peers().get(k);
                if ((peer instanceof TierPeer.Namespaces || peer instanceof TierPeer.Pods)
                        && input.compiled().clusterPeerMatchesNothing(policy, direction, r, k)) {
                    PolicyLocation location = Locations.peer(policy, direction, r, k);
                    findings.accept(finding(null, location, policy.id(), location.text() + " (" + Locations.peer(peer)
                            + ") selects no pod or workload, so it can never match: check for a typo or a reference "
                            + "to something that no longer exists."));
                }
            }
        });
        PluginSites.calicoRules(input, (policy, direction, r, rule) -> {
            for (String sideName : java.util.List.of("source", "destination")) {
                var side = sideName.equals("source") ? rule.source() : rule.destination();
                if (side.services() == null && side.selectsEndpoints(!policy.global())
                        && input.compiled().selectionMatchesNothing(policy, side)) {
                    PolicyLocation location = new PolicyLocation(policy.id(), PluginSites.rule(direction, r) + "."
                            + sideName);
                    findings.accept(finding(policy.namespace(), location, policy.id(), location.text() + " ("
                            + (side.selector() == null ? "" : "selector " + side.selector().print())
                            + (side.namespaceSelector() == null ? "" : " namespaceSelector "
                                    + side.namespaceSelector().print()).strip()
                            + ") selects no pod, workload or network set, so it can never match: check for a typo"
                            + " or a reference to something that no longer exists."));
                }
            }
        });
        PluginSites.ciliumEntries(input, (policy, rule, direction, deny, i, entry, at) -> {
            for (var peer : entry.peers()) {
                if (peer instanceof dev.netpolauditor.model.cilium.CiliumPeer.Endpoints e
                        && input.compiled().peerMatchesNothing(policy, e.selector())) {
                    PolicyLocation location = new PolicyLocation(policy.id(), peer.location());
                    findings.accept(finding(policy.namespace(), location, policy.id(), location.text() + " ("
                            + Locations.selector(e.selector().selector()) + (policy.clusterwide()
                                    || e.selector().namesNamespace() ? "" : " in namespace " + policy.namespace())
                            + ") selects no pod or workload, so it can never match: check for a typo or a reference"
                            + " to something that no longer exists."));
                }
            }
        });
    }
}
