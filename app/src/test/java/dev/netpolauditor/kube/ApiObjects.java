package dev.netpolauditor.kube;

import dev.netpolauditor.kube.FakeKubernetesApi.Resource;
import dev.netpolauditor.model.ClusterPolicy;
import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.model.ContainerPort;
import dev.netpolauditor.model.Namespace;
import dev.netpolauditor.model.NetworkPolicy;
import dev.netpolauditor.model.OwnerRef;
import dev.netpolauditor.model.Pod;
import dev.netpolauditor.model.PodPhase;
import dev.netpolauditor.model.Workload;
import dev.netpolauditor.model.WorkloadKind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A cluster state as the Kubernetes API serves it: Namespaces, Pods, workloads, NetworkPolicies
 * and cluster-tier policies in their wire shape, each with a uid, by the collection that lists
 * them.
 * {@code ManifestReader.fromObjects} reads them back to an equal state (up to where each object
 * was read from). Implied namespaces are not served: the API server has no such objects.
 */
public final class ApiObjects {
    private ApiObjects() {}

    /** A stable uid per object, so an unchanged object is served identically every time. */
    public static String uid(String kind, String namespace, String name) {
        String key = kind + "/" + (namespace == null ? "" : namespace) + "/" + name;
        return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** Adds every object of {@code state} to the fake. */
    public static void serve(FakeKubernetesApi api, ClusterState state) {
        of(state).forEach((resource, objects) -> objects.forEach(o -> api.add(resource, o)));
    }

    /** Replaces the fake's NetworkPolicies with {@code policies}. */
    public static void servePolicies(FakeKubernetesApi api, List<NetworkPolicy> policies) {
        api.clear(Resource.NETWORK_POLICIES);
        policies.forEach(p -> api.add(Resource.NETWORK_POLICIES, policy(p)));
    }

    /** The objects of {@code state} by collection, in the state's order. */
    public static Map<Resource, List<Map<String, Object>>> of(ClusterState state) {
        Map<Resource, List<Map<String, Object>>> out = new EnumMap<>(Resource.class);
        for (Namespace ns : state.namespaces()) {
            if (ns.declared()) {
                out.computeIfAbsent(Resource.NAMESPACES, r -> new ArrayList<>()).add(namespace(ns));
            }
        }
        for (Pod p : state.pods()) {
            out.computeIfAbsent(Resource.PODS, r -> new ArrayList<>()).add(pod(p));
        }
        for (Workload w : state.workloads()) {
            out.computeIfAbsent(collection(w.kind()), r -> new ArrayList<>()).add(workload(w));
        }
        for (NetworkPolicy p : state.policies()) {
            out.computeIfAbsent(Resource.NETWORK_POLICIES, r -> new ArrayList<>()).add(policy(p));
        }
        for (ClusterPolicy p : state.clusterPolicies()) {
            out.computeIfAbsent(collection(p), r -> new ArrayList<>()).add(clusterPolicy(p));
        }
        return out;
    }

    /** Every object of {@code state} as a whole manifest (with apiVersion and kind), collection by collection. */
    public static List<Map<String, Object>> manifests(ClusterState state) {
        List<Map<String, Object>> out = new ArrayList<>();
        of(state).forEach((resource, objects) -> objects.forEach(o -> {
            Map<String, Object> manifest = new LinkedHashMap<>();
            manifest.put("apiVersion", resource.apiVersion);
            manifest.put("kind", resource.kind);
            manifest.putAll(o);
            out.add(manifest);
        }));
        return out;
    }

    /**
     * The uid of every served object by {@code kind/namespace/name} ({@code kind/name} for the
     * cluster-scoped kinds), as the runner keys them.
     */
    public static Map<String, String> uids(ClusterState state) {
        Map<String, String> out = new LinkedHashMap<>();
        state.namespaces().stream().filter(Namespace::declared)
                .forEach(ns -> out.put("Namespace/" + ns.name(), uid("Namespace", null, ns.name())));
        state.pods().forEach(p -> put(out, "Pod", p.namespace(), p.name()));
        state.workloads().forEach(w -> put(out, w.kind().name(), w.namespace(), w.name()));
        state.policies().forEach(p -> put(out, "NetworkPolicy", p.namespace(), p.name()));
        state.clusterPolicies().forEach(p -> out.put(p.kind().name() + "/" + p.name(),
                uid(p.kind().name(), null, p.name())));
        return out;
    }

    private static void put(Map<String, String> uids, String kind, String namespace, String name) {
        uids.put(kind + "/" + namespace + "/" + name, uid(kind, namespace, name));
    }

    /**
     * {@code state} with an address on every pod that has none, as a running cluster reports
     * them: host-network pods get their node's (192.168.0.0/16, one node per 30 pods), others
     * one of 10.0.0.0/8 in order.
     */
    public static ClusterState addressed(ClusterState state) {
        List<Pod> pods = new ArrayList<>(state.pods().size());
        int n = 0;
        for (Pod p : state.pods()) {
            n++;
            if (!p.podIps().isEmpty()) {
                pods.add(p);
                continue;
            }
            String ip = p.hostNetwork()
                    ? "192.168." + (n / 30 / 250) + "." + (n / 30 % 250 + 1)
                    : "10." + (n >> 16 & 0xff) + "." + (n >> 8 & 0xff) + "." + (n & 0xff);
            pods.add(new Pod(p.namespace(), p.name(), p.labels(), p.ports(), p.hostNetwork(), p.phase(), List.of(ip),
                    p.controller(), p.source()));
        }
        return new ClusterState(state.namespaces(), pods, state.workloads(), state.policies(),
                state.clusterPolicies());
    }

    static Map<String, Object> namespace(Namespace ns) {
        return Map.of("metadata", metadata("Namespace", null, ns.name(), ns.labels()));
    }

    static Map<String, Object> pod(Pod p) {
        Map<String, Object> spec = podSpec(p.ports(), p.hostNetwork(), List.of());
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("phase", phase(p.phase()));
        if (!p.podIps().isEmpty()) {
            status.put("podIP", p.podIps().getFirst());
            status.put("podIPs", p.podIps().stream().map(ip -> Map.of("ip", ip)).toList());
        }
        return Map.of("metadata", metadata("Pod", p.namespace(), p.name(), p.labels(), p.controller()), "spec", spec,
                "status", status);
    }

    static Map<String, Object> workload(Workload w) {
        Map<String, Object> template = Map.of("metadata", Map.of("labels", w.templateLabels()),
                "spec", podSpec(w.ports(), w.hostNetwork(), w.images()));
        Map<String, Object> spec = w.kind() == WorkloadKind.CronJob
                ? Map.of("jobTemplate", Map.of("spec", Map.of("template", template)))
                : Map.of("template", template);
        return Map.of("metadata", metadata(w.kind().name(), w.namespace(), w.name(), Map.of(), w.controller()),
                "spec", spec);
    }

    static Map<String, Object> policy(NetworkPolicy p) {
        return Map.of("metadata", metadata("NetworkPolicy", p.namespace(), p.name(), Map.of()), "spec", p.spec());
    }

    /** Cluster-scoped: no namespace; the spec as written. */
    static Map<String, Object> clusterPolicy(ClusterPolicy p) {
        return Map.of("metadata", metadata(p.kind().name(), null, p.name(), Map.of()), "spec", p.spec());
    }

    private static Map<String, Object> metadata(String kind, String namespace, String name, Map<String, String> labels) {
        return metadata(kind, namespace, name, labels, null);
    }

    /** With {@code ownerReferences} as the API server has them: the controller, with its uid and apiVersion. */
    private static Map<String, Object> metadata(String kind, String namespace, String name, Map<String, String> labels,
            OwnerRef controller) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        if (namespace != null) {
            m.put("namespace", namespace);
        }
        m.put("uid", uid(kind, namespace, name));
        if (!labels.isEmpty()) {
            m.put("labels", labels);
        }
        if (controller != null) {
            Map<String, Object> ref = new LinkedHashMap<>();
            ref.put("apiVersion", switch (controller.kind()) {
                case "ReplicaSet", "Deployment", "StatefulSet", "DaemonSet" -> "apps/v1";
                case "Job", "CronJob" -> "batch/v1";
                default -> "v1";
            });
            ref.put("kind", controller.kind());
            ref.put("name", controller.name());
            ref.put("uid", uid(controller.kind(), namespace, controller.name()));
            ref.put("controller", true);
            ref.put("blockOwnerDeletion", true);
            m.put("ownerReferences", List.of(ref));
        }
        return m;
    }

    /** One container per image (at least one); the first carries every port, which reads back in order. */
    private static Map<String, Object> podSpec(List<ContainerPort> ports, boolean hostNetwork, List<String> images) {
        List<Object> containers = new ArrayList<>();
        List<String> names = images.isEmpty() ? List.of("") : images;
        for (int i = 0; i < names.size(); i++) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("name", "c" + i);
            if (!names.get(i).isEmpty()) {
                c.put("image", names.get(i));
            }
            if (i == 0 && !ports.isEmpty()) {
                c.put("ports", ports.stream().map(ApiObjects::port).toList());
            }
            containers.add(c);
        }
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("containers", containers);
        if (hostNetwork) {
            spec.put("hostNetwork", true);
        }
        return spec;
    }

    private static Map<String, Object> port(ContainerPort p) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (p.name() != null) {
            out.put("name", p.name());
        }
        out.put("containerPort", p.port());
        out.put("protocol", p.protocol().name());
        return out;
    }

    private static String phase(PodPhase phase) {
        String lower = phase.name().toLowerCase(java.util.Locale.ROOT);
        return Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
    }

    private static Resource collection(ClusterPolicy p) {
        return switch (p.kind()) {
            case ClusterNetworkPolicy -> Resource.CLUSTER_NETWORK_POLICIES;
            case AdminNetworkPolicy -> Resource.ADMIN_NETWORK_POLICIES;
            case BaselineAdminNetworkPolicy -> Resource.BASELINE_ADMIN_NETWORK_POLICIES;
        };
    }

    private static Resource collection(WorkloadKind kind) {
        return switch (kind) {
            case Deployment -> Resource.DEPLOYMENTS;
            case StatefulSet -> Resource.STATEFUL_SETS;
            case DaemonSet -> Resource.DAEMON_SETS;
            case ReplicaSet -> Resource.REPLICA_SETS;
            case ReplicationController -> Resource.REPLICATION_CONTROLLERS;
            case Job -> Resource.JOBS;
            case CronJob -> Resource.CRON_JOBS;
        };
    }
}
