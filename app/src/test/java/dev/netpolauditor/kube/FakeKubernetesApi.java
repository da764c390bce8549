package dev.netpolauditor.kube;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Kubernetes API server for tests that speaks the wire protocol of the reads a snapshot makes:
 * cluster-wide LIST requests ({@code GET /api/v1/pods?limit=N&continue=TOKEN} and the like,
 * answering {@code {kind: PodList, apiVersion: v1, metadata: {resourceVersion, continue}, items}}),
 * LISTs in one namespace ({@code GET /apis/projectcalico.org/v3/namespaces/prod/networkpolicies})
 * and GETs of one object ({@code GET /api/v1/namespaces/kube-system/configmaps/cilium-config},
 * {@code GET /apis/projectcalico.org/v3/tiers/default}), each only on the path a real server has
 * for the resource's scope: a cluster-scoped kind has no namespaced paths, and a namespaced one
 * is got only in its namespace.
 *
 * <p>It answers API discovery ({@code GET /api/v1}, {@code GET /apis/<group>/<version>}) for
 * the collections it serves; a collection can be left unserved, as an optional resource or a
 * CRD that is not installed (discovery omits it, every path of it gets 404, and a group version
 * none of whose collections is served gets 404 itself, as an API group that is not installed).
 * By default it serves every Kubernetes collection, the Network Policy API's CRDs
 * (ClusterNetworkPolicy v1alpha2, AdminNetworkPolicy and BaselineAdminNetworkPolicy v1alpha1)
 * included, and no network plugin's API: {@link #installCalicoApi()} serves Calico's
 * {@code projectcalico.org/v3} (its aggregated API server, or its native CRDs),
 * {@link #installCiliumCrds()} Cilium's {@code cilium.io/v2}.
 *
 * <p>It pages with opaque continue tokens and can be scripted to fail the way real API
 * servers do: {@code 410 Expired} for a continue token (once, or on every page: a cluster
 * whose compaction outruns the pager),
 * {@code 429 Too Many Requests} with {@code Retry-After}, {@code 500}, a stall past the
 * client's timeout, or a discovery request answered {@code 503} (an aggregated API server that
 * is registered but down). Every request is recorded, so tests can assert what the client did.
 * Binds to the loopback address on a free port; no TLS, no authentication.
 */
public final class FakeKubernetesApi implements AutoCloseable {

    /** A collection the fake serves: its path, list kind, API version, scope and whether it is there by default. */
    public enum Resource {
        NAMESPACES("/api/v1/namespaces", "NamespaceList", "v1", "Namespace"),
        PODS("/api/v1/pods", "PodList", "v1", "Pod"),
        REPLICATION_CONTROLLERS("/api/v1/replicationcontrollers", "ReplicationControllerList", "v1",
                "ReplicationController"),
        SERVICE_ACCOUNTS("/api/v1/serviceaccounts", "ServiceAccountList", "v1", "ServiceAccount"),
        CONFIG_MAPS("/api/v1/configmaps", "ConfigMapList", "v1", "ConfigMap"),
        NETWORK_POLICIES("/apis/networking.k8s.io/v1/networkpolicies", "NetworkPolicyList", "networking.k8s.io/v1",
                "NetworkPolicy"),
        DEPLOYMENTS("/apis/apps/v1/deployments", "DeploymentList", "apps/v1", "Deployment"),
        STATEFUL_SETS("/apis/apps/v1/statefulsets", "StatefulSetList", "apps/v1", "StatefulSet"),
        DAEMON_SETS("/apis/apps/v1/daemonsets", "DaemonSetList", "apps/v1", "DaemonSet"),
        REPLICA_SETS("/apis/apps/v1/replicasets", "ReplicaSetList", "apps/v1", "ReplicaSet"),
        JOBS("/apis/batch/v1/jobs", "JobList", "batch/v1", "Job"),
        CRON_JOBS("/apis/batch/v1/cronjobs", "CronJobList", "batch/v1", "CronJob"),
        /** The Network Policy API's CRDs: cluster-scoped, one group in two versions. */
        CLUSTER_NETWORK_POLICIES("/apis/policy.networking.k8s.io/v1alpha2/clusternetworkpolicies",
                "ClusterNetworkPolicyList", "policy.networking.k8s.io/v1alpha2", "ClusterNetworkPolicy", false),
        ADMIN_NETWORK_POLICIES("/apis/policy.networking.k8s.io/v1alpha1/adminnetworkpolicies",
                "AdminNetworkPolicyList", "policy.networking.k8s.io/v1alpha1", "AdminNetworkPolicy", false),
        BASELINE_ADMIN_NETWORK_POLICIES("/apis/policy.networking.k8s.io/v1alpha1/baselineadminnetworkpolicies",
                "BaselineAdminNetworkPolicyList", "policy.networking.k8s.io/v1alpha1", "BaselineAdminNetworkPolicy",
                false),
        /** Calico's API ({@code projectcalico.org/v3}), not installed by default. */
        CALICO_NETWORK_POLICIES(Plugin.CALICO, "networkpolicies", "NetworkPolicy", true),
        CALICO_GLOBAL_NETWORK_POLICIES(Plugin.CALICO, "globalnetworkpolicies", "GlobalNetworkPolicy", false),
        CALICO_TIERS(Plugin.CALICO, "tiers", "Tier", false),
        CALICO_NETWORK_SETS(Plugin.CALICO, "networksets", "NetworkSet", true),
        CALICO_GLOBAL_NETWORK_SETS(Plugin.CALICO, "globalnetworksets", "GlobalNetworkSet", false),
        CALICO_STAGED_NETWORK_POLICIES(Plugin.CALICO, "stagednetworkpolicies", "StagedNetworkPolicy", true),
        CALICO_STAGED_GLOBAL_NETWORK_POLICIES(Plugin.CALICO, "stagedglobalnetworkpolicies",
                "StagedGlobalNetworkPolicy", false),
        CALICO_STAGED_KUBERNETES_NETWORK_POLICIES(Plugin.CALICO, "stagedkubernetesnetworkpolicies",
                "StagedKubernetesNetworkPolicy", true),
        /** Cilium's CRDs ({@code cilium.io/v2}), not installed by default. */
        CILIUM_NETWORK_POLICIES(Plugin.CILIUM, "ciliumnetworkpolicies", "CiliumNetworkPolicy", true),
        CILIUM_CLUSTERWIDE_NETWORK_POLICIES(Plugin.CILIUM, "ciliumclusterwidenetworkpolicies",
                "CiliumClusterwideNetworkPolicy", false);

        /** A network plugin's API group version, which a cluster serves only with the plugin's API installed. */
        private enum Plugin {
            CALICO("/apis/projectcalico.org/v3"),
            CILIUM("/apis/cilium.io/v2");

            final String groupVersionPath;

            Plugin(String groupVersionPath) {
                this.groupVersionPath = groupVersionPath;
            }
        }

        final String path;
        final String listKind;
        final String apiVersion;
        final String kind;
        /** Whether discovery says its objects live in a namespace (a Namespace and the cluster-tier kinds do not). */
        final boolean namespaced;
        /** Whether a fresh fake serves it (a network plugin's kinds are installed by the test). */
        final boolean servedByDefault;

        /** The discovery path of its group version: {@code /api/v1} or {@code /apis/<group>/<version>}. */
        String groupVersionPath() {
            return path.substring(0, path.lastIndexOf('/'));
        }

        String plural() {
            return path.substring(path.lastIndexOf('/') + 1);
        }

        Resource(String path, String listKind, String apiVersion, String kind) {
            this(path, listKind, apiVersion, kind, !kind.equals("Namespace"));
        }

        Resource(String path, String listKind, String apiVersion, String kind, boolean namespaced) {
            this(path, listKind, apiVersion, kind, namespaced, true);
        }

        Resource(Plugin plugin, String plural, String kind, boolean namespaced) {
            this(plugin.groupVersionPath + "/" + plural, kind + "List",
                    plugin.groupVersionPath.substring("/apis/".length()), kind, namespaced, false);
        }

        Resource(String path, String listKind, String apiVersion, String kind, boolean namespaced,
                boolean servedByDefault) {
            this.path = path;
            this.listKind = listKind;
            this.apiVersion = apiVersion;
            this.kind = kind;
            this.namespaced = namespaced;
            this.servedByDefault = servedByDefault;
        }

        public String path() {
            return path;
        }

        /** The list path in one namespace, e.g. {@code /api/v1/namespaces/prod/pods}. */
        public String path(String namespace) {
            return groupVersionPath() + "/namespaces/" + namespace + "/" + plural();
        }

        static List<Resource> of(Plugin plugin) {
            return Arrays.stream(values()).filter(r -> r.groupVersionPath().equals(plugin.groupVersionPath)).toList();
        }
    }

    /**
     * What a request path names: a resource's objects in every namespace or in one
     * ({@code namespace}), or one object ({@code name}).
     */
    private record Target(Resource resource, String namespace, String name) {
        /**
         * The target of {@code path}, or null when it names nothing the fake has, including a
         * path of the wrong scope (a namespaced path of a cluster-scoped kind, or the reverse).
         */
        static Target of(String path) {
            for (Resource r : Resource.values()) {
                String prefix = r.groupVersionPath() + "/";
                if (!path.startsWith(prefix)) {
                    continue;
                }
                String[] rest = path.substring(prefix.length()).split("/", -1);
                if (rest.length == 1 && rest[0].equals(r.plural())) {
                    return new Target(r, null, null);
                }
                if (rest.length == 2 && rest[0].equals(r.plural()) && !r.namespaced && !rest[1].isEmpty()) {
                    return new Target(r, null, rest[1]);
                }
                if (rest.length >= 3 && rest.length <= 4 && rest[0].equals("namespaces") && rest[2].equals(r.plural())
                        && r.namespaced && !rest[1].isEmpty()) {
                    return new Target(r, rest[1], rest.length == 4 && !rest[3].isEmpty() ? rest[3] : null);
                }
            }
            return null;
        }

        boolean isObject() {
            return name != null;
        }
    }

    /** One request the fake received. */
    public record Request(String method, String path, Map<String, String> query, int status) {}

    /** A scripted answer to the next matching request instead of the normal one. */
    private sealed interface Fault {
        record Status(int code, String retryAfter) implements Fault {}
        record ExpireContinue() implements Fault {}
        record Stall(long millis) implements Fault {}
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Map<Resource, List<Served>> objects = new ConcurrentHashMap<>();
    private final Map<Resource, Deque<Fault>> faults = new ConcurrentHashMap<>();
    private final Map<String, Integer> continueTokens = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicLong resourceVersion = new AtomicLong(1000);
    private final Set<Resource> unserved = ConcurrentHashMap.newKeySet();
    private final Set<Resource> expiringEveryContinue = ConcurrentHashMap.newKeySet();
    private final Map<String, Deque<Integer>> discoveryFaults = new ConcurrentHashMap<>();
    private final AtomicLong tokens = new AtomicLong();

    private FakeKubernetesApi(HttpServer server) {
        this.server = server;
        for (Resource r : Resource.values()) {
            objects.put(r, Collections.synchronizedList(new ArrayList<>()));
            faults.put(r, new ArrayDeque<>());
            if (!r.servedByDefault) {
                unserved.add(r);
            }
        }
    }

    /** Starts the fake on a free loopback port. */
    public static FakeKubernetesApi start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        FakeKubernetesApi api = new FakeKubernetesApi(server);
        server.createContext("/", api::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        return api;
    }

    /** {@code http://127.0.0.1:PORT}: what the client's base path is set to. */
    public String baseUrl() {
        return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort();
    }

    /** Adds an object, given as a manifest-shaped map or JSON text; its kind decides the collection. */
    public FakeKubernetesApi add(Resource resource, String json) {
        try {
            ObjectNode node = (ObjectNode) JSON.readTree(json);
            ObjectNode metadata = node.has("metadata") ? (ObjectNode) node.get("metadata") : node.putObject("metadata");
            metadata.put("resourceVersion", Long.toString(resourceVersion.incrementAndGet()));
            if (!metadata.has("uid")) {
                metadata.put("uid", java.util.UUID.nameUUIDFromBytes(
                        (resource.kind + "/" + metadata.path("namespace").asText() + "/"
                                + metadata.path("name").asText()).getBytes(StandardCharsets.UTF_8)).toString());
            }
            objects.get(resource).add(new Served(node, listItem(node)));
            return this;
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + json, e);
        }
    }

    /** Adds an object given as a manifest-shaped map (see {@link #add(Resource, String)}). */
    public FakeKubernetesApi add(Resource resource, Map<String, ?> object) {
        try {
            return add(resource, JSON.writeValueAsString(object));
        } catch (IOException e) {
            throw new IllegalArgumentException("not serialisable as JSON: " + object, e);
        }
    }

    /** The resourceVersion every list answers with now; it grows with each change. */
    public String resourceVersion() {
        return Long.toString(resourceVersion.get());
    }

    /** Removes every object of a collection. */
    public void clear(Resource resource) {
        objects.get(resource).clear();
        resourceVersion.incrementAndGet();
    }

    /**
     * The next request for this collection (a list, or a GET of one of its objects) is answered
     * with {@code code} (and Retry-After when given).
     */
    public FakeKubernetesApi failNext(Resource resource, int code, String retryAfterSeconds) {
        faults.get(resource).add(new Fault.Status(code, retryAfterSeconds));
        return this;
    }

    /** The next request for this collection that carries a continue token gets 410 Expired. */
    public FakeKubernetesApi expireNextContinue(Resource resource) {
        faults.get(resource).add(new Fault.ExpireContinue());
        return this;
    }

    /** Every request for this collection that carries a continue token gets 410 Expired, from now on. */
    public FakeKubernetesApi expireEveryContinue(Resource resource) {
        expiringEveryContinue.add(resource);
        return this;
    }

    /** The cluster does not serve this collection: discovery leaves it out, and every path of it gets 404. */
    public FakeKubernetesApi unserve(Resource resource) {
        unserved.add(resource);
        return this;
    }

    /** The cluster serves this collection (again): discovery lists it and its paths answer. */
    public FakeKubernetesApi serve(Resource resource) {
        unserved.remove(resource);
        return this;
    }

    /**
     * Calico's API is installed: {@code projectcalico.org/v3} serves its policies, tiers, network
     * sets and staged policies (through Calico's aggregated API server or its native CRDs, alike
     * on the wire).
     */
    public FakeKubernetesApi installCalicoApi() {
        Resource.of(Resource.Plugin.CALICO).forEach(this::serve);
        return this;
    }

    /** Cilium's CRDs are installed: {@code cilium.io/v2} serves its two policy kinds. */
    public FakeKubernetesApi installCiliumCrds() {
        Resource.of(Resource.Plugin.CILIUM).forEach(this::serve);
        return this;
    }

    /**
     * The next discovery request for this group version (e.g. {@code /apis/projectcalico.org/v3})
     * is answered {@code code} with a plain-text body, as the API server's aggregator answers
     * {@code 503 service unavailable} for an aggregated API whose server does not answer.
     */
    public FakeKubernetesApi failNextDiscovery(String groupVersionPath, int code) {
        discoveryFaults.computeIfAbsent(groupVersionPath, k -> new java.util.concurrent.ConcurrentLinkedDeque<>())
                .add(code);
        return this;
    }

    /** The next request for this collection is answered only after {@code millis}. */
    public FakeKubernetesApi stallNext(Resource resource, long millis) {
        faults.get(resource).add(new Fault.Stall(millis));
        return this;
    }

    /** Every request received so far, in order. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        URI uri = exchange.getRequestURI();
        Map<String, String> query = query(uri.getRawQuery());
        Target target = Target.of(uri.getPath());
        if (exchange.getRequestMethod().equals("GET") && target == null && discovery(exchange, uri, query)) {
            return;
        }
        if (!exchange.getRequestMethod().equals("GET") || target == null || unserved.contains(target.resource())) {
            respond(exchange, uri, query, 404, status(404, "NotFound", "the server could not find the requested "
                    + "resource (the fake serves LISTs and GETs only: " + exchange.getRequestMethod() + " "
                    + uri.getPath() + ")"), null);
            return;
        }
        Resource resource = target.resource();
        Fault fault = nextFault(resource, query.containsKey("continue"));
        if (fault == null && query.containsKey("continue") && expiringEveryContinue.contains(resource)) {
            fault = new Fault.ExpireContinue();
        }
        switch (fault) {
            case Fault.Status s -> {
                respond(exchange, uri, query, s.code(), status(s.code(), s.code() == 429 ? "TooManyRequests"
                        : "InternalError", "scripted failure"), s.retryAfter());
                return;
            }
            case Fault.ExpireContinue e -> {
                respond(exchange, uri, query, 410, status(410, "Expired", "The provided continue parameter is too "
                        + "old to display a consistent list result. You can start a new list without the continue "
                        + "parameter."), null);
                return;
            }
            case Fault.Stall s -> sleep(s.millis());
            case null -> { }
        }
        List<Served> all;
        synchronized (objects.get(resource)) {
            if (target.namespace() == null) {
                all = List.copyOf(objects.get(resource)); // one array copy, not an add per object per page
            } else {
                all = new ArrayList<>();
                for (Served o : objects.get(resource)) {
                    if (target.namespace().equals(o.node().path("metadata").path("namespace").asText())) {
                        all.add(o);
                    }
                }
            }
        }
        if (target.isObject()) {
            getObject(exchange, uri, query, target, all);
            return;
        }
        int offset = 0;
        String token = query.get("continue");
        if (token != null) {
            Integer known = continueTokens.get(token);
            if (known == null) {
                respond(exchange, uri, query, 400, status(400, "BadRequest", "unknown continue token"), null);
                return;
            }
            offset = known;
        }
        int limit = query.containsKey("limit") ? Integer.parseInt(query.get("limit")) : 0;
        int end = limit > 0 ? Math.min(all.size(), offset + limit) : all.size();
        ObjectNode list = JSON.createObjectNode();
        list.put("kind", resource.listKind);
        list.put("apiVersion", resource.apiVersion);
        ObjectNode metadata = list.putObject("metadata");
        metadata.put("resourceVersion", Long.toString(resourceVersion.get()));
        if (end < all.size()) {
            String next = "token-" + tokens.incrementAndGet();
            continueTokens.put(next, end);
            metadata.put("continue", next);
            metadata.put("remainingItemCount", all.size() - end);
        }
        // the list as Jackson writes it with its items last, the items as rendered when added
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] envelope = JSON.writeValueAsBytes(list);
        body.write(envelope, 0, envelope.length - 1);
        body.writeBytes(",\"items\":[".getBytes(StandardCharsets.UTF_8));
        boolean firstItem = true;
        for (Served item : all.subList(offset, end)) {
            if (!firstItem) {
                body.write(',');
            }
            firstItem = false;
            body.writeBytes(item.listItem());
        }
        body.writeBytes("]}".getBytes(StandardCharsets.UTF_8));
        respond(exchange, uri, query, 200, body.toByteArray(), null);
    }

    /**
     * An object as served, with its JSON as an item of a list rendered once when added: lists
     * are answered from these bytes, so that serving a large cluster costs the fake little of
     * the cores it shares with the client it serves (a real API server runs elsewhere).
     */
    private record Served(ObjectNode node, byte[] listItem) {}

    /** Typed lists omit kind and apiVersion on their items, as the real server does. */
    private static byte[] listItem(ObjectNode node) throws IOException {
        ObjectNode copy = node.deepCopy();
        copy.remove("kind");
        copy.remove("apiVersion");
        return JSON.writeValueAsBytes(copy);
    }

    /** One object by name (among {@code candidates}, those of its namespace), with its kind and apiVersion; else 404. */
    private void getObject(HttpExchange exchange, URI uri, Map<String, String> query, Target target,
            List<Served> candidates) throws IOException {
        for (Served o : candidates) {
            if (target.name().equals(o.node().path("metadata").path("name").asText())) {
                ObjectNode copy = o.node().deepCopy();
                copy.put("kind", target.resource().kind);
                copy.put("apiVersion", target.resource().apiVersion);
                respond(exchange, uri, query, 200, copy, null);
                return;
            }
        }
        respond(exchange, uri, query, 404, status(404, "NotFound", target.resource().plural() + " \""
                + target.name() + "\" not found"), null);
    }

    /** Answers a discovery request for a group version this fake knows; false when the path is none. */
    private boolean discovery(HttpExchange exchange, URI uri, Map<String, String> query) throws IOException {
        String path = uri.getPath();
        List<Resource> inGroupVersion = new ArrayList<>();
        for (Resource r : Resource.values()) {
            if (r.groupVersionPath().equals(path)) {
                inGroupVersion.add(r);
            }
        }
        if (inGroupVersion.isEmpty()) {
            return false;
        }
        Deque<Integer> failures = discoveryFaults.get(path);
        Integer failure = failures == null ? null : failures.poll();
        if (failure != null) {
            // the aggregator's own answer for an APIService whose server does not answer: plain text
            requests.add(new Request(exchange.getRequestMethod(), uri.getPath(), query, failure));
            byte[] bytes = (failure == 503 ? "service unavailable\n" : "scripted failure\n")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(failure, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
            return true;
        }
        List<Resource> served = inGroupVersion.stream().filter(r -> !unserved.contains(r)).toList();
        if (served.isEmpty()) {
            respond(exchange, uri, query, 404, status(404, "NotFound", "the server could not find the requested "
                    + "resource"), null);
            return true;
        }
        ObjectNode list = JSON.createObjectNode();
        list.put("kind", "APIResourceList");
        list.put("apiVersion", "v1");
        list.put("groupVersion", served.getFirst().apiVersion);
        ArrayNode resources = list.putArray("resources");
        for (Resource r : served) {
            ObjectNode entry = resources.addObject();
            entry.put("name", r.plural());
            entry.put("singularName", "");
            entry.put("namespaced", r.namespaced);
            entry.put("kind", r.kind);
            ArrayNode verbs = entry.putArray("verbs");
            for (String verb : List.of("get", "list", "watch")) {
                verbs.add(verb);
            }
            if (r == Resource.PODS) { // discovery also lists subresources, which clients must skip
                resources.addObject().put("name", "pods/log").put("namespaced", true).put("kind", "Pod");
            }
        }
        respond(exchange, uri, query, 200, list, null);
        return true;
    }

    private Fault nextFault(Resource resource, boolean hasContinue) {
        Deque<Fault> queue = faults.get(resource);
        synchronized (queue) {
            Fault head = queue.peek();
            if (head == null || (head instanceof Fault.ExpireContinue && !hasContinue)) {
                return null;
            }
            return queue.poll();
        }
    }

    private void respond(HttpExchange exchange, URI uri, Map<String, String> query, int code, ObjectNode body,
            String retryAfter) throws IOException {
        respond(exchange, uri, query, code, JSON.writeValueAsBytes(body), retryAfter);
    }

    private void respond(HttpExchange exchange, URI uri, Map<String, String> query, int code, byte[] bytes,
            String retryAfter) throws IOException {
        requests.add(new Request(exchange.getRequestMethod(), uri.getPath(), query, code));
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        if (retryAfter != null) {
            exchange.getResponseHeaders().set("Retry-After", retryAfter);
        }
        exchange.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** A {@code v1 Status} object as the API server sends with errors. */
    private static ObjectNode status(int code, String reason, String message) {
        ObjectNode status = JSON.createObjectNode();
        status.put("kind", "Status");
        status.put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Failure");
        status.put("message", message);
        status.put("reason", reason);
        status.put("code", code);
        return status;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(key, value);
        }
        return out;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Counts of requests by path and status, for assertions. */
    public Map<String, Integer> statusCounts() {
        Map<String, Integer> out = new HashMap<>();
        for (Request r : requests) {
            out.merge(r.path() + " " + r.status(), 1, Integer::sum);
        }
        return out;
    }
}
