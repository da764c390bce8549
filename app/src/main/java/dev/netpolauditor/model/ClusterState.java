package dev.netpolauditor.model;

import java.util.List;

/**
 * Everything the analysis reads of one cluster at one moment: namespaces (declared and
 * implied, each once), pods, workloads, NetworkPolicies and cluster-tier policies, in input
 * order; and what the network plugins known to run add ({@link PluginObjects}).
 */
public record ClusterState(
        List<Namespace> namespaces,
        List<Pod> pods,
        List<Workload> workloads,
        List<NetworkPolicy> policies,
        List<ClusterPolicy> clusterPolicies,
        PluginObjects plugins) {
    public ClusterState {
        namespaces = List.copyOf(namespaces);
        pods = List.copyOf(pods);
        workloads = List.copyOf(workloads);
        policies = List.copyOf(policies);
        clusterPolicies = List.copyOf(clusterPolicies);
        plugins = plugins == null ? PluginObjects.NONE : plugins;
    }

    /** A cluster whose network plugins add nothing. */
    public ClusterState(List<Namespace> namespaces, List<Pod> pods, List<Workload> workloads,
            List<NetworkPolicy> policies, List<ClusterPolicy> clusterPolicies) {
        this(namespaces, pods, workloads, policies, clusterPolicies, PluginObjects.NONE);
    }

    /** A cluster without cluster-tier policies. */
    public ClusterState(List<Namespace> namespaces, List<Pod> pods, List<Workload> workloads,
            List<NetworkPolicy> policies) {
        this(namespaces, pods, workloads, policies, List.of());
    }

    /** The same cluster with these cluster-tier policies. */
    public ClusterState withClusterPolicies(List<ClusterPolicy> cluster) {
        return new ClusterState(namespaces, pods, workloads, policies, cluster, plugins);
    }

    /** The same cluster with these network plugin objects. */
    public ClusterState withPlugins(PluginObjects plugins) {
        return new ClusterState(namespaces, pods, workloads, policies, clusterPolicies, plugins);
    }
}
