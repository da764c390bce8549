package dev.netpolauditor.model.cilium;

import java.util.List;

/**
 * One element of a Cilium rule's {@code ingress}, {@code ingressDeny}, {@code egress} or
 * {@code egressDeny}: it matches a connection when one of its peers and one of its port entries
 * match. {@code peerFields}: whether any peer field is given (given but empty: no peer; none given:
 * every peer when the entry has {@code toPorts} or {@code icmps}, none otherwise). {@code toPorts}
 * is null when absent (every port); {@code icmps} entries match no connection of the model.
 * {@code authentication}: the entry requires mutual authentication (not modelled, NP-CIL-002).
 */
public record CiliumEntry(List<CiliumPeer> peers, boolean peerFields, List<CiliumPortRule> toPorts, boolean icmps,
        boolean authentication) {
    public CiliumEntry {
        peers = List.copyOf(peers);
        toPorts = toPorts == null ? null : List.copyOf(toPorts);
    }

    /** Every peer: no peer field, but ports or ICMP types. */
    public boolean allPeers() {
        return !peerFields && (toPorts != null || icmps);
    }
}
