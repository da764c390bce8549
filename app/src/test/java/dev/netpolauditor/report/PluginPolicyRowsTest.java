package dev.netpolauditor.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.netpolauditor.analysis.AnalysisSettings;
import dev.netpolauditor.analysis.Audit;
import dev.netpolauditor.analysis.AuditReport;
import dev.netpolauditor.analysis.Tenancy;
import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.model.NetworkPlugin;
import dev.netpolauditor.snapshot.ManifestReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report's policy rows for the network plugins' policies: after the NetworkPolicies and the
 * cluster-tier ones, Calico's in the order of its walk (tier order, then policy order and
 * Calico's tie-break) with tier and order, then Cilium's.
 */
public class PluginPolicyRowsTest {
    @TempDir
    static Path tmp;

    static ComplianceReport report;

    static final String PLUGINS = """
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata: {name: default-deny}
            spec:
              order: 2000
              selector: all()
              types: [Ingress]
            ---
            apiVersion: projectcalico.org/v3
            kind: NetworkPolicy
            metadata: {name: ledger-walls, namespace: ledger}
            spec:
              tier: security
              order: 10
              selector: app == 'db'
              ingress: [{action: Deny, source: {namespaceSelector: "tenant == 'retail'"}}]
            ---
            apiVersion: projectcalico.org/v3
            kind: Tier
            metadata: {name: security}
            spec: {order: 100}
            ---
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata: {name: allow-dns}
            spec:
              order: 100
              selector: all()
              types: [Egress]
              egress: [{action: Allow, protocol: UDP, destination: {ports: [53]}}]
            ---
            apiVersion: cilium.io/v2
            kind: CiliumClusterwideNetworkPolicy
            metadata: {name: walls}
            spec:
              endpointSelector: {}
              ingressDeny: [{fromEntities: [world]}]
            """;

    @BeforeAll
    static void audit() throws Exception {
        Path dir = AuditFixture.writeCluster(tmp.resolve("shop"));
        Files.writeString(dir.resolve("plugins.yaml"), PLUGINS);
        ClusterState cluster = ManifestReader.read(dir, Set.of(NetworkPlugin.CALICO, NetworkPlugin.CILIUM));
        LocalDate today = LocalDate.of(2026, 1, 31);
        AuditReport audit = Audit.run(cluster, new AnalysisSettings(Tenancy.byLabel("tenant"), List.of(), today));
        report = ComplianceReports.of(audit, cluster, List.of(), new ComplianceReport.Header("shop",
                "manifests shop", null, today, Instant.parse("2026-01-31T08:00:00Z"), "test"));
    }

    @Test
    void calicoPoliciesFollowTheWalkThenCiliumPolicies() {
        List<ComplianceReport.PolicyRow> rows = report.policies().stream()
                .filter(p -> !p.kind().equals("NetworkPolicy")).toList();
        assertEquals(List.of("CalicoNetworkPolicy ledger/ledger-walls Tier/security 10.0",
                "GlobalNetworkPolicy allow-dns Tier/default 100.0",
                "GlobalNetworkPolicy default-deny Tier/default 2000.0",
                "CiliumClusterwideNetworkPolicy walls Cilium null"),
                rows.stream().map(r -> r.kind() + " " + (r.namespace() == null ? "" : r.namespace() + "/") + r.name()
                        + " " + r.tier() + " " + r.order()).toList());
    }

    @Test
    void calicoRowsCarryTypesSelectorAndRuleCounts() {
        ComplianceReport.PolicyRow walls = report.policies().stream().filter(p -> p.name().equals("ledger-walls"))
                .findFirst().orElseThrow();
        assertEquals(List.of("Ingress"), walls.effectiveTypes());
        assertEquals("app == 'db'", walls.podSelector());
        assertEquals(1, walls.ingressRules());
        assertEquals(0, walls.egressRules());
        ComplianceReport.PolicyRow cilium = report.policies().stream().filter(p -> p.name().equals("walls"))
                .findFirst().orElseThrow();
        assertEquals(1, cilium.ingressRules());
    }
}
