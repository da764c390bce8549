package dev.netpolauditor.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netpolauditor.kube.FakeKubernetesApi.Resource;
import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.model.Pod;
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
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The collector driven through the official client against a fake that speaks the wire protocol. */
class KubernetesCollectorTest {
    private static final KubernetesCollector.Settings FAST =
            new KubernetesCollector.Settings(2, 4, Duration.ofMillis(100), Duration.ofMillis(400), Duration.ofSeconds(5));

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
        for (int i = 0; i < 7; i++) {
            api.add(Resource.PODS, "{\"metadata\":{\"name\":\"api-" + i + "\",\"namespace\":\"prod\",\"labels\":"
                    + "{\"app\":\"api\"}},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"x\",\"ports\":"
                    + "[{\"name\":\"http\",\"containerPort\":8080}]}]},\"status\":{\"phase\":\"Running\"}}");
        }
        api.add(Resource.NETWORK_POLICIES, "{\"metadata\":{\"name\":\"deny\",\"namespace\":\"prod\"},"
                + "\"spec\":{\"podSelector\":{},\"policyTypes\":[\"Ingress\"]}}");
        api.add(Resource.DEPLOYMENTS, "{\"metadata\":{\"name\":\"web\",\"namespace\":\"prod\"},\"spec\":{\"template\":"
                + "{\"metadata\":{\"labels\":{\"app\":\"web\"}},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"y\"}]}}}}");
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private KubernetesCollector collector() {
        return new KubernetesCollector(client, FAST, waits::add);
    }

    /** Calico's and Cilium's kinds: a cluster without either plugin's API installed does not serve them. */
    static final Set<ClusterResource> PLUGIN_KINDS = Arrays.stream(ClusterResource.values())
            .filter(r -> r.plugin() != null).collect(Collectors.toUnmodifiableSet());

    /** {@code resources} and the network plugins' kinds, which this test's cluster does not serve. */
    private static Set<ClusterResource> absentWithPluginKinds(ClusterResource... resources) {
        Set<ClusterResource> out = EnumSet.copyOf(PLUGIN_KINDS);
        out.addAll(Arrays.asList(resources));
        return out;
    }

    @Test
    void listsEveryCollectionPageByPageAndReadsTheClusterState() throws Exception {
        ClusterCapture capture = collector().collect();
        ClusterState state = capture.state();
        assertEquals(7, state.pods().size());
        assertEquals(1, state.policies().size());
        assertEquals(1, state.workloads().size());
        assertEquals("cluster-uid-1", capture.clusterUid());
        // every Kubernetes collection; no network plugin's kinds (not installed), and neither the
        // ServiceAccounts nor cilium-config, which only a cluster running Calico or Cilium needs
        Set<ClusterResource> kubernetes = Arrays.stream(ClusterResource.values())
                .filter(r -> r.plugin() == null && r.readOnlyWith() == null)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(ClusterResource.class)));
        assertEquals(kubernetes, capture.listVersions().keySet());
        assertEquals(PLUGIN_KINDS, capture.absent());
        assertEquals(7 + 2 + 1 + 1, capture.objects().size());
        long podPages = api.requests().stream().filter(r -> r.path().equals("/api/v1/pods")).count();
        assertEquals(4, podPages, "7 pods with limit=2 take 4 pages");
        List<FakeKubernetesApi.Request> lists = api.requests().stream()
                .filter(r -> Arrays.stream(Resource.values()).anyMatch(x -> x.path().equals(r.path()))).toList();
        assertEquals(kubernetes.size() + 3, lists.size(), "4 pod pages, one page of each other list");
        assertTrue(lists.stream().allMatch(r -> "2".equals(r.query().get("limit"))));
        List<String> discovery = api.requests().stream().map(FakeKubernetesApi.Request::path)
                .filter(p -> !lists.stream().map(FakeKubernetesApi.Request::path).toList().contains(p)).toList();
        assertEquals(List.of("/api/v1", "/apis/networking.k8s.io/v1", "/apis/apps/v1", "/apis/batch/v1",
                "/apis/policy.networking.k8s.io/v1alpha2", "/apis/policy.networking.k8s.io/v1alpha1",
                "/apis/projectcalico.org/v3", "/apis/cilium.io/v2"), discovery,
                "one discovery request per group version, before the lists");
        assertTrue(waits.isEmpty());
    }

    @Test
    void anExpiredContinueTokenListsThatCollectionAgainInOneRequestWithoutLimit() throws Exception {
        api.expireNextContinue(Resource.PODS);
        ClusterState state = collector().collect().state();
        assertEquals(7, state.pods().size());
        assertEquals(7, state.pods().stream().map(Pod::name).distinct().count());
        assertEquals(1, api.statusCounts().get("/api/v1/pods 410"));
        List<FakeKubernetesApi.Request> pods = api.requests().stream().filter(r -> r.path().equals("/api/v1/pods"))
                .toList();
        FakeKubernetesApi.Request last = pods.getLast();
        assertEquals(200, last.status());
        assertNull(last.query().get("limit"), "the fallback is one LIST without limit (one resourceVersion)");
        assertNull(last.query().get("continue"));
        assertEquals(3, pods.size(), "first page, the expired second, then the whole list");
    }

    /**
     * A cluster whose continue tokens expire on every page (compaction outruns the pager, as on a
     * busy 2,000-pod cluster): every paged restart would fail the same way; the full list works.
     */
    @Test
    void continueTokensExpiringOnEveryPageStillGiveAWholeSnapshot() throws Exception {
        for (int i = 7; i < 40; i++) {
            api.add(Resource.PODS, "{\"metadata\":{\"name\":\"batch-" + i + "\",\"namespace\":\"prod\"},"
                    + "\"status\":{\"phase\":\"Running\"}}");
        }
        api.expireEveryContinue(Resource.PODS);
        ClusterCapture capture = collector().collect();
        assertEquals(40, capture.state().pods().size());
        assertEquals(40, capture.state().pods().stream().map(Pod::name).distinct().count());
        assertEquals(api.resourceVersion(), capture.listVersions().get(ClusterResource.PODS));
        assertEquals(1, api.statusCounts().get("/api/v1/pods 410"), "one expiry, then no more paging");
        assertTrue(waits.isEmpty(), "an expired token is no reason to wait");
    }

    @Test
    void anOptionalCollectionTheClusterDoesNotServeIsRecordedNotFatal() throws Exception {
        api.unserve(Resource.REPLICATION_CONTROLLERS).unserve(Resource.JOBS).unserve(Resource.CRON_JOBS);
        ClusterCapture capture = collector().collect();
        assertEquals(absentWithPluginKinds(ClusterResource.REPLICATION_CONTROLLERS, ClusterResource.JOBS,
                ClusterResource.CRON_JOBS), capture.absent());
        assertEquals(7, capture.state().pods().size());
        assertFalse(capture.listVersions().containsKey(ClusterResource.JOBS));
        assertTrue(api.requests().stream().noneMatch(r -> r.path().equals("/api/v1/replicationcontrollers")),
                "a collection discovery does not list is not asked for");
        assertEquals(1, api.statusCounts().get("/apis/batch/v1 404"), "batch/v1 is not served at all");
    }

    private static final String CNP = "{\"metadata\":{\"name\":\"tenant-walls\",\"uid\":\"u-cnp\"},\"spec\":"
            + "{\"tier\":\"Admin\",\"priority\":10,\"subject\":{\"namespaces\":{}},\"ingress\":[{\"action\":"
            + "\"Deny\",\"from\":[{\"namespaces\":{\"matchLabels\":{\"tenant\":\"other\"}}}]}]},"
            + "\"status\":{\"conditions\":[]}}";
    private static final String ANP = "{\"metadata\":{\"name\":\"dns\"},\"spec\":{\"priority\":3,\"subject\":"
            + "{\"namespaces\":{}},\"egress\":[{\"action\":\"Allow\",\"to\":[{\"namespaces\":{}}],\"ports\":"
            + "[{\"portNumber\":{\"protocol\":\"UDP\",\"port\":53}}]}]}}";
    private static final String BANP = "{\"metadata\":{\"name\":\"default\"},\"spec\":{\"subject\":"
            + "{\"namespaces\":{}},\"ingress\":[{\"action\":\"Deny\",\"from\":[{\"namespaces\":{}}]}]}}";

    private static final Set<ClusterResource> TIER_RESOURCES = Set.of(ClusterResource.CLUSTER_NETWORK_POLICIES,
            ClusterResource.ADMIN_NETWORK_POLICIES, ClusterResource.BASELINE_ADMIN_NETWORK_POLICIES);

    @Test
    void clusterTierPoliciesAreListedClusterWideAndReadWhenTheirCrdsAreInstalled() throws Exception {
        api.add(Resource.CLUSTER_NETWORK_POLICIES, CNP).add(Resource.ADMIN_NETWORK_POLICIES, ANP)
                .add(Resource.BASELINE_ADMIN_NETWORK_POLICIES, BANP);

        ClusterCapture capture = collector().collect();

        assertEquals(List.of("ClusterNetworkPolicy/tenant-walls", "AdminNetworkPolicy/dns",
                "BaselineAdminNetworkPolicy/default"), capture.state().clusterPolicies().stream()
                .map(dev.netpolauditor.model.ClusterPolicy::id).toList());
        assertEquals(PLUGIN_KINDS, capture.absent());
        assertTrue(capture.listVersions().keySet().containsAll(TIER_RESOURCES));
        assertTrue(capture.objects().stream().anyMatch(o -> "ClusterNetworkPolicy".equals(o.get("kind"))
                && "policy.networking.k8s.io/v1alpha2".equals(o.get("apiVersion"))),
                "items are handed on with the kind and apiVersion of their list");
        assertEquals(1, api.statusCounts().get("/apis/policy.networking.k8s.io/v1alpha2/clusternetworkpolicies 200"));
        assertEquals(1, api.statusCounts().get("/apis/policy.networking.k8s.io/v1alpha1/adminnetworkpolicies 200"));
        assertEquals(1, api.statusCounts()
                .get("/apis/policy.networking.k8s.io/v1alpha1/baselineadminnetworkpolicies 200"));
        assertEquals(1, api.statusCounts().get("/apis/policy.networking.k8s.io/v1alpha1 200"),
                "one discovery request for both v1alpha1 kinds");
    }

    @Test
    void withoutTheCrdsTheClusterTierKindsAreRecordedAbsentNotAFailure() throws Exception {
        api.unserve(Resource.CLUSTER_NETWORK_POLICIES).unserve(Resource.ADMIN_NETWORK_POLICIES)
                .unserve(Resource.BASELINE_ADMIN_NETWORK_POLICIES);

        ClusterCapture capture = collector().collect();

        assertEquals(absentWithPluginKinds(TIER_RESOURCES.toArray(ClusterResource[]::new)), capture.absent());
        assertEquals(List.of(), capture.state().clusterPolicies());
        assertEquals(7, capture.state().pods().size());
        assertTrue(TIER_RESOURCES.stream().noneMatch(capture.listVersions()::containsKey));
        assertEquals(1, api.statusCounts().get("/apis/policy.networking.k8s.io/v1alpha2 404"));
        assertEquals(1, api.statusCounts().get("/apis/policy.networking.k8s.io/v1alpha1 404"));
        assertTrue(api.requests().stream().noneMatch(r -> r.path().endsWith("networkpolicies")
                && r.path().contains("policy.networking.k8s.io")), "no list of a collection discovery does not list");
    }

    @Test
    void aClusterWithOnlyTheV1alpha2CrdListsThatAndRecordsTheOthersAbsent() throws Exception {
        api.unserve(Resource.ADMIN_NETWORK_POLICIES).unserve(Resource.BASELINE_ADMIN_NETWORK_POLICIES)
                .add(Resource.CLUSTER_NETWORK_POLICIES, CNP);

        ClusterCapture capture = collector().collect();

        assertEquals(absentWithPluginKinds(ClusterResource.ADMIN_NETWORK_POLICIES,
                ClusterResource.BASELINE_ADMIN_NETWORK_POLICIES), capture.absent());
        assertEquals(1, capture.state().clusterPolicies().size());
    }

    @Test
    void anInvalidClusterTierPolicyFailsTheCollectionWithItsName() {
        api.add(Resource.CLUSTER_NETWORK_POLICIES, CNP.replace("\"priority\":10", "\"priority\":1001"));
        CollectionException e = assertThrows(CollectionException.class, () -> collector().collect());
        assertTrue(e.getMessage().contains("ClusterNetworkPolicy tenant-walls: spec.priority: priority 1001 is outside"
                + " 0..1000"), e.getMessage());
    }

    @Test
    void aRequiredCollectionTheClusterDoesNotServeFailsSayingSo() {
        api.unserve(Resource.NETWORK_POLICIES);
        CollectionException e = assertThrows(CollectionException.class, () -> collector().collect());
        assertTrue(e.getMessage().contains("does not serve /apis/networking.k8s.io/v1/networkpolicies"),
                e.getMessage());
        assertEquals(Set.of(ClusterResource.NAMESPACES, ClusterResource.PODS), e.listVersions().keySet(),
                "the lists read before it are kept for the failure record");
    }

    @Test
    void throttlingWaitsAsLongAsRetryAfterSays() throws Exception {
        api.failNext(Resource.NETWORK_POLICIES, 429, "3");
        assertEquals(1, collector().collect().state().policies().size());
        assertEquals(List.of(Duration.ofSeconds(3)), waits);
    }

    @Test
    void serverErrorsRetryWithGrowingBackoffThenFailNamingTheList() {
        for (int i = 0; i < 4; i++) {
            api.failNext(Resource.PODS, 500, null);
        }
        CollectionException e = assertThrows(CollectionException.class, () -> collector().collect());
        assertTrue(e.getMessage().contains("/api/v1/pods"), e.getMessage());
        assertTrue(e.getMessage().contains("after 4 attempts"), e.getMessage());
        assertTrue(e.getMessage().contains("HTTP 500"), e.getMessage());
        assertEquals(List.of(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400)), waits);
    }

    @Test
    void aTransientServerErrorIsRetriedAndTheSnapshotIsWhole() throws Exception {
        api.failNext(Resource.PODS, 503, null).failNext(Resource.PODS, 500, null);
        assertEquals(7, collector().collect().state().pods().size());
        assertEquals(2, waits.size());
    }

    @Test
    void aStalledAnswerTimesOutAndIsRetried() throws Exception {
        api.stallNext(Resource.DEPLOYMENTS, 2500);
        assertEquals(1, collector().collect().state().workloads().size());
        assertEquals(1, waits.size());
    }

    @Test
    void forbiddenFailsAtOnceAndPointsAtTheClusterRole() {
        api.failNext(Resource.DAEMON_SETS, 403, null);
        CollectionException e = assertThrows(CollectionException.class, () -> collector().collect());
        assertTrue(e.getMessage().contains("/apis/apps/v1/daemonsets"), e.getMessage());
        assertTrue(e.getMessage().contains("ClusterRole"), e.getMessage());
        assertTrue(waits.isEmpty());
    }

    @Test
    void anObjectTheAnalysisCannotReadFailsTheCollectionWithItsName() {
        api.add(Resource.NETWORK_POLICIES, "{\"metadata\":{\"name\":\"broken\",\"namespace\":\"prod\"},\"spec\":"
                + "{\"ingress\":[{\"from\":[{\"ipBlock\":{\"cidr\":\"10.0.0.0\"}}]}]}}");
        CollectionException e = assertThrows(CollectionException.class, () -> collector().collect());
        assertTrue(e.getMessage().contains("prod/broken"), e.getMessage());
        assertNotNull(e.getCause());
    }
}
