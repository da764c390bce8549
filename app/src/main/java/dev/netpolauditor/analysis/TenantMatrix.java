package dev.netpolauditor.analysis;

import dev.netpolauditor.model.PortSet;
import java.util.List;
import java.util.Set;

/**
 * Which tenant can reach which: one cell per ordered tenant pair with at least one allowed
 * connection (the diagonal included), with the namespace-pair breakdown.
 */
public record TenantMatrix(List<String> tenants, List<Cell> cells) {

    public TenantMatrix {
        tenants = List.copyOf(tenants);
        cells = List.copyOf(cells);
    }

    /**
     * Connections from endpoints of {@code from} to endpoints of {@code to}. {@code example}
     * is the first endpoint pair in name order. The policy sets name every policy whose
     * rules admit some of these connections on each side; the unrestricted flags say that
     * some source (destination) is not isolated for egress (ingress) at all. Provenance is
     * computed only for cross-tenant cells (the ones findings report). A cell read back from
     * the store has its {@code namespacePairCount} but no {@code namespacePairs} (derived when asked).
     */
    public record Cell(String from, String to, long endpointPairs, PortSet ports, String exampleFrom,
            String exampleTo, PortSet examplePorts, List<NamespacePair> namespacePairs, long namespacePairCount,
            Set<String> egressPolicies, Set<String> ingressPolicies, boolean egressUnrestricted,
            boolean ingressUnrestricted) {
        public Cell {
            namespacePairs = namespacePairs instanceof NamespacePairs compact ? compact : List.copyOf(namespacePairs);
            egressPolicies = Set.copyOf(egressPolicies);
            ingressPolicies = Set.copyOf(ingressPolicies);
        }

        /** A cell as an audit computes it: with its namespace pairs. */
        public Cell(String from, String to, long endpointPairs, PortSet ports, String exampleFrom, String exampleTo,
                PortSet examplePorts, List<NamespacePair> namespacePairs, Set<String> egressPolicies,
                Set<String> ingressPolicies, boolean egressUnrestricted, boolean ingressUnrestricted) {
            this(from, to, endpointPairs, ports, exampleFrom, exampleTo, examplePorts, namespacePairs,
                    namespacePairs.size(), egressPolicies, ingressPolicies, egressUnrestricted, ingressUnrestricted);
        }

        public boolean crossTenant() {
            return !from.equals(to);
        }
    }

    /**
     * Connections from one namespace to another within a tenant pair. A cell lists them by
     * destination namespace, then source namespace.
     */
    public record NamespacePair(String from, String to, long endpointPairs, PortSet ports) {}
}
