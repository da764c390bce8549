package dev.netpolauditor.analysis;

import dev.netpolauditor.engine.CompiledCluster;
import dev.netpolauditor.engine.ConnectionExplanation;
import dev.netpolauditor.engine.ConnectivityMatrix;
import dev.netpolauditor.engine.EndpointGroup;
import dev.netpolauditor.engine.PortSet;
import dev.netpolauditor.engine.SideExplanation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Computes the {@link TenantMatrix} from the grouped connectivity: each allowed (source
 * group, destination group) pair whose namespaces both have a tenant adds to its cell.
 * Provenance (which policies admit the flows) is explained per group pair, only for
 * cross-tenant pairs that no allowed pair covers.
 */
final class TenantReach {
    private final AuditInput input;
    private final CompiledCluster compiled;
    private final Map<List<String>, CellBuilder> cells = new TreeMap<>(
            (a, b) -> a.get(0).equals(b.get(0)) ? a.get(1).compareTo(b.get(1)) : a.get(0).compareTo(b.get(0)));

    private TenantReach(AuditInput input) {
        this.input = input;
        this.compiled = input.compiled();
    }

    static TenantMatrix compute(AuditInput input) {
        return new TenantReach(input).run();
    }

    private TenantMatrix run() {
        Map<String, String> tenantOf = input.tenantOfNamespace();
        ConnectivityMatrix matrix = compiled.connectivity(List.of());
        matrix.forEachGroupRow((destination, sources, allowed) -> {
            EndpointGroup to = compiled.group(destination);
            String toTenant = tenantOf.get(to.namespace());
            if (toTenant == null) {
                return;
            }
            ConnectivityMatrix.forEachBit(sources, source -> {
                EndpointGroup from = compiled.group(source);
                String fromTenant = tenantOf.get(from.namespace());
                if (fromTenant != null) {
                    add(fromTenant, toTenant, from, to, allowed);
                }
            });
        });
        List<TenantMatrix.Cell> out = new ArrayList<>();
        for (CellBuilder cell : cells.values()) {
            out.add(cell.build());
        }
        return new TenantMatrix(new TreeSet<>(tenantOf.values()).stream().toList(), out);
    }

    private void add(String fromTenant, String toTenant, EndpointGroup from, EndpointGroup to, PortSet allowed) {
        long pairs = from.id() == to.id() ? (long) to.size() * (to.size() - 1) : (long) from.size() * to.size();
        if (pairs == 0) {
            return;
        }
        CellBuilder cell = cells.computeIfAbsent(List.of(fromTenant, toTenant), k -> new CellBuilder(fromTenant, toTenant));
        cell.pairs += pairs;
        cell.ports = cell.ports.union(allowed);
        cell.namespacePair(from.namespace(), to.namespace(), pairs, allowed);
        example(cell, from, to, allowed);
        if (!fromTenant.equals(toTenant) && !input.tenancy().allows(fromTenant, toTenant)) {
            ConnectionExplanation why = compiled.explain(compiled.representative(from), compiled.representative(to));
            provenance(why.egress(), allowed, cell.egressPolicies, () -> cell.egressUnrestricted = true);
            provenance(why.ingress(), allowed, cell.ingressPolicies, () -> cell.ingressUnrestricted = true);
        }
    }

    /** Keeps the cell's first endpoint pair in name order (a pod with itself excluded). */
    private void example(CellBuilder cell, EndpointGroup from, EndpointGroup to, PortSet allowed) {
        String[] sources = twoSmallestNames(from);
        String bestFrom = sources[0];
        String bestTo = from.id() == to.id() ? sources[1] : twoSmallestNames(to)[0];
        if (cell.exampleFrom == null || bestFrom.compareTo(cell.exampleFrom) < 0
                || (bestFrom.equals(cell.exampleFrom) && bestTo.compareTo(cell.exampleTo) < 0)) {
            cell.exampleFrom = bestFrom;
            cell.exampleTo = bestTo;
            cell.examplePorts = allowed;
        }
    }

    private String[] twoSmallestNames(EndpointGroup group) {
        String first = null;
        String second = null;
        for (int m : group.members()) {
            String name = compiled.endpoints().get(m).name();
            if (first == null || name.compareTo(first) < 0) {
                second = first;
                first = name;
            } else if (second == null || name.compareTo(second) < 0) {
                second = name;
            }
        }
        return new String[] {first, second};
    }

    private static void provenance(SideExplanation side, PortSet allowed, Set<String> policies, Runnable unrestricted) {
        if (!side.isolated()) {
            unrestricted.run();
            return;
        }
        for (SideExplanation.Contribution c : side.contributions()) {
            if (!c.ports().intersect(allowed).isEmpty()) {
                policies.add(c.rule().policy());
            }
        }
    }

    private static final class CellBuilder {
        final String from;
        final String to;
        long pairs;
        PortSet ports = PortSet.EMPTY;
        String exampleFrom;
        String exampleTo;
        PortSet examplePorts = PortSet.EMPTY;
        final Map<List<String>, long[]> namespacePairs = new HashMap<>();
        final Map<List<String>, PortSet> namespacePorts = new HashMap<>();
        final Set<String> egressPolicies = new TreeSet<>();
        final Set<String> ingressPolicies = new TreeSet<>();
        boolean egressUnrestricted;
        boolean ingressUnrestricted;

        CellBuilder(String from, String to) {
            this.from = from;
            this.to = to;
        }

        void namespacePair(String fromNs, String toNs, long pairs, PortSet allowed) {
            List<String> key = List.of(fromNs, toNs);
            namespacePairs.computeIfAbsent(key, k -> new long[1])[0] += pairs;
            namespacePorts.merge(key, allowed, PortSet::union);
        }

        TenantMatrix.Cell build() {
            List<TenantMatrix.NamespacePair> nsPairs = new ArrayList<>();
            for (Map.Entry<List<String>, long[]> e : namespacePairs.entrySet()) {
                nsPairs.add(new TenantMatrix.NamespacePair(e.getKey().get(0), e.getKey().get(1), e.getValue()[0],
                        namespacePorts.get(e.getKey())));
            }
            nsPairs.sort((a, b) -> a.from().equals(b.from()) ? a.to().compareTo(b.to()) : a.from().compareTo(b.from()));
            return new TenantMatrix.Cell(from, to, pairs, ports, exampleFrom, exampleTo, examplePorts, nsPairs,
                    egressPolicies, ingressPolicies, egressUnrestricted, ingressUnrestricted);
        }
    }
}
