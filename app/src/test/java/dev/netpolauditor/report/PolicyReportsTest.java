package dev.netpolauditor.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netpolauditor.analysis.FindingRules;
import dev.netpolauditor.cli.Cli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code audit --format policyreport}, parsed back: one PolicyReport per namespace and a
 * ClusterPolicyReport, each finding of the JSON Lines output exactly once as a result in the
 * report of its namespace (fail, warn or skip as its severity and exception say, with its
 * identity in properties), a pass for each rule that found nothing there, and summaries that
 * count the results.
 */
class PolicyReportsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private static String run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Cli.commandLine(new PrintWriter(out), new PrintWriter(err)).execute(args);
        assertEquals(0, exit, err.toString());
        return out.toString();
    }

    private static Path manifests() {
        try {
            return Path.of(PolicyReportsTest.class.getResource("/sarif/shop/manifests").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void everyFindingIsOneResultOfItsNamespacesReport() throws IOException {
        Path exceptions = Files.writeString(tmp.resolve("exceptions.yaml"), """
                exceptions:
                  - rule: NP-PERM-007
                    subject: "prod/*"
                    justification: the web tier is public on its http port
                    owner: web-team
                    expires: 2099-12-31
                """);
        String[] common = {"--manifests", manifests().toString(), "--exceptions", exceptions.toString()};
        List<JsonNode> findings = run(concat("audit", common)).lines().map(PolicyReportsTest::tree).toList();
        String yaml = run(concat("audit", concat("--format", concat("policyreport", common))));

        List<JsonNode> reports = new ArrayList<>();
        for (Object document : new Yaml().loadAll(yaml)) {
            reports.add(JSON.valueToTree(document));
        }
        assertEquals(List.of("ClusterPolicyReport", "PolicyReport", "PolicyReport"),
                reports.stream().map(r -> r.get("kind").asText()).toList());
        Map<String, JsonNode> byNamespace = new TreeMap<>();
        for (JsonNode r : reports) {
            assertEquals("wgpolicyk8s.io/v1alpha2", r.get("apiVersion").asText());
            assertEquals("netpol-auditor", r.path("metadata").path("name").asText());
            byNamespace.put(r.path("metadata").path("namespace").asText(""), r);
        }
        assertEquals(List.of("", "prod", "shop"), List.copyOf(byNamespace.keySet()));

        // each finding once, in its namespace's report, with its identity and the mapped result
        Map<String, Integer> perReport = new HashMap<>();
        for (JsonNode f : findings) {
            String ns = f.get("namespace").asText("");
            JsonNode report = byNamespace.get(ns);
            List<JsonNode> matches = new ArrayList<>();
            report.get("results").forEach(r -> {
                JsonNode p = r.path("properties");
                if (p.path("rule").asText().equals(f.get("rule").asText())
                        && p.path("subject").asText().equals(f.get("subject").asText())
                        && p.path("policy").asText("").equals(f.get("policy").asText(""))) {
                    matches.add(r);
                }
            });
            assertEquals(1, matches.size(), f.toString());
            JsonNode result = matches.getFirst();
            String severity = f.get("severity").asText();
            String expected = f.has("status") && f.get("status").asText().equals("excepted") ? "skip"
                    : severity.equals("high") || severity.equals("medium") ? "fail" : "warn";
            assertEquals(expected, result.get("result").asText(), f.toString());
            assertEquals(f.get("rule").asText(), result.get("policy").asText());
            assertEquals(severity, result.get("severity").asText());
            assertEquals(f.get("detail").asText(), result.get("message").asText());
            assertEquals("netpol-auditor", result.get("source").asText());
            perReport.merge(ns, 1, Integer::sum);
        }
        assertTrue(findings.stream().anyMatch(f -> f.has("status")), "the case has an excepted finding");

        // the rest are passes, one per rule that found nothing there; the summary counts them all
        for (Map.Entry<String, JsonNode> e : byNamespace.entrySet()) {
            JsonNode report = e.getValue();
            int results = report.get("results").size();
            long passes = 0;
            for (JsonNode r : report.get("results")) {
                if (r.get("result").asText().equals("pass")) {
                    passes++;
                    assertTrue(FindingRules.byId(r.get("policy").asText()).isPresent());
                }
            }
            assertEquals(results - perReport.getOrDefault(e.getKey(), 0), passes, e.getKey());
            JsonNode summary = report.get("summary");
            long sum = 0;
            for (String outcome : List.of("pass", "fail", "warn", "error", "skip")) {
                long counted = 0;
                for (JsonNode r : report.get("results")) {
                    counted += r.get("result").asText().equals(outcome) ? 1 : 0;
                }
                assertEquals(counted, summary.get(outcome).asLong(), e.getKey() + " " + outcome);
                sum += counted;
            }
            assertEquals(results, sum);
        }
        // a result names the object it is about
        JsonNode perm004 = byNamespace.get("prod").get("results").findParents("policy").stream()
                .filter(r -> r.get("policy").asText().equals("NP-PERM-004")).findFirst().orElseThrow();
        assertEquals("{\"apiVersion\":\"networking.k8s.io/v1\",\"kind\":\"NetworkPolicy\",\"namespace\":\"prod\","
                + "\"name\":\"web-open\"}", perm004.get("resources").get(0).toString());
    }

    private static JsonNode tree(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String[] concat(String first, String... rest) {
        String[] out = new String[rest.length + 1];
        out[0] = first;
        System.arraycopy(rest, 0, out, 1, rest.length);
        return out;
    }
}
