package dev.netpolauditor.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netpolauditor.kube.FakeKubernetesApi.Resource;
import dev.netpolauditor.snapshot.kube.ClusterCapture;
import dev.netpolauditor.snapshot.kube.ClusterResource;
import dev.netpolauditor.snapshot.kube.CollectionException;
import dev.netpolauditor.snapshot.kube.KubernetesCollector;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The collector on clusters running Calico or Cilium (cni-policies.md, "Which kinds count"):
 * their own kinds listed when the cluster serves them, ServiceAccounts where Calico runs,
 * {@code kube-system/cilium-config} where Cilium runs, all handed on as the API served them.
 */
class NetworkPluginCollectionTest {
    private static final KubernetesCollector.Settings FAST =
            new KubernetesCollector.Settings(2, 3, Duration.ofMillis(100), Duration.ofMillis(400), Duration.ofSeconds(5));
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Set<ClusterResource> CALICO_KINDS = kindsOf(ClusterResource.Plugin.CALICO);
    private static final Set<ClusterResource> CILIUM_KINDS = kindsOf(ClusterResource.Plugin.CILIUM);

    private static final String CALICO_NODE = "{\"metadata\":{\"name\":\"calico-node\",\"namespace\":\"calico-system\"},"
            + "\"spec\":{\"template\":{\"metadata\":{\"labels\":{\"k8s-app\":\"calico-node\"}},\"spec\":{\"hostNetwork\":"
            + "true,\"containers\":[{\"name\":\"calico-node\",\"image\":\"docker.io/calico/node:v3.30.2\"}]}}}}";
    private static final String CILIUM_AGENT = "{\"metadata\":{\"name\":\"cilium\",\"namespace\":\"kube-system\"},"
            + "\"spec\":{\"template\":{\"metadata\":{\"labels\":{\"k8s-app\":\"cilium\"}},\"spec\":{\"hostNetwork\":true,"
            + "\"containers\":[{\"name\":\"cilium-agent\",\"image\":\"quay.io/cilium/cilium:v1.18.1\"}]}}}}";
    private static final String CILIUM_CONFIG = "{\"metadata\":{\"name\":\"cilium-config\",\"namespace\":\"kube-system\"},"
            + "\"data\":{\"enable-policy\":\"default\",\"cluster-name\":\"prod-eu\",\"enable-k8s-networkpolicy\":\"true\"}}";

    private FakeKubernetesApi api;
    private ApiClient client;
    private final List<Duration> waits = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        api = FakeKubernetesApi.start();
        client = new ClientBuilder().setBasePath(api.baseUrl()).build();
        client.setReadTimeout(1000);
        api.add(Resource.NAMESPACES, "{\"metadata\":{\"name\":\"kube-system\",\"uid\":\"cluster-uid-1\"}}");
        api.add(Resource.NAMESPACES, "{\"metadata\":{\"name\":\"prod\",\"labels\":{\"tenant\":\"shop\"}}}");
        api.add(Resource.PODS, "{\"metadata\":{\"name\":\"api-0\",\"namespace\":\"prod\",\"labels\":{\"app\":\"api\"}},"
                + "\"spec\":{\"serviceAccountName\":\"api\",\"containers\":[{\"name\":\"c\",\"image\":\"x\"}]},"
                + "\"status\":{\"phase\":\"Running\"}}");
        api.add(Resource.NETWORK_POLICIES, "{\"metadata\":{\"name\":\"deny\",\"namespace\":\"prod\"},"
                + "\"spec\":{\"podSelector\":{},\"policyTypes\":[\"Ingress\"]}}");
        // the same kinds elsewhere, which the collector must not take for the plugins' own
        api.add(Resource.CONFIG_MAPS, "{\"metadata\":{\"name\":\"cilium-config\",\"namespace\":\"prod\"},"
                + "\"data\":{\"enable-policy\":\"never\"}}");
        api.add(Resource.CONFIG_MAPS, "{\"metadata\":{\"name\":\"coredns\",\"namespace\":\"kube-system\"},"
                + "\"data\":{\"Corefile\":\".:53 {}\"}}");
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private ClusterCapture collect() throws CollectionException {
        return new KubernetesCollector(client, FAST, waits::add).collect();
    }

    /** A Calico cluster as its API serves it: a tier above the default one, policies of every kind, network sets. */
    private void serveCalico() {
        api.installCalicoApi().add(Resource.DAEMON_SETS, CALICO_NODE);
        for (String tier : List.of("{\"metadata\":{\"name\":\"security\"},\"spec\":{\"order\":100,\"defaultAction\":\"Pass\"}}",
                "{\"metadata\":{\"name\":\"default\"},\"spec\":{\"order\":1000000,\"defaultAction\":\"Deny\"}}",
                "{\"metadata\":{\"name\":\"kube-admin\"},\"spec\":{\"order\":1000,\"defaultAction\":\"Pass\"}}",
                "{\"metadata\":{\"name\":\"kube-baseline\"},\"spec\":{\"order\":10000000,\"defaultAction\":\"Pass\"}}")) {
            api.add(Resource.CALICO_TIERS, tier);
        }
        api.add(Resource.CALICO_GLOBAL_NETWORK_POLICIES, "{\"metadata\":{\"name\":\"default-deny\"},\"spec\":{\"tier\":"
                + "\"default\",\"order\":2000,\"selector\":\"projectcalico.org/namespace != 'kube-system'\",\"types\":"
                + "[\"Ingress\",\"Egress\"],\"performanceHints\":[\"AssumeNeededOnEveryNode\"]}}");
        api.add(Resource.CALICO_GLOBAL_NETWORK_POLICIES, "{\"metadata\":{\"name\":\"allow-dns\"},\"spec\":{\"tier\":"
                + "\"security\",\"order\":10,\"selector\":\"all()\",\"egress\":[{\"action\":\"Allow\",\"protocol\":\"UDP\","
                + "\"destination\":{\"selector\":\"k8s-app == 'kube-dns'\",\"ports\":[53]}},{\"action\":\"Pass\"}]}}");
        api.add(Resource.CALICO_NETWORK_POLICIES, "{\"metadata\":{\"name\":\"partner-egress\",\"namespace\":\"prod\"},"
                + "\"spec\":{\"tier\":\"security\",\"order\":20,\"selector\":\"app == 'api'\",\"serviceAccountSelector\":"
                + "\"team == 'payments'\",\"egress\":[{\"action\":\"Allow\",\"destination\":{\"selector\":"
                + "\"role == 'partner'\"}}]}}");
        api.add(Resource.CALICO_NETWORK_SETS, "{\"metadata\":{\"name\":\"partner\",\"namespace\":\"prod\",\"labels\":"
                + "{\"role\":\"partner\"}},\"spec\":{\"nets\":[\"198.51.100.0/24\"]}}");
        api.add(Resource.CALICO_GLOBAL_NETWORK_SETS, "{\"metadata\":{\"name\":\"blocked\",\"labels\":{\"feed\":"
                + "\"blocklist\"}},\"spec\":{\"nets\":[\"203.0.113.7\"]}}");
        api.add(Resource.CALICO_STAGED_NETWORK_POLICIES, "{\"metadata\":{\"name\":\"try-deny\",\"namespace\":\"prod\"},"
                + "\"spec\":{\"stagedAction\":\"Set\",\"tier\":\"default\",\"selector\":\"all()\",\"types\":[\"Ingress\"]}}");
        api.add(Resource.CALICO_STAGED_GLOBAL_NETWORK_POLICIES, "{\"metadata\":{\"name\":\"try-global\"},\"spec\":"
                + "{\"stagedAction\":\"Set\",\"tier\":\"default\",\"selector\":\"all()\"}}");
        api.add(Resource.CALICO_STAGED_KUBERNETES_NETWORK_POLICIES, "{\"metadata\":{\"name\":\"try-k8s\",\"namespace\":"
                + "\"prod\"},\"spec\":{\"stagedAction\":\"Set\",\"podSelector\":{},\"policyTypes\":[\"Ingress\"]}}");
        for (String sa : List.of("default", "api", "worker")) {
            api.add(Resource.SERVICE_ACCOUNTS, "{\"metadata\":{\"name\":\"" + sa + "\",\"namespace\":\"prod\""
                    + (sa.equals("api") ? ",\"labels\":{\"team\":\"payments\"}" : "") + "}}");
        }
        api.add(Resource.SERVICE_ACCOUNTS, "{\"metadata\":{\"name\":\"default\",\"namespace\":\"kube-system\"}}");
        api.add(Resource.SERVICE_ACCOUNTS, "{\"metadata\":{\"name\":\"calico-node\",\"namespace\":\"calico-system\"}}");
    }

    /** A Cilium cluster: a namespaced and a clusterwide policy, the agent's DaemonSet and its settings. */
    private void serveCilium() {
        api.installCiliumCrds().add(Resource.DAEMON_SETS, CILIUM_AGENT);
        api.add(Resource.CILIUM_NETWORK_POLICIES, "{\"metadata\":{\"name\":\"api-world\",\"namespace\":\"prod\"},"
                + "\"spec\":{\"endpointSelector\":{\"matchLabels\":{\"app\":\"api\"}},\"egress\":[{\"toEntities\":"
                + "[\"world\"],\"toPorts\":[{\"ports\":[{\"port\":\"443\",\"protocol\":\"TCP\"}],\"rules\":{\"http\":"
                + "[{\"method\":\"GET\"}]}}]}]}}");
        api.add(Resource.CILIUM_CLUSTERWIDE_NETWORK_POLICIES, "{\"metadata\":{\"name\":\"tenant-walls\"},\"specs\":"
                + "[{\"endpointSelector\":{},\"ingressDeny\":[{\"fromEndpoints\":[{\"matchLabels\":{"
                + "\"k8s:io.cilium.k8s.namespace.labels.tenant\":\"other\"}}]}]}]}");
        api.add(Resource.CONFIG_MAPS, CILIUM_CONFIG);
    }

    @Test
    void aCalicoClusterHandsOnItsKindsAndServiceAccountsAsServed() throws Exception {
        serveCalico();

        ClusterCapture capture = collect();

        assertEquals(CILIUM_KINDS, capture.absent(), "Cilium's kinds are not served; Calico's all are");
        assertTrue(capture.listVersions().keySet().containsAll(CALICO_KINDS));
        assertTrue(capture.listVersions().containsKey(ClusterResource.SERVICE_ACCOUNTS));
        assertFalse(capture.listVersions().containsKey(ClusterResource.CILIUM_CONFIG));
        assertTrue(api.requests().stream().noneMatch(r -> r.path().contains("configmaps")),
                "cilium-config is not asked for where Cilium does not run");
        assertEquals(List.of("calico-system/calico-node", "kube-system/default", "prod/api", "prod/default",
                "prod/worker"), names(capture, "ServiceAccount", "v1"));
        assertEquals(3, api.statusCounts().get("/api/v1/serviceaccounts 200"), "5 accounts in pages of 2");
        assertEquals(List.of("default", "kube-admin", "kube-baseline", "security"),
                names(capture, "Tier", "projectcalico.org/v3"));
        assertEquals(List.of("allow-dns", "default-deny"), names(capture, "GlobalNetworkPolicy", "projectcalico.org/v3"));
        assertEquals(List.of("prod/partner-egress"), names(capture, "NetworkPolicy", "projectcalico.org/v3"));
        assertEquals(List.of("prod/partner"), names(capture, "NetworkSet", "projectcalico.org/v3"));
        assertEquals(List.of("blocked"), names(capture, "GlobalNetworkSet", "projectcalico.org/v3"));
        assertEquals(List.of("prod/try-deny"), names(capture, "StagedNetworkPolicy", "projectcalico.org/v3"));
        assertEquals(List.of("try-global"), names(capture, "StagedGlobalNetworkPolicy", "projectcalico.org/v3"));
        assertEquals(List.of("prod/try-k8s"), names(capture, "StagedKubernetesNetworkPolicy", "projectcalico.org/v3"));
        // each kind listed once, cluster-wide, namespaced or not (four tiers take two pages)
        for (ClusterResource r : CALICO_KINDS) {
            assertEquals(1, api.requests().stream().filter(q -> q.path().equals(r.path())
                    && !q.query().containsKey("continue")).count(), r.path());
        }
        assertEquals(2, api.statusCounts().get(ClusterResource.CALICO_TIERS.path() + " 200"));
        assertTrue(api.requests().stream().noneMatch(r -> r.path().contains("/namespaces/")),
                "no list in one namespace, no object by name");
        // as served, fields this version does not know included
        Map<String, Object> deny = object(capture, "GlobalNetworkPolicy", null, "default-deny");
        assertEquals(served(Resource.CALICO_GLOBAL_NETWORK_POLICIES, null, "default-deny"), deny);
        assertEquals(List.of("AssumeNeededOnEveryNode"), spec(deny).get("performanceHints"));
        assertEquals(served(Resource.SERVICE_ACCOUNTS, "prod", "api"), object(capture, "ServiceAccount", "prod", "api"));
        // the analysis reads the Kubernetes kinds as before: Calico's NetworkPolicy is not a v1 one
        assertEquals(List.of("prod/deny"), capture.state().policies().stream()
                .map(p -> p.namespace() + "/" + p.name()).toList());
        assertEquals(1, capture.state().pods().size());
        assertTrue(waits.isEmpty());
    }

    @Test
    void aCiliumClusterHandsOnItsPoliciesAndReadsCiliumConfigByName() throws Exception {
        serveCilium();

        ClusterCapture capture = collect();
        List<String> requested = api.requests().stream().map(FakeKubernetesApi.Request::path).toList();

        assertEquals(CALICO_KINDS, capture.absent());
        assertEquals(List.of("/api/v1/namespaces/kube-system/configmaps/cilium-config"),
                requested.stream().filter(p -> p.contains("configmaps")).toList());
        assertTrue(requested.stream().noneMatch(p -> p.contains("serviceaccounts")),
                "ServiceAccounts are listed only where Calico runs");
        assertEquals(List.of("prod/api-world"), names(capture, "CiliumNetworkPolicy", "cilium.io/v2"));
        assertEquals(List.of("tenant-walls"), names(capture, "CiliumClusterwideNetworkPolicy", "cilium.io/v2"));
        assertEquals(served(Resource.CILIUM_CLUSTERWIDE_NETWORK_POLICIES, null, "tenant-walls"),
                object(capture, "CiliumClusterwideNetworkPolicy", null, "tenant-walls"));
        Map<String, Object> config = object(capture, "ConfigMap", "kube-system", "cilium-config");
        assertEquals(served(Resource.CONFIG_MAPS, "kube-system", "cilium-config"), config);
        assertEquals(Map.of("enable-policy", "default", "cluster-name", "prod-eu", "enable-k8s-networkpolicy", "true"),
                config.get("data"));
        assertEquals(List.of("kube-system/cilium-config"), names(capture, "ConfigMap", "v1"),
                "one ConfigMap, by name: none of another name or namespace");
        assertEquals(metadata(config).get("resourceVersion"), capture.listVersions().get(ClusterResource.CILIUM_CONFIG),
                "the object's own version stands for its list's");
        assertFalse(capture.listVersions().containsKey(ClusterResource.SERVICE_ACCOUNTS));
    }

    @Test
    void aClusterWithNeitherPluginListsNoServiceAccountsAndReadsNoConfigMap() throws Exception {
        ClusterCapture capture = collect();

        assertEquals(EnumSet.copyOf(kindsOf(null)), capture.absent(), "every plugin kind recorded absent, nothing else");
        assertFalse(capture.listVersions().containsKey(ClusterResource.SERVICE_ACCOUNTS));
        assertFalse(capture.listVersions().containsKey(ClusterResource.CILIUM_CONFIG));
        assertTrue(api.requests().stream().noneMatch(r -> r.path().contains("serviceaccounts")
                || r.path().contains("configmaps")), api.requests().toString());
        assertEquals(1, api.statusCounts().get("/apis/projectcalico.org/v3 404"));
        assertEquals(1, api.statusCounts().get("/apis/cilium.io/v2 404"));
        assertEquals(1, capture.state().policies().size());
    }

    @Test
    void calicoNodeWithoutCalicosApiRecordsItsKindsNotServedAndStillListsServiceAccounts() throws Exception {
        serveCalico();
        for (ClusterResource r : CALICO_KINDS) {
            api.unserve(resource(r));
        }

        ClusterCapture capture = collect();

        assertEquals(EnumSet.copyOf(kindsOf(null)), capture.absent());
        assertEquals(1, api.statusCounts().get("/apis/projectcalico.org/v3 404"), "the group is not registered");
        assertTrue(api.requests().stream().noneMatch(r -> r.path().startsWith("/apis/projectcalico.org/v3/")));
        assertEquals(List.of(), names(capture, "GlobalNetworkPolicy", "projectcalico.org/v3"));
        assertTrue(capture.listVersions().containsKey(ClusterResource.SERVICE_ACCOUNTS),
                "calico-node runs: its DaemonSet alone says Calico is there");
        assertEquals(5, names(capture, "ServiceAccount", "v1").size());
    }

    @Test
    void ciliumsImageOnAnyDaemonSetSaysCiliumRunsAndItsMissingConfigIsRecordedAbsent() throws Exception {
        api.add(Resource.DAEMON_SETS, "{\"metadata\":{\"name\":\"node-agent\",\"namespace\":\"kube-system\"},\"spec\":"
                + "{\"template\":{\"spec\":{\"containers\":[{\"name\":\"a\",\"image\":\"quay.io/cilium/cilium:v1.18.1\"}]}}}}");

        ClusterCapture capture = collect();

        assertEquals(1, api.statusCounts().get("/api/v1/namespaces/kube-system/configmaps/cilium-config 404"));
        assertTrue(capture.absent().contains(ClusterResource.CILIUM_CONFIG),
                "Cilium runs but its settings are not in kube-system: recorded, not a failure");
        assertFalse(capture.listVersions().containsKey(ClusterResource.CILIUM_CONFIG));
        assertEquals(List.of(), names(capture, "ConfigMap", "v1"));
        assertFalse(capture.listVersions().containsKey(ClusterResource.SERVICE_ACCOUNTS), "nothing says Calico");
    }

    @Test
    void calicoAndCiliumTogetherReadBothPluginsExtras() throws Exception {
        serveCalico();
        serveCilium();

        ClusterCapture capture = collect();

        assertEquals(Set.of(), capture.absent());
        assertEquals(5, names(capture, "ServiceAccount", "v1").size());
        assertEquals(List.of("kube-system/cilium-config"), names(capture, "ConfigMap", "v1"));
    }

    @Test
    void pluginKindsPageAndFallBackAfterAnExpiredContinueTokenLikeEveryList() throws Exception {
        serveCalico();
        for (int i = 0; i < 5; i++) {
            api.add(Resource.CALICO_GLOBAL_NETWORK_POLICIES, "{\"metadata\":{\"name\":\"gnp-" + i + "\"},\"spec\":"
                    + "{\"selector\":\"all()\"}}");
        }
        api.expireNextContinue(Resource.CALICO_GLOBAL_NETWORK_POLICIES);

        ClusterCapture capture = collect();

        assertEquals(7, names(capture, "GlobalNetworkPolicy", "projectcalico.org/v3").size());
        String path = ClusterResource.CALICO_GLOBAL_NETWORK_POLICIES.path();
        List<FakeKubernetesApi.Request> lists = api.requests().stream().filter(r -> r.path().equals(path)).toList();
        assertEquals(List.of(200, 410, 200), lists.stream().map(FakeKubernetesApi.Request::status).toList());
        assertNull(lists.getLast().query().get("limit"), "the whole list in one request, at one resourceVersion");
    }

    @Test
    void anUnansweringCalicoApiServerFailsTheSnapshotNamingIt() {
        serveCalico();
        for (int i = 0; i < FAST.maxAttempts(); i++) {
            api.failNextDiscovery("/apis/projectcalico.org/v3", 503);
        }

        CollectionException e = assertThrows(CollectionException.class, this::collect);

        assertEquals("discovering /apis/projectcalico.org/v3 failed after 3 attempts: HTTP 503 (service unavailable)",
                e.getMessage());
        assertEquals(List.of(Duration.ofMillis(100), Duration.ofMillis(200)), waits);
    }

    @Test
    void aCalicoApiServerThatAnswersOnRetryGivesAWholeSnapshot() throws Exception {
        serveCalico();
        api.failNextDiscovery("/apis/projectcalico.org/v3", 503);

        ClusterCapture capture = collect();

        assertEquals(CILIUM_KINDS, capture.absent());
        assertEquals(2, names(capture, "GlobalNetworkPolicy", "projectcalico.org/v3").size());
        assertEquals(1, waits.size());
    }

    @Test
    void aForbiddenTieredListNamesCalicosTierPermissions() {
        serveCalico();
        api.failNext(Resource.CALICO_NETWORK_POLICIES, 403, null);

        CollectionException e = assertThrows(CollectionException.class, this::collect);

        assertTrue(e.getMessage().startsWith("listing /apis/projectcalico.org/v3/networkpolicies failed: HTTP 403"),
                e.getMessage());
        assertTrue(e.getMessage().contains("tier.networkpolicies"), e.getMessage());
        assertTrue(e.listVersions().containsKey(ClusterResource.DAEMON_SETS), "what was read before is recorded");
    }

    @Test
    void aForbiddenCiliumConfigFailsSayingWhichObject() {
        serveCilium();
        api.failNext(Resource.CONFIG_MAPS, 403, null);

        CollectionException e = assertThrows(CollectionException.class, this::collect);

        assertEquals("reading /api/v1/namespaces/kube-system/configmaps/cilium-config failed: HTTP 403 (scripted "
                + "failure) (check the service account's ClusterRole: it needs get on "
                + "/api/v1/namespaces/kube-system/configmaps/cilium-config)", e.getMessage());
    }

    private static Set<ClusterResource> kindsOf(ClusterResource.Plugin plugin) {
        return Arrays.stream(ClusterResource.values())
                .filter(r -> plugin == null ? r.plugin() != null : r.plugin() == plugin)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(ClusterResource.class)));
    }

    /** The fake's collection of the same path. */
    private static Resource resource(ClusterResource r) {
        return Arrays.stream(Resource.values()).filter(x -> x.path().equals(r.path())).findFirst().orElseThrow();
    }

    /** {@code namespace/name} (or {@code name}) of the captured objects of this kind and apiVersion, sorted. */
    private static List<String> names(ClusterCapture capture, String kind, String apiVersion) {
        return capture.objects().stream()
                .filter(o -> kind.equals(o.get("kind")) && apiVersion.equals(o.get("apiVersion")))
                .map(o -> metadata(o).get("namespace") == null ? (String) metadata(o).get("name")
                        : metadata(o).get("namespace") + "/" + metadata(o).get("name"))
                .sorted().toList();
    }

    private static Map<String, Object> object(ClusterCapture capture, String kind, String namespace, String name) {
        return capture.objects().stream()
                .filter(o -> kind.equals(o.get("kind")) && name.equals(metadata(o).get("name"))
                        && java.util.Objects.equals(namespace, metadata(o).get("namespace")))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + namespace + "/" + name));
    }

    /** The object as the fake serves it by name: what a whole and verbatim capture must hold. */
    private Map<String, Object> served(Resource resource, String namespace, String name) throws Exception {
        String path = namespace == null ? resource.path() + "/" + name : resource.path(namespace) + "/" + name;
        try (var http = java.net.http.HttpClient.newHttpClient()) {
            String body = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(api.baseUrl() + path))
                    .build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            Map<String, Object> object = JSON.readValue(body, new TypeReference<>() {});
            assertNotNull(object.get("metadata"), body);
            return object;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> metadata(Map<String, Object> object) {
        return (Map<String, Object>) object.get("metadata");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(Map<String, Object> object) {
        return (Map<String, Object>) object.get("spec");
    }
}
