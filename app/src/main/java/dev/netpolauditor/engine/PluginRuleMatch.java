package dev.netpolauditor.engine;

import dev.netpolauditor.model.IpAddress;
import dev.netpolauditor.model.PortSet;
import dev.netpolauditor.model.Protocol;
import java.util.List;
import java.util.function.Predicate;

/**
 * A Calico rule or a Cilium entry, decided once: the member groups its peer criteria match (or
 * every pod and IP), a test for IP endpoints, and its ports. Ports are
 * {@code (fixed ∪ named) ∩ mask − excluded}: {@code fixed} the numbers and ranges, {@code named}
 * the port names resolved on the receiving member group (with the protocols each may have),
 * {@code mask} what the rule's protocols and excluded numbers leave, {@code excluded} the
 * names excluded ({@code notPorts}). Toward an IP endpoint named ports match nothing.
 */
final class PluginRuleMatch implements Matcher {

    /** A port name and the protocols it may resolve with. */
    record NamedPort(String name, List<Protocol> protocols) {}

    private final boolean allPeers;
    private final int[] groups;
    private final Predicate<IpAddress> ips;
    private final PortSet fixed;
    private final List<NamedPort> named;
    private final PortSet mask;
    private final List<NamedPort> excluded;
    private final PortSet[] resolved;
    /** {@code fixed ∩ mask}: the ports without names, toward any receiver (computed once, asked per destination). */
    private final PortSet unnamed;

    PluginRuleMatch(boolean allPeers, int[] groups, Predicate<IpAddress> ips, PortSet fixed, List<NamedPort> named,
            PortSet mask, List<NamedPort> excluded, int signatures) {
        this.allPeers = allPeers;
        this.groups = groups;
        this.ips = ips;
        this.fixed = fixed;
        this.named = List.copyOf(named);
        this.mask = mask;
        this.excluded = List.copyOf(excluded);
        this.resolved = new PortSet[named.isEmpty() && excluded.isEmpty() ? 0 : signatures];
        this.unnamed = fixed.intersect(mask);
    }

    /** A rule that matches no connection (an ICMP rule, a peer the model has not). */
    static PluginRuleMatch nothing() {
        return new PluginRuleMatch(false, new int[0], a -> false, PortSet.EMPTY, List.of(), PortSet.EMPTY, List.of(), 0);
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
    public boolean matchesIp(IpAddress address) {
        return allPeers || ips.test(address);
    }

    @Override
    public PortSet portsFor(NamedPorts receiving) {
        if (resolved.length == 0) {
            return unnamed;
        }
        PortSet ports = resolved[receiving.id()];
        if (ports == null) {
            PortSet in = fixed;
            for (NamedPort n : named) {
                in = in.union(resolve(receiving, n));
            }
            PortSet out = PortSet.EMPTY;
            for (NamedPort n : excluded) {
                out = out.union(resolve(receiving, n));
            }
            ports = in.intersect(mask).minus(out);
            resolved[receiving.id()] = ports;
        }
        return ports;
    }

    private static PortSet resolve(NamedPorts receiving, NamedPort n) {
        PortSet out = PortSet.EMPTY;
        for (Protocol p : n.protocols()) {
            out = out.union(receiving.resolve(n.name(), p));
        }
        return out;
    }

    @Override
    public PortSet portsTowardIp() {
        return unnamed;
    }
}
