package dev.netpolauditor.model.cilium;

import dev.netpolauditor.model.Cidr;
import java.util.List;

/**
 * One peer of a Cilium rule entry; an entry's peer fields together are a union of these. Each
 * knows its location in the policy for findings ({@code ingress[0].fromEndpoints[1]}).
 */
public sealed interface CiliumPeer {

    String location();

    /** {@code fromEndpoints}/{@code toEndpoints}: pods matching the selector (in the policy's namespace unless it names one). */
    record Endpoints(CiliumSelector selector, String location) implements CiliumPeer {}

    /** {@code fromEntities}/{@code toEntities}: a named class of endpoints. */
    record Entity(CiliumEntity entity, String location) implements CiliumPeer {}

    /**
     * {@code fromCIDR}/{@code toCIDR} (no {@code except}), {@code fromCIDRSet}/{@code toCIDRSet}
     * ({@code cidr} minus {@code except}): IP endpoints inside (and pods by address only under
     * {@code policy-cidr-match-mode: pods}).
     */
    record Cidrs(Cidr cidr, List<Cidr> except, String location) implements CiliumPeer {
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
     * (NP-CIL-002).
     */
    record Unmodelled(String location) implements CiliumPeer {}
}
