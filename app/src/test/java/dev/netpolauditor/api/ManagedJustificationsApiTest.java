package dev.netpolauditor.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netpolauditor.api.ApiClient.Answer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Justifications managed in the service, end to end on the embedded PostgreSQL: tracking switched
 * on per cluster by an admin, a justification proposed for the rule as the latest snapshot has it,
 * approved by a second person only, silencing NP-JUST-001 from the next snapshot, and lapsing when
 * the rule changes; the report's Justifications sheet says so, each snapshot's as it was.
 */
class ManagedJustificationsApiTest {
    /** prod/db-from-api-and-backup ingress[0] of examples/web-api-db (hashed independently in audit-just-*). */
    private static final String DB_RULE = "23c873cd272ffc78b3f6b4d6717543bae447010d87e02956f45a825ae611a569";

    @TempDir
    static Path tmp;

    private static EmbeddedServer server;
    private static Path manifests;
    private static ApiClient admin;
    private static ApiClient alice;
    private static ApiClient bob;
    private static ApiClient viewer;

    @BeforeAll
    static void startService() throws Exception {
        manifests = Files.createDirectories(tmp.resolve("shop"));
        try (Stream<Path> files = Files.list(Path.of("../examples/web-api-db"))) {
            for (Path f : files.toList()) {
                Files.copy(f, manifests.resolve(f.getFileName()));
            }
        }
        Map<String, Object> properties = new HashMap<>();
        properties.put("micronaut.server.port", -1);
        properties.put("netpol-auditor.database.embedded-data-dir", tmp.resolve("postgres").toString());
        properties.put("netpol-auditor.scheduler.enabled", "false");
        properties.put("netpol-auditor.clusters.shop.manifests", manifests.toString());
        server = ApplicationContext.run(EmbeddedServer.class, ApiClient.withAdminToken(properties));
        admin = new ApiClient(server.getURI(), ApiClient.ADMIN_TOKEN);
        alice = admin.as(token("alice", "auditor"));
        bob = admin.as(token("bob", "auditor"));
        viewer = admin.as(token("reader", "viewer"));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.getApplicationContext().close();
        }
    }

    private static String token(String name, String role) {
        Answer created = admin.post("/api/v1/tokens", "{\"name\": \"" + name + "\", \"role\": \"" + role + "\"}");
        assertEquals(201, created.status(), created::toString);
        return created.json().get("token").asText();
    }

    private static long snapshot() {
        Answer taken = admin.post("/api/v1/clusters/shop/snapshots?wait=true");
        assertEquals(201, taken.status(), taken::toString);
        return taken.json().get("id").asLong();
    }

    /** The NP-JUST-001 findings of a snapshot, subject → detail. */
    private static Map<String, String> unjustified(long snapshot) {
        Answer found = admin.get("/api/v1/clusters/shop/snapshots/" + snapshot + "/findings?rule=NP-JUST-001");
        assertEquals(200, found.status(), found::toString);
        Map<String, String> out = new HashMap<>();
        found.json().get("items").forEach(f -> out.put(f.get("subject").asText(), f.get("detail").asText()));
        return out;
    }

    private static List<String> states(long snapshot) {
        Answer report = admin.get("/api/v1/clusters/shop/snapshots/" + snapshot + "/report.json");
        assertEquals(200, report.status(), report::toString);
        List<String> out = new ArrayList<>();
        JsonNode rows = report.json().get("justifications");
        if (rows != null) {
            rows.forEach(r -> out.add(r.get("policy").asText() + " " + r.get("rule").asText() + ": "
                    + r.get("state").asText()));
        }
        return out;
    }

    @Test
    void aJustificationCountsOnceAnotherPersonApprovedItAndLapsesWhenItsRuleChanges() throws Exception {
        long off = snapshot();
        assertEquals(Map.of(), unjustified(off), "tracking off: NP-JUST-001 never fires");

        assertEquals(403, viewer.send("PUT", "/api/v1/clusters/shop/compliance", "{\"justifications\": true}")
                .status(), "admins configure");
        assertEquals(403, alice.send("PUT", "/api/v1/clusters/shop/compliance", "{\"justifications\": true}")
                .status(), "auditors do not");
        Answer on = admin.send("PUT", "/api/v1/clusters/shop/compliance", "{\"justifications\": true}");
        assertEquals(200, on.status(), on::toString);
        assertTrue(viewer.get("/api/v1/clusters/shop/compliance").json().get("justifications").asBoolean());
        assertEquals(404, admin.send("PUT", "/api/v1/clusters/nowhere/compliance", "{}").status());

        long tracked = snapshot();
        assertEquals(List.of("prod/db-from-api-and-backup ingress[0]", "prod/web-from-anywhere ingress[0]"),
                unjustified(tracked).keySet().stream().sorted().toList());
        assertTrue(unjustified(tracked).get("prod/db-from-api-and-backup ingress[0]").contains(DB_RULE));

        // proposed for the rule as the latest snapshot has it: the service takes its hash
        Answer proposed = alice.post("/api/v1/justifications", "{\"cluster\": \"shop\", \"policy\":"
                + " \"prod/db-from-api-and-backup\", \"rule\": \"ingress[0]\", \"text\": \"The backup server restores"
                + " the database nightly.\", \"owner\": \"dba-team\"}");
        assertEquals(201, proposed.status(), proposed::toString);
        assertEquals(DB_RULE, proposed.json().get("sha256").asText());
        long id = proposed.json().get("id").asLong();
        Answer self = alice.post("/api/v1/justifications/" + id + "/approve");
        assertEquals(403, self.status(), self::toString);
        assertTrue(self.json().get("detail").asText().contains("four-eyes"), self::toString);
        assertEquals(List.of("prod/db-from-api-and-backup ingress[0]", "prod/web-from-anywhere ingress[0]"),
                unjustified(snapshot()).keySet().stream().sorted().toList(), "proposed only: nothing justified");

        assertEquals("approved", bob.post("/api/v1/justifications/" + id + "/approve").json().get("state").asText());
        long justified = snapshot();
        assertEquals(List.of("prod/web-from-anywhere ingress[0]"), List.copyOf(unjustified(justified).keySet()));
        assertEquals(List.of("prod/db-from-api-and-backup ingress[0]: in force"), states(justified));

        // the rule changes: its justification lapses in the next snapshot
        Path policies = manifests.resolve("policies.yaml");
        Files.writeString(policies, Files.readString(policies).replace("{protocol: TCP, port: 3306}",
                "{protocol: TCP, port: 3307}"));
        long changed = snapshot();
        String lapsed = unjustified(changed).get("prod/db-from-api-and-backup ingress[0]");
        assertTrue(lapsed != null && lapsed.contains("its justification lapsed: the rule changed after token:")
                && lapsed.contains(":bob approved it on"), () -> String.valueOf(lapsed));
        assertEquals(List.of("prod/db-from-api-and-backup ingress[0]: lapsed: the rule changed"), states(changed));
        assertEquals(List.of("prod/db-from-api-and-backup ingress[0]: in force"), states(justified),
                "an earlier snapshot's report shows the justification as it was then");

        // a rule that stays in its namespace needs none, and cannot be proposed without a hash
        Answer internal = alice.post("/api/v1/justifications", "{\"cluster\": \"shop\", \"policy\":"
                + " \"prod/api-from-web\", \"rule\": \"ingress[0]\", \"text\": \"t\", \"owner\": \"o\"}");
        assertEquals(400, internal.status(), internal::toString);
        assertTrue(internal.json().get("detail").asText().contains("is not an opening rule in snapshot"),
                internal::toString);
        assertEquals(400, alice.post("/api/v1/justifications", "{\"cluster\": \"shop\", \"policy\": \"db\","
                + " \"rule\": \"ingress[0]\", \"text\": \"t\", \"owner\": \"o\"}").status());
        assertEquals(400, alice.post("/api/v1/justifications", "{\"cluster\": \"shop\", \"policy\": \"prod/db\","
                + " \"rule\": \"ingress[0]\", \"sha256\": \"abc\", \"text\": \"t\", \"owner\": \"o\"}").status());

        assertEquals("revoked", alice.post("/api/v1/justifications/" + id + "/revoke").json().get("state").asText());
        assertEquals(409, bob.post("/api/v1/justifications/" + id + "/approve").status());

        admin.send("PUT", "/api/v1/clusters/shop/compliance", "{\"justifications\": false}");
        long offAgain = snapshot();
        assertEquals(Map.of(), unjustified(offAgain));
        assertEquals(List.of(), states(offAgain), "no Justifications sheet without tracking");

        List<String> trail = new ArrayList<>();
        admin.get("/api/v1/audit-log?limit=1000").json().get("items").forEach(e -> {
            if (e.get("target").asText().equals("justification:" + id)
                    || e.get("action").asText().equals("compliance.configured")) {
                trail.add(0, e.get("action").asText());
            }
        });
        assertEquals(List.of("compliance.configured", "justification.proposed", "justification.approved",
                "justification.revoked", "compliance.configured"), trail);
    }
}
