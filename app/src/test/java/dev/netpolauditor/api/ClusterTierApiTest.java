package dev.netpolauditor.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netpolauditor.api.ApiClient.Answer;
import dev.netpolauditor.report.AuditFixture;
import dev.netpolauditor.report.ClusterTierPolicyRowsTest;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cluster-tier policies through the running service: a snapshot stores them as objects of their
 * kind, the objects route filters by those kinds, and the compliance report lists them.
 */
class ClusterTierApiTest {
    @TempDir
    static Path tmp;

    private static EmbeddedServer server;
    private static ApiClient api;
    private static String snapshot;

    @BeforeAll
    static void startService() throws Exception {
        Path dir = AuditFixture.writeCluster(tmp.resolve("tiered"));
        Files.writeString(dir.resolve("tiers.yaml"), ClusterTierPolicyRowsTest.TIERS);
        Map<String, Object> properties = new HashMap<>();
        properties.put("micronaut.server.port", -1);
        properties.put("netpol-auditor.database.embedded-data-dir", tmp.resolve("postgres").toString());
        properties.put("netpol-auditor.scheduler.enabled", "false");
        properties.put("netpol-auditor.clusters.tiered.manifests", dir.toString());
        server = ApplicationContext.run(EmbeddedServer.class, ApiClient.withAdminToken(properties));
        api = new ApiClient(server.getURI(), ApiClient.ADMIN_TOKEN);
        Answer taken = api.post("/api/v1/clusters/tiered/snapshots?wait=true");
        assertEquals(201, taken.status(), taken::toString);
        snapshot = "/api/v1/clusters/tiered/snapshots/" + taken.json().get("id").asLong();
    }

    @AfterAll
    static void stopService() {
        if (server != null) {
            server.getApplicationContext().close();
        }
    }

    private static JsonNode ok(String path) {
        Answer answer = api.get(path);
        assertEquals(200, answer.status(), () -> path + ": " + answer);
        return answer.json();
    }

    private static List<String> names(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.get("items").forEach(o -> out.add(o.get("kind").asText() + " " + o.get("namespace").asText("-") + " "
                + o.get("name").asText()));
        return out;
    }

    @Test
    void theObjectsRouteFiltersByTheClusterTierKinds() {
        JsonNode cnps = ok(snapshot + "/objects?kind=ClusterNetworkPolicy");
        assertEquals(List.of("ClusterNetworkPolicy - baseline-isolation", "ClusterNetworkPolicy - tenant-walls"),
                names(cnps));
        JsonNode walls = cnps.get("items").get(1);
        assertTrue(walls.get("namespace").isNull(), walls::toString);
        assertEquals("Admin", walls.get("content").get("spec").get("tier").asText());
        assertTrue(walls.get("endpoint").isNull(), "a policy is no endpoint");
        assertEquals(List.of("AdminNetworkPolicy - dns"), names(ok(snapshot + "/objects?kind=AdminNetworkPolicy")));
        assertEquals(List.of("BaselineAdminNetworkPolicy - default"),
                names(ok(snapshot + "/objects?kind=BaselineAdminNetworkPolicy")));
        assertEquals(1, ok(snapshot + "/objects?kind=AdminNetworkPolicy&name=dns").get("total").asInt());
    }

    @Test
    void anUnknownKindNamesTheClusterTierKindsAmongTheKnownOnes() {
        Answer answer = api.get(snapshot + "/objects?kind=Service");
        assertEquals(400, answer.status(), answer::toString);
        assertTrue(answer.json().get("detail").asText().contains(
                "ClusterNetworkPolicy, AdminNetworkPolicy, BaselineAdminNetworkPolicy"), answer::toString);
    }

    @Test
    void theComplianceReportListsTheClusterTierPolicies() {
        Answer answer = api.get(snapshot + "/report.json", "application/json");
        assertEquals(200, answer.status(), answer::toString);
        List<String> rows = new ArrayList<>();
        answer.json().get("policies").forEach(p -> {
            if (!p.get("kind").asText().equals("NetworkPolicy")) {
                rows.add(p.get("kind").asText() + " " + p.get("name").asText() + " " + p.get("tier").asText() + " "
                        + p.get("priority").asText() + " " + p.get("ingressRules").asInt() + "/"
                        + p.get("egressRules").asInt());
            }
        });
        assertEquals(List.of("AdminNetworkPolicy dns Admin 5 0/1", "ClusterNetworkPolicy tenant-walls Admin 20 1/0",
                "ClusterNetworkPolicy baseline-isolation Baseline 0 1/0",
                "BaselineAdminNetworkPolicy default Baseline null 1/1"), rows);
    }
}
