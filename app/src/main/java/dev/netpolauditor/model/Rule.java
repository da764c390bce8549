package dev.netpolauditor.model;

import java.util.List;

/**
 * An ingress or egress rule. Empty {@code peers} (absent or empty {@code from}/{@code to})
 * means every peer, pods and IPs alike; empty {@code ports} means every protocol and port.
 */
public record Rule(List<Peer> peers, List<PortRule> ports) {
    public Rule {
        peers = List.copyOf(peers);
        ports = List.copyOf(ports);
    }

    public boolean allPeers() {
        return peers.isEmpty();
    }

    public boolean allPorts() {
        return ports.isEmpty();
    }
}
