package dev.netpolauditor.model;

/** One entry of a rule's {@code ports}. */
public record PortRule(Protocol protocol, PortMatch match) {}
