package dev.netpolauditor.analysis.rules;

import dev.netpolauditor.analysis.AuditInput;
import dev.netpolauditor.analysis.CatalogRule;
import dev.netpolauditor.analysis.Finding;
import dev.netpolauditor.analysis.FindingSubject.Kind;
import dev.netpolauditor.analysis.FindingSubject.Policy;
import dev.netpolauditor.analysis.Locations;
import dev.netpolauditor.analysis.Severity;
import dev.netpolauditor.model.NetworkPolicy;
import java.util.function.Consumer;

/** NP-COV-006: A policy's podSelector selects no endpoint (a stale policy or a label typo). */
public final class PolicySelectsNothing extends CatalogRule {
    public PolicySelectsNothing() {
        super("NP-COV-006", Severity.LOW, Kind.POLICY,
                "A policy's podSelector selects no endpoint (a stale policy or a label typo).");
    }

    @Override
    public void check(AuditInput input, Consumer<Finding> findings) {
        var policies = input.cluster().policies();
        for (int p = 0; p < policies.size(); p++) {
            NetworkPolicy policy = policies.get(p);
            if (input.compiled().selectsNothing(p)) {
                findings.accept(finding(policy.namespace(), new Policy(policy.id()), policy.id(), "Policy " + policy.id()
                        + " selects no pod or workload of namespace " + policy.namespace() + " (podSelector "
                        + Locations.selector(policy.podSelector()) + "): it protects nothing; check for a stale "
                        + "policy or a label typo."));
            }
        }
        for (var policy : input.cluster().clusterPolicies()) {
            if (input.compiled().clusterPolicySelectsNothing(policy)) {
                findings.accept(finding(null, new Policy(policy.id()), policy.id(), policy.id() + " selects no pod or workload "
                        + "(subject " + Locations.subject(policy.subject()) + "): it protects nothing; check for a stale "
                        + "policy or a label typo."));
            }
        }
        for (var policy : input.cluster().plugins().calico().policies()) {
            if (!policy.hostEndpointsOnly() && input.compiled().selectedBy(policy).isEmpty()) {
                findings.accept(finding(policy.namespace(), new Policy(policy.id()), policy.id(), policy.id()
                        + " selects no pod or workload (selector " + policy.selector().print()
                        + (policy.namespaceSelector() == null ? "" : ", namespaceSelector "
                                + policy.namespaceSelector().print())
                        + (policy.serviceAccountSelector() == null ? "" : ", serviceAccountSelector "
                                + policy.serviceAccountSelector().print())
                        + "): it protects nothing; check for a stale policy or a label typo."));
            }
        }
        for (var policy : input.cluster().plugins().cilium().policies()) {
            var rules = policy.rules().stream().filter(r -> !r.hostPolicy()).toList();
            if (policy.enforced() && !rules.isEmpty()
                    && rules.stream().allMatch(r -> input.compiled().selectedBy(policy, r).isEmpty())) {
                findings.accept(finding(policy.namespace(), new Policy(policy.id()), policy.id(), policy.id()
                        + " selects no pod or workload (no endpointSelector of its rules matches one): it protects"
                        + " nothing; check for a stale policy or a label typo."));
            }
        }
    }
}
