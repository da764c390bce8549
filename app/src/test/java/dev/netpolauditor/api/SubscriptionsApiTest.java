package dev.netpolauditor.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netpolauditor.api.ApiClient.Answer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Subscriptions through the API: created, validated, replaced, deleted, each change in the audit log. */
class SubscriptionsApiTest {
    private static final String VALID = """
            {"cluster": "demo", "recipients": ["secops@example.com", "Audit.Team+nw@corp.example.org"],
             "scope": {"type": "namespaces", "values": ["web", "db"]},
             "schedule": "0 8 * * MON", "timeZone": "Europe/Berlin"}""";

    @TempDir
    static Path tmp;

    private static EmbeddedServer server;
    private static ApiClient api;

    @BeforeAll
    static void startService() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("micronaut.server.port", -1);
        properties.put("netpol-auditor.database.embedded-data-dir", tmp.resolve("postgres").toString());
        properties.put("netpol-auditor.scheduler.enabled", "false");
        properties.put("netpol-auditor.clusters.demo.manifests", "classpath:examples/web-api-db");
        server = ApplicationContext.run(EmbeddedServer.class, ApiClient.withAdminToken(properties));
        api = new ApiClient(server.getURI(), ApiClient.ADMIN_TOKEN);
    }

    @AfterAll
    static void stopService() {
        if (server != null) {
            server.getApplicationContext().close();
        }
    }

    private static List<String> auditActions(String target) {
        JsonNode items = api.get("/api/v1/audit-log?limit=1000").json().get("items");
        return StreamSupport.stream(items.spliterator(), false)
                .filter(e -> e.get("target").asText().equals(target)).map(e -> e.get("action").asText()).toList();
    }

    @Test
    void aSubscriptionIsCreatedReplacedAndDeletedAndEachChangeIsAudited() {
        Answer created = api.post("/api/v1/subscriptions", VALID);
        assertEquals(201, created.status(), created::toString);
        JsonNode s = created.json();
        long id = s.get("id").asLong();
        assertEquals("/api/v1/subscriptions/" + id, created.location());
        assertEquals("xlsx", s.get("format").asText(), "xlsx by default");
        assertEquals("compliance", s.get("kind").asText());
        assertTrue(s.get("enabled").asBoolean());
        assertEquals("namespaces", s.get("scope").get("type").asText());
        ZonedDateTime next = Instant.parse(s.get("nextRun").asText()).atZone(ZoneId.of("Europe/Berlin"));
        assertEquals(DayOfWeek.MONDAY, next.getDayOfWeek());
        assertEquals(8, next.getHour(), "08:00 Berlin time, whatever the offset: " + next);
        assertTrue(next.toInstant().isAfter(Instant.now()));

        assertEquals(1, api.get("/api/v1/subscriptions").json().size());
        Answer replaced = api.send("PUT", "/api/v1/subscriptions/" + id, VALID.replace("\"timeZone\"",
                "\"enabled\": false, \"format\": \"csv\", \"timeZone\""));
        assertEquals(200, replaced.status(), replaced::toString);
        assertEquals("csv", replaced.json().get("format").asText());
        assertTrue(replaced.json().get("nextRun").isNull(), "a disabled subscription is never due");
        assertEquals(204, api.delete("/api/v1/subscriptions/" + id).status());
        assertEquals(404, api.get("/api/v1/subscriptions/" + id).status());
        assertEquals(404, api.delete("/api/v1/subscriptions/" + id).status());
        assertEquals(List.of("subscription.deleted", "subscription.updated", "subscription.created"),
                auditActions("subscription:" + id));
    }

    @Test
    void invalidSubscriptionsAreProblems() {
        Map<String, String> invalid = Map.of(
                "bad cron", VALID.replace("0 8 * * MON", "0 8 * MON"),
                "bad cron field", VALID.replace("0 8 * * MON", "0 25 * * MON"),
                "bad zone", VALID.replace("Europe/Berlin", "Europe/Atlantis"),
                "offset instead of a zone", VALID.replace("Europe/Berlin", "+02:00"),
                "bad address", VALID.replace("secops@example.com", "secops.example.com"),
                "no recipients", VALID.replace("\"secops@example.com\", \"Audit.Team+nw@corp.example.org\"", ""),
                "unknown cluster", VALID.replace("\"demo\"", "\"nowhere\""),
                "scope without values", VALID.replace("[\"web\", \"db\"]", "[]"),
                "bad format", VALID.replace("\"timeZone\"", "\"format\": \"pdf\", \"timeZone\""),
                "no body", "");
        invalid.forEach((why, body) -> {
            Answer answer = api.post("/api/v1/subscriptions", body);
            assertEquals(400, answer.status(), () -> why + ": " + answer);
            assertTrue(answer.contentType().startsWith(Problem.MEDIA_TYPE), () -> why + ": " + answer);
        });
        assertEquals(0, api.get("/api/v1/subscriptions").json().size());
    }
}
