package dev.netpolauditor.model;

import java.util.List;
import java.util.Map;

/**
 * A pod as far as NetworkPolicy is concerned. {@code controller} is its controller owner
 * reference (a ReplicaSet, StatefulSet, Job, Node...), or null when it has none; whether it
 * makes the pod a member of a workload endpoint is decided by {@code engine.Endpoints}.
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
        SourceRef source) {
    public Pod {
        labels = Labels.copy(labels);
        ports = List.copyOf(ports);
        podIps = List.copyOf(podIps);
    }

    /** A pod without a controller. */
    public Pod(String namespace, String name, Map<String, String> labels, List<ContainerPort> ports,
            boolean hostNetwork, PodPhase phase, List<String> podIps, SourceRef source) {
        this(namespace, name, labels, ports, hostNetwork, phase, podIps, null, source);
    }

    /** {@code namespace/name}. */
    public String id() {
        return namespace + "/" + name;
    }
}
