package dev.netpolauditor.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netpolauditor.analysis.AnalysisSettings;
import dev.netpolauditor.analysis.Audit;
import dev.netpolauditor.analysis.AuditReport;
import dev.netpolauditor.analysis.Tenancy;
import dev.netpolauditor.canonical.CanonicalJson;
import dev.netpolauditor.model.ClusterPolicy;
import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.snapshot.ManifestReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report's policy rows: the NetworkPolicies as before, then the cluster-tier policies in the
 * order they are checked, with kind, tier, priority, subject, rule counts and spec hash.
 */
public class ClusterTierPolicyRowsTest {
    @TempDir
    static Path tmp;

    static ClusterState cluster;
    static ComplianceReport report;

    /** Cluster-tier policies for the audit fixture, given in an order other than the one they are checked in. */
    public static final String TIERS = """
            apiVersion: policy.networking.k8s.io/v1alpha1
            kind: BaselineAdminNetworkPolicy
            metadata: {name: default}
            spec:
              subject: {namespaces: {}}
              ingress: [{action: Deny, from: [{namespaces: {}}]}]
              egress: [{action: Deny, to: [{networks: [0.0.0.0/0]}]}]
            ---
            apiVersion: policy.networking.k8s.io/v1alpha2
            kind: ClusterNetworkPolicy
            metadata: {name: tenant-walls}
            spec:
              tier: Admin
              priority: 20
              subject: {namespaces: {matchLabels: {tenant: retail}}}
              ingress:
              - action: Deny
                from: [{namespaces: {matchExpressions: [{key: tenant, operator: NotIn, values: [retail]}]}}]
            ---
            apiVersion: policy.networking.k8s.io/v1alpha1
            kind: AdminNetworkPolicy
            metadata: {name: dns}
            spec:
              priority: 5
              subject: {pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: web}}}}
              egress:
              - action: Allow
                to: [{pods: {namespaceSelector: {matchLabels: {tenant: platform}}, podSelector: {}}}]
                ports: [{portNumber: {protocol: UDP, port: 53}}]
            ---
            apiVersion: policy.networking.k8s.io/v1alpha2
            kind: ClusterNetworkPolicy
            metadata: {name: baseline-isolation}
            spec:
              tier: Baseline
              priority: 0
              subject: {pods: {podSelector: {}}}
              ingress: [{action: Pass, from: [{namespaces: {}}]}]
            """;

    @BeforeAll
    static void audit() throws Exception {
        Path dir = AuditFixture.writeCluster(tmp.resolve("shop"));
        Files.writeString(dir.resolve("tiers.yaml"), TIERS);
        cluster = ManifestReader.read(dir);
        LocalDate today = LocalDate.of(2026, 1, 31);
        AuditReport audit = Audit.run(cluster, new AnalysisSettings(Tenancy.byLabel("tenant"), List.of(), today));
        report = ComplianceReports.of(audit, cluster, List.of(), new ComplianceReport.Header("shop",
                "manifests shop", null, today, Instant.parse("2026-01-31T08:00:00Z"), "test"));
    }

    private static String sha256(String id) {
        ClusterPolicy p = cluster.clusterPolicies().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
        return CanonicalJson.sha256(CanonicalJson.write(p.spec()));
    }

    @Test
    void clusterTierPoliciesFollowTheNetworkPoliciesInTheOrderTheyAreChecked() {
        List<ComplianceReport.PolicyRow> rows = report.policies();
        int v1 = cluster.policies().size();
        assertEquals(v1 + 4, rows.size());
        rows.subList(0, v1).forEach(r -> {
            assertEquals("NetworkPolicy", r.kind());
            assertEquals("NetworkPolicy", r.tier());
        });
        assertEquals(List.of(
                new ComplianceReport.PolicyRow(null, "dns", List.of(), List.of(), null, 0, 1,
                        sha256("AdminNetworkPolicy/dns"), "AdminNetworkPolicy", "Admin", 5,
                        "pods: app=web in namespaces: (all namespaces)"),
                new ComplianceReport.PolicyRow(null, "tenant-walls", List.of(), List.of(), null, 1, 0,
                        sha256("ClusterNetworkPolicy/tenant-walls"), "ClusterNetworkPolicy", "Admin", 20,
                        "namespaces: tenant=retail"),
                new ComplianceReport.PolicyRow(null, "baseline-isolation", List.of(), List.of(), null, 1, 0,
                        sha256("ClusterNetworkPolicy/baseline-isolation"), "ClusterNetworkPolicy", "Baseline", 0,
                        "pods: (all pods) in namespaces: (all namespaces)"),
                new ComplianceReport.PolicyRow(null, "default", List.of(), List.of(), null, 1, 1,
                        sha256("BaselineAdminNetworkPolicy/default"), "BaselineAdminNetworkPolicy", "Baseline", null,
                        "namespaces: (all namespaces)")),
                rows.subList(v1, rows.size()));
    }

    @Test
    void aScopedReportKeepsTheClusterTierPolicies() {
        ComplianceReport ledger = report.scopedTo("namespaces ledger", Set.of("ledger"), Set.of("finance"));
        assertEquals(4, ledger.policies().stream().filter(p -> p.namespace() == null).count());
        assertTrue(ledger.policies().stream().allMatch(p -> p.namespace() == null || p.namespace().equals("ledger")));
    }

    @Test
    void theJsonReportCarriesTheNewFieldsAfterTheOldOnes() throws Exception {
        StringWriter out = new StringWriter();
        JsonReport.write(report, out);
        JsonNode policies = new ObjectMapper().readTree(out.toString()).get("policies");
        List<String> fields = new ArrayList<>();
        policies.get(0).fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("namespace", "name", "policyTypes", "effectiveTypes", "podSelector", "ingressRules",
                "egressRules", "specSha256", "kind", "tier", "priority", "subject", "order"), fields);
        JsonNode v1 = policies.get(0);
        assertEquals("NetworkPolicy", v1.get("kind").asText());
        assertTrue(v1.get("priority").isNull() && v1.get("subject").isNull() && v1.get("order").isNull());
        JsonNode walls = policies.get(cluster.policies().size() + 1);
        assertTrue(walls.get("namespace").isNull());
        assertEquals("tenant-walls", walls.get("name").asText());
        assertEquals(20, walls.get("priority").asInt());
        assertEquals(sha256("ClusterNetworkPolicy/tenant-walls"), walls.get("specSha256").asText());
    }
}
