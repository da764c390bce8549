package dev.netpolauditor.model;

import java.util.List;

/** One entry of a cluster-tier rule's {@code from} or {@code to}. */
public sealed interface TierPeer {

    /** Every pod endpoint of the matching namespaces. */
    record Namespaces(LabelSelector namespaceSelector) implements TierPeer {}

    /** Pod endpoints matching {@code podSelector} in matching namespaces (null: every namespace). */
    record Pods(LabelSelector namespaceSelector, LabelSelector podSelector) implements TierPeer {}

    /** Egress only: IP endpoints inside any CIDR, and pod endpoints whose address is inside one. */
    record Networks(List<Cidr> cidrs) implements TierPeer {
        public Networks {
            cidrs = List.copyOf(cidrs);
        }

        /** Whether a whole address family is listed: what matches endpoints without a known address. */
        public boolean wholeFamily() {
            return cidrs.stream().anyMatch(c -> c.prefix() == 0);
        }
    }

    /** Egress only: nodes by label. The model has no nodes: it matches no endpoint <b>(choice)</b>. */
    record Nodes(LabelSelector nodeSelector) implements TierPeer {}

    /** Egress only: DNS names. The model has no names: it matches no endpoint <b>(choice)</b>. */
    record DomainNames(List<String> names) implements TierPeer {
        public DomainNames {
            names = List.copyOf(names);
        }
    }

    /**
     * A peer with only fields this version does not know (a newer peer kind, or a field of
     * another direction's peer kind): it fails closed (see {@link TierRule#failsClosed}).
     */
    record Unknown() implements TierPeer {}
}
