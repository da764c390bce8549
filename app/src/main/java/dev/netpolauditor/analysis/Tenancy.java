package dev.netpolauditor.analysis;

import dev.netpolauditor.model.Namespace;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which tenant each namespace belongs to. A namespace's tenant is the value of the tenant
 * label, unless the tenants file assigns it explicitly. Shared namespaces (DNS, monitoring)
 * belong to no tenant: every tenant may reach them. Allowed pairs are tenant → tenant flows
 * that are intended.
 */
public record Tenancy(String label, Map<String, String> assigned, Set<String> shared, Set<TenantPair> allowed) {

    /** An ordered pair of tenants. */
    public record TenantPair(String from, String to) {
        @Override
        public String toString() {
            return from + " -> " + to;
        }
    }

    public Tenancy {
        assigned = Map.copyOf(assigned);
        shared = Set.copyOf(shared);
        allowed = Set.copyOf(allowed);
    }

    public static Tenancy byLabel(String label) {
        return new Tenancy(label, Map.of(), Set.of(), Set.of());
    }

    /** The tenant of a namespace, or empty for a shared namespace or one without the label. */
    public Optional<String> tenantOf(Namespace namespace) {
        if (shared.contains(namespace.name())) {
            return Optional.empty();
        }
        String explicit = assigned.get(namespace.name());
        if (explicit != null) {
            return Optional.of(explicit);
        }
        return Optional.ofNullable(namespace.labels().get(label));
    }

    /** Tenant of every namespace that has one. */
    public Map<String, String> tenants(Collection<Namespace> namespaces) {
        Map<String, String> out = new HashMap<>();
        for (Namespace ns : namespaces) {
            tenantOf(ns).ifPresent(t -> out.put(ns.name(), t));
        }
        return out;
    }

    public boolean allows(String fromTenant, String toTenant) {
        return allowed.contains(new TenantPair(fromTenant, toTenant));
    }
}
