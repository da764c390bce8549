package dev.netpolauditor.model;

import java.util.List;
import java.util.Map;

/**
 * A workload and its pod template ({@code spec.template}, or
 * {@code spec.jobTemplate.spec.template} for a CronJob): the template's labels, the
 * container ports of {@code spec.containers}, {@code hostNetwork}, and the container images
 * (DaemonSet images identify the network plugin). {@code controller} is its controller owner
 * reference (a ReplicaSet's Deployment, a Job's CronJob), or null. {@code serviceAccount} is the
 * template's {@code serviceAccountName}.
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
        SourceRef source,
        String serviceAccount) {
    public Workload {
        templateLabels = Labels.copy(templateLabels);
        ports = List.copyOf(ports);
        images = List.copyOf(images);
        serviceAccount = serviceAccount == null || serviceAccount.isEmpty() ? Pod.DEFAULT_SERVICE_ACCOUNT
                : serviceAccount;
    }

    /** A workload whose template runs as the {@code default} account. */
    public Workload(WorkloadKind kind, String namespace, String name, Map<String, String> templateLabels,
            List<ContainerPort> ports, boolean hostNetwork, List<String> images, OwnerRef controller,
            SourceRef source) {
        this(kind, namespace, name, templateLabels, ports, hostNetwork, images, controller, source, null);
    }

    /** A workload without a controller. */
    public Workload(WorkloadKind kind, String namespace, String name, Map<String, String> templateLabels,
            List<ContainerPort> ports, boolean hostNetwork, List<String> images, SourceRef source) {
        this(kind, namespace, name, templateLabels, ports, hostNetwork, images, null, source, null);
    }

    /**
     * Whether the name or a container image contains the word, case-insensitively: how a
     * DaemonSet shows which network plugin it runs (NP-CNI-001, cni-policies.md).
     */
    public boolean mentions(String word) {
        String lower = word.toLowerCase(java.util.Locale.ROOT);
        if (name.toLowerCase(java.util.Locale.ROOT).contains(lower)) {
            return true;
        }
        for (String image : images) {
            if (image.toLowerCase(java.util.Locale.ROOT).contains(lower)) {
                return true;
            }
        }
        return false;
    }

    /** {@code namespace/name[Kind]}: the endpoint name of semantics.md. */
    public String endpointName() {
        return namespace + "/" + name + "[" + kind.name() + "]";
    }
}
