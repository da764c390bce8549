package dev.netpolauditor.model;

import java.util.List;
import java.util.Map;

/** A pod as far as NetworkPolicy is concerned. */
public record Pod(
        String namespace,
        String name,
        Map<String, String> labels,
        List<ContainerPort> ports,
        boolean hostNetwork,
        PodPhase phase,
        List<String> podIps,
        SourceRef source) {
    public Pod {
        labels = Labels.copy(labels);
        ports = List.copyOf(ports);
        podIps = List.copyOf(podIps);
    }
}
