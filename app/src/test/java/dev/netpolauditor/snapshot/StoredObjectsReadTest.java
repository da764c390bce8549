package dev.netpolauditor.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.model.ContainerPort;
import dev.netpolauditor.model.Pod;
import dev.netpolauditor.model.PodPhase;
import dev.netpolauditor.model.Protocol;
import dev.netpolauditor.model.SourceRef;
import dev.netpolauditor.report.AuditFixture;
import dev.netpolauditor.snapshot.ManifestReader;
import dev.netpolauditor.store.ClusterStates;
import dev.netpolauditor.store.SnapshotContent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link CanonicalJson#read} is the inverse of the canonical forms the store writes. */
public class StoredObjectsReadTest {

    @Test
    void theAuditFixtureRoundTrips(@TempDir Path tmp) throws Exception {
        roundTrip(ManifestReader.read(AuditFixture.writeCluster(tmp)));
    }

    @Test
    void theDemoRoundTrips() throws Exception {
        roundTrip(ManifestReader.read(Path.of("..", "examples", "web-api-db")));
    }

    /**
     * The network plugins' objects round-trip as objects of their kinds (cni-policies.md), with the
     * accounts pods and templates run as; the plugins known come back with them (their DaemonSets,
     * their kinds stored).
     */
    @Test
    void networkPluginObjectsRoundTrip() throws Exception {
        for (String example : List.of("calico-tiers", "cilium-tenants")) {
            roundTrip(ManifestReader.read(Path.of("..", "examples", example)));
        }
        for (String golden : List.of("audit-cni-both-plugins", "audit-calico-coverage", "audit-calico-unmodelled",
                "audit-cilium-refused", "audit-cilium-unmodelled", "conn-cilium-cidr-pods-mode", "audit-calico-staged")) {
            roundTrip(ManifestReader.read(Path.of("src", "test", "resources", "golden", golden, "manifests")));
        }
    }

    @Test
    void pluginsNamedWithoutDaemonSetsComeBackFromTheirStoredKinds() throws Exception {
        Path dir = Path.of("src", "test", "resources", "golden", "conn-calico-network-plugin-option", "manifests");
        ClusterState state = ManifestReader.read(dir, java.util.Set.of(dev.netpolauditor.model.NetworkPlugin.CALICO));
        assertEquals(1, state.plugins().calico().policies().size());
        roundTrip(state);
    }

    @Test
    void clusterTierPoliciesRoundTripAsObjectsOfTheirKind(@TempDir Path tmp) throws Exception {
        Path dir = AuditFixture.writeCluster(tmp);
        Files.writeString(dir.resolve("tiers.yaml"), TIERS);
        ClusterState state = ManifestReader.read(dir);
        assertEquals(3, state.clusterPolicies().size());

        List<SnapshotContent.StoredObject> stored = StoredObjects.objectsOf(state,
                Map.of("ClusterNetworkPolicy/walls", "uid-walls"));
        List<SnapshotContent.StoredObject> tiers = stored.stream()
                .filter(o -> o.kind().endsWith("NetworkPolicy") && !o.kind().equals("NetworkPolicy")).toList();
        assertEquals(List.of("ClusterNetworkPolicy walls uid-walls", "AdminNetworkPolicy dns null",
                "BaselineAdminNetworkPolicy default null"), tiers.stream()
                .map(o -> o.kind() + " " + o.name() + " " + o.uid()).toList());
        assertTrue(tiers.stream().allMatch(o -> o.namespace() == null), "cluster-scoped: no namespace");
        assertEquals("{\"kind\":\"AdminNetworkPolicy\",\"metadata\":{\"name\":\"dns\"},\"spec\":{\"egress\":[{"
                + "\"action\":\"Allow\",\"ports\":[{\"portNumber\":{\"port\":53,\"protocol\":\"UDP\"}}],\"to\":[{"
                + "\"namespaces\":{}}]}],\"priority\":3,\"subject\":{\"namespaces\":{}}}}", tiers.get(1).json(),
                "the spec as written, keys sorted, nothing defaulted");
        roundTrip(state);
    }

    @Test
    void aStoredClusterTierPolicyIsValidatedWhenReadBack() {
        SnapshotContent.StoredObject bad = new SnapshotContent.StoredObject("ClusterNetworkPolicy", null, "x", null,
                "{\"kind\":\"ClusterNetworkPolicy\",\"metadata\":{\"name\":\"x\"},\"spec\":{\"tier\":\"Platform\"}}",
                "0".repeat(64));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StoredObjects.read(List.of(bad)));
        assertTrue(e.getMessage().contains("ClusterNetworkPolicy x: spec.tier: unknown tier 'Platform'"),
                e.getMessage());
    }

    public static final String TIERS = """
            apiVersion: policy.networking.k8s.io/v1alpha2
            kind: ClusterNetworkPolicy
            metadata: {name: walls, namespace: ignored}
            spec:
              tier: Admin
              priority: 10
              subject: {namespaces: {matchLabels: {tenant: retail}}}
              ingress:
              - name: monitoring
                action: Accept
                from: [{namespaces: {matchLabels: {tenant: platform}}}, {serviceAccounts: {names: [x]}}]
                protocols: [{tcp: {destinationPort: {range: {start: 9000, end: 9100}}}}, {destinationNamedPort: http}]
              - action: Deny
                from: [{namespaces: {matchExpressions: [{key: tenant, operator: NotIn, values: [retail]}]}}]
              egress:
              - action: Pass
                to: [{networks: [10.0.0.0/8, "fd00::/64"]}, {nodes: {}}]
              - action: Accept
                to: [{domainNames: ["*.example.com"]}]
            ---
            apiVersion: policy.networking.k8s.io/v1alpha1
            kind: AdminNetworkPolicy
            metadata: {name: dns}
            spec:
              priority: 3
              subject: {namespaces: {}}
              egress:
              - action: Allow
                to: [{namespaces: {}}]
                ports: [{portNumber: {protocol: UDP, port: 53}}]
            ---
            apiVersion: policy.networking.k8s.io/v1alpha1
            kind: BaselineAdminNetworkPolicy
            metadata: {name: default}
            spec:
              subject: {pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: web}}}}
              ingress: [{action: Deny, from: [{pods: {namespaceSelector: {}, podSelector: {}}}]}]
            """;

    @Test
    void podDetailsSurvive() {
        Pod pod = new Pod("prod", "job-1", Map.of("app", "batch"),
                List.of(new ContainerPort(null, 9000, Protocol.UDP), new ContainerPort("metrics", 9100, Protocol.SCTP)),
                true, PodPhase.SUCCEEDED, List.of("10.0.0.7", "fd00::7"), SourceRef.NONE);
        ClusterState state = new ClusterState(List.of(), List.of(pod), List.of(), List.of());
        assertEquals(state, StoredObjects.read(StoredObjects.objectsOf(state, Map.of())));
    }

    @Test
    void anObjectNotInCanonicalFormIsRefusedByName() {
        SnapshotContent.StoredObject bad = new SnapshotContent.StoredObject("Pod", "prod", "web", null,
                "{\"kind\":\"Pod\",\"metadata\":{\"name\":\"web\",\"namespace\":\"prod\"},\"spec\":{\"ports\":3}}",
                "0".repeat(64));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StoredObjects.read(List.of(bad)));
        assertEquals(true, e.getMessage().startsWith("stored Pod web is not in canonical form"), e.getMessage());
    }

    private static void roundTrip(ClusterState state) {
        ClusterState read = StoredObjects.read(StoredObjects.objectsOf(state, Map.of()));
        assertEquals(ClusterStates.withoutSources(state), read, "in the order stored");
        ClusterStates.assertSameCluster(state, read);
    }
}
