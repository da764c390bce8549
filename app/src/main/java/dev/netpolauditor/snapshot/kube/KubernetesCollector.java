package dev.netpolauditor.snapshot.kube;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netpolauditor.snapshot.ManifestException;
import dev.netpolauditor.snapshot.ManifestReader;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.Pair;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import okhttp3.Call;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Lists a cluster's namespaces, pods, NetworkPolicies and workloads through the official
 * Kubernetes client — read-only, cluster-wide LISTs — and reads them into a cluster state.
 *
 * <p>Each list is paged ({@code limit}/{@code continue}). When the API server says a continue
 * token expired (410), that list starts over, since its pages would not be one consistent
 * view. 429 waits as long as {@code Retry-After} says (capped); 5xx, timeouts and connection
 * failures retry with exponential backoff. When the attempts run out the whole collection
 * fails with a message naming the list, the status and what the server said; nothing partial
 * is returned.
 *
 * <p>Requests go through {@link ApiClient#buildCall} so authentication, TLS and the base path
 * are the client's (service account in a pod, or kubeconfig), while the body is read as plain
 * JSON: the typed models of a given client version reject fields newer API servers add.
 */
public final class KubernetesCollector {

    /** Paging and retry settings; {@link #DEFAULTS} suits real clusters. */
    public record Settings(int pageSize, int maxAttempts, Duration firstBackoff, Duration maxBackoff,
            Duration maxRetryAfter, int maxListRestarts) {
        public static final Settings DEFAULTS =
                new Settings(500, 5, Duration.ofMillis(500), Duration.ofSeconds(10), Duration.ofSeconds(60), 3);
    }

    /** Waits between attempts; tests substitute one that records instead of sleeping. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};
    private static final String[] AUTH = {"BearerToken"};

    private final ApiClient client;
    private final Settings settings;
    private final Sleeper sleeper;

    public KubernetesCollector(ApiClient client, Settings settings, Sleeper sleeper) {
        this.client = client;
        this.settings = settings;
        this.sleeper = sleeper;
    }

    public KubernetesCollector(ApiClient client) {
        this(client, Settings.DEFAULTS, d -> Thread.sleep(d.toMillis()));
    }

    /** Lists every collection and reads the result; fails whole or returns whole. */
    public ClusterCapture collect() throws CollectionException {
        Map<ClusterResource, String> versions = new EnumMap<>(ClusterResource.class);
        List<Map<String, Object>> objects = new ArrayList<>();
        String clusterUid = null;
        for (ClusterResource resource : ClusterResource.values()) {
            Listed listed;
            try {
                listed = list(resource);
            } catch (CollectionException e) {
                throw e.after(versions);
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
        try {
            return new ClusterCapture(clusterUid, versions, objects,
                    ManifestReader.fromObjects("Kubernetes API", objects));
        } catch (ManifestException e) {
            throw new CollectionException("the cluster returned an object the analysis cannot read: "
                    + e.getMessage(), e);
        }
    }

    private record Listed(String resourceVersion, List<Map<String, Object>> items) {}

    /** One collection, page by page; restarts when a continue token expires. */
    private Listed list(ClusterResource resource) throws CollectionException {
        for (int restart = 0; ; restart++) {
            List<Map<String, Object>> items = new ArrayList<>();
            String token = null;
            String version = null;
            boolean expired = false;
            do {
                Page page = page(resource, token);
                if (page == null) {
                    expired = true;
                    break;
                }
                items.addAll(page.items());
                version = version == null ? page.resourceVersion() : version;
                token = page.continueToken();
            } while (token != null);
            if (!expired) {
                return new Listed(version, items);
            }
            if (restart >= settings.maxListRestarts()) {
                throw new CollectionException("listing " + resource.path() + ": the continue token expired "
                        + (restart + 1) + " times (410 Expired); the cluster changes faster than it can be paged "
                        + "with limit=" + settings.pageSize() + ", try a larger page size");
            }
        }
    }

    private record Page(String resourceVersion, String continueToken, List<Map<String, Object>> items) {}

    /** One page, with retries; null when the continue token expired (410). */
    private Page page(ClusterResource resource, String token) throws CollectionException {
        Duration backoff = settings.firstBackoff();
        String lastProblem = null;
        for (int attempt = 1; attempt <= settings.maxAttempts(); attempt++) {
            Duration wait;
            try (Response response = call(resource, token).execute()) {
                int code = response.code();
                String body = body(response);
                if (code == 200) {
                    return parse(resource, body);
                }
                if (code == 410 && token != null) {
                    return null;
                }
                lastProblem = "HTTP " + code + problem(body);
                if (code == 429) {
                    wait = retryAfter(response.header("Retry-After"), backoff);
                } else if (code >= 500) {
                    wait = backoff;
                } else {
                    throw new CollectionException("listing " + resource.path() + " failed: " + lastProblem
                            + (code == 401 || code == 403 ? " (check the service account's ClusterRole: it needs "
                                    + "get, list and watch on " + resource.path() + ")" : ""));
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
        throw new CollectionException("listing " + resource.path() + " failed after " + settings.maxAttempts()
                + " attempts: " + lastProblem);
    }

    private Call call(ClusterResource resource, String token) throws CollectionException {
        List<Pair> query = new ArrayList<>();
        query.add(new Pair("limit", Integer.toString(settings.pageSize())));
        if (token != null) {
            query.add(new Pair("continue", token));
        }
        Map<String, String> headers = new HashMap<>();
        headers.put("Accept", "application/json");
        try {
            return client.buildCall(client.getBasePath(), resource.path(), "GET", query, new ArrayList<>(), null,
                    headers, new HashMap<>(), new HashMap<>(), AUTH, null);
        } catch (ApiException e) {
            throw new CollectionException("cannot build the request for " + resource.path() + ": " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Page parse(ClusterResource resource, String body) throws CollectionException {
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

    private static String body(Response response) throws IOException {
        ResponseBody body = response.body();
        return body == null ? "" : body.string();
    }

    /** The {@code message} of a Kubernetes Status body, if there is one. */
    private static String problem(String body) {
        try {
            Object message = JSON.readValue(body, OBJECT).get("message");
            return message instanceof String s && !s.isBlank() ? " (" + s + ")" : "";
        } catch (IOException | RuntimeException e) {
            return "";
        }
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
