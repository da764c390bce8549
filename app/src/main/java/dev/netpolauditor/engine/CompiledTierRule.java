package dev.netpolauditor.engine;

import dev.netpolauditor.model.IpAddress;
import dev.netpolauditor.model.PolicyTier;
import dev.netpolauditor.model.PortSet;
import dev.netpolauditor.model.RuleAction;
import dev.netpolauditor.model.TierPeer;
import dev.netpolauditor.model.TierPort;
import dev.netpolauditor.model.TierRule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One rule of a cluster-tier policy, decided once: its action, the member groups its peers
 * match (namespaces and pods by their selectors, {@code networks} by the members' addresses),
 * the networks that match IP endpoints, and its ports with named ports kept symbolic until the
 * receiving member group resolves them (to every protocol the name is defined with).
 *
 * <p>A rule that fails closed (semantics.md: a Deny or Pass rule with a peer or port entry of
 * only unknown fields) is compiled as what it becomes: Deny every peer, pods and IPs, on
 * every port.
 */
final class CompiledTierRule implements Matcher {
    final RuleRef ref;
    /** Dense id among every cluster-tier rule of the cluster (for usage counts). */
    final int id;
    final PolicyTier tier;
    /** The action the engine applies: DENY for a rule that fails closed. */
    final RuleAction action;
    final boolean failsClosed;
    /** Every pod and every IP (a rule that fails closed). */
    final boolean allPeers;
    /** Sorted member groups the peers match. */
    final int[] groups;
    /** The same as endpoint groups. */
    final int[] endpointGroups;
    /** Per peer: the member groups it matches (null for a peer that matches none by selection). */
    final int[][] peerGroups;
    final List<TierPeer.Networks> networks;
    final boolean allPorts;
    final PortSet staticPorts;
    final List<String> namedPorts;
    private final PortSet[] resolved;

    CompiledTierRule(RuleRef ref, int id, PolicyTier tier, TierRule rule, int[] groups, int[] endpointGroups,
            int[][] peerGroups, int signatures) {
        this.ref = ref;
        this.id = id;
        this.tier = tier;
        this.failsClosed = rule.failsClosed();
        this.action = failsClosed ? RuleAction.DENY : rule.action();
        this.allPeers = failsClosed;
        this.groups = groups;
        this.endpointGroups = endpointGroups;
        this.peerGroups = peerGroups;
        List<TierPeer.Networks> nets = new ArrayList<>();
        for (TierPeer peer : rule.peers()) {
            if (peer instanceof TierPeer.Networks n) {
                nets.add(n);
            }
        }
        this.networks = List.copyOf(nets);
        this.allPorts = failsClosed || rule.allPorts();
        PortSet fixed = allPorts ? PortSet.ALL : PortSet.EMPTY;
        List<String> named = new ArrayList<>();
        if (!allPorts) {
            for (TierPort port : rule.ports()) {
                switch (port) {
                    case TierPort.Range r -> fixed = fixed.union(PortSet.range(r.protocol(), r.first(), r.last()));
                    case TierPort.Named n -> named.add(n.name());
                    case TierPort.Unknown u -> { } // in an Accept rule it matches nothing
                }
            }
        }
        this.staticPorts = fixed;
        this.namedPorts = List.copyOf(named);
        this.resolved = new PortSet[named.isEmpty() ? 0 : signatures];
    }

    @Override
    public boolean allPeers() {
        return allPeers;
    }

    @Override
    public int[] peerGroups() {
        return groups;
    }

    @Override
    public boolean matchesGroup(int memberGroup) {
        return allPeers || Arrays.binarySearch(groups, memberGroup) >= 0;
    }

    @Override
    public boolean matchesIp(IpAddress address) {
        if (allPeers) {
            return true;
        }
        for (TierPeer.Networks n : networks) {
            for (var cidr : n.cidrs()) {
                if (cidr.contains(address)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The ports this rule matches toward a member of a group with these named ports. */
    @Override
    public PortSet portsFor(NamedPorts receiving) {
        if (namedPorts.isEmpty()) {
            return staticPorts;
        }
        int id = receiving.id();
        PortSet ports = resolved[id];
        if (ports == null) {
            ports = staticPorts;
            for (String name : namedPorts) {
                ports = ports.union(receiving.resolveAnyProtocol(name));
            }
            resolved[id] = ports;
        }
        return ports;
    }

    /** Toward an IP endpoint a named port matches nothing. */
    @Override
    public PortSet portsTowardIp() {
        return staticPorts;
    }
}
