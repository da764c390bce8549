package dev.netpolauditor.model;

import java.util.List;
import java.util.Map;

/**
 * A workload and its pod template ({@code spec.template}, or
 * {@code spec.jobTemplate.spec.template} for a CronJob): the template's labels, the
 * container ports of {@code spec.containers}, {@code hostNetwork}, and the container images
 * (DaemonSet images identify the network plugin). {@code controller} is its controller owner
 * reference (a ReplicaSet's Deployment, a Job's CronJob), or null.
 */
public record Workload(
        WorkloadKind kind,
        String namespace,
        String name,
        Map<String, String> templateLabels,
        List<ContainerPort> ports,
        boolean hostNetwork,
        List<String> images,
        OwnerRef controller,
        SourceRef source) {
    public Workload {
        templateLabels = Labels.copy(templateLabels);
        ports = List.copyOf(ports);
        images = List.copyOf(images);
    }

    /** A workload without a controller. */
    public Workload(WorkloadKind kind, String namespace, String name, Map<String, String> templateLabels,
            List<ContainerPort> ports, boolean hostNetwork, List<String> images, SourceRef source) {
        this(kind, namespace, name, templateLabels, ports, hostNetwork, images, null, source);
    }

    /** {@code namespace/name[Kind]}: the endpoint name of semantics.md. */
    public String endpointName() {
        return namespace + "/" + name + "[" + kind.name() + "]";
    }
}
