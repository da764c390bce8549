package dev.netpolauditor.analysis.rules;

import dev.netpolauditor.analysis.AuditInput;
import dev.netpolauditor.analysis.CatalogRule;
import dev.netpolauditor.analysis.Finding;
import dev.netpolauditor.analysis.FindingSubject.Endpoint;
import dev.netpolauditor.analysis.FindingSubject.Kind;
import dev.netpolauditor.analysis.Severity;
import dev.netpolauditor.engine.Endpoints;
import java.util.function.Consumer;

/**
 * NP-COV-008: A pod or workload template uses hostNetwork: NetworkPolicy cannot isolate it.
 * Reported once per top owner: a workload whose running pods use the host network is the
 * subject, never its pods one by one.
 */
public final class HostNetworkEndpoint extends CatalogRule {
    public HostNetworkEndpoint() {
        super("NP-COV-008", Severity.MEDIUM, Kind.ENDPOINT,
                "A pod or workload template uses hostNetwork: NetworkPolicy cannot isolate it.");
    }

    @Override
    public void check(AuditInput input, Consumer<Finding> findings) {
        for (Endpoints.HostNetworkUse use : input.compiled().resolution().hostNetwork()) {
            findings.accept(finding(use.namespace(), new Endpoint(use.subject()), null, use.subject()
                    + " uses the host network: network policies cannot isolate it."));
        }
    }
}
