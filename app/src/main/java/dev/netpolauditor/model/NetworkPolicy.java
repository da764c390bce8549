package dev.netpolauditor.model;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A {@code networking.k8s.io/v1} NetworkPolicy. {@code policyTypes} is the list as written
 * (empty when absent or empty); {@link #effectiveTypes()} applies the defaulting.
 */
public record NetworkPolicy(
        String namespace,
        String name,
        LabelSelector podSelector,
        List<PolicyType> policyTypes,
        List<Rule> ingress,
        List<Rule> egress,
        SourceRef source) {
    public NetworkPolicy {
        policyTypes = List.copyOf(policyTypes);
        ingress = List.copyOf(ingress);
        egress = List.copyOf(egress);
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
