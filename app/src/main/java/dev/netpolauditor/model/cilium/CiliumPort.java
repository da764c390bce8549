package dev.netpolauditor.model.cilium;

import dev.netpolauditor.model.Protocol;
import java.util.List;

/**
 * One {@code toPorts[].ports[]} entry: a number ({@code 0}: every port), a range
 * {@code port..endPort}, or a container port name resolved on the receiving endpoint; with the
 * protocols it means ({@code ANY}/absent: TCP, UDP and SCTP; another protocol: none of the model).
 */
public record CiliumPort(String name, int first, int last, List<Protocol> protocols) {
    public CiliumPort {
        protocols = List.copyOf(protocols);
    }

    /** Port {@code 0} (or no port): every port. */
    public boolean allPorts() {
        return name == null && first == 0;
    }
}
