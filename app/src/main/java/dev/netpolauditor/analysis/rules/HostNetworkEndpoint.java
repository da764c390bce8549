package dev.netpolauditor.analysis.rules;

import dev.netpolauditor.analysis.AuditInput;
import dev.netpolauditor.analysis.CatalogRule;
import dev.netpolauditor.analysis.Finding;
import dev.netpolauditor.analysis.Severity;
import dev.netpolauditor.model.Pod;
import dev.netpolauditor.model.Workload;
import java.util.function.Consumer;

/** NP-COV-008: A pod or workload template uses hostNetwork: NetworkPolicy cannot isolate it. */
public final class HostNetworkEndpoint extends CatalogRule {
    public HostNetworkEndpoint() {
        super("NP-COV-008", Severity.MEDIUM,
                "A pod or workload template uses hostNetwork: NetworkPolicy cannot isolate it.");
    }

    @Override
    public void check(AuditInput input, Consumer<Finding> findings) {
        for (Pod pod : input.cluster().pods()) {
            if (pod.hostNetwork() && !pod.phase().terminated()) {
                report(findings, pod.namespace(), pod.namespace() + "/" + pod.name());
            }
        }
        for (Workload w : input.cluster().workloads()) {
            if (w.hostNetwork()) {
                report(findings, w.namespace(), w.namespace() + "/" + w.name() + "[" + w.kind().name() + "]");
            }
        }
    }

    private void report(Consumer<Finding> findings, String namespace, String subject) {
        findings.accept(finding(namespace, subject, null, subject
                + " uses the host network: network policies cannot isolate it."));
    }
}
