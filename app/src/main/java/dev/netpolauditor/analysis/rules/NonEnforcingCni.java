package dev.netpolauditor.analysis.rules;

import dev.netpolauditor.analysis.AuditInput;
import dev.netpolauditor.analysis.CatalogRule;
import dev.netpolauditor.analysis.Control;
import dev.netpolauditor.analysis.Finding;
import dev.netpolauditor.analysis.FindingSubject.Kind;
import dev.netpolauditor.analysis.FindingSubject;
import dev.netpolauditor.analysis.Severity;
import dev.netpolauditor.model.Workload;
import dev.netpolauditor.model.WorkloadKind;
import java.util.List;
import java.util.function.Consumer;

/** NP-CNI-001: NetworkPolicies exist but the cluster's network plugin does not enforce them. */
public final class NonEnforcingCni extends CatalogRule {
    public NonEnforcingCni() {
        super("NP-CNI-001", Severity.HIGH, Kind.CLUSTER,
                "NetworkPolicies exist but the cluster's network plugin does not enforce them.",
                Control.CIS_K8S_5_3_2, Control.NSA_CISA, Control.NIST_800_53_SC_7);
    }

    @Override
    public void check(AuditInput input, Consumer<Finding> findings) {
        Workload nonEnforcing = nonEnforcing(input);
        if (nonEnforcing != null) {
            findings.accept(finding(null, FindingSubject.CLUSTER, null, "Network policies are not enforced: DaemonSet "
                    + nonEnforcing.namespace() + "/" + nonEnforcing.name() + " runs flannel, which does not "
                    + "enforce them, and no DaemonSet of a plugin that does (Calico, Canal, Cilium, kube-router, "
                    + "Antrea, Weave Net) was found. Every other finding describes intent, not what the network does."));
        }
    }

    /** Whether this rule fires: NetworkPolicies, flannel's DaemonSet, and no DaemonSet of an enforcing plugin. */
    static boolean fires(AuditInput input) {
        return nonEnforcing(input) != null;
    }

    private static Workload nonEnforcing(AuditInput input) {
        if (input.cluster().policies().isEmpty()) {
            return null;
        }
        Workload nonEnforcing = null;
        for (Workload w : input.cluster().workloads()) {
            if (w.kind() != WorkloadKind.DaemonSet) {
                continue;
            }
            if (mentions(w, ENFORCING)) {
                return null;
            }
            if (nonEnforcing == null && mentions(w, List.of("flannel"))) {
                nonEnforcing = w;
            }
        }
        return nonEnforcing;
    }

    /** Whether some DaemonSet's name or a container image contains one of the words. */
    static boolean daemonSetMentions(AuditInput input, List<String> words) {
        for (Workload w : input.cluster().workloads()) {
            if (w.kind() == WorkloadKind.DaemonSet && mentions(w, words)) {
                return true;
            }
        }
        return false;
    }

    private static final List<String> ENFORCING = List.of("calico", "canal", "cilium", "kube-router", "antrea",
            "weave-net");

    private static boolean mentions(Workload daemonSet, List<String> words) {
        return words.stream().anyMatch(daemonSet::mentions);
    }
}
