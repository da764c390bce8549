package dev.netpolauditor.model.calico;

/**
 * One Calico rule, in written order within its direction: an action and criteria, all of which
 * must hold for a connection to match. {@code protocol}, {@code notProtocol}, {@code ipVersion},
 * {@code icmp} and {@code notICMP} are null when absent; {@code http} says whether the rule has
 * HTTP criteria (analysed at L4, NP-CAL-001).
 */
public record CalicoRule(
        CalicoAction action,
        CalicoProtocol protocol,
        CalicoProtocol notProtocol,
        Integer ipVersion,
        IcmpMatch icmp,
        IcmpMatch notIcmp,
        boolean http,
        EntityRule source,
        EntityRule destination) {}
