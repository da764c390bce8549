package dev.netpolauditor.analysis.rules;

import dev.netpolauditor.analysis.AuditInput;
import dev.netpolauditor.analysis.CatalogRule;
import dev.netpolauditor.analysis.Control;
import dev.netpolauditor.analysis.Finding;
import dev.netpolauditor.analysis.FindingSubject.Kind;
import dev.netpolauditor.analysis.FindingSubject;
import dev.netpolauditor.analysis.Severity;
import dev.netpolauditor.model.ClusterPolicy;
import dev.netpolauditor.model.ClusterPolicyKind;
import dev.netpolauditor.model.NetworkPlugin;
import dev.netpolauditor.model.Workload;
import dev.netpolauditor.model.WorkloadKind;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * NP-CNI-002: cluster-tier policies exist and no DaemonSet of a plugin implementing their API
 * is present; silent when NP-CNI-001 fires.
 */
public final class NonEnforcingClusterTierCni extends CatalogRule {
    static final List<String> CLUSTER_NETWORK_POLICY = List.of("calico", "antrea", "cilium", "kube-network-policies",
            "kube-ovn", "ovnkube");
    static final List<String> ADMIN_NETWORK_POLICY = List.of("calico", "antrea", "kube-network-policies", "kube-ovn",
            "ovnkube");

    public NonEnforcingClusterTierCni() {
        super("NP-CNI-002", Severity.HIGH, Kind.CLUSTER,
                "Cluster-tier policies exist but no network plugin that enforces their API was found.",
                Control.CIS_K8S_5_3_2, Control.NSA_CISA, Control.NIST_800_53_SC_7);
    }

    @Override
    public void check(AuditInput input, Consumer<Finding> findings) {
        List<ClusterPolicy> policies = input.cluster().clusterPolicies();
        if (policies.isEmpty() || NonEnforcingCni.fires(input)) {
            return;
        }
        List<String> unenforced = new ArrayList<>();
        if (policies.stream().anyMatch(p -> p.kind() == ClusterPolicyKind.ClusterNetworkPolicy)
                && !enforced(input, ClusterPolicyKind.ClusterNetworkPolicy)) {
            unenforced.add("ClusterNetworkPolicy (enforced by " + String.join(", ", CLUSTER_NETWORK_POLICY) + ")");
        }
        if (policies.stream().anyMatch(p -> p.kind() != ClusterPolicyKind.ClusterNetworkPolicy
                && !enforced(input, p.kind()))) {
            unenforced.add("AdminNetworkPolicy/BaselineAdminNetworkPolicy (enforced by "
                    + String.join(", ", ADMIN_NETWORK_POLICY) + ")");
        }
        if (!unenforced.isEmpty()) {
            findings.accept(finding(null, FindingSubject.CLUSTER, null, "Cluster-tier policies may not be enforced: no DaemonSet of "
                    + "a network plugin that implements " + String.join(" or ", unenforced) + " was found. What the "
                    + "findings say of these policies describes intent, not what the network does."));
        }
    }

    /**
     * Whether some DaemonSet's plugin enforces a cluster-tier kind: by the words of its name or
     * images; for Calico and Cilium, by the release its image tag reads (cni-policies.md, NP-CNI-002):
     * Calico before 3.29 enforces none, 3.29 AdminNetworkPolicy, 3.30–3.31 it and
     * BaselineAdminNetworkPolicy, 3.32 and later ClusterNetworkPolicy only; Cilium
     * ClusterNetworkPolicy from 1.20 when {@code enable-k8s-cluster-network-policy} is on (see
     * {@link PluginReleases#calicoEnforces} for 3.32's v1alpha1 kinds). A tag that reads no release
     * leaves the words to decide.
     */
    static boolean enforced(AuditInput input, ClusterPolicyKind kind) {
        List<String> words = kind == ClusterPolicyKind.ClusterNetworkPolicy ? CLUSTER_NETWORK_POLICY
                : ADMIN_NETWORK_POLICY;
        for (Workload w : input.cluster().workloads()) {
            if (w.kind() != WorkloadKind.DaemonSet) {
                continue;
            }
            int[] calico = PluginReleases.of(w, NetworkPlugin.CALICO);
            int[] cilium = PluginReleases.of(w, NetworkPlugin.CILIUM);
            if (calico != null) {
                if (PluginReleases.calicoEnforces(calico, kind)) {
                    return true;
                }
            } else if (cilium != null) {
                if (kind == ClusterPolicyKind.ClusterNetworkPolicy && PluginReleases.atLeast(cilium, 1, 20)
                        && input.cluster().plugins().cilium().config().enforcesClusterNetworkPolicies()) {
                    return true;
                }
            } else if (words.stream().anyMatch(w::mentions)) {
                return true;
            }
        }
        return false;
    }
}
