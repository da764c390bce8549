package dev.netpolauditor.model;

import java.util.List;
import java.util.Map;

/**
 * A pod as far as NetworkPolicy is concerned. {@code controller} is its controller owner
 * reference (a ReplicaSet, StatefulSet, Job, Node...), or null when it has none; whether it
 * makes the pod a member of a workload endpoint is decided by {@code engine.Endpoints}.
 * {@code serviceAccount} is {@code spec.serviceAccountName} (network plugins select by it).
 */
public record Pod(
        String namespace,
        String name,
        Map<String, String> labels,
        List<ContainerPort> ports,
        boolean hostNetwork,
        PodPhase phase,
        List<String> podIps,
        OwnerRef controller,
        SourceRef source,
        String serviceAccount) {
    public Pod {
        labels = Labels.copy(labels);
        ports = List.copyOf(ports);
        podIps = List.copyOf(podIps);
        serviceAccount = serviceAccount == null || serviceAccount.isEmpty() ? DEFAULT_SERVICE_ACCOUNT : serviceAccount;
    }

    /**
     * The account of a pod that names none: {@code default}, which the admission plugin sets
     * <b>(choice)</b>.
     */
    public static final String DEFAULT_SERVICE_ACCOUNT = "default";

    /** A pod running as the {@code default} account. */
    public Pod(String namespace, String name, Map<String, String> labels, List<ContainerPort> ports,
            boolean hostNetwork, PodPhase phase, List<String> podIps, OwnerRef controller, SourceRef source) {
        this(namespace, name, labels, ports, hostNetwork, phase, podIps, controller, source, null);
    }

    /** A pod without a controller. */
    public Pod(String namespace, String name, Map<String, String> labels, List<ContainerPort> ports,
            boolean hostNetwork, PodPhase phase, List<String> podIps, SourceRef source) {
        this(namespace, name, labels, ports, hostNetwork, phase, podIps, null, source, null);
    }

    /** {@code namespace/name}. */
    public String id() {
        return namespace + "/" + name;
    }
}
