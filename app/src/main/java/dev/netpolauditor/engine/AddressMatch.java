package dev.netpolauditor.engine;

import dev.netpolauditor.model.Cidr;
import dev.netpolauditor.model.IpAddress;
import java.util.List;

/**
 * Networks that match pod endpoints by their addresses: a cluster-tier {@code networks} peer, a
 * Calico {@code nets}/{@code notNets} list, a Cilium CIDR peer under
 * {@code policy-cidr-match-mode: pods}, or an address family (for Calico's {@code ipVersion}).
 * Members are grouped by which of these match them, so that every rule decides per member group.
 *
 * <p>A member with addresses matches when one of them is inside some {@code cidrs} and inside
 * none of {@code except}. One without a known address (a template, a pod without
 * {@code status.podIPs}) matches when {@code unaddressed} is set and a whole family
 * ({@code 0.0.0.0/0}, {@code ::/0}) is listed <b>(choice, semantics.md "Policy tiers")</b>.
 */
record AddressMatch(List<Cidr> cidrs, List<Cidr> except, boolean unaddressed) {
    AddressMatch {
        cidrs = List.copyOf(cidrs);
        except = List.copyOf(except);
    }

    /** Members with an address of this family. */
    static AddressMatch family(boolean v4) {
        return new AddressMatch(List.of(Cidr.parse(v4 ? "0.0.0.0/0" : "::/0")), List.of(), false);
    }

    boolean matches(List<IpAddress> addresses) {
        if (addresses.isEmpty()) {
            return unaddressed && cidrs.stream().anyMatch(c -> c.prefix() == 0);
        }
        return addresses.stream().anyMatch(this::contains);
    }

    boolean contains(IpAddress address) {
        return cidrs.stream().anyMatch(c -> c.contains(address)) && except.stream().noneMatch(c -> c.contains(address));
    }
}
