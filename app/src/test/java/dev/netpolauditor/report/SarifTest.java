package dev.netpolauditor.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.netpolauditor.cli.Cli;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code audit --format sarif} and {@code diff --format sarif}: valid against the SARIF 2.1.0
 * JSON schema (the OASIS document, kept in the test resources), equal to the golden log of the
 * {@code sarif/shop} case (the tool version aside; {@code -Dgolden.update=true} rewrites it),
 * and every location pointing at the text of the entry it names, in YAML and in JSON.
 */
class SarifTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final boolean UPDATE = Boolean.getBoolean("golden.update");
    private static JsonSchema schema;

    @TempDir
    Path tmp;

    @BeforeAll
    static void loadSchema() throws IOException {
        try (InputStream in = SarifTest.class.getResourceAsStream("/sarif/sarif-schema-2.1.0.json")) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(in);
        }
    }

    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Cli.commandLine(new PrintWriter(out), new PrintWriter(err)).execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static Path resource(String name) {
        try {
            return Path.of(SarifTest.class.getResource("/sarif/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static void assertValid(String sarif) throws IOException {
        Set<ValidationMessage> problems = schema.validate(JSON.readTree(sarif));
        assertTrue(problems.isEmpty(), "not SARIF 2.1.0: " + problems);
    }

    /** The log without the tool's version, which carries the engine's fingerprint. */
    private static String stable(String sarif) {
        return sarif.replaceFirst("\"version\" : \"[^\"]+\",\n(\\s+)\"rules\"", "\"version\" : \"(any)\",\n$1\"rules\"");
    }

    @Test
    void auditMatchesTheGoldenLogAndTheSchema() throws IOException {
        Path manifests = resource("shop/manifests");
        // relative to the working directory, as a CI job gives it from the repository root
        Path relative = Path.of("").toAbsolutePath().relativize(manifests);
        Run run = run("audit", "--manifests", relative.toString(), "--format", "sarif");
        assertEquals(0, run.exit(), run.err());
        assertEquals("", run.err());
        assertValid(run.out());
        String actual = stable(run.out()).replace(relative.toString().replace('\\', '/') + "/", "");
        Path golden = Path.of("src/test/resources/sarif/shop/expected.sarif");
        if (UPDATE) {
            Files.writeString(golden, actual);
        }
        assertEquals(Files.readString(resource("shop/expected.sarif")), actual);

        // one result per finding, in the audit's order
        List<String> jsonl = run("audit", "--manifests", relative.toString()).out().lines().toList();
        JsonNode results = JSON.readTree(run.out()).path("runs").get(0).path("results");
        assertEquals(jsonl.size(), results.size());
        for (int i = 0; i < jsonl.size(); i++) {
            JsonNode finding = JSON.readTree(jsonl.get(i));
            assertEquals(finding.path("rule").asText(), results.get(i).path("ruleId").asText());
            assertEquals(finding.path("subject").asText(), results.get(i).path("properties").path("subject").asText());
        }
    }

    @Test
    void locationsPointAtTheEntriesTheFindingsName() throws IOException {
        Path manifests = resource("shop/manifests");
        Run run = run("audit", "--manifests", manifests.toString(), "--format", "sarif");
        Map<String, JsonNode> bySubject = new HashMap<>();
        for (JsonNode r : JSON.readTree(run.out()).path("runs").get(0).path("results")) {
            bySubject.put(r.path("ruleId").asText() + " " + r.path("properties").path("subject").asText(), r);
        }
        // YAML: a peer, a port entry, a rule, a policy (its name), a namespace of a NamespaceList
        assertAt(bySubject, "NP-PERM-004 prod/web-open ingress[0].from[1]", "prod/web.yaml", 29, 7, "ipBlock:");
        assertAt(bySubject, "NP-PERM-006 prod/web-open ingress[0].ports[0]", "prod/web.yaml", 32, 7, "protocol: TCP");
        assertAt(bySubject, "NP-PERM-007 prod/web-open ingress[1]", "prod/web.yaml", 35, 5, "ports:");
        assertAt(bySubject, "NP-PERM-005 prod/web-open egress[0]", "prod/web.yaml", 38, 5, "to:");
        assertAt(bySubject, "NP-COV-006 prod/stale", "prod/web.yaml", 45, 9, "stale");
        assertAt(bySubject, "NP-COV-003 prod", "namespaces.yaml", 9, 11, "prod");
        assertAt(bySubject, "NP-COV-005 shop", "namespaces.yaml", 11, 11, "shop");
        // JSON: a cluster-tier peer and protocol entry inside a List, a workload
        assertAt(bySubject, "NP-PERM-004 ClusterNetworkPolicy/open-to-the-world egress[0].to[0]", "cluster.json", 18,
                15, "{\"networks\"");
        assertAt(bySubject, "NP-PERM-006 ClusterNetworkPolicy/open-to-the-world egress[0].protocols[1]",
                "cluster.json", 22, 15, "{\"tcp\": {\"destinationPort\": {\"range\"");
        assertAt(bySubject, "NP-COV-001 shop/cart[Deployment]", "cluster.json", 31, 28, "\"cart\"");
        // nothing to point at: the cluster
        JsonNode cluster = bySubject.get("NP-CNI-002 cluster");
        assertFalse(cluster.path("locations").get(0).has("physicalLocation"));
        assertEquals("cluster", cluster.path("locations").get(0).path("logicalLocations").get(0)
                .path("fullyQualifiedName").asText());
    }

    private static void assertAt(Map<String, JsonNode> results, String key, String file, int line, int column,
            String text) throws IOException {
        JsonNode result = results.get(key);
        assertTrue(result != null, "no result " + key + " in " + results.keySet());
        JsonNode physical = result.path("locations").get(0).path("physicalLocation");
        String uri = physical.path("artifactLocation").path("uri").asText();
        assertTrue(uri.startsWith("file:") && uri.endsWith("/sarif/shop/manifests/" + file), uri);
        int startLine = physical.path("region").path("startLine").asInt();
        int startColumn = physical.path("region").path("startColumn").asInt();
        assertEquals(line + ":" + column, startLine + ":" + startColumn, key);
        String written = Files.readAllLines(resource("shop/manifests/" + file), StandardCharsets.UTF_8).get(line - 1);
        assertTrue(written.substring(column - 1).startsWith(text), key + ": line " + line + " is '" + written + "'");
    }

    @Test
    void diffReportsTheNewFindingsLocatedInTheLaterState() throws IOException {
        Path manifests = resource("shop/manifests");
        Path before = tmp.resolve("before");
        Files.createDirectories(before.resolve("prod"));
        Files.copy(manifests.resolve("namespaces.yaml"), before.resolve("namespaces.yaml"));
        String web = Files.readString(manifests.resolve("prod/web.yaml"));
        Files.writeString(before.resolve("prod/web.yaml"), web.replace("        cidr: 0.0.0.0/0", "        cidr: 10.0.0.0/8"));
        Run run = run("diff", "--from", before.toString(), "--to", manifests.toString(), "--format", "sarif");
        assertEquals(0, run.exit(), run.err());
        assertValid(run.out());
        JsonNode results = JSON.readTree(run.out()).path("runs").get(0).path("results");
        List<String> brought = new java.util.ArrayList<>();
        results.forEach(r -> brought.add(r.path("ruleId").asText() + " " + r.path("properties").path("subject").asText()));
        assertTrue(brought.contains("NP-PERM-004 prod/web-open ingress[0].from[1]"), brought.toString());
        assertFalse(brought.contains("NP-PERM-007 prod/web-open ingress[1]"), "present on both sides: " + brought);
        JsonNode peer = results.get(brought.indexOf("NP-PERM-004 prod/web-open ingress[0].from[1]"));
        assertEquals(29, peer.path("locations").get(0).path("physicalLocation").path("region").path("startLine").asInt());
    }

    @Test
    void anExceptedFindingIsASuppressedResult() throws IOException {
        Path exceptions = Files.writeString(tmp.resolve("exceptions.yaml"), """
                exceptions:
                  - rule: NP-PERM-007
                    subject: "prod/web-open *"
                    justification: the web tier is public on its http port
                    owner: web-team
                    expires: 2099-12-31
                """);
        Run run = run("audit", "--manifests", resource("shop/manifests").toString(), "--format", "sarif",
                "--exceptions", exceptions.toString());
        assertValid(run.out());
        for (JsonNode r : JSON.readTree(run.out()).path("runs").get(0).path("results")) {
            boolean excepted = r.path("ruleId").asText().equals("NP-PERM-007");
            assertEquals(excepted, r.has("suppressions"), r.toString());
            if (excepted) {
                assertEquals("accepted", r.path("suppressions").get(0).path("status").asText());
                assertTrue(r.path("suppressions").get(0).path("justification").asText().contains("web-team"));
            }
        }
    }

    @Test
    void everyRuleOfTheCatalogIsDescribedWithHelpLevelAndControls() throws IOException {
        Run run = run("audit", "--manifests", resource("shop/manifests").toString(), "--format", "sarif");
        JsonNode rules = JSON.readTree(run.out()).path("runs").get(0).path("tool").path("driver").path("rules");
        assertEquals(dev.netpolauditor.analysis.FindingRules.ALL.size(), rules.size());
        for (JsonNode rule : rules) {
            assertFalse(rule.path("help").path("text").asText().isBlank(), rule.toString());
            assertTrue(RuleHelp.fix(rule.path("id").asText()) != null, "no advice for " + rule.path("id"));
            assertTrue(Set.of("error", "warning", "note").contains(rule.path("defaultConfiguration").path("level").asText()));
        }
        JsonNode cov001 = rules.get(dev.netpolauditor.analysis.FindingRules.ALL.indexOf(
                dev.netpolauditor.analysis.FindingRules.byId("NP-COV-001").orElseThrow()));
        assertEquals("error", cov001.path("defaultConfiguration").path("level").asText());
        assertTrue(cov001.path("properties").path("tags").toString().contains("CIS Kubernetes 5.3.2"), cov001.toString());
    }
}
