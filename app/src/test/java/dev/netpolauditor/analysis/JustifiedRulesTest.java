package dev.netpolauditor.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netpolauditor.model.ClusterState;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * NP-JUST-001 beyond the golden cases: which cluster-tier rules open, that the rule never fires
 * and changes nothing else without justifications, and the settings document carrying them.
 */
class JustifiedRulesTest {
    @TempDir
    Path dir;

    private static final String TIERED = TestClusters.LOCKED_DOWN + """
            ---
            apiVersion: v1
            kind: Namespace
            metadata: {name: monitoring}
            ---
            apiVersion: policy.networking.k8s.io/v1alpha2
            kind: ClusterNetworkPolicy
            metadata: {name: guard}
            spec:
              tier: Admin
              priority: 5
              subject: {namespaces: {}}
              ingress:
              - {action: Accept, from: [{namespaces: {matchLabels: {kubernetes.io/metadata.name: monitoring}}}]}
              - {action: Accept, from: [{pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: web}}}}]}
              - {action: Deny, from: [{namespaces: {}}]}
              egress:
              - {action: Accept, to: [{networks: [10.0.0.0/8]}]}
              - {action: Accept, to: [{nodes: {matchLabels: {role: infra}}}]}
              - {action: Pass, to: [{networks: [0.0.0.0/0]}]}
            """;

    private AuditReport audit(String yaml, Justifications justifications) {
        ClusterState cluster = TestClusters.read(dir, yaml);
        return Audit.run(cluster, new AnalysisSettings(Tenancy.byLabel("tenant"), List.of(), TestClusters.TODAY,
                justifications));
    }

    private static List<String> subjects(AuditReport report) {
        return report.findings().stream().map(AuditedFinding::finding).filter(f -> f.rule().equals("NP-JUST-001"))
                .map(f -> f.subject().text()).toList();
    }

    @Test
    void clusterTierAcceptRulesWithNamespacesPodsOrNetworksPeersOpenDenyPassAndNodesDoNot() {
        AuditReport report = audit(TIERED, Justifications.required(List.of()));
        assertEquals(List.of("ClusterNetworkPolicy/guard egress[0]", "ClusterNetworkPolicy/guard ingress[0]",
                "ClusterNetworkPolicy/guard ingress[1]"), subjects(report));
        Finding f = report.findings().stream().map(AuditedFinding::finding)
                .filter(x -> x.subject().text().equals("ClusterNetworkPolicy/guard ingress[0]")).findFirst().orElseThrow();
        assertEquals(null, f.namespace());
        assertEquals("ClusterNetworkPolicy/guard", f.policy());
        assertTrue(f.detail().startsWith("ClusterNetworkPolicy/guard ingress[0] accepts incoming connections across"
                + " namespaces with no justification"), f.detail());
    }

    @Test
    void aJustificationOfTheCurrentContentSilencesItsRuleOnly() {
        ClusterState cluster = TestClusters.read(dir, TIERED);
        OpeningRule ingress0 = OpeningRule.of(cluster).stream()
                .filter(r -> r.location().equals("ClusterNetworkPolicy/guard ingress[0]")).findFirst().orElseThrow();
        assertEquals(RuleContent.sha256(Map.of("action", "Accept", "from", List.of(Map.of("namespaces",
                Map.of("matchLabels", Map.of("kubernetes.io/metadata.name", "monitoring")))))), ingress0.sha256());
        AuditReport report = audit(TIERED, Justifications.required(List.of(new Justification(
                "ClusterNetworkPolicy/guard", "ingress[0]", ingress0.sha256(), "Monitoring scrapes everything.",
                "platform", "alice", TestClusters.TODAY))));
        assertEquals(List.of("ClusterNetworkPolicy/guard egress[0]", "ClusterNetworkPolicy/guard ingress[1]"),
                subjects(report));
    }

    @Test
    void withoutJustificationsTheRuleNeverFiresAndTheControlsStayAsTheyWere() {
        AuditReport off = audit(TIERED, Justifications.OFF);
        AuditReport on = audit(TIERED, Justifications.required(List.of()));
        assertEquals(List.of(), subjects(off));
        assertEquals(FindingRules.ALL, off.rules());
        assertFalse(off.rules().stream().anyMatch(r -> r.id().equals("NP-JUST-001")));
        ControlResult pciOff = off.controls().stream().filter(c -> c.control() == Control.PCI_DSS_1_2_5)
                .findFirst().orElseThrow();
        ControlResult pciOn = on.controls().stream().filter(c -> c.control() == Control.PCI_DSS_1_2_5)
                .findFirst().orElseThrow();
        assertEquals(List.of("NP-TIER-003"), pciOff.rules());
        assertEquals(List.of("NP-TIER-003", "NP-JUST-001"), pciOn.rules());
        // NP-TIER-003 fails it either way (guard ingress[1] overrides shop's default deny)
        assertTrue(pciOff.failing().stream().allMatch(f -> f.rule().equals("NP-TIER-003")));
        assertEquals(pciOff.failing().size() + 3, pciOn.failing().size());
        assertEquals(off.findings().size() + 3, on.findings().size());
        assertEquals(off.controls().stream().filter(c -> c.control() != Control.PCI_DSS_1_2_5).toList(),
                on.controls().stream().filter(c -> c.control() != Control.PCI_DSS_1_2_5).toList());
    }

    @Test
    void theSettingsDocumentHasJustificationsOnlyWhenEnabledAndReadsThemBack() {
        AnalysisSettings plain = new AnalysisSettings(Tenancy.byLabel("tenant"), List.of(), TestClusters.TODAY);
        assertFalse(plain.document().containsKey("justifications"));
        Justification j = new Justification("prod/db", "ingress[0]", "ab".repeat(32), "Backups.", "dba", "alice",
                TestClusters.TODAY, 7L);
        AnalysisSettings with = plain.withJustifications(Justifications.required(List.of(j)));
        AnalysisSettings back = AnalysisSettings.fromDocument(with.document(), TestClusters.TODAY);
        assertEquals(with, back);
        AnalysisSettings enabledEmpty = plain.withJustifications(Justifications.required(List.of()));
        assertEquals(List.of(), enabledEmpty.document().get("justifications"));
        assertEquals(enabledEmpty, AnalysisSettings.fromDocument(enabledEmpty.document(), TestClusters.TODAY));
    }
}
