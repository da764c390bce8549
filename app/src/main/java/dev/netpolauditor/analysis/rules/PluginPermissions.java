package dev.netpolauditor.analysis.rules;

import dev.netpolauditor.model.PolicyType;
import dev.netpolauditor.model.Protocol;
import dev.netpolauditor.model.SelectorOperator;
import dev.netpolauditor.model.calico.CalicoAction;
import dev.netpolauditor.model.calico.CalicoPolicy;
import dev.netpolauditor.model.calico.CalicoRule;
import dev.netpolauditor.model.calico.EntityRule;
import dev.netpolauditor.model.cilium.CiliumEntity;
import dev.netpolauditor.model.cilium.CiliumEntry;
import dev.netpolauditor.model.cilium.CiliumPeer;
import dev.netpolauditor.model.cilium.CiliumPolicy;
import dev.netpolauditor.model.cilium.CiliumPort;
import dev.netpolauditor.model.cilium.CiliumSelector;

/**
 * How the over-permissive rules read Calico Allow rules and Cilium allow entries (cni-policies.md,
 * Findings, NP-PERM-*): whether a rule restricts its peers and its ports, and which peers match
 * any namespace.
 */
final class PluginPermissions {
    private PluginPermissions() {}

    /**
     * A Calico rule that opens connections of the model: Allow, of a protocol the model has (or
     * none), without {@code icmp} or {@code services} (which match none of its connections).
     */
    static boolean opens(CalicoRule rule) {
        return rule.action() == CalicoAction.ALLOW && (rule.protocol() == null || rule.protocol().modelled() != null)
                && rule.icmp() == null && rule.source().services() == null && rule.destination().services() == null;
    }

    /** The Calico rule's side at the other end from the policy's endpoints. */
    static EntityRule peer(CalicoRule rule, PolicyType direction) {
        return direction == PolicyType.INGRESS ? rule.source() : rule.destination();
    }

    /** Calico: none of nets, notNets, selector, notSelector, namespaceSelector, serviceAccounts, services on the other side. */
    static boolean anyPeer(CalicoRule rule, PolicyType direction) {
        return peer(rule, direction).unrestrictedPeer();
    }

    /** Calico: no destination ports or notPorts. */
    static boolean anyPort(CalicoRule rule) {
        return rule.destination().ports().isEmpty() && rule.destination().notPorts().isEmpty();
    }

    /** Calico: a peer of any namespace: {@code namespaceSelector: all()}, or a GlobalNetworkPolicy's selector without one. */
    static boolean anyNamespace(CalicoPolicy policy, EntityRule side) {
        if (side.namespaceSelector() != null) {
            return side.namespaceSelector().isAll();
        }
        return policy.global() && side.selector() != null;
    }

    /** Cilium: an entry that names no peer at all (only isolates) opens nothing. */
    static boolean opens(CiliumEntry entry) {
        return entry.allPeers() || !entry.peers().isEmpty();
    }

    /** Cilium: the entity {@code all}, or no peer field with ports. */
    static boolean anyPeer(CiliumEntry entry) {
        return entry.allPeers() || entry.peers().stream()
                .anyMatch(p -> p instanceof CiliumPeer.Entity e && e.entity() == CiliumEntity.ALL);
    }

    /** Cilium: no {@code toPorts}, or a port 0 of every protocol (ANY or absent). */
    static boolean anyPort(CiliumEntry entry) {
        if (entry.toPorts() == null) {
            return !entry.icmps();
        }
        return entry.toPorts().stream().anyMatch(r -> r.ports().isEmpty() || r.ports().stream()
                .anyMatch(p -> p.allPorts() && p.protocols().size() == Protocol.values().length));
    }

    /**
     * Cilium: a peer of any namespace: the entity {@code cluster}, an endpoint peer of a clusterwide
     * policy without a namespace key, or one whose only namespace requirement is
     * {@code io.kubernetes.pod.namespace} Exists.
     */
    static boolean anyNamespace(CiliumPolicy policy, CiliumPeer peer) {
        return switch (peer) {
            case CiliumPeer.Entity e -> e.entity() == CiliumEntity.CLUSTER;
            case CiliumPeer.Endpoints e -> {
                CiliumSelector s = e.selector();
                boolean onlyExists = s.selector().matchLabels().keySet().stream().noneMatch(PluginPermissions::namespaceKey)
                        && s.selector().matchExpressions().stream().filter(r -> namespaceKey(r.key()))
                                .allMatch(r -> r.key().equals(CiliumSelector.NAMESPACE)
                                        && r.operator() == SelectorOperator.Exists)
                        && s.selector().matchExpressions().stream().anyMatch(r -> namespaceKey(r.key()));
                yield (policy.clusterwide() && !s.namesNamespace()) || onlyExists;
            }
            default -> false;
        };
    }

    private static boolean namespaceKey(String key) {
        return key.equals(CiliumSelector.NAMESPACE) || key.startsWith(CiliumSelector.NAMESPACE_LABELS);
    }

    /** Cilium: a peer of the whole internet: a CIDR of prefix 0, the entity world (of one family or both). */
    static boolean wholeInternet(CiliumPeer peer) {
        return switch (peer) {
            case CiliumPeer.Cidrs c -> c.wholeFamily();
            case CiliumPeer.Entity e -> e.entity() == CiliumEntity.WORLD || e.entity() == CiliumEntity.WORLD_IPV4
                    || e.entity() == CiliumEntity.WORLD_IPV6;
            default -> false;
        };
    }

    /** A numeric Cilium port range over 1,000 ports (port 0 is every port, no range). */
    static boolean wide(CiliumPort port) {
        return port.name() == null && port.first() != 0 && port.last() - port.first() + 1 > 1000;
    }
}
