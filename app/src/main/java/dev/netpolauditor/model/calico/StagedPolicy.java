package dev.netpolauditor.model.calico;

import dev.netpolauditor.model.PolicySpecs;
import dev.netpolauditor.model.SourceRef;
import java.util.Map;

/**
 * A Staged(Global|Kubernetes)NetworkPolicy: Calico never enforces it; it is read only to be
 * reported (NP-CAL-008). {@code namespace} is null for a StagedGlobalNetworkPolicy;
 * {@code tier} the tier it is staged in.
 */
public record StagedPolicy(String kind, String namespace, String name, String tier, SourceRef source,
        Map<String, Object> spec) {
    public StagedPolicy {
        spec = spec == null ? Map.of() : PolicySpecs.canonical(spec);
    }

    /** {@code StagedNetworkPolicy/<ns>/<name>}, {@code StagedGlobalNetworkPolicy/<name>}. */
    public String id() {
        return kind + "/" + (namespace == null ? "" : namespace + "/") + name;
    }
}
