package dev.netpolauditor.engine;

import dev.netpolauditor.model.ClusterPolicy;
import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.model.NetworkPlugin;
import dev.netpolauditor.model.PolicyType;
import dev.netpolauditor.model.TierPeer;
import dev.netpolauditor.model.TierRule;
import dev.netpolauditor.model.calico.CalicoPolicy;
import dev.netpolauditor.model.calico.CalicoRule;
import dev.netpolauditor.model.calico.EntityRule;
import dev.netpolauditor.model.cilium.CiliumEntry;
import dev.netpolauditor.model.cilium.CiliumPeer;
import dev.netpolauditor.model.cilium.CiliumPolicy;
import dev.netpolauditor.model.cilium.CiliumRule;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Every network of a cluster that matches pod endpoints by their addresses, each once, in a fixed
 * order: cluster-tier {@code networks} peers; Calico {@code nets}/{@code notNets} (and the two
 * address families when a rule has {@code ipVersion}); Cilium CIDR peers when
 * {@code policy-cidr-match-mode} has {@code pods}. Members are grouped by which of them match.
 */
final class AddressMatches {
    private AddressMatches() {}

    static List<AddressMatch> of(ClusterState cluster) {
        Set<AddressMatch> out = new LinkedHashSet<>();
        for (ClusterPolicy p : cluster.clusterPolicies()) {
            for (PolicyType direction : PolicyType.values()) {
                for (TierRule rule : p.rules(direction)) {
                    for (TierPeer peer : rule.peers()) {
                        if (peer instanceof TierPeer.Networks n) {
                            out.add(new AddressMatch(n.cidrs(), List.of(), true));
                        }
                    }
                }
            }
        }
        if (cluster.plugins().knows(NetworkPlugin.CALICO)) {
            boolean families = false;
            for (CalicoPolicy p : cluster.plugins().calico().policies()) {
                for (PolicyType direction : PolicyType.values()) {
                    for (CalicoRule rule : p.rules(direction)) {
                        families |= rule.ipVersion() != null;
                        for (EntityRule side : List.of(rule.source(), rule.destination())) {
                            if (!side.nets().isEmpty()) {
                                out.add(new AddressMatch(side.nets(), List.of(), true));
                            }
                            if (!side.notNets().isEmpty()) {
                                out.add(new AddressMatch(side.notNets(), List.of(), true));
                            }
                        }
                    }
                }
            }
            if (families) {
                out.add(AddressMatch.family(true));
                out.add(AddressMatch.family(false));
            }
        }
        if (cluster.plugins().knows(NetworkPlugin.CILIUM) && cluster.plugins().cilium().config().cidrMatchesPods()) {
            for (CiliumPolicy p : cluster.plugins().cilium().policies()) {
                for (CiliumRule rule : p.rules()) {
                    for (PolicyType direction : PolicyType.values()) {
                        for (List<CiliumEntry> entries : List.of(rule.allows(direction), rule.denies(direction))) {
                            for (CiliumEntry entry : entries) {
                                for (CiliumPeer peer : entry.peers()) {
                                    if (peer instanceof CiliumPeer.Cidrs c && !c.wholeFamily()) {
                                        out.add(new AddressMatch(List.of(c.cidr()), c.except(), true));
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return List.copyOf(out);
    }
}
