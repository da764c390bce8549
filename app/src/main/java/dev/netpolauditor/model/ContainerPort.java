package dev.netpolauditor.model;

/**
 * A port of {@code spec.containers[*].ports}: optional name, number and protocol. {@code port}
 * is 0 when {@code containerPort} is absent (tolerated as kubectl-era manifests contain it);
 * such a port defines nothing.
 */
public record ContainerPort(String name, int port, Protocol protocol) {
    public ContainerPort {
        if (protocol == null) {
            throw new IllegalArgumentException("protocol is required");
        }
    }
}
