package dev.netpolauditor.model;

import java.util.List;

/**
 * One rule of a cluster-tier policy: an optional name, an action, peers ({@code from} or
 * {@code to}, at least one) and port entries (empty: every protocol and port).
 */
public record TierRule(String name, RuleAction action, List<TierPeer> peers, List<TierPort> ports) {
    public TierRule {
        peers = List.copyOf(peers);
        ports = List.copyOf(ports);
    }

    public boolean allPorts() {
        return ports.isEmpty();
    }

    /**
     * Whether the rule fails closed (semantics.md): a {@code Deny} or {@code Pass} rule with a peer
     * or port entry of only unknown fields denies every peer on every port. (In an {@code Accept}
     * rule such an entry simply matches nothing.)
     */
    public boolean failsClosed() {
        return action != RuleAction.ACCEPT
                && (peers.stream().anyMatch(p -> p instanceof TierPeer.Unknown)
                        || ports.stream().anyMatch(p -> p instanceof TierPort.Unknown));
    }
}
