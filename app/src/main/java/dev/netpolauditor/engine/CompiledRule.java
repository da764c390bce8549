package dev.netpolauditor.engine;

import dev.netpolauditor.model.IpAddress;
import dev.netpolauditor.model.Peer;
import dev.netpolauditor.model.PortMatch;
import dev.netpolauditor.model.PortRule;
import dev.netpolauditor.model.PortSet;
import dev.netpolauditor.model.Protocol;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One ingress or egress rule, decided once: which endpoint groups its peers match (or
 * every peer), which IP blocks, and its ports with named ports kept symbolic until the
 * receiving group resolves them.
 */
final class CompiledRule implements Matcher {
    final RuleRef ref;
    /** Absent or empty from/to: every pod and every IP. */
    final boolean allPeers;
    /** Sorted ids of the member groups the selector peers match (empty when allPeers). */
    final int[] groups;
    /** The same as endpoint group ids: the endpoint groups with a member the peers match. */
    final int[] endpointGroups;
    final List<Peer.IpBlock> ipBlocks;
    /** Per peer of the rule: the sorted member groups it matches, or null for an ipBlock peer. */
    final int[][] peerGroups;
    /** Absent or empty ports: everything. */
    final boolean allPorts;
    /** The numeric and whole-protocol entries. */
    final PortSet staticPorts;
    /** Named entries, resolved per receiving group. */
    final List<PortRule> namedPorts;
    /**
     * Per named-port signature id: the resolved set, computed on first use. Sized up front so
     * that concurrent readers only ever race to store equal immutable values.
     */
    private final PortSet[] resolved;

    CompiledRule(RuleRef ref, boolean allPeers, int[] groups, int[] endpointGroups, List<Peer.IpBlock> ipBlocks,
            List<PortRule> ports, int signatures, int[][] peerGroups) {
        this.ref = ref;
        this.allPeers = allPeers;
        this.groups = groups;
        this.endpointGroups = endpointGroups;
        this.ipBlocks = List.copyOf(ipBlocks);
        this.peerGroups = peerGroups;
        this.allPorts = ports.isEmpty();
        PortSet fixed = allPorts ? PortSet.ALL : PortSet.EMPTY;
        List<PortRule> named = new ArrayList<>();
        for (PortRule port : ports) {
            switch (port.match()) {
                case PortMatch.AnyPort any -> fixed = fixed.union(PortSet.allOf(port.protocol()));
                case PortMatch.Range r -> fixed = fixed.union(PortSet.range(port.protocol(), r.first(), r.last()));
                case PortMatch.Named n -> named.add(port);
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
    public boolean matchesGroup(int group) {
        return allPeers || Arrays.binarySearch(groups, group) >= 0;
    }

    @Override
    public boolean matchesIp(IpAddress address) {
        if (allPeers) {
            return true;
        }
        for (Peer.IpBlock block : ipBlocks) {
            if (block.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** The ports this rule admits toward a pod of a group with these named ports. */
    @Override
    public PortSet portsFor(NamedPorts receiving) {
        if (namedPorts.isEmpty()) {
            return staticPorts;
        }
        int id = receiving.id();
        PortSet ports = resolved[id];
        if (ports == null) {
            ports = staticPorts;
            for (PortRule named : namedPorts) {
                ports = ports.union(receiving.resolve(((PortMatch.Named) named.match()).name(), named.protocol()));
            }
            resolved[id] = ports;
        }
        return ports;
    }

    /** The ports this rule admits toward an IP endpoint: named ports match nothing there. */
    @Override
    public PortSet portsTowardIp() {
        return staticPorts;
    }

    boolean admitsPort(NamedPorts receiving, Protocol protocol, int port) {
        return portsFor(receiving).contains(protocol, port);
    }
}
