package dev.netpolauditor.model.cilium;

import java.util.List;

/**
 * One {@code toPorts} element: its {@code ports} (empty: every port) and whether it carries L7
 * {@code rules} (analysed at L4, NP-CIL-001) or other refinements the model does not check
 * ({@code terminatingTLS}, {@code originatingTLS}, {@code serverNames}, {@code listener}).
 */
public record CiliumPortRule(List<CiliumPort> ports, boolean l7, boolean refinements) {
    public CiliumPortRule {
        ports = List.copyOf(ports);
    }
}
