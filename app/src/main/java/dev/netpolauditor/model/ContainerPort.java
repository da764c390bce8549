package dev.netpolauditor.model;

/** A port of {@code spec.containers[*].ports}: optional name, number and protocol. */
public record ContainerPort(String name, int port, Protocol protocol) {
    public ContainerPort {
        if (protocol == null) {
            throw new IllegalArgumentException("protocol is required");
        }
    }
}
