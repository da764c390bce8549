package dev.netpolauditor.model;

/** What the {@code port}/{@code endPort} of a NetworkPolicy port entry names. */
public sealed interface PortMatch {

    /** {@code port} absent: every port of the protocol. */
    record AnyPort() implements PortMatch {}

    /** A numeric port, or the inclusive range {@code port..endPort}. */
    record Range(int first, int last) implements PortMatch {
        public Range {
            if (first < 1 || last > 65535 || first > last) {
                throw new IllegalArgumentException("bad port range " + first + "-" + last);
            }
        }
    }

    /** A named port, resolved on the receiving pod. */
    record Named(String name) implements PortMatch {}
}
