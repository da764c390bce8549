package dev.netpolauditor.model.calico;

/** One entry of a Calico entity rule's {@code ports} or {@code notPorts}. */
public sealed interface CalicoPort {

    /** A port number, or the inclusive range {@code "first:last"}. */
    record Range(int first, int last) implements CalicoPort {
        public Range {
            if (first < 1 || last > 65535 || first > last) {
                throw new IllegalArgumentException("bad port range " + first + ":" + last);
            }
        }
    }

    /** A named port, resolved on the destination's container ports (with the rule's protocol, any without one). */
    record Named(String name) implements CalicoPort {}
}
