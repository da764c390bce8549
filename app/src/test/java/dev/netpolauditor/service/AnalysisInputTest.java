package dev.netpolauditor.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.snapshot.ManifestReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the analysis input hash keeps: a member pod's name never counts, its addresses only when a
 * cluster-tier {@code networks} peer could match them; cluster-tier policies count by their spec.
 */
class AnalysisInputTest {

    @TempDir
    Path tmp;

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: prod}
            spec:
              template:
                metadata: {labels: {app: web}}
                spec: {containers: [{name: c}]}
            ---
            apiVersion: apps/v1
            kind: ReplicaSet
            metadata:
              name: web-1
              namespace: prod
              ownerReferences: [{kind: Deployment, name: web, controller: true}]
            spec:
              template:
                metadata: {labels: {app: web}}
                spec: {containers: [{name: c}]}
            """;

    private static String member(String name, String ip) {
        return """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: %s
                  namespace: prod
                  labels: {app: web}
                  ownerReferences: [{kind: ReplicaSet, name: web-1, controller: true}]
                spec: {containers: [{name: c}]}
                status: {phase: Running, podIP: %s}
                """.formatted(name, ip);
    }

    private static String cnp(String peer) {
        return """
                apiVersion: policy.networking.k8s.io/v1alpha2
                kind: ClusterNetworkPolicy
                metadata: {name: egress-walls}
                spec:
                  tier: Admin
                  priority: 10
                  subject: {namespaces: {}}
                  egress:
                  - action: Deny
                    to: [%s]
                """.formatted(peer);
    }

    private String hash(String... documents) throws Exception {
        Path dir = Files.createTempDirectory(tmp, "state");
        Files.writeString(dir.resolve("state.yaml"), String.join("---\n", documents));
        ClusterState state = ManifestReader.read(dir);
        return AnalysisInput.sha256(state);
    }

    @Test
    void withoutNetworksPeersARescheduledMemberWithANewAddressSharesTheAnalysis() throws Exception {
        assertEquals(hash(DEPLOYMENT, member("web-1-aaaaa", "10.0.0.5")),
                hash(DEPLOYMENT, member("web-1-bbbbb", "10.0.0.9")));
        assertEquals(hash(DEPLOYMENT, member("web-1-aaaaa", "10.0.0.5"), cnp("{namespaces: {}}")),
                hash(DEPLOYMENT, member("web-1-bbbbb", "10.0.0.9"), cnp("{namespaces: {}}")),
                "a cluster-tier policy without networks peers sees no address");
    }

    @Test
    void withANetworksPeerAMembersAddressCounts() throws Exception {
        String networks = cnp("{networks: [10.0.0.0/29]}");
        assertNotEquals(hash(DEPLOYMENT, member("web-1-aaaaa", "10.0.0.5"), networks),
                hash(DEPLOYMENT, member("web-1-aaaaa", "10.0.0.9"), networks),
                "10.0.0.5 is inside the network, 10.0.0.9 is not");
        assertEquals(hash(DEPLOYMENT, member("web-1-aaaaa", "10.0.0.5"), networks),
                hash(DEPLOYMENT, member("web-1-bbbbb", "10.0.0.5"), networks),
                "the member's name still does not count");
    }

    @Test
    void anIngressPeerWithNetworksIsUnknownSoAddressesStillDoNotCount() throws Exception {
        String unknown = """
                apiVersion: policy.networking.k8s.io/v1alpha2
                kind: ClusterNetworkPolicy
                metadata: {name: closed}
                spec:
                  tier: Admin
                  priority: 10
                  subject: {namespaces: {}}
                  ingress:
                  - action: Deny
                    from: [{networks: [10.0.0.0/8]}]
                """;
        assertEquals(hash(DEPLOYMENT, member("web-1-aaaaa", "10.0.0.5"), unknown),
                hash(DEPLOYMENT, member("web-1-aaaaa", "10.0.0.9"), unknown));
    }

    @Test
    void clusterTierPoliciesCountByTheirSpec() throws Exception {
        String without = hash(DEPLOYMENT, member("web-1-aaaaa", "10.0.0.5"));
        String with = hash(DEPLOYMENT, member("web-1-aaaaa", "10.0.0.5"), cnp("{namespaces: {}}"));
        String changed = hash(DEPLOYMENT, member("web-1-aaaaa", "10.0.0.5"),
                cnp("{namespaces: {}}").replace("priority: 10", "priority: 11"));
        assertNotEquals(without, with);
        assertNotEquals(with, changed);
        assertEquals(with, hash(DEPLOYMENT, member("web-1-aaaaa", "10.0.0.5"),
                cnp("{namespaces: {}}").replace("metadata: {name: egress-walls}",
                        "metadata: {name: egress-walls, namespace: x, uid: other}")),
                "metadata other than the name does not count");
    }
}
