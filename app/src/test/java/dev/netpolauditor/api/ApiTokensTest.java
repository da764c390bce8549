package dev.netpolauditor.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netpolauditor.api.ApiClient.Answer;
import dev.netpolauditor.store.Database;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * API tokens from first start to revocation, and the audit log they leave: the token printed
 * once at first start, a fixed admin token from the settings, tokens created (their text shown
 * once), listed (never their text), used and revoked; the audit log appended to and never
 * rewritten, not even by the database's owner.
 */
class ApiTokensTest {
    private static final Pattern PRINTED = Pattern.compile(
            "netpol-auditor: admin API token \\(shown once\\): (npa_[A-Za-z0-9_-]{43})");

    @TempDir
    Path tmp;

    private static Map<String, Object> properties(Path dataDir) {
        Map<String, Object> p = new HashMap<>();
        p.put("micronaut.server.port", -1);
        p.put("netpol-auditor.database.embedded-data-dir", dataDir.toString());
        p.put("netpol-auditor.scheduler.enabled", "false");
        p.put("netpol-auditor.clusters.demo.manifests", "classpath:examples/web-api-db");
        return p;
    }

    /** Starts the service; returns it and what it wrote to stderr meanwhile. */
    private static Started start(Map<String, Object> properties) {
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, properties);
            return new Started(server, captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(stderr);
        }
    }

    private record Started(EmbeddedServer server, String stderr) implements AutoCloseable {
        ApiClient api(String token) {
            return new ApiClient(server.getURI(), token);
        }

        List<String> printedTokens() {
            List<String> out = new ArrayList<>();
            Matcher m = PRINTED.matcher(stderr);
            while (m.find()) {
                out.add(m.group(1));
            }
            return out;
        }

        <T> T sql(SqlWork<T> work) throws SQLException {
            try (Connection c = server.getApplicationContext().getBean(Database.class).dataSource().getConnection();
                    Statement s = c.createStatement()) {
                return work.run(s);
            }
        }

        @Override
        public void close() {
            server.getApplicationContext().close();
        }
    }

    @FunctionalInterface
    private interface SqlWork<T> {
        T run(Statement s) throws SQLException;
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void firstStartPrintsOneAdminTokenOnceAndARestartPrintsNothing() throws Exception {
        Path data = tmp.resolve("postgres");
        String printed;
        try (Started first = start(properties(data))) {
            List<String> tokens = first.printedTokens();
            assertEquals(1, tokens.size(), first.stderr());
            printed = tokens.getFirst();
            assertEquals(200, first.api(printed).get("/api/v1/tokens").status(), "the printed token is an admin's");
            String hash = sha256(printed);
            assertEquals(1L, (long) first.sql(s -> count(s, "SELECT count(*) FROM api_token WHERE role = 'admin'"
                    + " AND created_by = 'bootstrap' AND hash = '" + hash + "'")), "stored as its hash");
            assertEquals(1L, (long) first.sql(s -> count(s, "SELECT count(*) FROM api_token")));
        }
        try (Started again = start(properties(data))) {
            assertEquals(List.of(), again.printedTokens(), again.stderr());
            assertFalse(again.stderr().contains("npa_"), again.stderr());
            assertEquals(200, again.api(printed).get("/api/v1/clusters").status());
        }
    }

    @Test
    void aFixedAdminTokenIsStoredAsItsHashAndNothingIsPrinted() throws Exception {
        try (Started service = start(ApiClient.withAdminToken(properties(tmp.resolve("postgres"))))) {
            assertEquals(List.of(), service.printedTokens(), service.stderr());
            assertFalse(service.stderr().contains("npa_"), service.stderr());
            assertEquals(200, service.api(ApiClient.ADMIN_TOKEN).get("/api/v1/tokens").status());
            String hash = sha256(ApiClient.ADMIN_TOKEN);
            assertEquals(1L, (long) service.sql(s -> count(s, "SELECT count(*) FROM api_token WHERE hash = '" + hash
                    + "' AND role = 'admin' AND created_by = 'NETPOL_AUDITOR_ADMIN_TOKEN' AND revoked_at IS NULL")));
        }
    }

    @Test
    void prometheusNeedsAViewerUnlessOpenedForScraping() throws Exception {
        Map<String, Object> p = ApiClient.withAdminToken(properties(tmp.resolve("postgres")));
        try (Started closed = start(p)) {
            assertEquals(401, closed.api(null).get("/prometheus", "text/plain").status());
            assertEquals(200, closed.api(ApiClient.ADMIN_TOKEN).get("/prometheus", "text/plain").status());
        }
        p.put("netpol-auditor.auth.prometheus-anonymous", "true");
        try (Started open = start(p)) {
            Answer scraped = open.api(null).get("/prometheus", "text/plain");
            assertEquals(200, scraped.status(), scraped::toString);
            assertTrue(scraped.text().contains("jvm_"), "metrics in the exposition format");
            assertEquals(401, open.api(null).get("/api/v1/clusters").status(), "nothing else opens with it");
        }
    }

    @Test
    void aMalformedFixedAdminTokenStopsTheStartWithoutShowingIt() {
        Map<String, Object> p = properties(tmp.resolve("postgres"));
        p.put("netpol-auditor.auth.admin-token", "hunter2-is-not-a-token");
        RuntimeException e = assertThrows(RuntimeException.class, () -> start(p).close());
        String messages = chain(e);
        assertTrue(messages.contains("must start with npa_"), messages);
        assertFalse(messages.contains("hunter2"), messages);
    }

    @Test
    void tokensAreCreatedShownOnceListedUsedAndRevoked() throws Exception {
        try (Started service = start(ApiClient.withAdminToken(properties(tmp.resolve("postgres"))))) {
            ApiClient admin = service.api(ApiClient.ADMIN_TOKEN);

            Answer created = admin.post("/api/v1/tokens", "{\"name\": \"ci pipeline\", \"role\": \"viewer\"}");
            assertEquals(201, created.status(), created::toString);
            String token = created.json().get("token").asText();
            long id = created.json().get("id").asLong();
            assertTrue(token.matches("npa_[A-Za-z0-9_-]{43}"), token);
            assertEquals("/api/v1/tokens/" + id, created.location());
            assertEquals("viewer", created.json().get("role").asText());

            Answer listed = admin.get("/api/v1/tokens");
            assertEquals(200, listed.status());
            assertFalse(listed.text().contains(token), "the list never shows a token's text");
            assertFalse(listed.text().contains(sha256(token)), "nor its hash");
            JsonNode entry = find(listed.json(), id);
            assertEquals("ci pipeline", entry.get("name").asText());
            assertNull(entry.get("token"));
            assertTrue(entry.get("revokedAt").isNull());
            assertTrue(entry.get("lastUsedAt").isNull());

            ApiClient viewer = service.api(token);
            assertEquals(200, viewer.get("/api/v1/clusters").status());
            assertTrue(find(admin.get("/api/v1/tokens").json(), id).get("lastUsedAt").isTextual(), "use is noted");
            Answer refused = viewer.post("/api/v1/tokens", "{\"name\": \"escalate\", \"role\": \"admin\"}");
            assertEquals(403, refused.status(), refused::toString);
            assertEquals(403, viewer.delete("/api/v1/tokens/" + id).status());

            assertEquals(204, admin.delete("/api/v1/tokens/" + id).status());
            Answer afterRevoke = viewer.get("/api/v1/clusters");
            assertEquals(401, afterRevoke.status(), "a revoked token authenticates nobody, at once");
            assertTrue(find(admin.get("/api/v1/tokens").json(), id).get("revokedAt").isTextual());
            assertEquals(204, admin.delete("/api/v1/tokens/" + id).status(), "revoking again changes nothing");
            assertEquals(404, admin.delete("/api/v1/tokens/424242").status());

            for (String body : List.of("{\"name\": \"x\", \"role\": \"root\"}", "{\"role\": \"viewer\"}",
                    "{\"name\": \"" + "n".repeat(101) + "\", \"role\": \"viewer\"}", "not json")) {
                Answer bad = admin.post("/api/v1/tokens", body);
                assertEquals(400, bad.status(), () -> body + ": " + bad);
                assertTrue(bad.contentType().startsWith(Problem.MEDIA_TYPE), bad::toString);
            }
        }
    }

    @Test
    void tokenChangesAndManualSnapshotsAreAuditedAndTheLogCannotBeRewritten() throws Exception {
        try (Started service = start(ApiClient.withAdminToken(properties(tmp.resolve("postgres"))))) {
            ApiClient admin = service.api(ApiClient.ADMIN_TOKEN);
            long id = admin.post("/api/v1/tokens", "{\"name\": \"auditor bot\", \"role\": \"auditor\"}").json()
                    .get("id").asLong();
            assertEquals(204, admin.delete("/api/v1/tokens/" + id).status());
            assertEquals(201, admin.post("/api/v1/clusters/demo/snapshots?wait=true").status());

            Answer log = admin.get("/api/v1/audit-log?limit=10");
            assertEquals(200, log.status(), log::toString);
            JsonNode items = log.json().get("items");
            List<String> actions = new ArrayList<>();
            items.forEach(e -> actions.add(e.get("action").asText() + " " + e.get("target").asText()));
            // newest first; the fixed admin token's own creation is the oldest
            assertEquals(List.of("snapshot.triggered cluster:demo", "token.revoked token:" + id,
                    "token.created token:" + id), actions.subList(0, 3));
            String actor = items.get(0).get("actor").asText();
            assertTrue(actor.matches("token:\\d+:admin \\(NETPOL_AUDITOR_ADMIN_TOKEN\\)"), actor);
            assertEquals(actor, items.get(1).get("actor").asText());
            assertEquals("auditor", items.get(2).get("detail").get("role").asText());
            assertEquals(true, items.get(0).get("detail").get("wait").asBoolean());
            assertEquals(4, log.json().get("total").asInt());
            assertEquals(401, service.api(null).get("/api/v1/audit-log").status());

            for (String statement : List.of("UPDATE audit_log SET actor = 'someone else'", "DELETE FROM audit_log",
                    "TRUNCATE audit_log")) {
                SQLException e = assertThrows(SQLException.class, () -> service.sql(s -> s.execute(statement)),
                        statement);
                assertTrue(e.getMessage().contains("append-only"), e::getMessage);
            }
            assertEquals(4L, (long) service.sql(s -> count(s, "SELECT count(*) FROM audit_log")));
        }
    }

    private static JsonNode find(JsonNode tokens, long id) {
        for (JsonNode t : tokens) {
            if (t.get("id").asLong() == id) {
                return t;
            }
        }
        throw new AssertionError("no token " + id + " in " + tokens);
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    private static String chain(Throwable e) {
        StringBuilder out = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            out.append(t.getMessage()).append('\n');
        }
        return out.toString();
    }
}
