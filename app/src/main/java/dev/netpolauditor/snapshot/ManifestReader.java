package dev.netpolauditor.snapshot;

import dev.netpolauditor.model.ClusterPolicy;
import dev.netpolauditor.model.ClusterPolicyKind;
import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.model.Namespace;
import dev.netpolauditor.model.NetworkPlugin;
import dev.netpolauditor.model.NetworkPolicy;
import dev.netpolauditor.model.OwnerRef;
import dev.netpolauditor.model.Pod;
import dev.netpolauditor.model.PluginKind;
import dev.netpolauditor.model.PluginObjects;
import dev.netpolauditor.model.PodPhase;
import dev.netpolauditor.model.ServiceAccount;
import dev.netpolauditor.model.calico.CalicoObjects;
import dev.netpolauditor.model.calico.CalicoPolicy;
import dev.netpolauditor.model.calico.CalicoPolicyKind;
import dev.netpolauditor.model.calico.CalicoTier;
import dev.netpolauditor.model.calico.NetworkSet;
import dev.netpolauditor.model.calico.StagedPolicy;
import dev.netpolauditor.model.cilium.CiliumConfig;
import dev.netpolauditor.model.cilium.CiliumObjects;
import dev.netpolauditor.model.cilium.CiliumPolicy;
import dev.netpolauditor.model.SkippedGroup;
import dev.netpolauditor.model.SourceRef;
import dev.netpolauditor.model.Workload;
import dev.netpolauditor.model.WorkloadKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a directory of Kubernetes manifests offline into a {@link ClusterState}: every
 * {@code *.yaml}, {@code *.yml} and {@code *.json} file below it, in path order, each
 * object validated as the API server would. The first invalid object stops the reading.
 *
 * <p>The kinds of a network plugin's own API group (Calico's, Cilium's; {@link PluginKind}) count
 * only when the plugin is known to run (cni-policies.md, "Which kinds count"): named by the
 * caller ({@code --network-plugin}), or shown by a DaemonSet of the input, which may come after
 * them. They are therefore kept aside while reading, and read (validated) or counted as skipped
 * once every document is read; so are ServiceAccounts and the {@code cilium-config} ConfigMap,
 * which matter only with those plugins. An invalid object of a known plugin is reported after
 * the other kinds are read <b>(choice)</b>: which plugins are known is settled only at the end.
 */
public final class ManifestReader {

    private static final String POLICY_API_VERSION = "networking.k8s.io/v1";
    private static final String DEFAULT_NAMESPACE = "default";
    /** Lists inside lists are allowed this deep; it also ends alias cycles like {@code items: &x [{kind: List, items: *x}]}. */
    private static final int MAX_LIST_DEPTH = 8;

    /** Declared and implied namespaces, in first-seen order; a declaration replaces an implied entry in place. */
    private final Map<String, Namespace> namespaces = new LinkedHashMap<>();
    private final List<Pod> pods = new ArrayList<>();
    private final List<Workload> workloads = new ArrayList<>();
    private final List<NetworkPolicy> policies = new ArrayList<>();
    private final List<ClusterPolicy> clusterPolicies = new ArrayList<>();
    private final Map<ObjectKey, SourceRef> seen = new HashMap<>();
    /** Objects whose reading waits until the known plugins are settled, in input order. */
    private final List<Deferred> deferred = new ArrayList<>();
    /** The plugins the caller names as running. */
    private final Set<NetworkPlugin> named;
    /** Whether JSON files are first tried with {@link JsonManifestReader}; off only to compare the two ways in tests. */
    private final boolean fastJson;

    private ManifestReader(Set<NetworkPlugin> named) {
        this(named, true);
    }

    private ManifestReader(Set<NetworkPlugin> named, boolean fastJson) {
        this.named = named.isEmpty() ? EnumSet.noneOf(NetworkPlugin.class) : EnumSet.copyOf(named);
        this.fastJson = fastJson;
    }

    public static ClusterState read(Path dir) throws ManifestException {
        return read(dir, Set.of());
    }

    /** The manifests of {@code dir}, with {@code plugins} known to run besides those its DaemonSets show. */
    public static ClusterState read(Path dir, Set<NetworkPlugin> plugins) throws ManifestException {
        return read(dir, plugins, true);
    }

    /** As {@link #read(Path, Set)}; {@code fastJson} false reads every file the general way (for tests). */
    static ClusterState read(Path dir, Set<NetworkPlugin> plugins, boolean fastJson) throws ManifestException {
        ManifestReader reader = new ManifestReader(plugins, fastJson);
        for (ManifestFile file : ManifestFile.list(dir)) {
            reader.readFile(file);
        }
        return reader.state();
    }

    /**
     * Reads objects that are already parsed — from the Kubernetes API, say — each a mapping
     * with its {@code kind} and {@code apiVersion}, with the same rules as files.
     * {@code source} names where they came from in messages.
     */
    public static ClusterState fromObjects(String source, List<Map<String, Object>> objects)
            throws ManifestException {
        return fromObjects(source, objects, Set.of());
    }

    /** As {@link #fromObjects(String, List)}, with {@code plugins} known to run besides those its DaemonSets show. */
    public static ClusterState fromObjects(String source, List<Map<String, Object>> objects, Set<NetworkPlugin> plugins)
            throws ManifestException {
        ManifestReader reader = new ManifestReader(plugins);
        for (int i = 0; i < objects.size(); i++) {
            reader.document(new SourceRef(source, i), objects.get(i));
        }
        return reader.state();
    }

    /** An object kept aside until the known plugins are settled: where it is, and what. */
    private record Deferred(SourceRef source, String where, Field object, PluginKind kind, String coreKind) {}

    private ClusterState state() throws ManifestException {
        Set<NetworkPlugin> known = EnumSet.noneOf(NetworkPlugin.class);
        known.addAll(named);
        known.addAll(NetworkPlugin.runBy(workloads));
        PluginReading plugins = new PluginReading(known);
        for (Deferred d : deferred) {
            if ("ConfigMap".equals(d.coreKind()) && known.contains(NetworkPlugin.CILIUM)) {
                plugins.configMap(d);
            }
        }
        for (Deferred d : deferred) {
            plugins.read(d);
        }
        return new ClusterState(List.copyOf(namespaces.values()), pods, workloads, policies, clusterPolicies,
                plugins.objects());
    }

    /** The reading of the objects kept aside, once the known plugins are settled. */
    private final class PluginReading {
        private final Set<NetworkPlugin> known;
        private final Map<NetworkPlugin, int[]> skipped = new EnumMap<>(NetworkPlugin.class);
        private final List<CalicoTier> tiers = new ArrayList<>();
        private final List<CalicoPolicy> calicoPolicies = new ArrayList<>();
        private final List<NetworkSet> networkSets = new ArrayList<>();
        private final List<StagedPolicy> staged = new ArrayList<>();
        private final List<CiliumPolicy> ciliumPolicies = new ArrayList<>();
        private final List<ServiceAccount> serviceAccounts = new ArrayList<>();
        private CiliumConfig ciliumConfig = CiliumConfig.ABSENT;

        PluginReading(Set<NetworkPlugin> known) {
            this.known = known;
        }

        /** A ConfigMap: {@code cilium-config} sets Cilium's options (the first one given); others are not ours. */
        void configMap(Deferred d) throws ManifestException {
            Object name;
            try {
                name = d.object().get("metadata").get("name").value();
            } catch (FieldException e) {
                // metadata that is not a mapping: identify says so as it does for every other kind
                identify(d.source(), d.where(), d.object(), "ConfigMap", true);
                throw error(d.source(), d.where(), "ConfigMap", e);
            }
            if (!"cilium-config".equals(name) || ciliumConfig.given()) {
                return;
            }
            ObjectKey key = identify(d.source(), d.where(), d.object(), "ConfigMap", true);
            try {
                ciliumConfig = CiliumReader.config(key.namespace(), d.object(), d.source());
            } catch (FieldException e) {
                throw error(d.source(), d.where(), key.label(), e);
            }
        }

        void read(Deferred d) throws ManifestException {
            if (d.kind() == null) {
                if ("ServiceAccount".equals(d.coreKind()) && !known.isEmpty()) {
                    serviceAccount(d);
                }
                return;
            }
            PluginKind kind = d.kind();
            if (!known.contains(kind.plugin())) {
                int[] counts = skipped.computeIfAbsent(kind.plugin(), p -> new int[2]);
                counts[0]++;
                counts[1] += kind.policy() ? 1 : 0;
                return;
            }
            ObjectKey key = identify(d.source(), d.where(), d.object(), kind.objectKind(), kind.namespaced());
            try {
                Map<String, String> labels = LabelReader.labels(d.object().get("metadata").get("labels"));
                Field object = d.object();
                switch (kind) {
                    case CALICO_NETWORK_POLICY -> calicoPolicies.add(CalicoReader.policy(CalicoPolicyKind.NETWORK_POLICY,
                            key.namespace(), key.name(), object, d.source()));
                    case GLOBAL_NETWORK_POLICY -> calicoPolicies.add(CalicoReader.policy(
                            CalicoPolicyKind.GLOBAL_NETWORK_POLICY, null, key.name(), object, d.source()));
                    case TIER -> tiers.add(CalicoReader.tier(key.name(), object, d.source()));
                    case NETWORK_SET, GLOBAL_NETWORK_SET -> networkSets.add(CalicoReader.networkSet(key.namespace(),
                            key.name(), labels, object, d.source()));
                    case STAGED_NETWORK_POLICY, STAGED_GLOBAL_NETWORK_POLICY, STAGED_KUBERNETES_NETWORK_POLICY ->
                            staged.add(CalicoReader.staged(kind.objectKind(), key.namespace(), key.name(), object,
                                    d.source()));
                    case CILIUM_NETWORK_POLICY, CILIUM_CLUSTERWIDE_NETWORK_POLICY -> ciliumPolicies.add(
                            CiliumReader.policy(key.namespace(), key.name(), object, ciliumConfig, d.source()));
                }
            } catch (FieldException e) {
                throw error(d.source(), d.where(), key.label(), e);
            }
            if (key.namespace() != null) {
                referenced(key.namespace());
            }
        }

        private void serviceAccount(Deferred d) throws ManifestException {
            ObjectKey key = identify(d.source(), d.where(), d.object(), "ServiceAccount", true);
            try {
                serviceAccounts.add(new ServiceAccount(key.namespace(), key.name(),
                        LabelReader.labels(d.object().get("metadata").get("labels")), d.source()));
            } catch (FieldException e) {
                throw error(d.source(), d.where(), key.label(), e);
            }
        }

        PluginObjects objects() {
            List<SkippedGroup> groups = new ArrayList<>();
            skipped.forEach((plugin, counts) -> groups.add(new SkippedGroup(plugin, counts[0], counts[1])));
            return new PluginObjects(known, groups, new CalicoObjects(tiers, calicoPolicies, networkSets, staged),
                    new CiliumObjects(ciliumPolicies, ciliumConfig), serviceAccounts);
        }
    }

    /**
     * The apiVersion a cluster-tier kind is read from ({@code policy.networking.k8s.io/v1alpha2} for
     * ClusterNetworkPolicy, {@code .../v1alpha1} for the other two); other versions are skipped.
     */
    public static String apiVersion(ClusterPolicyKind kind) {
        return ClusterPolicyReader.apiVersion(kind);
    }

    private void readFile(ManifestFile file) throws ManifestException {
        byte[] bytes = file.read();
        if (fastJson && file.isJson()) {
            List<JsonManifestReader.Read> reads = JsonManifestReader.read(file.relative(), bytes);
            if (reads != null) {
                SourceRef source = new SourceRef(file.relative(), 0);
                for (JsonManifestReader.Read read : reads) {
                    record(source, read);
                }
                return;
            }
            // something the fast reading does not take: the general way reads the file, and reports what is wrong
        }
        DocumentParser.DocumentSink sink = (index, document) -> document(new SourceRef(file.relative(), index), document);
        if (file.isJson()) {
            DocumentParser.parseJson(file.relative(), bytes, sink);
        } else {
            DocumentParser.parseYaml(file.relative(), bytes, sink);
        }
    }

    /** An object {@link JsonManifestReader} read: recorded as {@link #entry} would record it. */
    private void record(SourceRef source, JsonManifestReader.Read read) throws ManifestException {
        switch (read) {
            case JsonManifestReader.ReadNamespace n -> {
                remember(source, n.where(), new ObjectKey("Namespace", null, n.name()));
                namespaces.put(n.name(), Namespace.of(n.name(), n.labels(), true, source));
            }
            case JsonManifestReader.ReadPod p -> {
                remember(source, p.where(), new ObjectKey("Pod", p.pod().namespace(), p.pod().name()));
                pods.add(p.pod());
                referenced(p.pod().namespace());
            }
            case JsonManifestReader.ReadPolicy p -> {
                remember(source, p.where(), new ObjectKey("NetworkPolicy", p.policy().namespace(), p.policy().name()));
                policies.add(p.policy());
                referenced(p.policy().namespace());
            }
            case JsonManifestReader.ReadTree t -> entry(source, t.where(), Field.root(t.object()), null, null, t.depth());
        }
    }

    private void document(SourceRef source, Object document) throws ManifestException {
        switch (document) {
            case null -> { } // an empty YAML document
            case Map<?, ?> map -> entry(source, "", Field.root(map), null, null, 0);
            default -> throw new ManifestException(source + ": the document is " + Field.describe(document)
                    + ", expected a Kubernetes object (a mapping)");
        }
    }

    /**
     * One mapping of a document or of a list's {@code items}: an object, a list of objects,
     * or something without a kind that matters, which is skipped unexamined.
     *
     * @param where          {@code items[i]} (nested: {@code items[i].items[j]}) for list items, else empty
     * @param listKind       for an item of a {@code <Kind>List}, that kind, else null
     * @param listApiVersion for an item of a {@code <Kind>List}, the list's apiVersion, else null
     */
    private void entry(SourceRef source, String where, Field object, String listKind, Object listApiVersion, int depth)
            throws ManifestException {
        String kind;
        try {
            kind = object.get("kind").string();
        } catch (FieldException e) {
            throw error(source, where, null, e);
        }
        if (kind == null || kind.isEmpty()) {
            kind = listKind;
        }
        if (kind == null) {
            return; // a mapping without kind is not an object
        }
        Field ownApiVersion = object.get("apiVersion");
        Object apiVersion = ownApiVersion.absent() ? listApiVersion : ownApiVersion.value();
        if (kind.endsWith("List")) {
            list(source, where, object, kind, apiVersion, depth);
            return;
        }
        switch (readingOf(kind, apiVersion)) {
            case NAMESPACE -> namespace(source, where, object);
            case POD -> pod(source, where, object);
            case POLICY -> policy(source, where, object);
            case GENERAL -> {
                WorkloadKind workloadKind = WorkloadKind.byName(kind);
                ClusterPolicyKind clusterKind = ClusterPolicyReader.kindOf(kind, apiVersion);
                if (workloadKind != null) {
                    workload(source, where, object, workloadKind);
                } else if (clusterKind != null) {
                    clusterPolicy(source, where, object, clusterKind);
                } else if (PluginKind.of(kind, apiVersion) != null) {
                    deferred.add(new Deferred(source, where, object, PluginKind.of(kind, apiVersion), null));
                } else {
                    deferred.add(new Deferred(source, where, object, null, kind)); // a v1 ServiceAccount or ConfigMap
                }
            }
            case IGNORED -> { }
        }
    }

    /** How an object of a kind (not a list) is read: {@link JsonManifestReader} reads the last three itself. */
    enum Reading { IGNORED, GENERAL, NAMESPACE, POD, POLICY }

    static Reading readingOf(String kind, Object apiVersion) {
        if (WorkloadKind.byName(kind) != null) {
            return Reading.GENERAL;
        } else if (kind.equals("Namespace")) {
            return Reading.NAMESPACE;
        } else if (kind.equals("Pod")) {
            return Reading.POD;
        } else if (kind.equals("NetworkPolicy") && POLICY_API_VERSION.equals(apiVersion)) {
            return Reading.POLICY;
        } else if (ClusterPolicyReader.kindOf(kind, apiVersion) != null || PluginKind.of(kind, apiVersion) != null
                || "v1".equals(apiVersion) && (kind.equals("ServiceAccount") || kind.equals("ConfigMap"))) {
            return Reading.GENERAL;
        }
        // Any other kind, a NetworkPolicy of another API group (crd.projectcalico.org's, say), and a
        // cluster-tier kind of another version or group (Antrea's ClusterNetworkPolicy, say), is not ours.
        return Reading.IGNORED;
    }

    /** A {@code List} contributes the items it carries; a {@code <Kind>List} gives its items their kind by default. */
    private void list(SourceRef source, String where, Field list, String kind, Object apiVersion, int depth)
            throws ManifestException {
        if (depth >= MAX_LIST_DEPTH) {
            throw new ManifestException(prefix(source, where) + kind + ": lists nested more than " + MAX_LIST_DEPTH + " deep");
        }
        boolean typed = !kind.equals("List");
        String itemKind = typed ? kind.substring(0, kind.length() - "List".length()) : null;
        List<Field> items;
        try {
            items = list.get("items").items();
        } catch (FieldException e) {
            throw error(source, where, kind, e);
        }
        for (Field item : items) {
            String itemWhere = where.isEmpty() ? item.path() : where + "." + item.path();
            if (!(item.value() instanceof Map<?, ?> map)) {
                throw new ManifestException(prefix(source, itemWhere) + "the item is " + Field.describe(item.value())
                        + ", expected a Kubernetes object (a mapping)");
            }
            entry(source, itemWhere, Field.root(map), itemKind, typed ? apiVersion : null, depth + 1);
        }
    }

    private void namespace(SourceRef source, String where, Field object) throws ManifestException {
        ObjectKey key = identify(source, where, object, "Namespace", false);
        try {
            Map<String, String> labels = LabelReader.labels(object.get("metadata").get("labels"));
            namespaces.put(key.name(), Namespace.of(key.name(), labels, true, source));
        } catch (FieldException e) {
            throw error(source, where, key.label(), e);
        }
    }

    private void pod(SourceRef source, String where, Field object) throws ManifestException {
        ObjectKey key = identify(source, where, object, "Pod", true);
        try {
            Map<String, String> labels = LabelReader.labels(object.get("metadata").get("labels"));
            Field spec = object.get("spec");
            Field status = object.get("status");
            pods.add(new Pod(key.namespace(), key.name(), labels, PodSpecReader.ports(spec),
                    PodSpecReader.hostNetwork(spec), PodPhase.parse(status.get("phase").string()), podIps(status),
                    controller(object.get("metadata")), source, PodSpecReader.serviceAccount(spec)));
        } catch (FieldException e) {
            throw error(source, where, key.label(), e);
        }
        referenced(key.namespace());
    }

    /**
     * {@code status.podIPs[*].ip}, else {@code status.podIP} (semantics.md, Pod addresses), each
     * once; not validated here: an address that does not parse is ignored where addresses are matched.
     */
    private static List<String> podIps(Field status) {
        Set<String> ips = new LinkedHashSet<>();
        for (Field entry : status.get("podIPs").items()) {
            String ip = entry.get("ip").string();
            if (ip != null && !ip.isEmpty()) {
                ips.add(ip);
            }
        }
        String podIp = status.get("podIP").string();
        if (ips.isEmpty() && podIp != null && !podIp.isEmpty()) {
            ips.add(podIp);
        }
        return List.copyOf(ips);
    }

    /**
     * The {@code ownerReferences} entry with {@code controller: true}, as kind and name; null when
     * there is none. Read leniently (semantics.md lists nothing about owner references as
     * invalid): an entry that is not a mapping, or lacks a string kind or name, is no controller.
     */
    private static OwnerRef controller(Field metadata) {
        if (!(metadata.get("ownerReferences").value() instanceof List<?> references)) {
            return null;
        }
        for (Object reference : references) {
            if (reference instanceof Map<?, ?> entry && Boolean.TRUE.equals(entry.get("controller"))
                    && entry.get("kind") instanceof String kind && !kind.isEmpty()
                    && entry.get("name") instanceof String name && !name.isEmpty()) {
                return new OwnerRef(kind, name);
            }
        }
        return null;
    }

    private void workload(SourceRef source, String where, Field object, WorkloadKind kind) throws ManifestException {
        ObjectKey key = identify(source, where, object, kind.name(), true);
        try {
            LabelReader.labels(object.get("metadata").get("labels")); // validated, not used
            Field spec = object.get("spec");
            Field template = kind == WorkloadKind.CronJob
                    ? spec.get("jobTemplate").get("spec").get("template")
                    : spec.get("template");
            Map<String, String> labels = LabelReader.labels(template.get("metadata").get("labels"));
            Field podSpec = template.get("spec");
            workloads.add(new Workload(kind, key.namespace(), key.name(), labels, PodSpecReader.ports(podSpec),
                    PodSpecReader.hostNetwork(podSpec), PodSpecReader.images(podSpec), controller(object.get("metadata")),
                    source, PodSpecReader.serviceAccount(podSpec)));
        } catch (FieldException e) {
            throw error(source, where, key.label(), e);
        }
        referenced(key.namespace());
    }

    private void policy(SourceRef source, String where, Field object) throws ManifestException {
        ObjectKey key = identify(source, where, object, "NetworkPolicy", true);
        try {
            LabelReader.labels(object.get("metadata").get("labels")); // validated, not used
            policies.add(PolicyReader.read(key.namespace(), key.name(), object.get("spec"), source));
        } catch (FieldException e) {
            throw error(source, where, key.label(), e);
        }
        referenced(key.namespace());
    }

    /** Cluster-scoped: any {@code metadata.namespace} is ignored, and one (kind, name) is one object. */
    private void clusterPolicy(SourceRef source, String where, Field object, ClusterPolicyKind kind)
            throws ManifestException {
        ObjectKey key = identify(source, where, object, kind.name(), false);
        try {
            LabelReader.labels(object.get("metadata").get("labels")); // validated, not used
            clusterPolicies.add(ClusterPolicyReader.read(kind, key.name(), object, source));
        } catch (FieldException e) {
            throw error(source, where, key.label(), e);
        }
    }

    /** A namespace something lives in exists, declared or not. */
    private void referenced(String namespace) {
        namespaces.putIfAbsent(namespace, Namespace.implied(namespace));
    }

    /** The object's kind, namespace and name, seen for the first time. */
    private ObjectKey identify(SourceRef source, String where, Field object, String kind, boolean namespaced)
            throws ManifestException {
        String namespace = null;
        try {
            Field metadata = object.get("metadata");
            if (namespaced) {
                namespace = metadata.get("namespace").string();
                if (namespace == null || namespace.isEmpty()) {
                    namespace = DEFAULT_NAMESPACE;
                }
            }
            String name = metadata.get("name").requiredString();
            return remember(source, where, new ObjectKey(kind, namespace, name));
        } catch (FieldException e) {
            throw error(source, where, new ObjectKey(kind, namespace, "(no name)").label(), e);
        }
    }

    /** {@code key}, seen for the first time. */
    private ObjectKey remember(SourceRef source, String where, ObjectKey key) throws ManifestException {
        SourceRef first = seen.putIfAbsent(key, source);
        if (first != null) {
            throw new ManifestException(prefix(source, where) + key.label()
                    + ": defined twice, in " + first + " and " + source);
        }
        return key;
    }

    /** Kind, namespace and name: what the API server keeps only once. The namespace is null for cluster-scoped kinds. */
    private record ObjectKey(String kind, String namespace, String name) {
        String label() {
            String id = namespace == null ? name : namespace + "/" + name;
            return kind + " " + Field.shorten(id);
        }
    }

    private static String prefix(SourceRef source, String where) {
        return source + ": " + (where.isEmpty() ? "" : where + ": ");
    }

    private static ManifestException error(SourceRef source, String where, String object, FieldException e) {
        return new ManifestException(prefix(source, where) + (object == null ? "" : object + ": ") + e.getMessage(), e);
    }
}
