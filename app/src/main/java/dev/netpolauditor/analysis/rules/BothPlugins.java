package dev.netpolauditor.analysis.rules;

import dev.netpolauditor.analysis.AuditInput;
import dev.netpolauditor.analysis.CatalogRule;
import dev.netpolauditor.analysis.Finding;
import dev.netpolauditor.analysis.FindingSubject.Kind;
import dev.netpolauditor.analysis.FindingSubject;
import dev.netpolauditor.analysis.Severity;
import dev.netpolauditor.model.NetworkPlugin;
import java.util.Set;
import java.util.function.Consumer;

/** NP-CNI-005: DaemonSets of both Calico and Cilium are present: both models apply, a side must pass both. */
public final class BothPlugins extends CatalogRule {
    public BothPlugins() {
        super("NP-CNI-005", Severity.INFO, Kind.CLUSTER,
                "DaemonSets of both Calico and Cilium are present: both plugins' models apply, and a connection must"
                        + " pass both.");
    }

    @Override
    public void check(AuditInput input, Consumer<Finding> findings) {
        if (NetworkPlugin.runBy(input.cluster().workloads()).containsAll(Set.of(NetworkPlugin.CALICO,
                NetworkPlugin.CILIUM))) {
            findings.accept(finding(null, FindingSubject.CLUSTER, null, "DaemonSets of both Calico and Cilium run in"
                    + " the cluster (Cilium chained with Calico, or a migration in progress): each side of a connection"
                    + " is decided by both plugins' policies, and allowed only when both allow it."));
        }
    }
}
