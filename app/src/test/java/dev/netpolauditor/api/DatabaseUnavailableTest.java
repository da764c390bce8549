package dev.netpolauditor.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.zaxxer.hikari.HikariDataSource;
import dev.netpolauditor.api.ApiClient.Answer;
import dev.netpolauditor.store.Database;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * When the database stops accepting connections: readiness says DOWN and the API answers 503
 * with a problem document, each in under a second (not after the pool's connection timeout,
 * here left at its production default of 10 s); the log says so once, with no stack trace,
 * while the schedules (polling every second here) wait; and when the database is back, so is
 * the service, which the log says once too.
 */
class DatabaseUnavailableTest {
    @TempDir
    static Path tmp;

    private static EmbeddedServer server;
    private static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();

    @BeforeAll
    static void startService() {
        server = ApplicationContext.run(EmbeddedServer.class, ApiClient.withAdminToken(Map.of(
                "micronaut.server.port", -1,
                "netpol-auditor.database.embedded-data-dir", tmp.resolve("postgres").toString(),
                "netpol-auditor.scheduler.polling-interval", "1s",
                "netpol-auditor.clusters.demo.manifests", "classpath:examples/web-api-db")));
        LOGS.start();
        ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).addAppender(LOGS);
    }

    @AfterAll
    static void stopService() {
        ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).detachAppender(LOGS);
        if (server != null) {
            server.getApplicationContext().close();
        }
    }

    private static void allowConnections(boolean allow) throws Exception {
        HikariDataSource pool = (HikariDataSource) server.getApplicationContext().getBean(Database.class).dataSource();
        // from another database: PostgreSQL will not close the one a session is connected to; with the
        // service's own credentials: the embedded database lets nobody else in
        String template1 = pool.getJdbcUrl().replaceFirst("/postgres(\\?|$)", "/template1$1");
        try (Connection c = DriverManager.getConnection(template1, pool.getUsername(), pool.getPassword());
                Statement s = c.createStatement()) {
            s.execute("ALTER DATABASE postgres ALLOW_CONNECTIONS " + allow);
            if (!allow) {
                s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'postgres'");
            }
        }
        if (!allow) {
            pool.getHikariPoolMXBean().softEvictConnections();
        }
    }

    private static <T> T timed(Duration limit, Supplier<T> call) {
        long start = System.nanoTime();
        T result = call.get();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(limit) < 0, "took " + took.toMillis() + " ms");
        return result;
    }

    private static void await(Supplier<Boolean> condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.get()) {
            assertTrue(System.nanoTime() < deadline, "not within " + timeout);
            Thread.sleep(100);
        }
    }

    /** The fields of a JSON answer that are not null. */
    private static Map<String, String> nonNull(Answer answer) {
        Map<String, String> fields = new java.util.TreeMap<>();
        answer.json().properties().forEach(e -> {
            if (!e.getValue().isNull()) {
                fields.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString());
            }
        });
        return fields;
    }

    private static List<String> databaseLines() {
        return LOGS.list.stream().filter(e -> e.getLoggerName().equals("netpol-auditor.database"))
                .map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void aDatabaseThatRefusesConnectionsGives503AtOnceAndOneLogLinePerChange() throws Exception {
        ApiClient api = new ApiClient(server.getURI(), ApiClient.ADMIN_TOKEN);
        ApiClient anyone = api.as(null);
        assertEquals(200, api.get("/api/v1/clusters").status());
        assertEquals(200, anyone.get("/health/readiness").status());

        allowConnections(false);
        await(() -> anyone.get("/health/readiness").status() == 503, Duration.ofSeconds(5));
        int logged = LOGS.list.size();
        for (int i = 0; i < 5; i++) {
            Answer answer = timed(Duration.ofSeconds(1), () -> api.get("/api/v1/clusters/demo/snapshots"));
            assertEquals(503, answer.status(), answer::toString);
            assertTrue(answer.contentType().startsWith("application/problem+json"), answer::toString);
            assertEquals("urn:netpol-auditor:problem:database-unavailable", answer.json().get("type").asText());
            assertTrue(answer.json().get("detail").asText().contains("database cannot be reached"), answer::toString);
            assertFalse(answer.text().contains("Exception"), answer::toString);
            Answer ready = timed(Duration.ofSeconds(1), () -> anyone.get("/health/readiness"));
            assertEquals(503, ready.status());
            assertEquals(Map.of("status", "DOWN"), nonNull(ready), "anonymous: up or down, nothing more");
        }
        Thread.sleep(3000); // three scheduler polls
        List<ILoggingEvent> during = List.copyOf(LOGS.list.subList(logged, LOGS.list.size()));
        assertTrue(during.stream().noneMatch(e -> e.getThrowableProxy() != null),
                () -> "no stack trace while the database is away: " + during);

        allowConnections(true);
        await(() -> anyone.get("/health/readiness").status() == 200, Duration.ofSeconds(10));
        assertEquals(200, api.get("/api/v1/clusters/demo/snapshots").status());
        List<String> lines = databaseLines();
        assertEquals(1, lines.stream().filter(l -> l.startsWith("database: unreachable")).count(), lines::toString);
        assertEquals(1, lines.stream().filter(l -> l.startsWith("database: reachable again")).count(), lines::toString);
        assertEquals(Map.of("status", "UP"), nonNull(anyone.get("/health")),
                "anonymous /health: no port, no data directory");
    }
}
