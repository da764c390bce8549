package dev.netpolauditor.engine;

import dev.netpolauditor.model.ContainerPort;
import dev.netpolauditor.model.IpAddress;
import dev.netpolauditor.model.SourceRef;
import dev.netpolauditor.model.WorkloadKind;
import java.util.List;
import java.util.Map;

/** One end of a connection: a pod (or workload template), or an IP address outside the pods. */
public sealed interface Endpoint {

    /** Stable display name: {@code ns/name}, {@code ns/name[Kind]} or {@code ip:<text>}. */
    String name();

    /**
     * A pod, or the representative pod of a workload template ({@code workloadKind} non-null).
     */
    record Pod(
            String name,
            String namespace,
            Map<String, String> labels,
            List<ContainerPort> ports,
            WorkloadKind workloadKind,
            SourceRef source) implements Endpoint {
        public Pod {
            ports = List.copyOf(ports);
        }
    }

    /** An IP endpoint given from outside ({@code --external-ip}). */
    record Ip(IpAddress address) implements Endpoint {
        @Override
        public String name() {
            return "ip:" + address.text();
        }
    }
}
