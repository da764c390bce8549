package dev.netpolauditor.model.calico;

/** A Calico rule's {@code icmp} or {@code notICMP}: a type (0..254) and an optional code (0..255). */
public record IcmpMatch(Integer type, Integer code) {}
