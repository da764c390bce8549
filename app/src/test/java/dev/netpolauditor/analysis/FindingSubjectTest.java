package dev.netpolauditor.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.snapshot.ManifestReader;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A finding's subject is a typed value whose text is the contract's; stored findings get the
 * value back from that text and their rule's kind. These tests hold the two ways together on
 * every finding the golden cases produce and expect.
 */
class FindingSubjectTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everySubjectTheGoldenAuditsProduceReadsBackFromItsTextAsTheSameValue() throws Exception {
        int findings = 0;
        List<String> kinds = new ArrayList<>();
        for (Path manifests : goldenAuditManifests()) {
            ClusterState cluster = ManifestReader.read(manifests);
            AuditReport audit = Audit.run(cluster,
                    new AnalysisSettings(Tenancy.byLabel("tenant"), List.of(), LocalDate.of(2026, 1, 31)));
            for (AuditedFinding audited : audit.findings()) {
                Finding f = audited.finding();
                FindingSubject read = FindingRules.subject(f.rule(), f.subject().text());
                assertEquals(f.subject(), read, f.rule() + " " + f.subject().text() + " in " + manifests);
                kinds.add(read.kind().name());
                findings++;
            }
        }
        assertTrue(findings > 50, "the golden audits produce findings: " + findings);
        for (String kind : List.of("ENDPOINT", "NAMESPACE", "POLICY", "POLICY_LOCATION", "TENANT_PAIR", "CLUSTER")) {
            assertTrue(kinds.contains(kind), "the golden audits hold a " + kind + " subject");
        }
    }

    @Test
    void everyExpectedGoldenLineHasASubjectOfItsRulesKind() throws Exception {
        int lines = 0;
        for (Path manifests : goldenAuditManifests()) {
            for (String line : Files.readAllLines(manifests.resolveSibling("expected-audit.jsonl"))) {
                JsonNode finding = JSON.readTree(line);
                String text = finding.get("subject").asText();
                FindingSubject subject = FindingRules.subject(finding.get("rule").asText(), text);
                assertEquals(text, subject.text());
                assertEquals(text, subject.toString(), "a subject in a message reads as the contract writes it");
                lines++;
            }
        }
        assertTrue(lines > 50, "expected lines read: " + lines);
    }

    @Test
    void partsOfASubjectAreItsFieldsNotItsText() {
        FindingSubject.PolicyLocation peer = (FindingSubject.PolicyLocation) FindingSubject.Kind.POLICY_LOCATION
                .read("prod/db ingress[0].from[1]");
        assertEquals("prod/db", peer.policy());
        assertEquals("ingress[0].from[1]", peer.part());
        assertEquals(new FindingSubject.PolicyLocation("ClusterNetworkPolicy/guard", ""),
                FindingSubject.Kind.POLICY_LOCATION.read("ClusterNetworkPolicy/guard"));
        FindingSubject.TenantPair pair = (FindingSubject.TenantPair) FindingSubject.Kind.TENANT_PAIR.read("a -> b");
        assertTrue(pair.concernsAny(List.of("b")));
        assertFalse(pair.concernsAny(List.of("c")));
        assertEquals(new FindingSubject.PolicyPair("AdminNetworkPolicy/x", "AdminNetworkPolicy/y"),
                FindingSubject.Kind.POLICY_PAIR.read("AdminNetworkPolicy/x | AdminNetworkPolicy/y"));
    }

    @Test
    void aTextNotOfItsKindOrAnUnknownRuleIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> FindingSubject.Kind.TENANT_PAIR.read("a"));
        assertThrows(IllegalArgumentException.class, () -> FindingSubject.Kind.CLUSTER.read("prod"));
        assertThrows(IllegalArgumentException.class, () -> FindingRules.subject("NP-NONE-001", "x"));
    }

    @Test
    void aRuleRefusesASubjectOfAnotherKind() {
        FindingRule endpoints = FindingRules.byId("NP-COV-001").orElseThrow();
        assertEquals(FindingSubject.Kind.ENDPOINT, endpoints.subjectKind());
        assertThrows(IllegalStateException.class,
                () -> endpoints.finding("prod", new FindingSubject.Namespace("prod"), null, "d"));
    }

    /** The manifests of every golden case with an expected audit. */
    private static List<Path> goldenAuditManifests() throws IOException, URISyntaxException {
        Path golden = Path.of(FindingSubjectTest.class.getResource("/golden").toURI());
        try (Stream<Path> cases = Files.list(golden)) {
            return cases.filter(c -> Files.exists(c.resolve("expected-audit.jsonl")))
                    .filter(c -> !Files.exists(c.resolve("expect-exit")))
                    .map(c -> c.resolve("manifests")).sorted().toList();
        }
    }
}
