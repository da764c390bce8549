package dev.netpolauditor.analysis.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.snapshot.ManifestReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The object lines of {@code diff} for cluster-tier policies (cli-contract.md): one line per
 * policy added, removed or changed, cluster-scoped (namespace null), the spec compared as data.
 */
class ClusterPolicyObjectLinesTest {

    @TempDir
    Path tmp;
    private int sides;

    private static final String ALLOW_HTTP = """
            apiVersion: policy.networking.k8s.io/v1alpha2
            kind: ClusterNetworkPolicy
            metadata: {name: allow-http}
            spec:
              tier: Admin
              priority: 10
              subject: {namespaces: {matchLabels: {kubernetes.io/metadata.name: prod}}}
              ingress:
              - name: from-dev
                action: Accept
                from: [{namespaces: {matchLabels: {env: dev}}}]
                protocols: [{tcp: {destinationPort: {number: 80}}}]
            """;

    private static final String BANP = """
            apiVersion: policy.networking.k8s.io/v1alpha1
            kind: BaselineAdminNetworkPolicy
            metadata: {name: default}
            spec:
              subject: {namespaces: {}}
              ingress: [{action: Deny, from: [{namespaces: {}}]}]
            """;

    private ClusterState side(String... documents) throws Exception {
        Path dir = tmp.resolve("side-" + (++sides));
        Files.createDirectories(dir);
        for (int i = 0; i < documents.length; i++) {
            Files.writeString(dir.resolve(i + (documents[i].trim().startsWith("{") ? ".json" : ".yaml")), documents[i]);
        }
        return ManifestReader.read(dir);
    }

    private static List<String> lines(List<ObjectChange> changes) {
        return changes.stream().map(c -> c.change().wireName() + " " + c.kind() + " " + c.namespace() + " " + c.name()
                + " | " + c.detail()).toList();
    }

    @Test
    void anAddedPolicyIsOneClusterScopedLine() throws Exception {
        assertEquals(List.of("added ClusterNetworkPolicy null allow-http | ClusterNetworkPolicy allow-http added (Admin"
                        + " tier, priority 10)"),
                lines(ObjectComparison.changes(side(), side(ALLOW_HTTP))));
    }

    @Test
    void aRemovedBaselineAdminNetworkPolicyHasNoPriority() throws Exception {
        assertEquals(List.of("removed BaselineAdminNetworkPolicy null default | BaselineAdminNetworkPolicy default"
                        + " removed (Baseline tier)"),
                lines(ObjectComparison.changes(side(BANP, ALLOW_HTTP), side(ALLOW_HTTP))));
    }

    @Test
    void aPriorityOrActionChangeSaysWhereInTheSpec() throws Exception {
        assertEquals(List.of("changed ClusterNetworkPolicy null allow-http | ClusterNetworkPolicy allow-http:"
                        + " spec.priority: 10 -> 30"),
                lines(ObjectComparison.changes(side(ALLOW_HTTP), side(ALLOW_HTTP.replace("priority: 10", "priority: 30")))));
        assertEquals(List.of("changed ClusterNetworkPolicy null allow-http | ClusterNetworkPolicy allow-http:"
                        + " spec.ingress[0].action: Accept -> Deny"),
                lines(ObjectComparison.changes(side(ALLOW_HTTP), side(ALLOW_HTTP.replace("Accept", "Deny")))));
    }

    @Test
    void metadataMappingOrderAndFileFormatDoNotCount() throws Exception {
        String json = """
                {"spec": {"ingress": [{"protocols": [{"tcp": {"destinationPort": {"number": 80}}}],
                                       "from": [{"namespaces": {"matchLabels": {"env": "dev"}}}],
                                       "action": "Accept", "name": "from-dev"}],
                          "subject": {"namespaces": {"matchLabels": {"kubernetes.io/metadata.name": "prod"}}},
                          "priority": 10, "tier": "Admin"},
                 "metadata": {"name": "allow-http", "namespace": "somewhere", "uid": "9", "labels": {"a": "b"},
                              "annotations": {"n": "m"}, "resourceVersion": "7"},
                 "status": {"conditions": [{"type": "Ready"}]},
                 "kind": "ClusterNetworkPolicy", "apiVersion": "policy.networking.k8s.io/v1alpha2"}
                """;
        assertEquals(List.of(), lines(ObjectComparison.changes(side(ALLOW_HTTP), side(json))));
    }

    @Test
    void noDefaultingWhenComparingSpecs() throws Exception {
        // portNumber's protocol defaults to TCP, but the spec as data differs
        String before = """
                apiVersion: policy.networking.k8s.io/v1alpha1
                kind: AdminNetworkPolicy
                metadata: {name: web}
                spec:
                  priority: 5
                  subject: {namespaces: {}}
                  ingress: [{action: Allow, from: [{namespaces: {}}], ports: [{portNumber: {port: 80}}]}]
                """;
        assertEquals(List.of("changed AdminNetworkPolicy null web | AdminNetworkPolicy web:"
                        + " spec.ingress[0].ports[0].portNumber.protocol TCP added"),
                lines(ObjectComparison.changes(side(before),
                        side(before.replace("{port: 80}", "{protocol: TCP, port: 80}")))));
    }

    @Test
    void theSameNameOfEachKindIsItsOwnObjectInTheContractsOrder() throws Exception {
        String anp = """
                apiVersion: policy.networking.k8s.io/v1alpha1
                kind: AdminNetworkPolicy
                metadata: {name: allow-http}
                spec: {priority: 10, subject: {namespaces: {}}}
                """;
        assertEquals(List.of("added AdminNetworkPolicy null allow-http", "added BaselineAdminNetworkPolicy null default",
                        "added ClusterNetworkPolicy null allow-http"),
                lines(ObjectComparison.changes(side(), side(BANP, ALLOW_HTTP, anp))).stream()
                        .map(l -> l.substring(0, l.indexOf(" |"))).toList());
    }
}
