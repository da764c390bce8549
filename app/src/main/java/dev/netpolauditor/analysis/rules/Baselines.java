package dev.netpolauditor.analysis.rules;

import dev.netpolauditor.analysis.AuditInput;
import dev.netpolauditor.analysis.Finding;
import dev.netpolauditor.analysis.FindingRule;
import dev.netpolauditor.analysis.FindingSubject.Namespace;
import dev.netpolauditor.analysis.Locations;
import dev.netpolauditor.model.NetworkPolicy;
import dev.netpolauditor.model.PolicyType;
import java.util.function.Consumer;

/** NP-COV-003/004: the namespace-wide baseline check, one direction at a time. */
final class Baselines {
    private Baselines() {}

    static void check(FindingRule rule, AuditInput input, PolicyType direction, Consumer<Finding> findings) {
        for (String ns : input.endpointsByNamespace().keySet()) {
            boolean baseline = false;
            for (int p : input.policiesIn(ns)) {
                NetworkPolicy policy = input.cluster().policies().get(p);
                baseline |= policy.podSelector().isEmpty() && policy.governs(direction);
            }
            boolean tiers = !input.cluster().clusterPolicies().isEmpty();
            if (!baseline && tiers) {
                baseline = ClusterTierRules.namespaceBaseline(input, ns, direction);
            }
            if (!baseline) {
                String dir = Locations.lower(direction);
                findings.accept(rule.finding(ns, new Namespace(ns), null, "Namespace " + ns + " has no namespace-wide " + dir
                        + " baseline: no network policy with an empty podSelector restricts " + dir
                        + (tiers ? ", and no cluster-tier deny-all rule covers the whole namespace." : ".")));
            }
        }
    }
}
