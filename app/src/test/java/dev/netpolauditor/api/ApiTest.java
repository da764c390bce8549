package dev.netpolauditor.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netpolauditor.analysis.AnalysisSettings;
import dev.netpolauditor.analysis.Audit;
import dev.netpolauditor.analysis.AuditInput;
import dev.netpolauditor.analysis.AuditReport;
import dev.netpolauditor.analysis.AuditedFinding;
import dev.netpolauditor.analysis.Severity;
import dev.netpolauditor.analysis.Tenancy;
import dev.netpolauditor.analysis.TenantMatrix;
import dev.netpolauditor.api.ApiClient.Answer;
import dev.netpolauditor.engine.CompiledCluster;
import dev.netpolauditor.engine.Endpoint;
import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.model.Protocol;
import dev.netpolauditor.report.AuditFixture;
import dev.netpolauditor.report.ExplanationJson;
import dev.netpolauditor.snapshot.ManifestReader;
import dev.netpolauditor.store.ClusterStates;
import dev.netpolauditor.store.SnapshotStore;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.web.router.Router;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API on the running service: its own embedded PostgreSQL, no scheduler, four clusters
 * read from manifests, snapshots taken through the API. What the API answers is checked
 * against what {@link Audit} and {@link CompiledCluster} compute from the same manifests.
 *
 * <ul>
 *   <li>{@code shop}: the audit fixture (tenants retail, finance, platform by label);
 *   <li>{@code evolving}: the demo, snapshotted, then given a policy isolating staging, snapshotted again;
 *   <li>{@code broken}: a manifest without a name, so its snapshots fail;
 *   <li>{@code demo}: the demo shipped in the application.
 * </ul>
 */
class ApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DEMO = Path.of("..", "examples", "web-api-db");
    private static final String STAGING_DENY = """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: default-deny-ingress, namespace: staging}
            spec:
              podSelector: {}
              policyTypes: [Ingress]
            """;

    @TempDir
    static Path tmp;

    private static EmbeddedServer server;
    private static ApiClient api;
    private static Path shopDir;
    private static Path evolvingDir;
    private static JsonNode live;
    private static JsonNode shop;
    private static JsonNode broken;
    private static JsonNode evolvingBefore;
    private static JsonNode evolvingAfter;
    private static ClusterState evolvingBeforeState;

    /** A Deployment as a live cluster serves it: its ReplicaSet, two running pods and a failed one; a pod of its own. */
    private static final String LIVE_DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: shop}
            spec: {template: {metadata: {labels: {app: web}}, spec: {containers: [{name: c, image: nginx}]}}}
            ---
            apiVersion: apps/v1
            kind: ReplicaSet
            metadata:
              name: web-7c9f
              namespace: shop
              ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: web, uid: u1, controller: true}]
            spec: {template: {metadata: {labels: {app: web, pod-template-hash: 7c9f}}, spec: {containers: [{name: c}]}}}
            ---
            apiVersion: v1
            kind: List
            items:
            - apiVersion: v1
              kind: Pod
              metadata:
                name: web-7c9f-a
                namespace: shop
                labels: {app: web, pod-template-hash: 7c9f}
                ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web-7c9f, uid: u2, controller: true}]
              status: {phase: Running, podIP: 10.0.0.1}
            - apiVersion: v1
              kind: Pod
              metadata:
                name: web-7c9f-b
                namespace: shop
                labels: {app: web, pod-template-hash: 7c9f}
                ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web-7c9f, uid: u2, controller: true}]
              status: {phase: Running, podIP: 10.0.0.2}
            - apiVersion: v1
              kind: Pod
              metadata:
                name: web-7c9f-c
                namespace: shop
                labels: {app: web, pod-template-hash: 7c9f}
                ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web-7c9f, uid: u2, controller: true}]
              status: {phase: Failed}
            - apiVersion: v1
              kind: Pod
              metadata: {name: debug, namespace: shop}
              status: {phase: Running, podIP: 10.0.0.9}
            """;

    @BeforeAll
    static void startService() throws Exception {
        shopDir = AuditFixture.writeCluster(tmp.resolve("shop"));
        evolvingDir = Files.createDirectories(tmp.resolve("evolving"));
        for (Path file : Files.list(DEMO).toList()) {
            Files.copy(file, evolvingDir.resolve(file.getFileName()));
        }
        Path brokenDir = Files.createDirectories(tmp.resolve("broken"));
        Files.writeString(brokenDir.resolve("pod.yaml"), "apiVersion: v1\nkind: Pod\nmetadata: {namespace: x}\n");
        Map<String, Object> properties = new HashMap<>();
        properties.put("micronaut.server.port", -1);
        properties.put("netpol-auditor.database.embedded-data-dir", tmp.resolve("postgres").toString());
        properties.put("netpol-auditor.scheduler.enabled", "false");
        properties.put("netpol-auditor.clusters.shop.manifests", shopDir.toString());
        properties.put("netpol-auditor.clusters.evolving.manifests", evolvingDir.toString());
        properties.put("netpol-auditor.clusters.broken.manifests", brokenDir.toString());
        properties.put("netpol-auditor.clusters.demo.manifests", "classpath:examples/web-api-db");
        Path liveDir = Files.createDirectories(tmp.resolve("live"));
        Files.writeString(liveDir.resolve("live.yaml"), LIVE_DEPLOYMENT);
        properties.put("netpol-auditor.clusters.live.manifests", liveDir.toString());
        server = ApplicationContext.run(EmbeddedServer.class, ApiClient.withAdminToken(properties));
        api = new ApiClient(server.getURI(), ApiClient.ADMIN_TOKEN);

        shop = taken("shop");
        live = taken("live");
        broken = taken("broken");
        evolvingBeforeState = ManifestReader.read(evolvingDir);
        evolvingBefore = taken("evolving");
        Thread.sleep(20);
        Files.writeString(evolvingDir.resolve("staging-policies.yaml"), STAGING_DENY);
        evolvingAfter = taken("evolving");
    }

    @AfterAll
    static void stopService() {
        if (server != null) {
            server.getApplicationContext().close();
        }
    }

    /** POST ?wait=true: 201, Location naming the stored attempt, the attempt as body. */
    private static JsonNode taken(String cluster) {
        Answer answer = api.post("/api/v1/clusters/" + cluster + "/snapshots?wait=true");
        assertEquals(201, answer.status(), answer::toString);
        assertEquals("/api/v1/clusters/" + cluster + "/snapshots/" + answer.json().get("id").asLong(),
                answer.location());
        return answer.json();
    }

    private static AuditReport audit(ClusterState state) {
        Tenancy tenancy = Tenancy.byLabel("tenant");
        return Audit.run(AuditInput.of(state, tenancy),
                new AnalysisSettings(tenancy, List.of(), LocalDate.now(ZoneOffset.UTC)));
    }

    private static Answer ok(String path) {
        Answer answer = api.get(path);
        assertEquals(200, answer.status(), () -> path + ": " + answer);
        return answer;
    }

    private static String snapshotPath(String cluster, JsonNode snapshot) {
        return "/api/v1/clusters/" + cluster + "/snapshots/" + snapshot.get("id").asLong();
    }

    private static List<String> findingKeys(JsonNode items) {
        List<String> out = new ArrayList<>();
        items.forEach(f -> out.add(String.join("|", f.get("rule").asText(), f.get("severity").asText(),
                f.get("namespace").asText(""), f.get("subject").asText(), f.get("policy").asText(""),
                f.get("detail").asText(), f.get("status").asText())));
        return out;
    }

    private static List<String> findingKeys(AuditReport report) {
        List<String> out = new ArrayList<>();
        for (AuditedFinding a : report.findings()) {
            var f = a.finding();
            out.add(String.join("|", f.rule(), f.severity().wireName(), f.namespace() == null ? "" : f.namespace(),
                    f.subject().text(), f.policy() == null ? "" : f.policy(), f.detail(), a.status().wireName()));
        }
        return out;
    }

    /** A problem document: the status, problem+json, the four members, no stack trace. */
    private static JsonNode problem(Answer answer, int status) {
        assertEquals(status, answer.status(), answer::toString);
        assertTrue(answer.contentType().startsWith("application/problem+json"), answer::toString);
        JsonNode p = answer.json();
        assertEquals(status, p.get("status").asInt());
        assertFalse(p.get("type").asText().isEmpty());
        assertFalse(p.get("title").asText().isEmpty());
        assertFalse(p.get("detail").asText().isEmpty());
        assertFalse(answer.text().contains("\tat ") || answer.text().contains("Exception"), answer::toString);
        return p;
    }

    @Nested
    class Clusters {
        @Test
        void listsEveryConfiguredClusterWithItsLatestSnapshotAndAttempt() throws Exception {
            JsonNode clusters = ok("/api/v1/clusters").json();
            Map<String, JsonNode> byName = new TreeMap<>();
            clusters.forEach(c -> byName.put(c.get("name").asText(), c));
            assertEquals(Set.of("shop", "evolving", "broken", "demo", "live"), byName.keySet());

            JsonNode s = byName.get("shop");
            assertEquals(shopDir.toString(), s.get("source").asText());
            assertEquals("0 0 * * * *", s.get("schedule").asText());
            assertFalse(s.get("running").asBoolean());
            AuditReport report = audit(ManifestReader.read(shopDir));
            JsonNode latest = s.get("latestSnapshot");
            assertEquals(shop.get("id").asLong(), latest.get("id").asLong());
            assertEquals(4, latest.get("counts").get("namespaces").asInt());
            assertEquals(4, latest.get("counts").get("pods").asInt());
            assertEquals(2, latest.get("counts").get("policies").asInt());
            assertEquals(report.score(), latest.get("score").asInt());
            Map<Severity, Long> open = report.openBySeverity();
            for (Severity severity : Severity.values()) {
                assertEquals(open.get(severity).longValue(),
                        latest.get("openFindings").get(severity.wireName()).asLong(), severity.wireName());
            }
            assertEquals("complete", s.get("latestAttempt").get("status").asText());

            JsonNode b = byName.get("broken");
            assertTrue(b.get("latestSnapshot").isNull(), b::toString);
            assertEquals("failed", b.get("latestAttempt").get("status").asText());
            assertTrue(b.get("latestAttempt").get("failureReason").asText().contains("pod.yaml"), b::toString);

            assertEquals(s, ok("/api/v1/clusters/shop").json());
        }

        @Test
        void anUnknownClusterIs404() throws Exception {
            JsonNode p = problem(api.get("/api/v1/clusters/nowhere"), 404);
            assertTrue(p.get("detail").asText().contains("no cluster named 'nowhere'"), p::toString);
            problem(api.get("/api/v1/clusters/nowhere/snapshots"), 404);
            problem(api.get("/api/v1/clusters/nowhere/snapshots/latest/findings"), 404);
            problem(api.post("/api/v1/clusters/nowhere/snapshots"), 404);
        }
    }

    @Nested
    class Snapshots {
        @Test
        void aSnapshotShowsItsMetadataCountsAndAnalysis() throws Exception {
            JsonNode s = ok(snapshotPath("shop", shop)).json();
            assertEquals(shop, s);
            assertEquals("complete", s.get("status").asText());
            assertEquals("manual", s.get("trigger").asText());
            assertEquals("shop", s.get("cluster").asText());
            assertTrue(s.get("contentSha256").asText().matches("[0-9a-f]{64}"));
            assertFalse(s.get("engineVersion").asText().isEmpty());
            assertTrue(s.get("listResourceVersions").isObject());
            assertTrue(s.get("failureReason").isNull());
            AuditReport report = audit(ManifestReader.read(shopDir));
            assertEquals(report.coverage().cluster().endpoints(), s.get("analysis").get("endpoints").asLong());
            assertEquals(report.score(), s.get("analysis").get("score").asInt());
            assertTrue(Instant.parse(s.get("startedAt").asText()).isBefore(Instant.parse(s.get("finishedAt").asText()))
                    || s.get("startedAt").equals(s.get("finishedAt")));
        }

        @Test
        void aFailedAttemptIsStoredWithItsReasonAndHasNoContent() throws Exception {
            assertEquals("failed", broken.get("status").asText());
            assertTrue(broken.get("counts").isNull());
            assertTrue(broken.get("analysis").isNull());
            assertTrue(broken.get("failureReason").asText().contains("pod.yaml"), broken::toString);
            for (String under : List.of("objects", "findings", "coverage", "tenants",
                    "connectivity?from=a/b&to=c/d")) {
                JsonNode p = problem(api.get(snapshotPath("broken", broken) + "/" + under), 409);
                assertTrue(p.get("detail").asText().contains("failed"), p::toString);
                assertTrue(p.get("detail").asText().contains("pod.yaml"), p::toString);
            }
            JsonNode none = problem(api.get("/api/v1/clusters/broken/snapshots/latest"), 404);
            assertTrue(none.get("detail").asText().contains("no complete snapshot"), none::toString);
        }

        @Test
        void listingIsNewestFirstFilteredAndPaged() throws Exception {
            JsonNode all = ok("/api/v1/clusters/evolving/snapshots").json();
            assertEquals(2, all.get("total").asInt());
            assertEquals(50, all.get("limit").asInt());
            assertEquals(0, all.get("offset").asInt());
            assertEquals(evolvingAfter.get("id"), all.get("items").get(0).get("id"));
            assertEquals(evolvingBefore.get("id"), all.get("items").get(1).get("id"));

            JsonNode second = ok("/api/v1/clusters/evolving/snapshots?limit=1&offset=1").json();
            assertEquals(2, second.get("total").asInt());
            assertEquals(1, second.get("items").size());
            assertEquals(evolvingBefore.get("id"), second.get("items").get(0).get("id"));

            String after = ApiClient.encode(evolvingAfter.get("startedAt").asText());
            JsonNode since = ok("/api/v1/clusters/evolving/snapshots?from=" + after).json();
            assertEquals(1, since.get("total").asInt());
            assertEquals(evolvingAfter.get("id"), since.get("items").get(0).get("id"));
            JsonNode until = ok("/api/v1/clusters/evolving/snapshots?to="
                    + ApiClient.encode(evolvingBefore.get("startedAt").asText())).json();
            assertEquals(evolvingBefore.get("id"), until.get("items").get(0).get("id"));
            assertEquals(1, until.get("total").asInt());

            assertEquals(1, ok("/api/v1/clusters/broken/snapshots?status=failed").json().get("total").asInt());
            assertEquals(0, ok("/api/v1/clusters/broken/snapshots?status=complete").json().get("total").asInt());
        }

        @Test
        void latestAtATimeIsTheLatestCompleteSnapshotStartedByThen() throws Exception {
            Instant before = Instant.parse(evolvingBefore.get("startedAt").asText());
            Instant after = Instant.parse(evolvingAfter.get("startedAt").asText());
            assertTrue(before.isBefore(after));
            Instant between = before.plusNanos((after.toEpochMilli() - before.toEpochMilli()) * 500_000L);
            String latest = "/api/v1/clusters/evolving/snapshots/latest";
            assertEquals(evolvingAfter, ok(latest).json());
            assertEquals(evolvingAfter, ok(latest + "?at=" + ApiClient.encode(after.toString())).json());
            assertEquals(evolvingBefore, ok(latest + "?at=" + ApiClient.encode(between.toString())).json());
            assertEquals(evolvingBefore, ok(latest + "?at=" + ApiClient.encode(before.toString())).json());
            String offset = before.atOffset(ZoneOffset.ofHours(2)).toString();
            assertEquals(evolvingBefore, ok(latest + "?at=" + ApiClient.encode(offset)).json(), offset);
            JsonNode p = problem(api.get(latest + "?at=" + ApiClient.encode(before.minusSeconds(1).toString())), 404);
            assertTrue(p.get("detail").asText().contains("started at or before"), p::toString);

            // at= stands in for an id under a snapshot too
            int beforePolicies = evolvingBeforeState.policies().size();
            assertEquals(beforePolicies, ok(latest + "/objects?kind=NetworkPolicy&at="
                    + ApiClient.encode(between.toString())).json().get("total").asInt());
            assertEquals(beforePolicies + 1, ok(latest + "/objects?kind=NetworkPolicy").json().get("total").asInt());
        }

        @Test
        void aSnapshotOfAnotherClusterIsNotFound() throws Exception {
            JsonNode p = problem(api.get(snapshotPath("shop", evolvingBefore)), 404);
            assertTrue(p.get("detail").asText().contains("cluster 'shop' has no snapshot "
                    + evolvingBefore.get("id").asLong()), p::toString);
            problem(api.get(snapshotPath("shop", evolvingBefore) + "/findings"), 404);
            problem(api.get("/api/v1/clusters/shop/snapshots/999999"), 404);
        }

        @Test
        void startingInTheBackgroundAnswers202AndTheAttemptAppears() throws Exception {
            long before = ok("/api/v1/clusters/demo/snapshots?limit=1").json().get("total").asLong();
            Answer started = api.post("/api/v1/clusters/demo/snapshots");
            assertEquals(202, started.status(), started::toString);
            assertEquals("demo", started.json().get("cluster").asText());
            assertEquals("running", started.json().get("status").asText());
            String poll = started.json().get("poll").asText();
            assertEquals("/api/v1/clusters/demo/snapshots?limit=1", poll);
            JsonNode page = null;
            for (int i = 0; i < 200; i++) {
                page = ok(poll).json();
                if (page.get("total").asLong() > before) {
                    break;
                }
                Thread.sleep(50);
            }
            assertEquals(before + 1, page.get("total").asLong(), page::toString);
            assertEquals("complete", page.get("items").get(0).get("status").asText());
        }

        @Test
        void aSnapshotWhileOneRunsIs409() throws Exception {
            SnapshotStore store = server.getApplicationContext().getBean(SnapshotStore.class);
            // another replica holds the cluster's lock
            Answer answer = store.exclusively("snapshot/shop", () -> api.post("/api/v1/clusters/shop/snapshots?wait=true"))
                    .orElseThrow();
            JsonNode p = problem(answer, 409);
            assertTrue(p.get("detail").asText().contains("already running"), p::toString);
        }
    }

    @Nested
    class Content {
        @Test
        void policyReportsAreWhatTheCliWritesForTheSameManifests() throws Exception {
            Answer answer = ok(snapshotPath("shop", shop) + "/policyreports");
            JsonNode served = answer.json();
            assertEquals("List", served.get("kind").asText());
            java.io.StringWriter out = new java.io.StringWriter();
            int exit = dev.netpolauditor.cli.Cli.commandLine(new java.io.PrintWriter(out),
                    new java.io.PrintWriter(new java.io.StringWriter())).execute("audit", "--manifests",
                    shopDir.toString(), "--format", "policyreport");
            assertEquals(0, exit);
            com.fasterxml.jackson.databind.node.ArrayNode written = new ObjectMapper().createArrayNode();
            for (Object document : new org.yaml.snakeyaml.Yaml().loadAll(out.toString())) {
                written.add(new ObjectMapper().valueToTree(document));
            }
            com.fasterxml.jackson.databind.node.ArrayNode items = (com.fasterxml.jackson.databind.node.ArrayNode)
                    served.get("items");
            for (JsonNode report : List.of(items, written)) {
                report.forEach(r -> r.get("results").forEach(result ->
                        ((com.fasterxml.jackson.databind.node.ObjectNode) result).remove("timestamp")));
            }
            assertEquals(written, items);
            assertTrue(items.size() >= 3, "a ClusterPolicyReport and one PolicyReport per namespace");
        }

        @Test
        void objectsNameTheEndpointTheyAreOrBelongTo() throws Exception {
            JsonNode items = ok(snapshotPath("live", live) + "/objects?limit=1000").json().get("items");
            Map<String, String> endpoints = new TreeMap<>();
            for (JsonNode o : items) {
                endpoints.put(o.get("kind").asText() + " " + o.get("name").asText(),
                        o.get("endpoint").isNull() ? null : o.get("endpoint").asText());
            }
            Map<String, String> expected = new TreeMap<>();
            expected.put("Deployment web", "shop/web[Deployment]");
            expected.put("Namespace shop", null);
            expected.put("Pod debug", "shop/debug");
            expected.put("Pod web-7c9f-a", "shop/web[Deployment]");
            expected.put("Pod web-7c9f-b", "shop/web[Deployment]");
            expected.put("Pod web-7c9f-c", null);
            expected.put("ReplicaSet web-7c9f", "shop/web[Deployment]");
            assertEquals(expected, endpoints);
            assertEquals(2, ok(snapshotPath("live", live)).json().get("analysis").get("endpoints").asInt(),
                    "the Deployment and the pod of its own: not its pods, not its ReplicaSet");
        }

        @Test
        void objectsWithTheirCanonicalContentFilteredAndPaged() throws Exception {
            String path = snapshotPath("shop", shop) + "/objects";
            JsonNode all = ok(path + "?limit=1000").json();
            assertEquals(10, all.get("total").asInt());
            JsonNode pods = ok(path + "?kind=Pod").json();
            assertEquals(4, pods.get("total").asInt());
            JsonNode books = ok(path + "?kind=Pod&namespace=ledger&name=books").json();
            assertEquals(1, books.get("total").asInt());
            JsonNode object = books.get("items").get(0);
            assertEquals("Pod", object.get("kind").asText());
            assertTrue(object.get("content").isObject(), object::toString);
            assertEquals("books", object.get("content").get("metadata").get("name").asText());
            assertEquals(5432, object.get("content").get("spec").get("ports").get(0).get("containerPort").asInt());
            assertTrue(object.get("sha256").asText().matches("[0-9a-f]{64}"));

            JsonNode page = ok(path + "?kind=Pod&limit=2&offset=1").json();
            assertEquals(4, page.get("total").asInt());
            assertEquals(List.of(pods.get("items").get(1), pods.get("items").get(2)),
                    List.of(page.get("items").get(0), page.get("items").get(1)));
            assertEquals(0, ok(path + "?namespace=elsewhere").json().get("total").asInt());
        }

        @Test
        void findingsAreTheAuditsAndFilterByTenantSeverityRuleNamespaceAndStatus() throws Exception {
            AuditReport report = audit(ManifestReader.read(shopDir));
            String path = snapshotPath("shop", shop) + "/findings";
            JsonNode all = ok(path + "?limit=1000").json();
            assertEquals(report.findings().size(), all.get("total").asInt());
            assertEquals(findingKeys(report), findingKeys(all.get("items")));

            JsonNode retail = ok(path + "?tenant=retail&limit=1000").json();
            List<String> expected = new ArrayList<>();
            all.get("items").forEach(f -> {
                if (Set.of("shop-a", "shop-b").contains(f.get("namespace").asText(""))) {
                    expected.add(f.get("subject").asText() + "|" + f.get("rule").asText());
                }
            });
            List<String> actual = new ArrayList<>();
            retail.get("items").forEach(f -> {
                assertEquals("retail", f.get("tenant").asText());
                actual.add(f.get("subject").asText() + "|" + f.get("rule").asText());
            });
            assertFalse(expected.isEmpty());
            assertEquals(expected, actual);

            for (Severity severity : Severity.values()) {
                long count = report.findings().stream().filter(f -> f.finding().severity() == severity).count();
                assertEquals(count, ok(path + "?severity=" + severity.wireName()).json().get("total").asLong());
            }
            String rule = report.findings().getFirst().finding().rule();
            long ofRule = report.findings().stream().filter(f -> f.finding().rule().equals(rule)).count();
            JsonNode byRule = ok(path + "?rule=" + rule).json();
            assertEquals(ofRule, byRule.get("total").asLong());
            byRule.get("items").forEach(f -> assertEquals(rule, f.get("rule").asText()));
            long inLedger = report.findings().stream().filter(f -> "ledger".equals(f.finding().namespace())).count();
            assertEquals(inLedger, ok(path + "?namespace=ledger").json().get("total").asLong());
            assertEquals(report.findings().size(), ok(path + "?status=open").json().get("total").asInt());
            assertEquals(0, ok(path + "?status=excepted").json().get("total").asInt());

            JsonNode page = ok(path + "?limit=2&offset=1").json();
            assertEquals(findingKeys(all.get("items")).subList(1, 3), findingKeys(page.get("items")));
        }

        @Test
        void coverageByScope() throws Exception {
            AuditReport report = audit(ManifestReader.read(shopDir));
            String path = snapshotPath("shop", shop) + "/coverage";
            JsonNode all = ok(path).json();
            assertEquals(1 + report.coverage().namespaces().size() + report.coverage().tenants().size(), all.size());
            JsonNode cluster = ok(path + "?scope=cluster").json();
            assertEquals(1, cluster.size());
            assertEquals(report.coverage().cluster().endpoints(), cluster.get(0).get("endpoints").asLong());
            assertEquals(report.coverage().cluster().ingressIsolated(),
                    cluster.get(0).get("ingressIsolated").asLong());
            JsonNode tenants = ok(path + "?scope=tenant").json();
            Set<String> scopes = new TreeSet<>();
            tenants.forEach(t -> {
                assertEquals("tenant", t.get("scopeKind").asText());
                scopes.add(t.get("scope").asText());
            });
            assertEquals(Set.of("finance", "platform", "retail"), scopes);
        }

        @Test
        void theTenantMatrixAndWhoIsWhichTenant() throws Exception {
            AuditReport report = audit(ManifestReader.read(shopDir));
            JsonNode tenants = ok(snapshotPath("shop", shop) + "/tenants").json();
            assertEquals(JSON.valueToTree(Map.of("shop-a", "retail", "shop-b", "retail", "ledger", "finance",
                    "kube-system", "platform")), tenants.get("namespaceTenants"));
            assertEquals(report.tenants().cells().size(), tenants.get("cells").size());
            Set<String> pairs = new TreeSet<>();
            tenants.get("cells").forEach(c -> pairs.add(c.get("fromTenant").asText() + "->" + c.get("toTenant").asText()
                    + " " + c.get("ports").asText()));
            Set<String> expected = new TreeSet<>();
            report.tenants().cells().forEach(c -> expected.add(c.from() + "->" + c.to() + " " + c.ports()));
            assertEquals(expected, pairs);

            JsonNode fromRetail = ok(snapshotPath("shop", shop) + "/tenants?from=retail").json().get("cells");
            assertEquals(report.tenants().cells().stream().filter(c -> c.from().equals("retail")).count(),
                    fromRetail.size());
            fromRetail.forEach(c -> assertEquals("retail", c.get("fromTenant").asText()));
        }

        @Test
        void aCellWithItsNamespacePairsAsTheAuditCountedThem() throws Exception {
            AuditReport report = audit(ManifestReader.read(shopDir));
            for (TenantMatrix.Cell expected : report.tenants().cells()) {
                JsonNode cell = ok(snapshotPath("shop", shop) + "/tenants/" + expected.from() + "/" + expected.to())
                        .json();
                assertEquals(expected.endpointPairs(), cell.get("cell").get("endpointPairs").asLong());
                assertEquals(expected.namespacePairs().size(), cell.get("cell").get("namespacePairCount").asInt());
                List<String> want = expected.namespacePairs().stream()
                        .map(p -> p.from() + "->" + p.to() + " " + p.endpointPairs() + " " + p.ports()).toList();
                List<String> got = new ArrayList<>();
                cell.get("namespacePairs").forEach(p -> got.add(p.get("from").asText() + "->" + p.get("to").asText()
                        + " " + p.get("endpointPairs").asLong() + " " + p.get("ports").asText()));
                assertEquals(want, got, expected.from() + "->" + expected.to());
            }
            JsonNode unknown = problem(api.get(snapshotPath("shop", shop) + "/tenants/retail/nobody"), 404);
            assertTrue(unknown.get("detail").asText().contains("no tenant 'nobody'"), unknown.toString());
        }
    }

    @Nested
    class Connectivity {
        private static final String FROM = "prod/api[Deployment]";
        private static final String TO = "prod/db[StatefulSet]";

        private String connectivity(String snapshot, String query) {
            return "/api/v1/clusters/evolving/snapshots/" + snapshot + "/connectivity?" + query;
        }

        @Test
        void theAnswerIsExplainsJson() throws Exception {
            // a stored snapshot lists each kind by namespace and name (as the Kubernetes API does), and
            // explain names policies in input order: compare with the demo in that order
            CompiledCluster compiled = CompiledCluster.compile(ClusterStates.sorted(ManifestReader.read(DEMO)));
            Endpoint from = compiled.endpoint(FROM).orElseThrow();
            Endpoint to = compiled.endpoint(TO).orElseThrow();
            String query = "from=" + ApiClient.encode(FROM) + "&to=" + ApiClient.encode(TO);

            JsonNode onPort = ok(connectivity(evolvingBefore.get("id").asText(), query + "&port=3306")).json();
            assertEquals(JSON.readTree(ExplanationJson.text(compiled.explain(from, to), Protocol.TCP, 3306)), onPort);
            assertEquals("allowed", onPort.get("verdict").asText());
            assertTrue(compiled.explain(from, to, Protocol.TCP, 3306).allowed());
            assertEquals(List.of("prod/db-from-api-and-backup", "prod/default-deny-ingress"),
                    JSON.convertValue(onPort.get("ingress").get("isolatingPolicies"), List.class));

            JsonNode refused = ok(connectivity("latest", query + "&port=80&protocol=TCP")).json();
            assertEquals("refused", refused.get("verdict").asText());
            assertFalse(compiled.explain(from, to, Protocol.TCP, 80).allowed());

            JsonNode allPorts = ok(connectivity("latest", query)).json();
            assertEquals(JSON.readTree(ExplanationJson.text(compiled.explain(from, to), Protocol.TCP, null)), allPorts);
            assertFalse(allPorts.has("verdict"));

            JsonNode fromIp = ok(connectivity("latest", "from=" + ApiClient.encode("ip:10.9.198.2") + "&to="
                    + ApiClient.encode(TO) + "&port=3306")).json();
            assertEquals("allowed", fromIp.get("verdict").asText());
            assertFalse(fromIp.get("egress").get("applicable").asBoolean());
        }

        @Test
        void eachSnapshotAnswersForItsOwnObjects() throws Exception {
            // staging's api is open before the deny-all policy and closed after it
            String query = "from=" + ApiClient.encode("prod/web[Deployment]") + "&to="
                    + ApiClient.encode("staging/api[Deployment]") + "&port=8080";
            assertEquals("allowed", ok(connectivity(evolvingBefore.get("id").asText(), query)).json()
                    .get("verdict").asText());
            assertEquals("refused", ok(connectivity("latest", query)).json().get("verdict").asText());
            assertEquals("allowed", ok(connectivity("latest", query + "&at="
                    + ApiClient.encode(evolvingBefore.get("startedAt").asText()))).json().get("verdict").asText());
        }

        @Test
        void badQuestionsAreProblems() throws Exception {
            String to = "&to=" + ApiClient.encode(TO);
            JsonNode missing = problem(api.get(connectivity("latest", "to=" + ApiClient.encode(TO))), 400);
            assertTrue(missing.get("detail").asText().startsWith("from is required"), missing::toString);
            problem(api.get(connectivity("latest", "from=" + ApiClient.encode(FROM))), 400);
            JsonNode unknown = problem(api.get(connectivity("latest", "from=prod/ap" + to)), 404);
            assertTrue(unknown.get("detail").asText().contains("did you mean prod/api[Deployment]"), unknown::toString);
            problem(api.get(connectivity("latest", "from=ip:nonsense" + to)), 400);
            problem(api.get(connectivity("latest", "from=" + ApiClient.encode(TO) + to)), 400);
            JsonNode port = problem(api.get(connectivity("latest", "from=" + ApiClient.encode(FROM) + to
                    + "&port=70000")), 400);
            assertTrue(port.get("detail").asText().contains("1-65535"), port::toString);
            problem(api.get(connectivity("latest", "from=" + ApiClient.encode(FROM) + to + "&port=http")), 400);
            JsonNode protocol = problem(api.get(connectivity("latest", "from=" + ApiClient.encode(FROM) + to
                    + "&port=80&protocol=tcp")), 400);
            assertTrue(protocol.get("detail").asText().contains("TCP, UDP or SCTP"), protocol::toString);
        }
    }

    @Nested
    class Problems {
        @Test
        void badParametersAre400WithWhatIsAccepted() throws Exception {
            String snapshots = "/api/v1/clusters/shop/snapshots";
            Map<String, String> cases = new TreeMap<>();
            cases.put(snapshots + "?limit=0", "1 to 1000");
            cases.put(snapshots + "?limit=1001", "1 to 1000");
            cases.put(snapshots + "?limit=many", "not a whole number");
            cases.put(snapshots + "?offset=-1", "0 or more");
            cases.put(snapshots + "?from=yesterday", "ISO-8601");
            cases.put(snapshots + "?from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z", "is after");
            cases.put(snapshots + "?status=ok", "complete, failed");
            cases.put(snapshots + "/latest?at=noon", "ISO-8601");
            cases.put(snapshots + "/last", "numeric id, or 'latest'");
            cases.put(snapshots + "/" + shop.get("id").asLong() + "?at=2026-03-01T00:00:00Z", "only with 'latest'");
            cases.put(snapshots + "/latest/findings?severity=urgent", "high, medium, low, info");
            cases.put(snapshots + "/latest/findings?status=closed", "open, excepted, exception_expired");
            cases.put(snapshots + "/latest/findings?rule=NP999", "no such rule");
            cases.put(snapshots + "/latest/coverage?scope=pod", "cluster, namespace, tenant");
            cases.put(snapshots + "/latest/objects?kind=Service", "Namespace, Pod, NetworkPolicy");
            cases.forEach((path, says) -> {
                JsonNode p = problem(api.get(path), 400);
                assertEquals("urn:netpol-auditor:problem:bad-parameter", p.get("type").asText());
                assertTrue(p.get("detail").asText().contains(says), () -> path + ": " + p);
            });
            problem(api.post("/api/v1/clusters/shop/snapshots?wait=maybe"), 400);
        }

        @Test
        void unmatchedRoutesAndMethodsAreProblemsToo() throws Exception {
            JsonNode p = problem(api.get("/api/v1/nothing-here"), 404);
            assertEquals("about:blank", p.get("type").asText());
            assertEquals("Not Found", p.get("title").asText());
            assertTrue(p.get("detail").asText().contains("/api/v1/nothing-here"), p::toString);
            JsonNode method = problem(api.delete("/api/v1/clusters"), 405);
            assertNotNull(method.get("detail"));
        }
    }

    @Nested
    class OpenApi {
        @Test
        void theDocumentIsServedAndDescribesEveryApiPath() throws Exception {
            Answer answer = api.get("/openapi/netpol-auditor-0.1.0.yml");
            assertEquals(200, answer.status(), answer::toString);
            assertTrue(answer.text().contains("title: netpol-auditor"));
            Set<String> routes = new TreeSet<>();
            server.getApplicationContext().getBean(Router.class).uriRoutes().forEach(r -> {
                String path = r.getUriMatchTemplate().toPathString();
                if (path.startsWith("/api/v1")) {
                    routes.add(path);
                }
            });
            // 13 for clusters and snapshots (with the settings of their analysis and their re-analyses), 3 for
            // history (trend, lifecycle, diff), 3 for API tokens and the audit log, 3 report downloads, 3 change
            // report downloads, 4 for stored reports, 3 for subscriptions (with their deliveries), 1 for
            // PolicyReports, 5 each for the exceptions and the justifications managed in the service, 1 for
            // what a cluster's compliance workflow tracks, 2 for its periodic reviews, 3 period report downloads
            assertEquals(49, routes.size(), routes::toString);
            for (String route : routes) {
                assertTrue(answer.text().contains("\n  " + route + ":\n"), () -> route + " missing from the document");
            }
            assertNotEquals(-1, answer.text().indexOf("application/problem+json"));
        }
    }
}
