package dev.netpolauditor.snapshot.kube;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netpolauditor.snapshot.ManifestException;
import dev.netpolauditor.snapshot.ManifestReader;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.Pair;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import okhttp3.Call;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists a cluster's namespaces, pods, NetworkPolicies, workloads, cluster-tier policies and
 * network plugins' own policies through the official Kubernetes client — read-only, cluster-wide
 * LISTs — and reads them into a cluster state.
 *
 * <p>API discovery first ({@code GET /api/v1}, {@code GET /apis/<group>/<version>}) says which
 * collections the cluster serves; one it does not serve is skipped and recorded as absent, which
 * is normal for the optional ones (a cluster without ReplicationControllers, an optional CRD)
 * and a failure for the required ones. The cluster-tier policies' CRDs
 * ({@code clusternetworkpolicies}, {@code adminnetworkpolicies},
 * {@code baselineadminnetworkpolicies}) are optional: a cluster without them has none; so are
 * Calico's {@code projectcalico.org/v3} and Cilium's {@code cilium.io/v2} kinds. Where Calico runs
 * (it serves its kinds, or a DaemonSet of it is listed) ServiceAccounts are listed too, and where
 * Cilium runs its ConfigMap {@code kube-system/cilium-config} is read (one GET; a 404 is recorded
 * absent): {@link ClusterResource} says what is read when.
 *
 * <p>An API group that discovery answers with a server error (5xx: an aggregated API server such
 * as Calico's that is registered but not answering) is retried and then fails the snapshot, as a
 * failed list does: its policies cannot be known, and a snapshot without them would read as
 * every one of them removed.
 *
 * <p>Each list is paged ({@code limit}/{@code continue}). When the API server says a continue
 * token expired (410: the server compacted the resourceVersion the pages were read at), the
 * collection is listed once more <em>in one request without {@code limit}</em>, which the server
 * answers at one resourceVersion — what client-go's pager does. Restarting the paged list would
 * expire again on a large cluster. 429 waits as long as {@code Retry-After} says (capped); 5xx,
 * timeouts and connection failures retry with exponential backoff. When the attempts run out
 * the whole collection fails with a message naming the list, the status and what the server
 * said; nothing partial is returned.
 *
 * <p>Requests go through {@link ApiClient#buildCall} so authentication, TLS and the base path
 * are the client's (service account in a pod, or kubeconfig), while the body is read as plain
 * JSON: the typed models of a given client version reject fields newer API servers add.
 */
public final class KubernetesCollector {
    private static final Logger LOG = LoggerFactory.getLogger(KubernetesCollector.class);

    /**
     * Paging and retry settings; {@link #DEFAULTS} suits real clusters. {@code pageSize} is the
     * {@code limit} of each page (setting {@code netpol-auditor.kubernetes.page-size}).
     */
    public record Settings(int pageSize, int maxAttempts, Duration firstBackoff, Duration maxBackoff,
            Duration maxRetryAfter) {
        public static final int DEFAULT_PAGE_SIZE = 500;
        public static final Settings DEFAULTS =
                new Settings(DEFAULT_PAGE_SIZE, 5, Duration.ofMillis(500), Duration.ofSeconds(10), Duration.ofSeconds(60));

        public Settings {
            if (pageSize < 1) {
                throw new IllegalArgumentException("the page size must be at least 1, not " + pageSize);
            }
        }

        /** The same settings with another page size. */
        public Settings withPageSize(int size) {
            return new Settings(size, maxAttempts, firstBackoff, maxBackoff, maxRetryAfter);
        }
    }

    /** Waits between attempts; tests substitute one that records instead of sleeping. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /**
     * Told how far a read has come (the CLI prints it on stderr): after each page, the objects
     * of a collection listed so far, and once more when the collection is complete.
     */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (resource, listed, complete) -> { };

        void listed(ClusterResource resource, int listed, boolean complete);
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};
    private static final String[] AUTH = {"BearerToken"};

    private final ApiClient client;
    private final Settings settings;
    private final Sleeper sleeper;
    private final Progress progress;

    public KubernetesCollector(ApiClient client, Settings settings, Sleeper sleeper) {
        this(client, settings, sleeper, Progress.NONE);
    }

    public KubernetesCollector(ApiClient client, Settings settings, Sleeper sleeper, Progress progress) {
        this.client = client;
        this.settings = settings;
        this.sleeper = sleeper;
        this.progress = progress;
    }

    public KubernetesCollector(ApiClient client) {
        this(client, Settings.DEFAULTS, d -> Thread.sleep(d.toMillis()));
    }

    /** Lists every collection the cluster serves and reads the result; fails whole or returns whole. */
    public ClusterCapture collect() throws CollectionException {
        Set<ClusterResource> served = discover();
        Map<ClusterResource, String> versions = new EnumMap<>(ClusterResource.class);
        Set<ClusterResource> absent = EnumSet.noneOf(ClusterResource.class);
        List<Map<String, Object>> objects = new ArrayList<>();
        String clusterUid = null;
        Set<ClusterResource.Plugin> running = null;
        for (ClusterResource resource : ClusterResource.values()) {
            if (resource.readOnlyWith() != null) {
                if (running == null) {
                    // every resource that tells (the plugins' own kinds, DaemonSets) comes before
                    running = running(served, objects);
                }
                if (!running.contains(resource.readOnlyWith())) {
                    continue; // not needed where that plugin does not run: neither read nor absent
                }
            }
            if (!served.contains(resource)) {
                if (resource.required()) {
                    throw new CollectionException("the cluster does not serve " + resource.path() + " (API discovery "
                            + "of " + resource.groupVersionPath() + " does not list '" + resource.plural() + "'), which "
                            + "every snapshot needs").after(versions);
                }
                absent.add(resource);
                continue;
            }
            Listed listed;
            try {
                listed = resource.isObject() ? read(resource) : list(resource);
            } catch (CollectionException e) {
                throw e.after(versions);
            }
            if (listed == null) {
                absent.add(resource); // the one object read by name is not there
                continue;
            }
            versions.put(resource, listed.resourceVersion());
            for (Map<String, Object> item : listed.items()) {
                item.putIfAbsent("kind", resource.kind());
                item.putIfAbsent("apiVersion", resource.apiVersion());
                if (resource == ClusterResource.NAMESPACES && "kube-system".equals(metadata(item, "name"))) {
                    clusterUid = metadata(item, "uid");
                }
                objects.add(item);
            }
        }
        if (!absent.isEmpty()) {
            LOG.info("the cluster does not serve {}, or has no such object: skipped (optional)",
                    absent.stream().map(ClusterResource::path).toList());
        }
        if (running != null && !running.isEmpty()) {
            LOG.info("network plugins with their own policies running: {} (their kinds served, or their DaemonSets)",
                    running);
        }
        try {
            return new ClusterCapture(clusterUid, versions, absent, objects,
                    ManifestReader.fromObjects("Kubernetes API", objects));
        } catch (ManifestException e) {
            throw new CollectionException("the cluster returned an object the analysis cannot read: "
                    + e.getMessage(), e);
        }
    }

    /**
     * The plugins that run in the cluster: those whose own kinds it serves, and those a listed
     * DaemonSet's name or container image names (cni-policies.md, "Which kinds count").
     */
    private static Set<ClusterResource.Plugin> running(Set<ClusterResource> served, List<Map<String, Object>> listed) {
        Set<ClusterResource.Plugin> running = EnumSet.noneOf(ClusterResource.Plugin.class);
        for (ClusterResource r : served) {
            if (r.plugin() != null) {
                running.add(r.plugin());
            }
        }
        for (Map<String, Object> item : listed) {
            if (ClusterResource.DAEMON_SETS.kind().equals(item.get("kind"))) {
                String name = metadata(item, "name");
                List<String> images = images(item);
                for (ClusterResource.Plugin plugin : ClusterResource.Plugin.values()) {
                    if (plugin.runsAs(name == null ? "" : name, images)) {
                        running.add(plugin);
                    }
                }
            }
        }
        return running;
    }

    /** {@code spec.template.spec.containers[*].image} of a workload as the API serves it, where given. */
    private static List<String> images(Map<String, Object> workload) {
        List<String> images = new ArrayList<>();
        if (workload.get("spec") instanceof Map<?, ?> spec && spec.get("template") instanceof Map<?, ?> template
                && template.get("spec") instanceof Map<?, ?> podSpec
                && podSpec.get("containers") instanceof List<?> containers) {
            for (Object container : containers) {
                if (container instanceof Map<?, ?> c && c.get("image") instanceof String image) {
                    images.add(image);
                }
            }
        }
        return images;
    }

    /** The collections the cluster serves, by one discovery request per group version. */
    @SuppressWarnings("unchecked")
    private Set<ClusterResource> discover() throws CollectionException {
        Map<String, List<ClusterResource>> byGroupVersion = new LinkedHashMap<>();
        for (ClusterResource r : ClusterResource.values()) {
            byGroupVersion.computeIfAbsent(r.groupVersionPath(), k -> new ArrayList<>()).add(r);
        }
        Set<ClusterResource> served = EnumSet.noneOf(ClusterResource.class);
        for (Map.Entry<String, List<ClusterResource>> gv : byGroupVersion.entrySet()) {
            Answer answer = get(gv.getKey(), null, false, "discovering " + gv.getKey(),
                    "get, list and watch on " + gv.getKey());
            if (answer.code() == 404) {
                continue; // the group version is not served at all
            }
            Set<String> names = new java.util.HashSet<>();
            try {
                Object resources = JSON.readValue(answer.body(), OBJECT).get("resources");
                if (resources instanceof List<?> list) {
                    for (Object r : list) {
                        if (r instanceof Map<?, ?> m && m.get("name") instanceof String name) {
                            names.add(name);
                        }
                    }
                }
            } catch (IOException e) {
                throw new CollectionException("discovering " + gv.getKey() + ": the answer is not an API resource "
                        + "list: " + e.getMessage(), e);
            }
            for (ClusterResource r : gv.getValue()) {
                if (names.contains(r.plural())) {
                    served.add(r);
                }
            }
        }
        return served;
    }

    private record Listed(String resourceVersion, List<Map<String, Object>> items) {}

    /**
     * The one object read by name, as a list of it with its own resourceVersion; null when the
     * cluster has none (404).
     */
    private Listed read(ClusterResource resource) throws CollectionException {
        Answer answer = get(resource.path(), null, false, "reading " + resource.path(), resource.accessNeeded());
        if (answer.code() == 404) {
            progress.listed(resource, 0, true);
            return null;
        }
        Map<String, Object> object;
        try {
            object = JSON.readValue(answer.body(), OBJECT);
        } catch (IOException e) {
            throw new CollectionException("reading " + resource.path() + ": the answer is not a Kubernetes object: "
                    + e.getMessage(), e);
        }
        if (!resource.kind().equals(object.get("kind"))) {
            throw new CollectionException("reading " + resource.path() + ": the answer is not a " + resource.kind()
                    + " but " + (object.get("kind") instanceof String k ? "a " + k : "an object without a kind"));
        }
        progress.listed(resource, 1, true);
        return new Listed(metadata(object, "resourceVersion"), List.of(object));
    }

    /**
     * One collection, page by page. When a continue token expires, the collection is listed
     * again in one request without {@code limit}: a consistent view at one resourceVersion.
     */
    private Listed list(ClusterResource resource) throws CollectionException {
        List<Map<String, Object>> items = new ArrayList<>();
        String token = null;
        String version = null;
        int pages = 0;
        do {
            Page page = page(resource, token, settings.pageSize());
            if (page == null) {
                LOG.warn("listing {}: the continue token expired after {} page(s) of {} (410: the API server no "
                        + "longer keeps the version they were read at); listing it again in one request without a "
                        + "limit, for one consistent view", resource.path(), pages, settings.pageSize());
                Page whole = page(resource, null, 0);
                if (whole == null || whole.continueToken() != null) {
                    throw new CollectionException("listing " + resource.path() + ": the continue token expired after "
                            + pages + " page(s), and the list without a limit did not come back whole either");
                }
                progress.listed(resource, whole.items().size(), true);
                return new Listed(whole.resourceVersion(), whole.items());
            }
            pages++;
            items.addAll(page.items());
            version = version == null ? page.resourceVersion() : version;
            token = page.continueToken();
            if (token != null) {
                progress.listed(resource, items.size(), false);
            }
        } while (token != null);
        progress.listed(resource, items.size(), true);
        return new Listed(version, items);
    }

    private record Page(String resourceVersion, String continueToken, List<Map<String, Object>> items) {}

    /** One page ({@code limit} 0: the whole list), with retries; null when the continue token expired (410). */
    private Page page(ClusterResource resource, String token, int limit) throws CollectionException {
        List<Pair> query = new ArrayList<>();
        if (limit > 0) {
            query.add(new Pair("limit", Integer.toString(limit)));
        }
        if (token != null) {
            query.add(new Pair("continue", token));
        }
        Answer answer = get(resource.path(), query, token != null, "listing " + resource.path(),
                resource.accessNeeded());
        if (answer.code() == 410) {
            return null;
        }
        if (answer.code() == 404) {
            throw new CollectionException("listing " + resource.path() + " failed: HTTP 404" + problem(answer.text())
                    + " although API discovery lists it");
        }
        return parse(resource, answer.body());
    }

    /**
     * A 200 answer's body, or a 404 (discovery: not served), or a 410 when {@code expirable}; as
     * bytes, which Jackson reads without decoding a page of a large list into a string first.
     */
    private record Answer(int code, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /**
     * One GET with retries: 429 waits (Retry-After), 5xx and I/O failures back off; any other
     * status but 200, 404 and (for a continued list) 410 fails at once, a 401 or 403 saying what
     * access the request needs ({@code access}).
     */
    private Answer get(String path, List<Pair> query, boolean expirable, String what, String access)
            throws CollectionException {
        Duration backoff = settings.firstBackoff();
        String lastProblem = null;
        for (int attempt = 1; attempt <= settings.maxAttempts(); attempt++) {
            Duration wait;
            try (Response response = call(path, query == null ? List.of() : query).execute()) {
                int code = response.code();
                byte[] body = body(response);
                if (code == 200 || code == 404 || (code == 410 && expirable)) {
                    return new Answer(code, body);
                }
                lastProblem = "HTTP " + code + problem(new String(body, StandardCharsets.UTF_8));
                if (code == 429) {
                    wait = retryAfter(response.header("Retry-After"), backoff);
                } else if (code >= 500) {
                    wait = backoff;
                } else {
                    throw new CollectionException(what + " failed: " + lastProblem
                            + (code == 401 || code == 403 ? " (check the service account's ClusterRole: it needs "
                                    + access + ")" : ""));
                }
            } catch (IOException e) {
                lastProblem = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                wait = backoff;
            }
            if (attempt == settings.maxAttempts()) {
                break;
            }
            pause(wait);
            backoff = min(backoff.multipliedBy(2), settings.maxBackoff());
        }
        throw new CollectionException(what + " failed after " + settings.maxAttempts() + " attempts: " + lastProblem);
    }

    private Call call(String path, List<Pair> query) throws CollectionException {
        Map<String, String> headers = new HashMap<>();
        headers.put("Accept", "application/json");
        try {
            return client.buildCall(client.getBasePath(), path, "GET", new ArrayList<>(query), new ArrayList<>(), null,
                    headers, new HashMap<>(), new HashMap<>(), AUTH, null);
        } catch (ApiException e) {
            throw new CollectionException("cannot build the request for " + path + ": " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Page parse(ClusterResource resource, byte[] body) throws CollectionException {
        try {
            Map<String, Object> list = JSON.readValue(body, OBJECT);
            Map<String, Object> metadata = list.get("metadata") instanceof Map<?, ?> m
                    ? (Map<String, Object>) m : Map.of();
            List<Map<String, Object>> items = new ArrayList<>();
            if (list.get("items") instanceof List<?> raw) {
                for (Object item : raw) {
                    if (item instanceof Map<?, ?> map) {
                        items.add((Map<String, Object>) map);
                    }
                }
            }
            String next = metadata.get("continue") instanceof String s && !s.isEmpty() ? s : null;
            return new Page((String) metadata.get("resourceVersion"), next, items);
        } catch (IOException | ClassCastException e) {
            throw new CollectionException("listing " + resource.path() + ": the answer is not a Kubernetes list: "
                    + e.getMessage(), e);
        }
    }

    private static byte[] body(Response response) throws IOException {
        ResponseBody body = response.body();
        return body == null ? new byte[0] : body.bytes();
    }

    /** The {@code message} of a Kubernetes Status body, if there is one. */
    private static String problem(String body) {
        try {
            Object message = JSON.readValue(body, OBJECT).get("message");
            return message instanceof String s && !s.isBlank() ? " (" + s + ")" : "";
        } catch (IOException | RuntimeException e) {
            return plainText(body);
        }
    }

    /**
     * A short plain-text body's first line, as the API server's aggregator writes when an
     * aggregated API's server does not answer ({@code service unavailable}); nothing for markup.
     */
    private static String plainText(String body) {
        String line = body.strip().lines().findFirst().orElse("").strip();
        if (line.isEmpty() || line.startsWith("<") || line.startsWith("{") || line.length() > 200) {
            return "";
        }
        return " (" + line + ")";
    }

    private Duration retryAfter(String header, Duration fallback) {
        if (header != null) {
            try {
                return min(Duration.ofSeconds(Long.parseLong(header.trim())), settings.maxRetryAfter());
            } catch (NumberFormatException e) {
                // an HTTP date: rare from the API server; fall back to our backoff
            }
        }
        return fallback;
    }

    private void pause(Duration wait) throws CollectionException {
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CollectionException("interrupted while waiting to retry", e);
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static String metadata(Map<String, Object> item, String key) {
        return item.get("metadata") instanceof Map<?, ?> m && m.get(key) instanceof String s ? s : null;
    }
}
