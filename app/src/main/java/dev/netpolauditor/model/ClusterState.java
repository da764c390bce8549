package dev.netpolauditor.model;

import java.util.List;

/**
 * Everything the analysis reads of one cluster at one moment: namespaces (declared and
 * implied, each once), pods, workloads, NetworkPolicies and cluster-tier policies, in input
 * order.
 */
public record ClusterState(
        List<Namespace> namespaces,
        List<Pod> pods,
        List<Workload> workloads,
        List<NetworkPolicy> policies,
        List<ClusterPolicy> clusterPolicies) {
    public ClusterState {
        namespaces = List.copyOf(namespaces);
        pods = List.copyOf(pods);
        workloads = List.copyOf(workloads);
        policies = List.copyOf(policies);
        clusterPolicies = List.copyOf(clusterPolicies);
    }

    /** A cluster without cluster-tier policies. */
    public ClusterState(List<Namespace> namespaces, List<Pod> pods, List<Workload> workloads,
            List<NetworkPolicy> policies) {
        this(namespaces, pods, workloads, policies, List.of());
    }

    /** The same cluster with these cluster-tier policies. */
    public ClusterState withClusterPolicies(List<ClusterPolicy> cluster) {
        return new ClusterState(namespaces, pods, workloads, policies, cluster);
    }
}
