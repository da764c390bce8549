package dev.netpolauditor.snapshot;

import dev.netpolauditor.analysis.Tenancy;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The tenants file ({@code audit --tenants FILE}): which namespace belongs to which tenant,
 * which namespaces every tenant shares, and which tenant-to-tenant flows are intended.
 *
 * <pre>{@code
 * label: tenant            # optional: the namespace label naming the tenant (overrides --tenant-label)
 * tenants:                 # optional: explicit assignments, which win over the label
 *   retail: [shop-a, shop-b]
 *   finance: [ledger]
 *   payments: []           # a tenant whose namespaces all come from the label
 * shared: [kube-system, monitoring]   # optional: reachable by every tenant, part of none
 * allowed:                 # optional: intended flows, no NP-TEN-001 for them
 *   - {from: retail, to: finance}
 * }</pre>
 *
 * <p>Every key is optional; an empty file means "tenants by label, nothing else". The tenant
 * of a namespace is, in this order: none when it is {@code shared}; the tenant that
 * {@code tenants} assigns it to; else the value of its {@code label} label (none without it).
 *
 * <p>Checks, each failing with one line naming the file and the field:
 * <ul>
 *   <li>unknown keys, at the top level and in {@code allowed} entries (the message lists the known ones);
 *   <li>{@code label} must be a valid label key;
 *   <li>tenant names must be valid label values (they stand where a label value would) and not empty;
 *   <li>namespace names must be valid namespace names (RFC 1123 labels);
 *   <li>a namespace listed twice in {@code tenants} (in one tenant or two), or twice in {@code shared};
 *   <li>a namespace both {@code shared} and assigned to a tenant;
 *   <li>{@code allowed}: {@code from} and {@code to} required, different, and each a tenant named
 *       under {@code tenants} (that is what catches typos: a tenant that comes only from the
 *       label is declared there with an empty list); a pair listed twice.
 * </ul>
 * The file holds one YAML document, read by the same hardened parser as the manifests.
 */
public final class TenantsFile {
    private TenantsFile() {}

    /** The default of {@code --tenant-label}: the label naming a namespace's tenant. */
    public static final String DEFAULT_LABEL = "tenant";

    private static final List<String> KEYS = List.of("label", "tenants", "shared", "allowed");
    private static final List<String> PAIR_KEYS = List.of("from", "to");

    /** Reads the file with {@link #DEFAULT_LABEL} for a file without {@code label}. */
    public static Tenancy read(Path file) throws ManifestException {
        return read(file, DEFAULT_LABEL);
    }

    /**
     * Reads the file; {@code defaultLabel} (from {@code --tenant-label}) applies when the file
     * gives no {@code label}. Messages name the file as {@code file.toString()}.
     */
    public static Tenancy read(Path file, String defaultLabel) throws ManifestException {
        String name = file.toString();
        Object document = AuditSideFile.document(file, name);
        try {
            return parse(Field.root(document), defaultLabel);
        } catch (FieldException e) {
            throw AuditSideFile.error(name, e);
        }
    }

    private static Tenancy parse(Field root, String defaultLabel) {
        if (!root.absent() && !(root.value() instanceof Map<?, ?>)) {
            throw root.invalid("the document is " + Field.describe(root.value())
                    + ", expected a mapping with the keys " + String.join(", ", KEYS));
        }
        AuditSideFile.entries(root, KEYS);
        String label = label(root.get("label"), defaultLabel);
        Map<String, String> assigned = new LinkedHashMap<>();
        Map<String, String> assignedAt = new HashMap<>();
        Set<String> tenants = new TreeSet<>();
        for (Map.Entry<String, Field> tenant : root.get("tenants").entries()) {
            String name = tenantName(tenant.getValue(), tenant.getKey());
            tenants.add(name);
            for (Field namespaceField : tenant.getValue().items()) {
                String namespace = AuditSideFile.namespace(namespaceField);
                String earlier = assigned.putIfAbsent(namespace, name);
                if (earlier != null) {
                    throw namespaceField.invalid("namespace " + Field.quote(namespace) + " is already assigned to "
                            + (earlier.equals(name) ? "this tenant" : "tenant " + Field.quote(earlier))
                            + " (" + assignedAt.get(namespace) + "); a namespace belongs to one tenant");
                }
                assignedAt.put(namespace, namespaceField.path());
            }
        }
        Set<String> shared = new LinkedHashSet<>();
        Map<String, String> sharedAt = new HashMap<>();
        for (Field namespaceField : root.get("shared").items()) {
            String namespace = AuditSideFile.namespace(namespaceField);
            if (!shared.add(namespace)) {
                throw namespaceField.invalid("namespace " + Field.quote(namespace) + " is listed twice (also "
                        + sharedAt.get(namespace) + ")");
            }
            sharedAt.put(namespace, namespaceField.path());
            String tenant = assigned.get(namespace);
            if (tenant != null) {
                throw namespaceField.invalid("namespace " + Field.quote(namespace) + " is shared and also assigned to"
                        + " tenant " + Field.quote(tenant) + " (" + assignedAt.get(namespace) + "); a shared namespace"
                        + " belongs to no tenant");
            }
        }
        Set<Tenancy.TenantPair> allowed = new LinkedHashSet<>();
        for (Field entry : root.get("allowed").items()) {
            if (!(entry.value() instanceof Map<?, ?>)) {
                throw entry.invalid("expected a mapping {from: TENANT, to: TENANT}, got " + Field.describe(entry.value()));
            }
            AuditSideFile.entries(entry, PAIR_KEYS);
            String from = knownTenant(entry.get("from"), tenants);
            String to = knownTenant(entry.get("to"), tenants);
            if (from.equals(to)) {
                throw entry.invalid("from and to are both " + Field.quote(from)
                        + ": a tenant always reaches itself, only flows between two tenants can be allowed");
            }
            if (!allowed.add(new Tenancy.TenantPair(from, to))) {
                throw entry.invalid(from + " -> " + to + " is listed twice");
            }
        }
        return new Tenancy(label, assigned, shared, allowed);
    }

    private static String label(Field field, String defaultLabel) {
        if (field.absent()) {
            return defaultLabel;
        }
        String label = AuditSideFile.text(field);
        String problem = KubeNames.labelKeyProblem(label);
        if (problem != null) {
            throw field.invalid(problem);
        }
        return label;
    }

    private static String tenantName(Field at, String name) {
        if (name.isEmpty()) {
            throw at.invalid("a tenant name must not be empty");
        }
        String problem = KubeNames.labelValueProblem(name);
        if (problem != null) {
            throw at.invalid("tenant name: " + problem);
        }
        return name;
    }

    private static String knownTenant(Field field, Set<String> tenants) {
        String tenant = AuditSideFile.text(field);
        if (!tenants.contains(tenant)) {
            throw field.invalid("unknown tenant " + Field.quote(tenant) + (tenants.isEmpty()
                    ? " (no tenants are declared: name every tenant of 'allowed' under 'tenants', with an empty"
                            + " list when its namespaces come from the label)"
                    : " (tenants: " + String.join(", ", tenants) + ")"));
        }
        return tenant;
    }
}
