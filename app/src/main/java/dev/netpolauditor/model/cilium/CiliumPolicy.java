package dev.netpolauditor.model.cilium;

import dev.netpolauditor.model.PolicySpecs;
import dev.netpolauditor.model.SourceRef;
import java.util.List;
import java.util.Map;

/**
 * A CiliumNetworkPolicy (namespaced) or CiliumClusterwideNetworkPolicy ({@code namespace} null):
 * the rules of {@code spec} and {@code specs[]}, all counting. {@code refusal} says why the Cilium
 * agent refuses the object (none of its rules is then enforced, NP-CIL-003), null when it
 * accepts it. {@code spec} is the object's {@code spec} and {@code specs} as data (what
 * {@code diff} compares).
 */
public record CiliumPolicy(String namespace, String name, List<CiliumRule> rules, String refusal, SourceRef source,
        Map<String, Object> spec) {
    public CiliumPolicy {
        rules = List.copyOf(rules);
        spec = spec == null ? Map.of() : PolicySpecs.canonical(spec);
    }

    public boolean clusterwide() {
        return namespace == null;
    }

    /** {@code CiliumNetworkPolicy/<ns>/<name>} or {@code CiliumClusterwideNetworkPolicy/<name>}. */
    public String id() {
        return clusterwide() ? "CiliumClusterwideNetworkPolicy/" + name : "CiliumNetworkPolicy/" + namespace + "/" + name;
    }

    /** Whether the agent enforces it. */
    public boolean enforced() {
        return refusal == null;
    }
}
