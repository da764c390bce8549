package dev.netpolauditor.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.netpolauditor.analysis.AnalysisSettings;
import dev.netpolauditor.analysis.Audit;
import dev.netpolauditor.analysis.Tenancy;
import dev.netpolauditor.kube.ApiObjects;
import dev.netpolauditor.kube.FakeKubernetesApi.Resource;
import dev.netpolauditor.kube.FakeKubernetesApi;
import dev.netpolauditor.model.LabelSelector;
import dev.netpolauditor.model.NetworkPolicy;
import dev.netpolauditor.snapshot.StoredObjects;
import dev.netpolauditor.snapshot.kube.ClusterResource;
import dev.netpolauditor.store.SnapshotContent.StoredFinding;
import dev.netpolauditor.store.SnapshotContent.StoredObject;
import dev.netpolauditor.store.SnapshotContent;
import dev.netpolauditor.store.SnapshotStore;
import dev.netpolauditor.store.StoredSnapshot;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Snapshots from the API server to the database, end to end: the official client pages
 * through the fake Kubernetes API (with the faults real servers produce), the service stores
 * on a real PostgreSQL 18. What lands is compared with what was served.
 */
class SnapshotIngestTest {
    private static EmbeddedDatabase database;
    private static SnapshotStore store;

    private ServedCluster cluster;
    private SnapshotService service;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @BeforeAll
    static void startDatabase() throws Exception {
        database = EmbeddedDatabase.start();
        store = database.store();
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        database.close();
    }

    @BeforeEach
    void serveCluster() throws Exception {
        database.empty();
        cluster = ServedCluster.start();
        service = cluster.service(store);
        log.start();
        snapshotLog().addAppender(log);
    }

    @AfterEach
    void stop() {
        snapshotLog().detachAppender(log);
        service.close();
        cluster.close();
    }

    @Test
    void aSnapshotLandsWhole() {
        SnapshotRunner.Outcome outcome = service.run(ServedCluster.NAME, "manual");

        assertTrue(outcome.complete(), outcome.reason());
        StoredSnapshot stored = store.latestSnapshot(ServedCluster.NAME, outcome.finishedAt()).orElseThrow();
        var state = cluster.state();
        assertEquals(outcome.snapshotId(), stored.id());
        assertEquals(StoredSnapshot.COMPLETE, stored.status());
        assertEquals("manual", stored.trigger());
        assertEquals(cluster.api.baseUrl(), stored.source());
        assertEquals(cluster.kubeSystemUid(), stored.clusterUid());
        assertEquals(state.namespaces().size(), stored.namespaceCount());
        assertEquals(state.pods().size(), stored.podCount());
        assertEquals(state.workloads().size(), stored.workloadCount());
        assertEquals(state.policies().size(), stored.policyCount());
        // every list is recorded, at the version the fake answered it with: every Kubernetes
        // collection (no network plugin runs: none of its kinds is served, nor read for it)
        Set<String> lists = new TreeSet<>();
        for (ClusterResource r : ClusterResource.values()) {
            if (r.plugin() == null && r.readOnlyWith() == null) {
                lists.add(r.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            }
        }
        assertEquals(lists, stored.listResourceVersions().keySet());
        assertEquals(PLUGIN_KINDS, stored.absentResources());
        assertTrue(stored.listResourceVersions().values().stream().allMatch(cluster.api.resourceVersion()::equals),
                stored.listResourceVersions().toString());

        // the objects are exactly those served, with their uids
        assertEquals(sorted(StoredObjects.objectsOf(state, ApiObjects.uids(state))), sorted(store.objectsOf(stored.id())));
        // the findings are those of an audit of the same state
        Tenancy tenancy = Tenancy.byLabel("tenant");
        List<StoredFinding> expected = SnapshotContent.findingsOf(Audit.run(state, new AnalysisSettings(tenancy,
                List.of(), LocalDate.ofInstant(outcome.startedAt(), ZoneOffset.UTC))));
        assertFalse(expected.isEmpty(), "the synthetic cluster has findings");
        // (sorted here alike: the database's collation need not order text as Java does)
        assertEquals(expected.stream().sorted(ORDER).toList(),
                store.findingsOf(stored.id()).stream().sorted(ORDER).toList());
        assertNull(stored.failureReason());
    }

    @Test
    void clusterTierPoliciesLandWithTheirUidsAndMissingCrdsAreRecordedAbsent() throws Exception {
        var policies = dev.netpolauditor.snapshot.ManifestReader.fromObjects("test", List.of(
                Map.of("apiVersion", "policy.networking.k8s.io/v1alpha2", "kind", "ClusterNetworkPolicy",
                        "metadata", Map.of("name", "tenant-walls"),
                        "spec", Map.of("tier", "Admin", "priority", 10, "subject", Map.of("namespaces", Map.of()),
                                "egress", List.of(Map.of("action", "Deny",
                                        "to", List.of(Map.of("networks", List.of("203.0.113.0/24")))))))))
                .clusterPolicies();
        cluster.serveClusterPolicies(policies);
        cluster.api.unserve(Resource.ADMIN_NETWORK_POLICIES).unserve(Resource.BASELINE_ADMIN_NETWORK_POLICIES);

        SnapshotRunner.Outcome outcome = service.run(ServedCluster.NAME, "manual");

        assertTrue(outcome.complete(), outcome.reason());
        StoredSnapshot stored = store.latestSnapshot(ServedCluster.NAME, outcome.finishedAt()).orElseThrow();
        List<String> absent = new java.util.ArrayList<>(PLUGIN_KINDS);
        absent.addAll(List.of("adminnetworkpolicies", "baselineadminnetworkpolicies"));
        assertEquals(absent.stream().sorted().toList(), stored.absentResources());
        StoredObject walls = store.objectsOf(stored.id()).stream()
                .filter(o -> o.kind().equals("ClusterNetworkPolicy")).findFirst().orElseThrow();
        assertNull(walls.namespace());
        assertEquals("tenant-walls", walls.name());
        assertEquals(ApiObjects.uid("ClusterNetworkPolicy", null, "tenant-walls"), walls.uid());
        var state = cluster.state();
        assertEquals(sorted(StoredObjects.objectsOf(state, ApiObjects.uids(state))),
                sorted(store.objectsOf(stored.id())));
        assertEquals(state.workloads().size(), stored.workloadCount());
    }

    /** How a snapshot records Calico's and Cilium's kinds when the cluster does not serve them. */
    private static final List<String> PLUGIN_KINDS = List.of("ciliumclusterwidenetworkpolicies.cilium.io",
            "ciliumnetworkpolicies.cilium.io", "globalnetworkpolicies.projectcalico.org",
            "globalnetworksets.projectcalico.org", "networkpolicies.projectcalico.org", "networksets.projectcalico.org",
            "stagedglobalnetworkpolicies.projectcalico.org", "stagedkubernetesnetworkpolicies.projectcalico.org",
            "stagednetworkpolicies.projectcalico.org", "tiers.projectcalico.org");

    /**
     * A cluster running Calico and Cilium lands whole: their kinds, its ServiceAccounts and
     * cilium-config are listed and recorded, and the Kubernetes objects land as before (which of
     * the plugins' objects the analysis reads and the store keeps is the manifest reader's business).
     */
    @Test
    void aClusterRunningCalicoAndCiliumLandsWhole() {
        cluster.api.installCalicoApi().installCiliumCrds()
                .add(Resource.DAEMON_SETS, "{\"metadata\":{\"name\":\"calico-node\",\"namespace\":\"calico-system\"},"
                        + "\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"calico-node\",\"image\":"
                        + "\"docker.io/calico/node:v3.30.2\"}]}}}}")
                .add(Resource.CALICO_TIERS, "{\"metadata\":{\"name\":\"security\"},\"spec\":{\"order\":100}}")
                .add(Resource.CALICO_GLOBAL_NETWORK_POLICIES, "{\"metadata\":{\"name\":\"default-deny\"},\"spec\":"
                        + "{\"selector\":\"all()\",\"types\":[\"Ingress\",\"Egress\"]}}")
                .add(Resource.CALICO_NETWORK_POLICIES, "{\"metadata\":{\"name\":\"allow-web\",\"namespace\":\""
                        + cluster.state().namespaces().get(2).name() + "\"},\"spec\":{\"tier\":\"security\","
                        + "\"selector\":\"app == 'web'\",\"ingress\":[{\"action\":\"Allow\"}]}}")
                .add(Resource.CILIUM_CLUSTERWIDE_NETWORK_POLICIES, "{\"metadata\":{\"name\":\"walls\"},\"spec\":"
                        + "{\"endpointSelector\":{},\"ingressDeny\":[{\"fromEntities\":[\"world\"]}]}}")
                .add(Resource.SERVICE_ACCOUNTS, "{\"metadata\":{\"name\":\"default\",\"namespace\":\"kube-system\"}}")
                .add(Resource.CONFIG_MAPS, "{\"metadata\":{\"name\":\"cilium-config\",\"namespace\":\"kube-system\"},"
                        + "\"data\":{\"enable-policy\":\"default\"}}");

        SnapshotRunner.Outcome outcome = service.run(ServedCluster.NAME, "manual");

        assertTrue(outcome.complete(), outcome.reason());
        StoredSnapshot stored = store.latestSnapshot(ServedCluster.NAME, outcome.finishedAt()).orElseThrow();
        assertEquals(List.of(), stored.absentResources());
        assertTrue(stored.listResourceVersions().keySet().containsAll(Set.of("calico-network-policies",
                "calico-global-network-policies", "calico-tiers", "cilium-clusterwide-network-policies",
                "service-accounts", "cilium-config")), stored.listResourceVersions().toString());
        var state = cluster.state();
        assertEquals(state.policies().size(), stored.policyCount());
        assertEquals(state.pods().size(), stored.podCount());
        assertTrue(store.objectsOf(stored.id()).containsAll(StoredObjects.objectsOf(state, ApiObjects.uids(state))),
                "every Kubernetes object served lands with its uid");
    }

    @Test
    void theOutcomeTimesTheWholeAttemptWriteIncluded() {
        // a clock that moves a second at every reading: start, analysed, written
        Clock ticking = new Clock() {
            private Instant now = Instant.parse("2026-03-01T10:00:00Z");

            @Override
            public synchronized Instant instant() {
                now = now.plusSeconds(1);
                return now;
            }

            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                throw new UnsupportedOperationException();
            }
        };
        SnapshotRunner runner = new SnapshotRunner(store, ticking, ServedCluster.ENGINE);

        SnapshotRunner.Outcome outcome = runner.run(cluster.spec(), cluster.source(ServedCluster.PAGED), "manual");

        assertTrue(outcome.complete(), outcome.reason());
        assertEquals(2000, outcome.millis(), "start, then two readings: analysed, written");
        assertEquals(outcome.content().finishedAt(), store.attempts(ServedCluster.NAME).getFirst().finishedAt());
        assertTrue(outcome.finishedAt().isAfter(outcome.content().finishedAt()));
    }

    @Test
    void pagedListsWithTransientFaultsLandTheSameSnapshot() {
        SnapshotRunner.Outcome clean = service.run(ServedCluster.NAME, "manual");
        cluster.api.expireNextContinue(Resource.PODS)
                .failNext(Resource.NETWORK_POLICIES, 429, "1")
                .failNext(Resource.NAMESPACES, 500, null);

        SnapshotRunner.Outcome faulted = service.run(ServedCluster.NAME, "schedule");

        assertTrue(faulted.complete(), faulted.reason());
        Map<String, Integer> statuses = cluster.api.statusCounts();
        assertEquals(1, statuses.get("/api/v1/pods 410"));
        assertEquals(1, statuses.get("/apis/networking.k8s.io/v1/networkpolicies 429"));
        assertEquals(1, statuses.get("/api/v1/namespaces 500"));
        // 60 pods in 15 pages of 4 the first time; the second time one page, then the 410,
        // then the whole list in one request without a limit
        assertEquals(15 + 1 + 1, statuses.get("/api/v1/pods 200"), statuses.toString());
        List<FakeKubernetesApi.Request> podLists = cluster.api.requests().stream()
                .filter(r -> r.path().equals("/api/v1/pods")).toList();
        assertNull(podLists.getLast().query().get("limit"), "the fallback after a 410 has no limit");
        assertTrue(podLists.subList(0, podLists.size() - 1).stream().allMatch(r -> "4".equals(r.query().get("limit"))));
        assertEquals(clean.content().contentSha256(), faulted.content().contentSha256());
        assertEquals(sorted(store.objectsOf(clean.snapshotId())), sorted(store.objectsOf(faulted.snapshotId())));
        assertEquals("schedule", store.latestSnapshot(ServedCluster.NAME, faulted.finishedAt()).orElseThrow().trigger());
    }

    @Test
    void anUnchangedClusterAddsOneSnapshotRowAndAChangedPolicyOneObjectVersion() {
        SnapshotRunner.Outcome first = service.run(ServedCluster.NAME, "startup");
        assertFalse(first.analysisShared());
        Map<String, Long> before = database.counts();

        SnapshotRunner.Outcome again = service.run(ServedCluster.NAME, "schedule");

        assertEquals(Map.of("snapshot", 1L), EmbeddedDatabase.added(before, database.counts()));
        assertTrue(again.analysisShared());
        assertTrue(log.list.getLast().getFormattedMessage().contains("analysis=shared"),
                log.list.getLast().getFormattedMessage());
        assertEquals(first.content().contentSha256(), again.content().contentSha256());

        NetworkPolicy old = cluster.state().policies().getFirst();
        cluster.replacePolicy(new NetworkPolicy(old.namespace(), old.name(),
                new LabelSelector(Map.of("app", "changed"), List.of()), old.policyTypes(), old.ingress(),
                old.egress(), old.source()));
        before = database.counts();

        SnapshotRunner.Outcome changed = service.run(ServedCluster.NAME, "schedule");

        Map<String, Long> added = EmbeddedDatabase.added(before, database.counts());
        assertFalse(changed.analysisShared());
        assertTrue(log.list.getLast().getFormattedMessage().contains("analysis=computed"));
        assertEquals(1L, added.get("object_version"), added.toString());
        assertEquals(1L, added.get("object_set"), added.toString());
        // a new set lists all its members, old versions and the new one
        assertEquals((long) changed.objects(), added.get("object_set_member"), added.toString());
        assertEquals(1L, added.get("analysis"), added.toString());
        assertEquals(1L, added.get("snapshot"), added.toString());
        assertNotEquals(first.content().contentSha256(), changed.content().contentSha256());
    }

    @Test
    void aReSnapshotTakingStoredHashesStoresWhatWritingEveryObjectStores() {
        SnapshotRunner.Outcome first = service.run(ServedCluster.NAME, "startup");
        assertTrue(first.content().objects().stream().noneMatch(StoredObject::textOmitted));

        SnapshotRunner.Outcome again = service.run(ServedCluster.NAME, "schedule");

        // every object was read at the uid and resourceVersion the first snapshot stored it at
        assertTrue(again.complete(), again.reason());
        assertTrue(again.content().objects().stream().allMatch(StoredObject::textOmitted));
        var state = cluster.state();
        List<StoredObject> everyObjectWritten = StoredObjects.objectsOf(state, ApiObjects.uids(state));
        assertEquals(hashes(everyObjectWritten), hashes(again.content().objects()));
        assertEquals(first.content().contentSha256(), again.content().contentSha256());
        assertEquals(sorted(everyObjectWritten), sorted(store.objectsOf(again.snapshotId())));
        // the same objects: the analysis key is taken from the first snapshot, and is what hashing gives
        assertEquals(AnalysisInput.sha256(state), again.content().analysisInputSha256());
        assertTrue(again.analysisShared());

        // the policies are served again (each at a new resourceVersion), one of them changed:
        // they are written anew, every other object is taken as stored
        changeAPolicy();
        SnapshotRunner.Outcome changed = service.run(ServedCluster.NAME, "schedule");

        assertTrue(changed.complete(), changed.reason());
        var now = cluster.state();
        assertEquals(now.policies().size(), changed.content().objects().stream().filter(o -> !o.textOmitted())
                .filter(o -> o.kind().equals(SnapshotContent.NETWORK_POLICY)).count());
        assertEquals(now.policies().size(), changed.content().objects().stream().filter(o -> !o.textOmitted()).count());
        List<StoredObject> nowWritten = StoredObjects.objectsOf(now, ApiObjects.uids(now));
        assertEquals(hashes(nowWritten), hashes(changed.content().objects()));
        assertEquals(sorted(nowWritten), sorted(store.objectsOf(changed.snapshotId())));
        assertEquals(AnalysisInput.sha256(now), changed.content().analysisInputSha256());
    }

    @Test
    void listsFailingUntilAttemptsRunOutLeaveOnlyAFailedRow() {
        SnapshotRunner.Outcome complete = service.run(ServedCluster.NAME, "manual");
        changeAPolicy();
        // pods come second: namespaces were read in full when the list fails
        for (int i = 0; i < ServedCluster.PAGED.maxAttempts(); i++) {
            cluster.api.failNext(Resource.PODS, 500, null);
        }

        StoredSnapshot failed = runFailing();

        assertTrue(failed.failureReason().contains("/api/v1/pods"), failed.failureReason());
        assertTrue(failed.failureReason().contains("HTTP 500"), failed.failureReason());
        assertEquals(complete.snapshotId(), store.latestSnapshot(ServedCluster.NAME, failed.finishedAt())
                .orElseThrow().id());
    }

    @Test
    void aForbiddenListLeavesOnlyAFailedRow() {
        SnapshotRunner.Outcome complete = service.run(ServedCluster.NAME, "manual");
        changeAPolicy();
        // daemonsets come after namespaces, pods, policies and deployments
        cluster.api.failNext(Resource.DAEMON_SETS, 403, null);

        StoredSnapshot failed = runFailing();

        assertTrue(failed.failureReason().contains("/apis/apps/v1/daemonsets"), failed.failureReason());
        assertTrue(failed.failureReason().contains("HTTP 403"), failed.failureReason());
        // the lists read whole before the failure keep their versions, for the record
        assertEquals(Set.of("namespaces", "pods", "network-policies", "deployments", "stateful-sets"),
                failed.listResourceVersions().keySet());
        assertEquals(complete.snapshotId(), store.latestSnapshot(ServedCluster.NAME, failed.finishedAt())
                .orElseThrow().id());
    }

    /** Runs a snapshot that must fail; checks it added one failed row and nothing else. */
    private StoredSnapshot runFailing() {
        Map<String, Long> before = database.counts();
        SnapshotRunner.Outcome outcome = service.run(ServedCluster.NAME, "schedule");
        assertFalse(outcome.complete());
        assertEquals(Map.of("snapshot", 1L), EmbeddedDatabase.added(before, database.counts()));
        StoredSnapshot failed = store.attempts(ServedCluster.NAME).getFirst();
        assertEquals(outcome.snapshotId(), failed.id());
        assertEquals(StoredSnapshot.FAILED, failed.status());
        assertNull(failed.contentSha256());
        assertEquals(outcome.reason(), failed.failureReason());
        assertTrue(log.list.getLast().getFormattedMessage().contains("status=failed"));
        return failed;
    }

    /** A change that a partial write would store: a new object version, set and analysis. */
    private void changeAPolicy() {
        NetworkPolicy old = cluster.state().policies().getLast();
        cluster.replacePolicy(new NetworkPolicy(old.namespace(), old.name(),
                new LabelSelector(Map.of("changed", "yes"), List.of()), old.policyTypes(), old.ingress(), old.egress(), old.source()));
    }

    /** Rule, namespace, subject, policy, nulls first: the store's order. */
    private static final Comparator<StoredFinding> ORDER = Comparator
            .comparing(StoredFinding::rule)
            .thenComparing(StoredFinding::namespace, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(StoredFinding::subject)
            .thenComparing(StoredFinding::policy, Comparator.nullsFirst(Comparator.naturalOrder()));

    private static List<String> hashes(List<StoredObject> objects) {
        return objects.stream().map(o -> o.kind() + "/" + o.namespace() + "/" + o.name() + " " + o.uid() + " "
                + o.sha256()).sorted().toList();
    }

    private static List<StoredObject> sorted(List<StoredObject> objects) {
        return objects.stream().sorted(Comparator.comparing(StoredObject::sha256)).toList();
    }

    private static Logger snapshotLog() {
        return (Logger) LoggerFactory.getLogger("netpol-auditor.snapshot");
    }
}
