package dev.netpolauditor.model.calico;

import dev.netpolauditor.model.Protocol;
import java.util.Map;

/**
 * A Calico rule's {@code protocol} or {@code notProtocol}: an IP protocol number 1..255, given
 * as a number or by one of Calico's names ({@code TCP}, {@code UDP}, {@code ICMP}, {@code ICMPv6},
 * {@code SCTP}, {@code UDPLite}; case-sensitive). Only TCP, UDP and SCTP carry connections of the
 * model; the others match none of its connections.
 */
public record CalicoProtocol(int number, String text) {
    private static final Map<String, Integer> NAMES = Map.of("TCP", 6, "UDP", 17, "ICMP", 1, "ICMPv6", 58,
            "SCTP", 132, "UDPLite", 136);
    public static final int ICMP = 1;
    public static final int ICMPV6 = 58;

    public CalicoProtocol {
        if (number < 1 || number > 255) {
            throw new IllegalArgumentException("protocol number " + number + " is outside 1..255");
        }
    }

    /** The protocol a name stands for, or null when Calico knows no such name. */
    public static CalicoProtocol byName(String name) {
        Integer number = NAMES.get(name);
        return number == null ? null : new CalicoProtocol(number, name);
    }

    public static CalicoProtocol byNumber(int number) {
        return new CalicoProtocol(number, Integer.toString(number));
    }

    /** The model's protocol (TCP 6, UDP 17, SCTP 132), or null for one the model has no connections of. */
    public Protocol modelled() {
        return switch (number) {
            case 6 -> Protocol.TCP;
            case 17 -> Protocol.UDP;
            case 132 -> Protocol.SCTP;
            default -> null;
        };
    }

    /** ICMP or ICMPv6, the protocols {@code icmp} criteria go with. */
    public boolean icmp() {
        return number == ICMP || number == ICMPV6;
    }

    /** Whether numeric ports may go with it: TCP, UDP, SCTP. */
    public boolean hasPorts() {
        return modelled() != null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CalicoProtocol p && p.number == number;
    }

    @Override
    public int hashCode() {
        return number;
    }

    @Override
    public String toString() {
        return text;
    }
}
