package dev.netpolauditor.engine;

import dev.netpolauditor.model.ContainerPort;
import dev.netpolauditor.model.IpAddress;
import dev.netpolauditor.model.SourceRef;
import dev.netpolauditor.model.WorkloadKind;
import java.util.List;
import java.util.Map;

/** One end of a connection: a pod endpoint, or an IP address outside the pods. */
public sealed interface Endpoint {

    /** Stable display name: {@code ns/name}, {@code ns/name[Kind]} or {@code ip:<text>}. */
    String name();

    /**
     * A pod endpoint (semantics.md, Objects): a pod of its own ({@code workloadKind} null, one
     * member: the pod), or a workload ({@code workloadKind} non-null) standing for its members
     * (the running pods whose top owner it is) or, without members, for its pod template (one
     * member: the template, without address). Members alike in labels, ports and addresses
     * behave alike; what the endpoint allows is the union over its members.
     */
    record Pod(
            String name,
            String namespace,
            WorkloadKind workloadKind,
            List<Member> members,
            SourceRef source) implements Endpoint {
        public Pod {
            members = List.copyOf(members);
            if (members.isEmpty()) {
                throw new IllegalArgumentException("an endpoint has at least one member: " + name);
            }
        }

        /** Whether it stands for its workload's template rather than for pods. */
        public boolean template() {
            return members.getFirst().template();
        }
    }

    /**
     * One pod behind a pod endpoint (or the template of a workload without pods): its
     * {@code name} ({@code ns/pod}, or the endpoint's name for a template), labels, container
     * ports and addresses ({@code status.podIPs}, else {@code status.podIP}; none for a
     * template), and its ServiceAccount (network plugins' selectors read it).
     */
    record Member(String name, Map<String, String> labels, List<ContainerPort> ports, List<IpAddress> addresses,
            boolean template, String serviceAccount) {
        public Member {
            labels = dev.netpolauditor.model.Labels.copy(labels);
            ports = List.copyOf(ports);
            addresses = List.copyOf(addresses);
            serviceAccount = serviceAccount == null ? dev.netpolauditor.model.Pod.DEFAULT_SERVICE_ACCOUNT
                    : serviceAccount;
        }

        /** A member running as the {@code default} account. */
        public Member(String name, Map<String, String> labels, List<ContainerPort> ports, List<IpAddress> addresses,
                boolean template) {
            this(name, labels, ports, addresses, template, null);
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
