package dev.netpolauditor.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service killed with {@code kill -9} (or by the OOM killer) leaves its embedded PostgreSQL
 * running. The next start on the same data directory must come up anyway, with the history
 * the first one stored, and a clean stop must leave no server behind.
 */
class CrashRestartTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START = Duration.ofSeconds(120);

    @TempDir
    Path tmp;

    @Test
    void aKilledServiceStartsAgainOnItsDataDirectoryWithItsHistory() throws Exception {
        Path data = tmp.resolve("postgres");
        Map<String, String> env = Map.of("NETPOL_AUDITOR_DATA_DIR", data.toString());
        long orphan;
        try (ServiceProcess first = ServiceProcess.start(tmp.resolve("first.log"), ServiceProcess.freePort(), env)) {
            first.await("/api/v1/clusters/demo/snapshots", a -> a.status() == 200 && total(a) >= 1, START);
            orphan = postmaster(data).orElseThrow(() -> new AssertionError("no postmaster.pid in " + data));
            first.kill();
            assertFalse(first.alive());
        }
        assertTrue(ProcessHandle.of(orphan).map(LocalPostgresAccess::running).orElse(false),
                "the first service's PostgreSQL outlives it (what this test is about)");

        int port = ServiceProcess.freePort();
        try (ServiceProcess second = ServiceProcess.start(tmp.resolve("second.log"), port, env)) {
            long started = System.nanoTime();
            second.await("/health/readiness", a -> a.status() == 200, START);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            ServiceProcess.Answer snapshots = second.get("/api/v1/clusters/demo/snapshots");
            assertEquals(200, snapshots.status(), snapshots.body());
            assertTrue(total(snapshots) >= 1, "the history of the killed run is kept: " + snapshots.body());
            assertFalse(ProcessHandle.of(orphan).map(LocalPostgresAccess::running).orElse(false), "the orphan was stopped");
            String log = second.output();
            assertTrue(log.contains("was still running on " + data), log);
            assertTrue(took.compareTo(Duration.ofSeconds(60)) < 0, "came up in " + took);

            long postmaster = postmaster(data).orElseThrow();
            second.stop();
            assertFalse(second.alive());
            assertFalse(Files.exists(data.resolve("postmaster.pid")), "a clean stop stops PostgreSQL:\n" + second.output());
            assertFalse(ProcessHandle.of(postmaster).map(LocalPostgresAccess::running).orElse(false));
        }
    }

    /** Whether a process runs (not a zombie waiting for its reaper), as LocalPostgres tells it. */
    private static final class LocalPostgresAccess {
        static boolean running(ProcessHandle p) {
            return dev.netpolauditor.store.LocalPostgres.running(p);
        }
    }

    private static int total(ServiceProcess.Answer answer) {
        try {
            return JSON.readTree(answer.body()).path("total").asInt(0);
        } catch (Exception e) {
            return 0;
        }
    }

    private static Optional<Long> postmaster(Path data) throws Exception {
        Path pid = data.resolve("postmaster.pid");
        if (!Files.exists(pid)) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(Files.readAllLines(pid).getFirst().strip()));
    }
}
