package dev.netpolauditor.model.cilium;

import dev.netpolauditor.model.Cidr;
import java.util.List;

/** One peer of a Cilium rule entry; an entry's peer fields together are a union of these. */
public sealed interface CiliumPeer {

    /** {@code fromEndpoints}/{@code toEndpoints}: pods matching the selector (in the policy's namespace unless it names one). */
    record Endpoints(CiliumSelector selector) implements CiliumPeer {}

    /** {@code fromEntities}/{@code toEntities}: a named class of endpoints. */
    record Entity(CiliumEntity entity) implements CiliumPeer {}

    /**
     * {@code fromCIDR}/{@code toCIDR} (no {@code except}), {@code fromCIDRSet}/{@code toCIDRSet}
     * ({@code cidr} minus {@code except}): IP endpoints inside (and pods by address only under
     * {@code policy-cidr-match-mode: pods}).
     */
    record Cidrs(Cidr cidr, List<Cidr> except) implements CiliumPeer {
        public Cidrs {
            except = List.copyOf(except);
        }

        public boolean contains(dev.netpolauditor.model.IpAddress address) {
            return cidr.contains(address) && except.stream().noneMatch(e -> e.contains(address));
        }

        /** A whole address family: {@code 0.0.0.0/0} or {@code ::/0}, which is {@code world}. */
        public boolean wholeFamily() {
            return cidr.prefix() == 0;
        }
    }

    /**
     * A peer that names no endpoint of the model ({@code toFQDNs}, {@code toServices},
     * {@code toGroups}, {@code fromNodes}, {@code cidrGroupRef}, ...): it matches nothing
     * (NP-CIL-002). {@code field} is the field path for findings.
     */
    record Unmodelled(String field) implements CiliumPeer {}
}
