package dev.netpolauditor.snapshot;

import dev.netpolauditor.canonical.CanonicalJson;
import dev.netpolauditor.model.ClusterPolicy;
import dev.netpolauditor.model.ClusterPolicyKind;
import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.model.ContainerPort;
import dev.netpolauditor.model.Namespace;
import dev.netpolauditor.model.NetworkPlugin;
import dev.netpolauditor.model.NetworkPolicy;
import dev.netpolauditor.model.OwnerRef;
import dev.netpolauditor.model.PluginKind;
import dev.netpolauditor.model.Pod;
import dev.netpolauditor.model.PodPhase;
import dev.netpolauditor.model.Protocol;
import dev.netpolauditor.model.ServiceAccount;
import dev.netpolauditor.model.SourceRef;
import dev.netpolauditor.model.Workload;
import dev.netpolauditor.model.WorkloadKind;
import dev.netpolauditor.model.calico.CalicoPolicy;
import dev.netpolauditor.model.calico.CalicoTier;
import dev.netpolauditor.model.calico.NetworkSet;
import dev.netpolauditor.model.calico.StagedPolicy;
import dev.netpolauditor.model.cilium.CiliumConfig;
import dev.netpolauditor.model.cilium.CiliumPolicy;
import dev.netpolauditor.store.SnapshotContent.ReadAt;
import dev.netpolauditor.store.SnapshotContent.StoredObject;
import dev.netpolauditor.store.SnapshotContent;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The model's objects as the store keeps them: canonical JSON ({@link CanonicalJson}) in
 * Kubernetes' shape, absent values left out, where an object was read from ({@code SourceRef})
 * left out; equal content gives equal text, hence equal SHA-256. {@link #read} turns stored
 * objects back into the model. The store itself only keeps the text: reading it is the
 * snapshot's business.
 */
public final class StoredObjects {
    private StoredObjects() {}

    /**
     * The version of how an API object becomes its stored text: the readers' model of each kind
     * ({@link ManifestReader} and the readers it calls) and the forms written here. A re-snapshot
     * takes the hash of an object read at the same uid and resourceVersion as a stored version
     * instead of writing it again, which holds only while the same API object gives the same
     * text. The text depends on that object alone (another object may change how it is analysed,
     * as Cilium's {@code cilium-config} does a policy's refusals, which the state read anew at each
     * snapshot carries, but not its text): raise this whenever a change to either makes any
     * object's text differ, so that the stored hashes of the older form are no longer taken
     * ({@code StoredObjectsFormTest} fails until then).
     */
    public static final int CANONICAL_FORM = 1;

    public static SnapshotContent.StoredObject namespace(Namespace ns, String uid) {
        Map<String, Object> doc = document("Namespace", null, ns.name(), uid, ns.labels());
        doc.put("declared", ns.declared());
        return object("Namespace", null, ns.name(), uid, doc);
    }

    public static SnapshotContent.StoredObject pod(Pod pod, String uid) {
        Map<String, Object> doc = document("Pod", pod.namespace(), pod.name(), uid, pod.labels());
        controller(doc, pod.controller());
        Map<String, Object> spec = new TreeMap<>();
        spec.put("hostNetwork", pod.hostNetwork());
        spec.put("ports", ports(pod.ports()));
        serviceAccount(spec, pod.serviceAccount());
        doc.put("spec", spec);
        Map<String, Object> status = new TreeMap<>();
        status.put("phase", pod.phase().name());
        status.put("podIPs", pod.podIps());
        doc.put("status", status);
        return object("Pod", pod.namespace(), pod.name(), uid, doc);
    }

    public static SnapshotContent.StoredObject workload(Workload w, String uid) {
        String kind = w.kind().name();
        Map<String, Object> doc = document(kind, w.namespace(), w.name(), uid, Map.of());
        controller(doc, w.controller());
        Map<String, Object> template = new TreeMap<>();
        template.put("labels", w.templateLabels());
        template.put("hostNetwork", w.hostNetwork());
        template.put("ports", ports(w.ports()));
        template.put("images", w.images());
        serviceAccount(template, w.serviceAccount());
        doc.put("spec", Map.of("template", template));
        return object(kind, w.namespace(), w.name(), uid, doc);
    }

    /**
     * {@code serviceAccountName} when not {@code default}, so objects without one keep the text (and
     * hash) they had before accounts were read.
     */
    private static void serviceAccount(Map<String, Object> spec, String account) {
        if (!Pod.DEFAULT_SERVICE_ACCOUNT.equals(account)) {
            spec.put("serviceAccountName", account);
        }
    }

    private static String readServiceAccount(Map<String, Object> spec) {
        return (String) spec.get("serviceAccountName");
    }

    /**
     * The controller as Kubernetes writes it ({@code metadata.ownerReferences}, the one entry with
     * {@code controller: true}); nothing for an object without one, so such objects keep the
     * text (and hash) they had before owners were read.
     */
    private static void controller(Map<String, Object> doc, OwnerRef controller) {
        if (controller != null) {
            @SuppressWarnings("unchecked")
            Map<String, Object> metadata = (Map<String, Object>) doc.get("metadata");
            metadata.put("ownerReferences", List.of(Map.of("kind", controller.kind(), "name", controller.name(),
                    "controller", true)));
        }
    }

    private static OwnerRef readController(Map<String, Object> metadata) {
        if (metadata.get("ownerReferences") instanceof List<?> references) {
            for (Object r : references) {
                if (r instanceof Map<?, ?> ref && Boolean.TRUE.equals(ref.get("controller"))) {
                    return new OwnerRef((String) ref.get("kind"), (String) ref.get("name"));
                }
            }
        }
        return null;
    }

    public static SnapshotContent.StoredObject policy(NetworkPolicy p, String uid) {
        Map<String, Object> doc = document("NetworkPolicy", p.namespace(), p.name(), uid, Map.of());
        // The spec as written, in the model's canonical form (PolicySpecs): what diff compares.
        doc.put("spec", p.spec());
        return object("NetworkPolicy", p.namespace(), p.name(), uid, doc);
    }

    /**
     * A cluster-tier policy as an object of its own kind, cluster-scoped (no namespace), with its
     * spec as written in the model's canonical form, as a NetworkPolicy is stored.
     */
    public static SnapshotContent.StoredObject clusterPolicy(ClusterPolicy p, String uid) {
        String kind = p.kind().name();
        Map<String, Object> doc = document(kind, null, p.name(), uid, Map.of());
        doc.put("spec", p.spec());
        return object(kind, null, p.name(), uid, doc);
    }

    /**
     * A network plugin's object (cni-policies.md), as Kubernetes writes it but for its kind, which
     * names it as output does ({@code CalicoNetworkPolicy} for Calico's NetworkPolicy): its spec as
     * written in canonical form (a Cilium policy's {@code spec} and {@code specs}), and labels
     * where they count (network sets, ServiceAccounts).
     */
    private static SnapshotContent.StoredObject plugin(String kind, String namespace, String name, String uid,
            Map<String, String> labels, Map<String, Object> content) {
        Map<String, Object> doc = document(kind, namespace, name, uid, labels);
        doc.putAll(content);
        return object(kind, namespace, name, uid, doc);
    }

    private static void plugins(ClusterState state, Known known, List<StoredObject> out) {
        var plugins = state.plugins();
        for (CalicoPolicy p : plugins.calico().policies()) {
            String kind = p.kind().outputKind();
            out.add(known.of(kind, p.namespace(), p.name(),
                    uid -> plugin(kind, p.namespace(), p.name(), uid, Map.of(), Map.of("spec", p.spec()))));
        }
        for (CalicoTier t : plugins.calico().tiers()) {
            out.add(known.of("Tier", null, t.name(),
                    uid -> plugin("Tier", null, t.name(), uid, Map.of(), Map.of("spec", t.spec()))));
        }
        for (NetworkSet n : plugins.calico().networkSets()) {
            String kind = n.global() ? "GlobalNetworkSet" : "NetworkSet";
            out.add(known.of(kind, n.namespace(), n.name(),
                    uid -> plugin(kind, n.namespace(), n.name(), uid, n.labels(), Map.of("spec", n.spec()))));
        }
        for (StagedPolicy p : plugins.calico().staged()) {
            out.add(known.of(p.kind(), p.namespace(), p.name(),
                    uid -> plugin(p.kind(), p.namespace(), p.name(), uid, Map.of(), Map.of("spec", p.spec()))));
        }
        for (CiliumPolicy p : plugins.cilium().policies()) {
            String kind = p.clusterwide() ? "CiliumClusterwideNetworkPolicy" : "CiliumNetworkPolicy";
            out.add(known.of(kind, p.namespace(), p.name(),
                    uid -> plugin(kind, p.namespace(), p.name(), uid, Map.of(), p.spec())));
        }
        for (ServiceAccount a : plugins.serviceAccounts()) {
            out.add(known.of("ServiceAccount", a.namespace(), a.name(),
                    uid -> plugin("ServiceAccount", a.namespace(), a.name(), uid, a.labels(), Map.of())));
        }
        CiliumConfig config = plugins.cilium().config();
        if (config.given()) {
            out.add(known.of("ConfigMap", config.namespace(), "cilium-config",
                    uid -> plugin("ConfigMap", config.namespace(), "cilium-config", uid, Map.of(),
                            Map.of("data", new TreeMap<>(config.data())))));
        }
    }

    /**
     * The key an object's uid and resourceVersion are given by: {@code kind/namespace/name},
     * {@code kind/name} when cluster-scoped.
     */
    public static String key(String kind, String namespace, String name) {
        return kind + "/" + (namespace == null ? "" : namespace + "/") + name;
    }

    /**
     * The objects of a cluster state in canonical form, each written and hashed; {@code uids} by
     * {@link #key} (may lack any).
     */
    public static List<StoredObject> objectsOf(ClusterState state, Map<String, String> uids) {
        Map<String, ReadAt> readAt = new HashMap<>();
        uids.forEach((key, uid) -> readAt.put(key, new ReadAt(uid, null)));
        return objectsOf(state, readAt, Map.of());
    }

    /**
     * The objects of a cluster state in canonical form; {@code readAt} gives the uid and
     * resourceVersion each was read at, by {@link #key} (may lack any). An object read at the
     * uid and resourceVersion of a version in {@code stored} (of the same kind, namespace and
     * name) is that version, its text not written again ({@link StoredObject#textOmitted}); every
     * other object is written and hashed.
     *
     * <p>This relies on the API server's guarantee that an object's resourceVersion changes
     * whenever the object is written: nothing here can tell a changed object that kept its
     * resourceVersion from an unchanged one. The stored versions must be of this
     * {@link #CANONICAL_FORM}, for the same API object read and written otherwise gives another
     * text.
     */
    public static List<StoredObject> objectsOf(ClusterState state, Map<String, ReadAt> readAt,
            Map<ReadAt, StoredObject> stored) {
        // each object written and hashed on its own, in parallel and in order: this runs on every
        // snapshot, changed or not, over hundreds of thousands of objects in a large cluster
        Known known = new Known(readAt, stored);
        List<StoredObject> out = new ArrayList<>();
        out.addAll(state.namespaces().parallelStream()
                .map(ns -> known.of(SnapshotContent.NAMESPACE, null, ns.name(), uid -> namespace(ns, uid))).toList());
        out.addAll(state.pods().parallelStream()
                .map(p -> known.of(SnapshotContent.POD, p.namespace(), p.name(), uid -> pod(p, uid))).toList());
        out.addAll(state.workloads().parallelStream()
                .map(w -> known.of(w.kind().name(), w.namespace(), w.name(), uid -> workload(w, uid))).toList());
        out.addAll(state.policies().parallelStream()
                .map(p -> known.of(SnapshotContent.NETWORK_POLICY, p.namespace(), p.name(), uid -> policy(p, uid)))
                .toList());
        for (ClusterPolicy p : state.clusterPolicies()) {
            out.add(known.of(p.kind().name(), null, p.name(), uid -> clusterPolicy(p, uid)));
        }
        plugins(state, known, out);
        return out;
    }

    /** Where each object was read from, and the stored versions read from where it was. */
    private record Known(Map<String, ReadAt> readAt, Map<ReadAt, StoredObject> stored) {
        /** The stored version read where this object was, else the object written (with its uid, if known). */
        StoredObject of(String kind, String namespace, String name, Function<String, StoredObject> write) {
            ReadAt at = readAt.get(key(kind, namespace, name));
            if (at == null) {
                return write.apply(null);
            }
            StoredObject version = at.resourceVersion() == null ? null : stored.get(at);
            if (version != null && version.kind().equals(kind) && Objects.equals(version.namespace(), namespace)
                    && version.name().equals(name) && at.uid().equals(version.uid())) {
                return version;
            }
            return write.apply(at.uid());
        }
    }

    /**
     * The cluster state the stored objects describe, each kind in the order given; every
     * {@code SourceRef} is {@link SourceRef#NONE}. Namespaces, pods and workloads are read
     * field by field from the forms written above; a NetworkPolicy's or cluster-tier policy's
     * stored spec is its Kubernetes spec, so it goes through the manifest reader's validation and
     * parsing, as at capture.
     *
     * @throws IllegalArgumentException when an object is not in the canonical form
     */
    public static ClusterState read(List<SnapshotContent.StoredObject> objects) {
        return read(objects, Set.of());
    }

    /**
     * As {@link #read(List)}, with {@code named} plugins known to run besides those the stored
     * DaemonSets show and those whose kinds were stored (a cluster's {@code network-plugin} setting).
     */
    public static ClusterState read(List<SnapshotContent.StoredObject> objects, Set<NetworkPlugin> named) {
        List<Namespace> namespaces = new ArrayList<>();
        List<Pod> pods = new ArrayList<>();
        List<Workload> workloads = new ArrayList<>();
        List<Map<String, Object>> policyDocuments = new ArrayList<>();
        for (SnapshotContent.StoredObject o : objects) {
            try {
                readInto(o, namespaces, pods, workloads, policyDocuments);
            } catch (ClassCastException | NullPointerException e) {
                throw new IllegalArgumentException("stored " + o.kind() + " " + o.name() + " is not in canonical form: "
                        + e.getMessage(), e);
            }
        }
        // the plugins known at capture: those whose DaemonSets were read, and those whose kinds were stored
        Set<NetworkPlugin> known = EnumSet.noneOf(NetworkPlugin.class);
        known.addAll(NetworkPlugin.runBy(workloads));
        known.addAll(named);
        for (Map<String, Object> d : policyDocuments) {
            PluginKind kind = PluginKind.of((String) d.get("kind"), d.get("apiVersion"));
            if (kind != null) {
                known.add(kind.plugin());
            }
        }
        ClusterState policies = policies(policyDocuments, known);
        return new ClusterState(namespaces, pods, workloads, policies.policies(), policies.clusterPolicies(),
                policies.plugins());
    }

    private static void readInto(SnapshotContent.StoredObject o, List<Namespace> namespaces, List<Pod> pods,
            List<Workload> workloads, List<Map<String, Object>> policyDocuments) {
        Map<String, Object> doc = parse(o.json());
        Map<String, Object> metadata = map(doc, "metadata");
        String name = (String) metadata.get("name");
        String namespace = (String) metadata.get("namespace");
        Map<String, String> labels = strings(map(metadata, "labels"));
        switch (o.kind()) {
            case SnapshotContent.NAMESPACE ->
                    namespaces.add(new Namespace(name, labels, (Boolean) doc.get("declared"), SourceRef.NONE));
            case SnapshotContent.POD -> {
                Map<String, Object> spec = map(doc, "spec");
                Map<String, Object> status = map(doc, "status");
                pods.add(new Pod(namespace, name, labels, readPorts(spec.get("ports")),
                        (Boolean) spec.get("hostNetwork"), PodPhase.valueOf((String) status.get("phase")),
                        list(status.get("podIPs")), readController(metadata), SourceRef.NONE,
                        readServiceAccount(spec)));
            }
            case SnapshotContent.NETWORK_POLICY -> {
                Map<String, Object> k8s = new TreeMap<>();
                k8s.put("apiVersion", "networking.k8s.io/v1");
                k8s.put("kind", SnapshotContent.NETWORK_POLICY);
                k8s.put("metadata", Map.of("name", name, "namespace", namespace));
                k8s.put("spec", doc.get("spec"));
                policyDocuments.add(k8s);
            }
            case SnapshotContent.CLUSTER_NETWORK_POLICY, SnapshotContent.ADMIN_NETWORK_POLICY,
                    SnapshotContent.BASELINE_ADMIN_NETWORK_POLICY -> {
                Map<String, Object> k8s = new TreeMap<>();
                k8s.put("apiVersion", ManifestReader.apiVersion(ClusterPolicyKind.valueOf(o.kind())));
                k8s.put("kind", o.kind());
                k8s.put("metadata", Map.of("name", name));
                k8s.put("spec", doc.get("spec"));
                policyDocuments.add(k8s);
            }
            case "ServiceAccount", "ConfigMap" -> {
                Map<String, Object> k8s = new TreeMap<>(doc);
                k8s.put("apiVersion", "v1");
                policyDocuments.add(k8s);
            }
            default -> {
                PluginKind plugin = PluginKind.byObjectKind(o.kind());
                if (plugin != null) {
                    Map<String, Object> k8s = new TreeMap<>(doc);
                    k8s.put("apiVersion", plugin.plugin().apiVersion());
                    k8s.put("kind", plugin.wireKind());
                    policyDocuments.add(k8s);
                    return;
                }
                WorkloadKind kind = WorkloadKind.byName(o.kind());
                if (kind == null) {
                    throw new IllegalArgumentException("stored object of unknown kind " + o.kind());
                }
                Map<String, Object> template = map(map(doc, "spec"), "template");
                workloads.add(new Workload(kind, namespace, name, strings(map(template, "labels")),
                        readPorts(template.get("ports")), (Boolean) template.get("hostNetwork"),
                        list(template.get("images")), readController(metadata), SourceRef.NONE,
                        readServiceAccount(template)));
            }
        }
    }

    /** The policies (and the plugins' objects) of these documents, read as at capture (no namespaces). */
    private static ClusterState policies(List<Map<String, Object>> documents, Set<NetworkPlugin> known) {
        try {
            ClusterState read = ManifestReader.fromObjects("snapshot", documents, known);
            return new ClusterState(List.of(), List.of(), List.of(), read.policies().stream()
                    .map(p -> new NetworkPolicy(p.namespace(), p.name(), p.podSelector(), p.policyTypes(),
                            p.ingress(), p.egress(), SourceRef.NONE, p.spec()))
                    .toList(), read.clusterPolicies().stream()
                    .map(p -> new ClusterPolicy(p.kind(), p.name(), p.tier(), p.priority(), p.subject(), p.ingress(),
                            p.egress(), SourceRef.NONE, p.spec()))
                    .toList(), read.plugins().withoutSources());
        } catch (ManifestException e) {
            throw new IllegalArgumentException("a stored policy is not valid: " + e.getMessage(), e);
        }
    }

    private static Map<String, Object> parse(String json) {
        try {
            return CanonicalJson.readObject(json);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("stored object is " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> doc, String key) {
        Object value = doc.get(key);
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> strings(Map<String, Object> map) {
        return (Map<String, String>) (Map<String, ?>) map;
    }

    @SuppressWarnings("unchecked")
    private static List<String> list(Object value) {
        return value == null ? List.of() : (List<String>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<ContainerPort> readPorts(Object value) {
        List<ContainerPort> out = new ArrayList<>();
        for (Object entry : value == null ? List.of() : (List<Object>) value) {
            Map<String, Object> port = (Map<String, Object>) entry;
            out.add(new ContainerPort((String) port.get("name"), ((Number) port.get("containerPort")).intValue(),
                    Protocol.valueOf((String) port.get("protocol"))));
        }
        return out;
    }

    private static SnapshotContent.StoredObject object(String kind, String namespace, String name, String uid,
            Map<String, Object> doc) {
        String json = CanonicalJson.write(doc);
        return new SnapshotContent.StoredObject(kind, namespace, name, uid, json, CanonicalJson.sha256(json));
    }

    private static Map<String, Object> document(String kind, String namespace, String name, String uid,
            Map<String, String> labels) {
        Map<String, Object> metadata = new TreeMap<>();
        metadata.put("name", name);
        if (namespace != null) {
            metadata.put("namespace", namespace);
        }
        if (uid != null) {
            metadata.put("uid", uid);
        }
        if (!labels.isEmpty()) {
            metadata.put("labels", labels);
        }
        Map<String, Object> doc = new TreeMap<>();
        doc.put("kind", kind);
        doc.put("metadata", metadata);
        return doc;
    }

    private static List<Object> ports(List<ContainerPort> ports) {
        List<Object> out = new ArrayList<>();
        for (ContainerPort p : ports) {
            Map<String, Object> port = new TreeMap<>();
            if (p.name() != null && !p.name().isEmpty()) {
                port.put("name", p.name());
            }
            port.put("containerPort", p.port());
            port.put("protocol", p.protocol().name());
            out.add(port);
        }
        return out;
    }
}
