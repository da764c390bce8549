package dev.netpolauditor.model;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@code networking.k8s.io/v1} NetworkPolicy. {@code policyTypes} is the list as written
 * (empty when absent or empty); {@link #effectiveTypes()} applies the defaulting.
 *
 * <p>{@code spec} is the policy's {@code spec} as data in the canonical form of
 * {@link PolicySpecs} (what {@code diff} compares: the parsed fields cannot tell
 * {@code from: []} from an absent {@code from}). Policies built in code without one get a
 * spec derived from their parsed fields.
 */
public record NetworkPolicy(
        String namespace,
        String name,
        LabelSelector podSelector,
        List<PolicyType> policyTypes,
        List<Rule> ingress,
        List<Rule> egress,
        SourceRef source,
        Map<String, Object> spec) {
    public NetworkPolicy {
        policyTypes = List.copyOf(policyTypes);
        ingress = List.copyOf(ingress);
        egress = List.copyOf(egress);
        spec = spec == null ? PolicySpecs.derive(podSelector, policyTypes, ingress, egress) : PolicySpecs.canonical(spec);
    }

    /** A policy without its written spec: one is derived from the parsed fields. */
    public NetworkPolicy(String namespace, String name, LabelSelector podSelector, List<PolicyType> policyTypes,
            List<Rule> ingress, List<Rule> egress, SourceRef source) {
        this(namespace, name, podSelector, policyTypes, ingress, egress, source, null);
    }

    /** This policy with another spec (null: derived from the parsed fields). */
    public NetworkPolicy withSpec(Map<String, Object> spec) {
        return new NetworkPolicy(namespace, name, podSelector, policyTypes, ingress, egress, source, spec);
    }

    /** {@code namespace/name}. */
    public String id() {
        return namespace + "/" + name;
    }

    /**
     * {@code spec.policyTypes} when given and non-empty; otherwise Ingress, plus Egress
     * when there is at least one egress rule.
     */
    public Set<PolicyType> effectiveTypes() {
        if (!policyTypes.isEmpty()) {
            return EnumSet.copyOf(policyTypes);
        }
        return egress.isEmpty() ? EnumSet.of(PolicyType.INGRESS) : EnumSet.of(PolicyType.INGRESS, PolicyType.EGRESS);
    }

    public boolean governs(PolicyType type) {
        return effectiveTypes().contains(type);
    }

    public List<Rule> rules(PolicyType type) {
        return type == PolicyType.INGRESS ? ingress : egress;
    }
}
