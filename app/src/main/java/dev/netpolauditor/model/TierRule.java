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
     * Whether this is a <em>deny-all rule</em> (findings.md, "Cluster-tier policies"): action
     * {@code Deny} as written, no port entries, and a peer that matches every pod ({@code
     * namespaces: {}}, {@code pods} with both selectors empty or the namespace selector absent,
     * or {@code networks} holding {@code 0.0.0.0/0} or {@code ::/0}). Such a rule isolates the
     * endpoints its policy selects. A rule that fails closed is never one <b>(choice)</b>.
     */
    public boolean denyAll() {
        if (action != RuleAction.DENY || !ports.isEmpty() || failsClosed()) {
            return false;
        }
        for (TierPeer peer : peers) {
            boolean everyPod = switch (peer) {
                case TierPeer.Namespaces n -> n.namespaceSelector().isEmpty();
                case TierPeer.Pods p -> (p.namespaceSelector() == null || p.namespaceSelector().isEmpty())
                        && p.podSelector().isEmpty();
                case TierPeer.Networks n -> n.wholeFamily();
                default -> false;
            };
            if (everyPod) {
                return true;
            }
        }
        return false;
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
