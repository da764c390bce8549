package dev.netpolauditor.engine;

import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.model.IpAddress;
import dev.netpolauditor.model.OwnerRef;
import dev.netpolauditor.model.Pod;
import dev.netpolauditor.model.Workload;
import dev.netpolauditor.model.WorkloadKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which objects of a cluster are endpoints of the connectivity model, and with which members
 * (semantics.md, Objects → Workloads).
 *
 * <p>An object's controller counts when a workload of that kind and name is given in the same
 * namespace; following controllers upward gives its top owner. A pod whose top owner is a
 * workload is a member of that workload's endpoint (when it is neither terminated nor on the
 * host network); a workload controlled by another given workload (a Deployment's ReplicaSet, a
 * CronJob's Job) is no endpoint of its own. A top-level workload with members stands for them;
 * one without pods stands for its template; one whose pods are all terminated or on the host
 * network stands for nothing. <b>(choice)</b> Controller references that go round in a loop
 * are not followed: each object of the loop stands on its own.
 */
public final class Endpoints {
    private Endpoints() {}

    /** An object that uses the host network, once per top owner (NP-COV-008): a pod, or a workload. */
    public record HostNetworkUse(String namespace, String subject) {}

    /**
     * The endpoints, in order (pods of their own in input order, then top-level workloads in
     * input order), the host-network uses, and for every pod and workload the name of the
     * endpoint it belongs to.
     */
    public record Resolution(List<Endpoint.Pod> endpoints, List<HostNetworkUse> hostNetwork,
            Map<String, String> endpointOfObject, Map<String, String> topOwnerOfPod) {
        public Resolution {
            endpoints = List.copyOf(endpoints);
            hostNetwork = List.copyOf(hostNetwork);
            endpointOfObject = Map.copyOf(endpointOfObject);
            topOwnerOfPod = Map.copyOf(topOwnerOfPod);
        }

        /**
         * The top owner of a pod whose controller is a given workload, as {@code ns/name[Kind]}
         * (whether or not that workload stands for anything); empty for a pod of its own.
         */
        public Optional<String> topOwnerOf(Pod pod) {
            return Optional.ofNullable(topOwnerOfPod.get(key("Pod", pod.namespace(), pod.name())));
        }

        /** The endpoint a pod is (or is a member of); empty when it is none (terminated, host network, no members). */
        public Optional<String> endpointOf(Pod pod) {
            return Optional.ofNullable(endpointOfObject.get(key("Pod", pod.namespace(), pod.name())));
        }

        /** The endpoint a workload is, or belongs to through its controllers; empty when it stands for nothing. */
        public Optional<String> endpointOf(Workload workload) {
            return Optional.ofNullable(endpointOfObject.get(key(workload.kind().name(), workload.namespace(),
                    workload.name())));
        }
    }

    public static List<Endpoint.Pod> of(ClusterState cluster) {
        return resolve(cluster).endpoints();
    }

    public static Resolution resolve(ClusterState cluster) {
        return new Resolver(cluster).resolve();
    }

    /**
     * The top owner of each pod of {@code cluster.pods()}, in their order, as
     * {@link Resolution#topOwnerOf} gives it (null for a pod of its own), without resolving the
     * endpoints: what a snapshot's analysis key needs of them.
     */
    public static List<String> topOwners(ClusterState cluster) {
        return new Resolver(cluster).topOwners();
    }

    /** Whether a pod can be an endpoint or a member at all: not terminated, not on the host network. */
    public static boolean isEndpoint(Pod pod) {
        return !pod.hostNetwork() && !pod.phase().terminated();
    }

    private static String key(String kind, String namespace, String name) {
        return kind + " " + namespace + "/" + name;
    }

    private static final class Resolver {
        private final ClusterState cluster;
        private final Map<String, Workload> workloads = new HashMap<>();
        /** Workload key → the given workload controlling it (loops removed); absent for a top-level workload. */
        private final Map<String, Workload> parents = new HashMap<>();

        Resolver(ClusterState cluster) {
            this.cluster = cluster;
            for (Workload w : cluster.workloads()) {
                workloads.put(key(w), w);
            }
            for (Workload w : cluster.workloads()) {
                Workload parent = given(w.namespace(), w.controller());
                if (parent != null && parent != w) {
                    parents.put(key(w), parent);
                }
            }
            for (Workload w : cluster.workloads()) {
                Set<Workload> loop = loopThrough(w);
                loop.forEach(member -> parents.remove(key(member)));
            }
        }

        /** The workloads of a controller loop that {@code start} is on, or none. */
        private Set<Workload> loopThrough(Workload start) {
            Set<Workload> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
            Workload at = start;
            while (at != null && seen.add(at)) {
                at = parents.get(key(at));
            }
            if (at != start) {
                return Set.of();
            }
            return seen;
        }

        private Workload given(String namespace, OwnerRef controller) {
            if (controller == null || WorkloadKind.byName(controller.kind()) == null) {
                return null;
            }
            return workloads.get(workloadKey(controller.kind(), namespace, controller.name()));
        }

        private Workload top(Workload w) {
            Workload at = w;
            for (Workload parent = parents.get(key(at)); parent != null; parent = parents.get(key(at))) {
                at = parent;
            }
            return at;
        }

        List<String> topOwners() {
            List<String> out = new ArrayList<>(cluster.pods().size());
            for (Pod pod : cluster.pods()) {
                Workload owner = given(pod.namespace(), pod.controller());
                out.add(owner == null ? null : top(owner).endpointName());
            }
            return java.util.Collections.unmodifiableList(out);
        }

        Resolution resolve() {
            List<Endpoint.Pod> endpoints = new ArrayList<>();
            List<HostNetworkUse> hostNetwork = new ArrayList<>();
            Map<String, String> endpointOf = new HashMap<>();
            Map<Workload, List<Pod>> podsByOwner = new IdentityHashMap<>();
            Map<String, String> topOwnerOfPod = new HashMap<>();
            for (Pod pod : cluster.pods()) {
                Workload owner = given(pod.namespace(), pod.controller());
                if (owner != null) {
                    Workload top = top(owner);
                    podsByOwner.computeIfAbsent(top, w -> new ArrayList<>()).add(pod);
                    topOwnerOfPod.put(workloadKey("Pod", pod.namespace(), pod.name()), top.endpointName());
                    continue;
                }
                if (isEndpoint(pod)) {
                    String name = pod.namespace() + "/" + pod.name();
                    endpoints.add(new Endpoint.Pod(name, pod.namespace(), null, List.of(member(pod)), pod.source()));
                    endpointOf.put(workloadKey("Pod", pod.namespace(), pod.name()), name);
                } else if (pod.hostNetwork() && !pod.phase().terminated()) {
                    hostNetwork.add(new HostNetworkUse(pod.namespace(), pod.namespace() + "/" + pod.name()));
                }
            }
            Map<Workload, String> endpointOfTop = new IdentityHashMap<>();
            for (Workload w : cluster.workloads()) {
                if (parents.containsKey(key(w))) {
                    continue;
                }
                String name = w.endpointName();
                List<Pod> pods = podsByOwner.getOrDefault(w, List.of());
                List<Endpoint.Member> members = new ArrayList<>();
                boolean onHost = false;
                for (Pod pod : pods) {
                    if (isEndpoint(pod)) {
                        members.add(member(pod));
                        endpointOf.put(workloadKey("Pod", pod.namespace(), pod.name()), name);
                    }
                    onHost |= pod.hostNetwork() && !pod.phase().terminated();
                }
                if (pods.isEmpty()) {
                    onHost = w.hostNetwork();
                    if (!w.hostNetwork()) {
                        members.add(new Endpoint.Member(name, w.templateLabels(), w.ports(), List.of(), true,
                                w.serviceAccount()));
                    }
                }
                if (onHost) {
                    hostNetwork.add(new HostNetworkUse(w.namespace(), name));
                }
                if (!members.isEmpty()) {
                    endpoints.add(new Endpoint.Pod(name, w.namespace(), w.kind(), members, w.source()));
                    endpointOfTop.put(w, name);
                }
            }
            for (Workload w : cluster.workloads()) {
                String name = endpointOfTop.get(top(w));
                if (name != null) {
                    endpointOf.put(key(w), name);
                }
            }
            return new Resolution(endpoints, hostNetwork, endpointOf, topOwnerOfPod);
        }

        private static Endpoint.Member member(Pod pod) {
            List<IpAddress> addresses = new ArrayList<>();
            for (String ip : pod.podIps()) {
                try {
                    addresses.add(IpAddress.parse(ip));
                } catch (IllegalArgumentException e) {
                    // semantics.md: an address that does not parse is ignored
                }
            }
            return new Endpoint.Member(pod.namespace() + "/" + pod.name(), pod.labels(), pod.ports(), addresses,
                    false, pod.serviceAccount());
        }

        private static String key(Workload w) {
            return workloadKey(w.kind().name(), w.namespace(), w.name());
        }

        private static String workloadKey(String kind, String namespace, String name) {
            return Endpoints.key(kind, namespace, name);
        }
    }
}
