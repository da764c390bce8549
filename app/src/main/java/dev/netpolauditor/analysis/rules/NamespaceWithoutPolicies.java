package dev.netpolauditor.analysis.rules;

import dev.netpolauditor.analysis.AuditInput;
import dev.netpolauditor.analysis.CatalogRule;
import dev.netpolauditor.analysis.Control;
import dev.netpolauditor.analysis.Finding;
import dev.netpolauditor.analysis.FindingSubject.Kind;
import dev.netpolauditor.analysis.FindingSubject.Namespace;
import dev.netpolauditor.analysis.Locations;
import dev.netpolauditor.analysis.Severity;
import dev.netpolauditor.engine.Endpoint;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** NP-COV-005: A namespace with endpoints has no NetworkPolicy at all. */
public final class NamespaceWithoutPolicies extends CatalogRule {
    public NamespaceWithoutPolicies() {
        super("NP-COV-005", Severity.HIGH, Kind.NAMESPACE,
                "A namespace with endpoints has no NetworkPolicy at all.",
                Control.CIS_K8S_5_3_2);
    }

    @Override
    public void check(AuditInput input, Consumer<Finding> findings) {
        // namespaces where a cluster-tier policy selects some endpoint: they are not unprotected
        java.util.Set<String> tiered = new java.util.HashSet<>();
        for (var policy : input.cluster().clusterPolicies()) {
            for (int g : input.compiled().selectedGroups(policy)) {
                tiered.add(input.compiled().group(g).namespace());
            }
        }
        // likewise where a network plugin's policy selects some endpoint
        for (var policy : input.cluster().plugins().calico().policies()) {
            input.compiled().selectedBy(policy).forEach(e -> tiered.add(e.namespace()));
        }
        for (var policy : input.cluster().plugins().cilium().policies()) {
            if (policy.enforced()) {
                for (var rule : policy.rules()) {
                    input.compiled().selectedBy(policy, rule).forEach(e -> tiered.add(e.namespace()));
                }
            }
        }
        for (Map.Entry<String, List<Endpoint.Pod>> ns : input.endpointsByNamespace().entrySet()) {
            if (input.policiesIn(ns.getKey()).isEmpty() && !tiered.contains(ns.getKey())) {
                findings.accept(finding(ns.getKey(), new Namespace(ns.getKey()), null, "Namespace " + ns.getKey() + " runs "
                        + Locations.count(ns.getValue().size(), "pod or workload", "pods or workloads")
                        + " but has no network policy at all."));
            }
        }
    }
}
