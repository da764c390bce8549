package dev.netpolauditor.model.calico;

import dev.netpolauditor.model.PolicySpecs;
import dev.netpolauditor.model.PolicyType;
import dev.netpolauditor.model.SourceRef;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Calico NetworkPolicy (namespaced) or GlobalNetworkPolicy (cluster-scoped, {@code namespace}
 * null), cni-policies.md "Calico: objects". {@code tier} is the tier's name as Calico means it
 * (the 3.29–3.31 names of the built-in tiers already read as {@code kube-admin} and
 * {@code kube-baseline}); {@code order} is null when absent (after every ordered policy).
 * {@code selector} absent is {@code all()}; {@code namespaceSelector} (GlobalNetworkPolicy only)
 * and {@code serviceAccountSelector} are null when absent. {@code types} are as written.
 * {@code spec} is the object's spec as data (what {@code diff} compares).
 */
public record CalicoPolicy(
        CalicoPolicyKind kind,
        String namespace,
        String name,
        String tier,
        Double order,
        CalicoSelector selector,
        CalicoSelector namespaceSelector,
        CalicoSelector serviceAccountSelector,
        List<PolicyType> types,
        List<CalicoRule> ingress,
        List<CalicoRule> egress,
        boolean doNotTrack,
        boolean preDNAT,
        boolean applyOnForward,
        SourceRef source,
        Map<String, Object> spec) {

    public CalicoPolicy {
        types = List.copyOf(types);
        ingress = List.copyOf(ingress);
        egress = List.copyOf(egress);
        spec = spec == null ? Map.of() : PolicySpecs.canonical(spec);
    }

    /** {@code CalicoNetworkPolicy/<ns>/<name>} or {@code GlobalNetworkPolicy/<name>}: how output names it. */
    public String id() {
        return kind.outputKind() + "/" + (namespace == null ? "" : namespace + "/") + name;
    }

    public boolean global() {
        return kind == CalicoPolicyKind.GLOBAL_NETWORK_POLICY;
    }

    /**
     * {@code types} as given when non-empty; else Ingress without egress rules, Egress with egress
     * but no ingress rules, both with both.
     */
    public Set<PolicyType> effectiveTypes() {
        if (!types.isEmpty()) {
            return EnumSet.copyOf(types);
        }
        if (egress.isEmpty()) {
            return EnumSet.of(PolicyType.INGRESS);
        }
        return ingress.isEmpty() ? EnumSet.of(PolicyType.EGRESS) : EnumSet.of(PolicyType.INGRESS, PolicyType.EGRESS);
    }

    public List<CalicoRule> rules(PolicyType direction) {
        return direction == PolicyType.INGRESS ? ingress : egress;
    }

    /** With {@code doNotTrack} or {@code preDNAT} Felix applies it to host endpoints only: not modelled (NP-CAL-002). */
    public boolean hostEndpointsOnly() {
        return doNotTrack || preDNAT;
    }
}
