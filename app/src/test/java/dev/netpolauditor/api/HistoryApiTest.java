package dev.netpolauditor.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netpolauditor.analysis.Tenancy;
import dev.netpolauditor.analysis.diff.DiffReport;
import dev.netpolauditor.analysis.diff.Side;
import dev.netpolauditor.analysis.diff.SnapshotDiff;
import dev.netpolauditor.api.ApiClient.Answer;
import dev.netpolauditor.cli.Cli;
import dev.netpolauditor.report.DiffJson;
import dev.netpolauditor.snapshot.ManifestReader;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * History on the running service: one manifest cluster ({@code hist}) snapshotted five times
 * while it changes, each state kept in its own directory for the offline diff:
 *
 * <ol>
 *   <li>two tenants' namespaces, {@code a} isolated for ingress with a label typo ({@code webb})
 *       in the rule admitting its web pod, {@code b} without any policy;
 *   <li>a policy isolating {@code b} (its "no policy" findings resolve);
 *   <li>the typo fixed;
 *   <li>namespace {@code b} relabelled to another tenant, pod {@code a/api} deleted;
 *   <li>the policy of step 2 removed again (the findings of {@code b} reopen).
 * </ol>
 *
 * What the history endpoints answer is checked against what the per-snapshot endpoints answer
 * for each snapshot, and the diff against {@code diff} on the two directories.
 */
class HistoryApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NAMESPACES = """
            apiVersion: v1
            kind: Namespace
            metadata: {name: a, labels: {tenant: red}}
            ---
            apiVersion: v1
            kind: Namespace
            metadata: {name: b, labels: {tenant: %s}}
            """;
    private static final String PODS = """
            apiVersion: v1
            kind: Pod
            metadata: {name: web, namespace: a, labels: {app: web}}
            spec:
              containers:
              - name: web
                ports: [{name: http, containerPort: 8080}]
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: client, namespace: b, labels: {app: client}}
            spec:
              containers:
              - name: client
            """;
    private static final String API_POD = """
            apiVersion: v1
            kind: Pod
            metadata: {name: api, namespace: a, labels: {app: api}}
            spec:
              containers:
              - name: api
                ports: [{name: http, containerPort: 9090}]
            """;
    private static final String A_POLICIES = """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: default-deny, namespace: a}
            spec:
              podSelector: {}
              policyTypes: [Ingress]
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: web-from-api, namespace: a}
            spec:
              podSelector:
                matchLabels: {app: web}
              ingress:
              - from:
                - podSelector:
                    matchLabels: {app: %s}
            """;
    private static final String B_POLICY = """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: default-deny, namespace: b}
            spec:
              podSelector: {}
              policyTypes: [Ingress, Egress]
            """;

    @TempDir
    static Path tmp;

    private static EmbeddedServer server;
    private static ApiClient api;
    private static Path live;
    private static final List<Path> states = new ArrayList<>();
    private static final List<JsonNode> snapshots = new ArrayList<>();
    private static long failedId;

    @BeforeAll
    static void startService() throws Exception {
        live = Files.createDirectories(tmp.resolve("hist"));
        Path brokenDir = Files.createDirectories(tmp.resolve("broken"));
        Files.writeString(brokenDir.resolve("pod.yaml"), "apiVersion: v1\nkind: Pod\nmetadata: {namespace: x}\n");
        Map<String, Object> properties = new HashMap<>();
        properties.put("micronaut.server.port", -1);
        properties.put("netpol-auditor.database.embedded-data-dir", tmp.resolve("postgres").toString());
        properties.put("netpol-auditor.scheduler.enabled", "false");
        properties.put("netpol-auditor.clusters.hist.manifests", live.toString());
        properties.put("netpol-auditor.clusters.broken.manifests", brokenDir.toString());
        server = ApplicationContext.run(EmbeddedServer.class, ApiClient.withAdminToken(properties));
        api = new ApiClient(server.getURI(), ApiClient.ADMIN_TOKEN);

        write("namespaces.yaml", NAMESPACES.formatted("blue"));
        write("pods.yaml", PODS + "---\n" + API_POD);
        write("a-policies.yaml", A_POLICIES.formatted("webb"));
        take();
        write("b-policy.yaml", B_POLICY);
        take();
        write("a-policies.yaml", A_POLICIES.formatted("api"));
        take();
        write("namespaces.yaml", NAMESPACES.formatted("green"));
        write("pods.yaml", PODS);
        take();
        Files.delete(live.resolve("b-policy.yaml"));
        take();
        Answer failed = api.post("/api/v1/clusters/broken/snapshots?wait=true");
        failedId = failed.json().get("id").asLong();
    }

    @AfterAll
    static void stopService() {
        if (server != null) {
            server.getApplicationContext().close();
        }
    }

    private static void write(String file, String content) throws Exception {
        Files.writeString(live.resolve(file), content);
    }

    /** Snapshot the cluster now, and keep a copy of the directory it read. */
    private static void take() throws Exception {
        Path copy = Files.createDirectories(tmp.resolve("state" + states.size()));
        try (var files = Files.list(live)) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        states.add(copy);
        Answer answer = api.post("/api/v1/clusters/hist/snapshots?wait=true");
        assertEquals(201, answer.status(), answer::toString);
        snapshots.add(answer.json());
        Thread.sleep(20);
    }

    private static JsonNode ok(String path) {
        Answer answer = api.get(path);
        assertEquals(200, answer.status(), () -> path + ": " + answer);
        return answer.json();
    }

    private static long id(int i) {
        return snapshots.get(i).get("id").asLong();
    }

    private static String at(int i) {
        return snapshots.get(i).get("startedAt").asText();
    }

    /** Open finding identities of snapshot i, as its own findings endpoint lists them. */
    private static List<String> identities(int i) {
        List<String> out = new ArrayList<>();
        for (JsonNode f : ok("/api/v1/clusters/hist/snapshots/" + id(i) + "/findings?limit=1000").get("items")) {
            if (!f.get("status").asText().equals("excepted")) {
                out.add(identity(f));
            }
        }
        return out;
    }

    private static String identity(JsonNode f) {
        return f.get("rule").asText() + "|" + f.get("namespace").asText(null) + "|" + f.get("subject").asText()
                + "|" + f.get("policy").asText(null);
    }

    @Test
    void lifecycleFollowsEachFindingAcrossTheSnapshots() {
        int n = snapshots.size();
        Map<String, List<Integer>> seenIn = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            for (String identity : identities(i)) {
                seenIn.computeIfAbsent(identity, k -> new ArrayList<>()).add(i);
            }
        }
        JsonNode page = ok("/api/v1/clusters/hist/findings/lifecycle?limit=1000");
        assertEquals(seenIn.size(), page.get("total").asInt());
        Map<String, JsonNode> rows = new LinkedHashMap<>();
        page.get("items").forEach(r -> rows.put(identity(r), r));
        assertEquals(seenIn.keySet(), new TreeMap<>(rows).keySet());
        int reopenedOnce = 0;
        for (var e : seenIn.entrySet()) {
            List<Integer> seen = e.getValue();
            JsonNode row = rows.get(e.getKey());
            int first = seen.getFirst();
            int last = seen.getLast();
            int runs = 1;
            for (int k = 1; k < seen.size(); k++) {
                runs += seen.get(k) == seen.get(k - 1) + 1 ? 0 : 1;
            }
            String what = e.getKey() + " seen in " + seen + ": " + row;
            assertEquals(id(first), row.get("firstSeenSnapshot").asLong(), what);
            assertEquals(Instant.parse(at(first)), Instant.parse(row.get("firstSeen").asText()), what);
            assertEquals(id(last), row.get("lastSeenSnapshot").asLong(), what);
            assertEquals(Instant.parse(at(last)), Instant.parse(row.get("lastSeen").asText()), what);
            assertEquals(last == n - 1, row.get("open").asBoolean(), what);
            assertEquals(runs - 1, row.get("reopened").asInt(), what);
            assertEquals(seen.size(), row.get("snapshotsSeen").asInt(), what);
            if (last == n - 1) {
                assertTrue(row.get("resolvedSnapshot").isNull(), what);
            } else {
                assertEquals(id(last + 1), row.get("resolvedSnapshot").asLong(), what);
                assertEquals(Instant.parse(at(last + 1)), Instant.parse(row.get("resolvedAt").asText()), what);
                long age = Instant.parse(at(last)).getEpochSecond() - Instant.parse(at(first)).getEpochSecond();
                assertTrue(Math.abs(age - row.get("ageSeconds").asLong()) <= 1, what);
            }
            reopenedOnce += runs == 2 ? 1 : 0;
        }
        // the findings of namespace b: open, resolved by its policy, reopened when it went
        assertTrue(reopenedOnce > 0, "no finding reopened: " + seenIn);
        assertTrue(seenIn.values().stream().anyMatch(s -> s.getLast() < n - 1), "no finding resolved: " + seenIn);
    }

    @Test
    void lifecycleFiltersAndPages() {
        JsonNode all = ok("/api/v1/clusters/hist/findings/lifecycle?limit=1000");
        JsonNode open = ok("/api/v1/clusters/hist/findings/lifecycle?status=open&limit=1000");
        JsonNode resolved = ok("/api/v1/clusters/hist/findings/lifecycle?status=resolved&limit=1000");
        assertEquals(all.get("total").asInt(), open.get("total").asInt() + resolved.get("total").asInt());
        open.get("items").forEach(r -> assertTrue(r.get("open").asBoolean(), r::toString));
        resolved.get("items").forEach(r -> assertFalse(r.get("open").asBoolean(), r::toString));
        ok("/api/v1/clusters/hist/findings/lifecycle?namespace=b&limit=1000").get("items")
                .forEach(r -> assertEquals("b", r.get("namespace").asText()));
        JsonNode first = all.get("items").get(0);
        JsonNode byRule = ok("/api/v1/clusters/hist/findings/lifecycle?limit=1000&rule=" + first.get("rule").asText()
                + "&severity=" + first.get("severity").asText());
        byRule.get("items").forEach(r -> {
            assertEquals(first.get("rule"), r.get("rule"));
            assertEquals(first.get("severity"), r.get("severity"));
        });
        JsonNode second = ok("/api/v1/clusters/hist/findings/lifecycle?limit=1&offset=1");
        assertEquals(all.get("total").asInt(), second.get("total").asInt());
        assertEquals(all.get("items").get(1), second.get("items").get(0));
        JsonNode past = ok("/api/v1/clusters/hist/findings/lifecycle?offset=500");
        assertEquals(all.get("total").asInt(), past.get("total").asInt());
        assertEquals(0, past.get("items").size());
        // the range ending at snapshot 2 (index 1): its latest is snapshot 2
        JsonNode early = ok("/api/v1/clusters/hist/findings/lifecycle?limit=1000&to=" + at(1));
        early.get("items").forEach(r -> assertTrue(r.get("lastSeenSnapshot").asLong() <= id(1), r::toString));
        List<String> openAt2 = identities(1);
        early.get("items").forEach(r -> assertEquals(openAt2.contains(identity(r)), r.get("open").asBoolean()));
    }

    @Test
    void trendPointsEqualEachSnapshotsStoredFigures() {
        JsonNode points = ok("/api/v1/clusters/hist/trend");
        assertEquals(snapshots.size(), points.size());
        for (int i = 0; i < snapshots.size(); i++) {
            JsonNode p = points.get(i);
            JsonNode s = ok("/api/v1/clusters/hist/snapshots/" + id(i));
            JsonNode analysis = s.get("analysis");
            assertEquals(id(i), p.get("snapshot").asLong());
            assertEquals(analysis.get("score").asInt(), p.get("score").asInt(), p::toString);
            JsonNode open = analysis.get("openFindings");
            for (String sev : List.of("high", "medium", "low", "info")) {
                String key = "open" + Character.toUpperCase(sev.charAt(0)) + sev.substring(1);
                assertEquals(open.get(sev).asInt(), p.get(key).asInt(), () -> key + " " + p + " vs " + s);
            }
            assertCoverage(ok("/api/v1/clusters/hist/snapshots/" + id(i) + "/coverage?scope=cluster").get(0), p);
        }
        JsonNode inner = ok("/api/v1/clusters/hist/trend?from=" + at(1) + "&to=" + at(3));
        assertEquals(List.of(id(1), id(2), id(3)), ids(inner));
    }

    @Test
    void trendOfANamespaceAndOfATenant() {
        JsonNode ns = ok("/api/v1/clusters/hist/trend?scope=namespace:b");
        JsonNode blue = ok("/api/v1/clusters/hist/trend?scope=tenant:blue");
        for (int i = 0; i < snapshots.size(); i++) {
            Map<String, Integer> bySeverity = new HashMap<>();
            for (JsonNode f : ok("/api/v1/clusters/hist/snapshots/" + id(i) + "/findings?namespace=b&limit=1000")
                    .get("items")) {
                bySeverity.merge(f.get("severity").asText(), 1, Integer::sum);
            }
            JsonNode p = ns.get(i);
            assertTrue(p.get("present").asBoolean());
            assertEquals(bySeverity.getOrDefault("high", 0), p.get("openHigh").asInt(), p::toString);
            assertEquals(bySeverity.getOrDefault("medium", 0), p.get("openMedium").asInt(), p::toString);
            assertEquals(bySeverity.getOrDefault("low", 0), p.get("openLow").asInt(), p::toString);
            assertEquals(bySeverity.getOrDefault("info", 0), p.get("openInfo").asInt(), p::toString);
            JsonNode coverage = null;
            for (JsonNode c : ok("/api/v1/clusters/hist/snapshots/" + id(i) + "/coverage?scope=namespace")) {
                coverage = c.get("scope").asText().equals("b") ? c : coverage;
            }
            assertCoverage(Objects.requireNonNull(coverage), p);
            assertEquals(coverage.get("score").asInt(), p.get("score").asInt(), "namespace b's own score");
            // b is tenant blue until snapshot 4 relabels it green; blue's findings are b's
            JsonNode t = blue.get(i);
            assertEquals(i < 3, t.get("present").asBoolean(), t::toString);
            int total = t.get("openHigh").asInt() + t.get("openMedium").asInt() + t.get("openLow").asInt()
                    + t.get("openInfo").asInt();
            int nsTotal = bySeverity.values().stream().mapToInt(Integer::intValue).sum();
            assertEquals(i < 3 ? nsTotal : 0, total, t::toString);
            if (i >= 3) {
                assertEquals(0, t.get("endpoints").asLong());
            }
        }
    }

    private static void assertCoverage(JsonNode coverage, JsonNode point) {
        for (String key : List.of("endpoints", "ingressIsolated", "egressIsolated", "bothIsolated")) {
            assertEquals(coverage.get(key).asLong(), point.get(key).asLong(), () -> key + ": " + coverage + " vs "
                    + point);
        }
    }

    private static List<Long> ids(JsonNode points) {
        List<Long> out = new ArrayList<>();
        points.forEach(p -> out.add(p.get("snapshot").asLong()));
        return out;
    }

    @Test
    void diffEqualsTheOfflineDiffOfTheSameManifests() throws Exception {
        int from = 0;
        int to = snapshots.size() - 1;
        JsonNode diff = ok("/api/v1/clusters/hist/diff?from=" + id(from) + "&to=" + id(to)
                + "&withCauses=true&limit=1000");
        assertEquals(id(from), diff.get("from").get("id").asLong());
        assertEquals(id(to), diff.get("to").get("id").asLong());

        // the three sections: what 'diff --with-causes' prints, line by line
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Cli.commandLine(new PrintWriter(out), new PrintWriter(err)).execute("diff", "--from",
                states.get(from).toString(), "--to", states.get(to).toString(), "--with-causes");
        assertEquals(0, exit, err::toString);
        Map<String, ArrayNode> sections = new HashMap<>();
        for (String s : List.of("object", "connectivity", "finding")) {
            sections.put(s, JSON.createArrayNode());
        }
        for (String line : out.toString().lines().toList()) {
            ObjectNode node = (ObjectNode) JSON.readTree(line);
            sections.get(node.remove("section").asText()).add(node);
        }
        assertTrue(sections.get("object").size() > 0 && sections.get("connectivity").size() > 0, out::toString);
        assertEquals(sections.get("object"), diff.get("objects"));
        assertEquals(sections.get("connectivity"), diff.get("connectivity"));
        assertEquals(sections.get("finding"), diff.get("findings"));
        assertEquals(sections.get("connectivity").size(), diff.get("connectivityTotal").asInt());

        // relabels and pair summaries: as SnapshotDiff computes them on the directories
        Tenancy tenancy = Tenancy.byLabel("tenant");
        DiffReport expected = SnapshotDiff.between(Side.of(ManifestReader.read(states.get(from)), tenancy, List.of()),
                Side.of(ManifestReader.read(states.get(to)), tenancy, List.of()));
        ArrayNode relabelled = JSON.createArrayNode();
        expected.relabelled().forEach(r -> relabelled.add(DiffJson.relabel(r)));
        ArrayNode namespacePairs = JSON.createArrayNode();
        expected.namespacePairs().forEach(s -> namespacePairs.add(DiffJson.summary(s)));
        ArrayNode tenantPairs = JSON.createArrayNode();
        expected.tenantPairs().forEach(s -> tenantPairs.add(DiffJson.summary(s)));
        assertEquals(relabelled, diff.get("relabelled"));
        assertTrue(relabelled.size() > 0, "namespace b was relabelled");
        assertEquals(namespacePairs, diff.get("namespacePairs"));
        assertEquals(tenantPairs, diff.get("tenantPairs"));
    }

    @Test
    void diffPagesConnectivityAndResolvesLatestAt() {
        JsonNode all = ok("/api/v1/clusters/hist/diff?from=" + id(0) + "&to=latest&limit=1000");
        assertEquals(id(snapshots.size() - 1), all.get("to").get("id").asLong());
        assertFalse(all.get("connectivity").get(0).has("causes"));
        int total = all.get("connectivityTotal").asInt();
        JsonNode page = ok("/api/v1/clusters/hist/diff?from=" + id(0) + "&to=latest&limit=1&offset=1");
        assertEquals(total, page.get("connectivityTotal").asInt());
        assertEquals(Math.min(1, Math.max(0, total - 1)), page.get("connectivity").size());
        if (total > 1) {
            assertEquals(all.get("connectivity").get(1), page.get("connectivity").get(0));
        }
        JsonNode at = ok("/api/v1/clusters/hist/diff?from=latest&fromAt=" + at(1) + "&to=latest&toAt=" + at(2));
        assertEquals(id(1), at.get("from").get("id").asLong());
        assertEquals(id(2), at.get("to").get("id").asLong());
        JsonNode same = ok("/api/v1/clusters/hist/diff?from=" + id(2) + "&to=" + id(2));
        assertEquals(0, same.get("objects").size() + same.get("connectivity").size() + same.get("findings").size());
    }

    @Test
    void mistakesAreProblems() {
        assertEquals(400, api.get("/api/v1/clusters/hist/trend?scope=pod:x").status());
        assertEquals(400, api.get("/api/v1/clusters/hist/trend?from=yesterday").status());
        assertEquals(400, api.get("/api/v1/clusters/hist/trend?from=" + at(2) + "&to=" + at(1)).status());
        assertEquals(400, api.get("/api/v1/clusters/hist/findings/lifecycle?status=closed").status());
        assertEquals(400, api.get("/api/v1/clusters/hist/findings/lifecycle?limit=0").status());
        assertEquals(400, api.get("/api/v1/clusters/hist/diff?to=latest").status());
        assertEquals(400, api.get("/api/v1/clusters/hist/diff?from=first&to=latest").status());
        assertEquals(400, api.get("/api/v1/clusters/hist/diff?from=" + id(0) + "&fromAt=" + at(0) + "&to=latest")
                .status());
        assertEquals(404, api.get("/api/v1/clusters/nope/trend").status());
        var unknownNamespace = api.get("/api/v1/clusters/hist/trend?scope=namespace:bb");
        assertEquals(404, unknownNamespace.status());
        assertTrue(unknownNamespace.text().contains("did you mean 'b'?"), unknownNamespace.text());
        var unknownTenant = api.get("/api/v1/clusters/hist/trend?scope=tenant:nobody-at-all");
        assertEquals(404, unknownTenant.status());
        assertTrue(unknownTenant.text().contains("no snapshot of cluster 'hist' has a tenant named 'nobody-at-all'"),
                unknownTenant.text());
        assertEquals(404, api.get("/api/v1/clusters/nope/findings/lifecycle").status());
        assertEquals(404, api.get("/api/v1/clusters/hist/diff?from=999999&to=latest").status());
        assertEquals(404, api.get("/api/v1/clusters/hist/diff?from=latest&fromAt=2000-01-01T00:00:00Z&to=latest")
                .status());
        assertEquals(404, api.get("/api/v1/clusters/hist/diff?from=" + failedId + "&to=latest").status());
        assertEquals(409, api.get("/api/v1/clusters/broken/diff?from=" + failedId + "&to=" + failedId).status());
        assertEquals(0, ok("/api/v1/clusters/broken/trend").size());
    }
}
