package dev.netpolauditor.model;

import java.util.List;

/**
 * Everything the analysis reads of one cluster at one moment: namespaces (declared and
 * implied, each once), pods, workloads and NetworkPolicies, in input order.
 */
public record ClusterState(
        List<Namespace> namespaces,
        List<Pod> pods,
        List<Workload> workloads,
        List<NetworkPolicy> policies) {
    public ClusterState {
        namespaces = List.copyOf(namespaces);
        pods = List.copyOf(pods);
        workloads = List.copyOf(workloads);
        policies = List.copyOf(policies);
    }
}
