package dev.netpolauditor.engine;

import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.model.NetworkPlugin;
import dev.netpolauditor.model.PolicyType;
import dev.netpolauditor.model.calico.CalicoPolicy;
import dev.netpolauditor.model.calico.CalicoRule;
import dev.netpolauditor.model.calico.CalicoSelector;
import dev.netpolauditor.model.calico.EntityRule;
import dev.netpolauditor.model.cilium.CiliumEntry;
import dev.netpolauditor.model.cilium.CiliumPeer;
import dev.netpolauditor.model.cilium.CiliumPolicy;
import dev.netpolauditor.model.cilium.CiliumRule;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The pod label keys the known network plugins' selectors read: members are grouped by their values too. */
final class PluginKeys {
    private PluginKeys() {}

    static Set<String> of(ClusterState cluster) {
        Set<String> keys = new TreeSet<>();
        if (cluster.plugins().knows(NetworkPlugin.CALICO)) {
            for (CalicoPolicy p : cluster.plugins().calico().policies()) {
                add(keys, p.selector());
                for (PolicyType direction : PolicyType.values()) {
                    for (CalicoRule rule : p.rules(direction)) {
                        for (EntityRule side : List.of(rule.source(), rule.destination())) {
                            add(keys, side.selector());
                            add(keys, side.notSelector());
                        }
                    }
                }
            }
        }
        if (cluster.plugins().knows(NetworkPlugin.CILIUM)) {
            for (CiliumPolicy p : cluster.plugins().cilium().policies()) {
                for (CiliumRule rule : p.rules()) {
                    if (rule.endpointSelector() != null) {
                        keys.addAll(rule.endpointSelector().selector().keys());
                    }
                    for (PolicyType direction : PolicyType.values()) {
                        for (List<CiliumEntry> entries : List.of(rule.allows(direction), rule.denies(direction))) {
                            for (CiliumEntry entry : entries) {
                                for (CiliumPeer peer : entry.peers()) {
                                    if (peer instanceof CiliumPeer.Endpoints e) {
                                        keys.addAll(e.selector().selector().keys());
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return keys;
    }

    private static void add(Set<String> keys, CalicoSelector selector) {
        if (selector != null) {
            keys.addAll(selector.keys());
        }
    }
}
