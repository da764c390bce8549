package dev.netpolauditor.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import dev.netpolauditor.api.ApiClient.Answer;
import dev.netpolauditor.store.Database;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When the database stops accepting connections, the API answers 503 with a problem document
 * (after the pool's connection timeout, shortened here), never a stack trace.
 */
class DatabaseUnavailableTest {
    @TempDir
    static Path tmp;

    private static EmbeddedServer server;

    @BeforeAll
    static void startService() {
        server = ApplicationContext.run(EmbeddedServer.class, ApiClient.withAdminToken(Map.of(
                "micronaut.server.port", -1,
                "netpol-auditor.database.embedded-data-dir", tmp.resolve("postgres").toString(),
                "netpol-auditor.scheduler.enabled", "false",
                // the pool gives up on a connection after this; the default (10 s) is for production
                "netpol-auditor.database.connect-timeout", "1s")));
    }

    @AfterAll
    static void stopService() {
        if (server != null) {
            server.getApplicationContext().close();
        }
    }

    @Test
    void aDatabaseThatRefusesConnectionsGives503() throws Exception {
        ApiClient api = new ApiClient(server.getURI(), ApiClient.ADMIN_TOKEN);
        assertEquals(200, api.get("/api/v1/clusters").status());

        HikariDataSource pool = (HikariDataSource) server.getApplicationContext().getBean(Database.class).dataSource();
        String url;
        try (Connection c = pool.getConnection()) {
            url = c.getMetaData().getURL();
        }
        // from another database: PostgreSQL will not close the one a session is connected to
        String template1 = url.replaceFirst("/postgres(\\?|$)", "/template1$1");
        // with the service's own credentials: the embedded database lets nobody else in
        try (Connection c = DriverManager.getConnection(template1, pool.getUsername(), pool.getPassword());
                Statement s = c.createStatement()) {
            s.execute("ALTER DATABASE postgres ALLOW_CONNECTIONS false");
            s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    + " WHERE datname = 'postgres'");
        }
        pool.getHikariPoolMXBean().softEvictConnections();

        Answer answer = api.get("/api/v1/clusters/demo/snapshots");
        assertEquals(503, answer.status(), answer::toString);
        assertTrue(answer.contentType().startsWith("application/problem+json"), answer::toString);
        assertEquals("urn:netpol-auditor:problem:database-unavailable", answer.json().get("type").asText());
        assertTrue(answer.json().get("detail").asText().contains("database cannot be reached"), answer::toString);
        assertFalse(answer.text().contains("Exception"), answer::toString);
    }
}
