package dev.netpolauditor.model;

/** One entry of a cluster-tier rule's {@code protocols} (v1alpha2) or {@code ports} (v1alpha1). */
public sealed interface TierPort {

    /** A protocol and an inclusive range of ports (a single port has {@code first == last}). */
    record Range(Protocol protocol, int first, int last) implements TierPort {
        public Range {
            if (first < 1 || last > 65535 || first > last) {
                throw new IllegalArgumentException("bad port range " + first + "-" + last);
            }
        }
    }

    /** A container port name, resolved on the receiving endpoint with that port's own protocol. */
    record Named(String name) implements TierPort {}

    /** An entry with only fields this version does not know: it fails closed (see {@link TierRule#failsClosed}). */
    record Unknown() implements TierPort {}
}
