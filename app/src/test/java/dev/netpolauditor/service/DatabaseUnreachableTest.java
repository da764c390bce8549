package dev.netpolauditor.service;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netpolauditor.kube.FakeKubernetesApi.Resource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The database stops under a running service: snapshots fail with a reason that says so,
 * are counted, and nothing escapes to the scheduler.
 */
class DatabaseUnreachableTest {
    private EmbeddedDatabase database;
    private ServedCluster cluster;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private SnapshotService service;

    @BeforeEach
    void start() throws Exception {
        database = EmbeddedDatabase.start();
        cluster = ServedCluster.start();
        service = cluster.service(database.store(), meters);
        assertTrue(service.run(ServedCluster.NAME, "startup").complete());
    }

    @AfterEach
    void stop() throws Exception {
        service.close();
        cluster.close();
        database.close();
    }

    @Test
    void aStoppedDatabaseFailsTheSnapshotSayingSo() throws Exception {
        database.stopServer();

        SnapshotRunner.Outcome outcome = service.run(ServedCluster.NAME, "manual");

        assertFalse(outcome.complete());
        assertEquals(-1, outcome.snapshotId());
        assertTrue(outcome.reason().startsWith("the database could not be reached: "), outcome.reason());
        assertDoesNotThrow(() -> service.runScheduled(ServedCluster.NAME, "schedule"));
        assertEquals(2.0, failures());
    }

    @Test
    void aDatabaseStoppedDuringASnapshotFailsItWithoutEscaping() throws Exception {
        cluster.api.stallNext(Resource.PODS, 1500);
        CompletableFuture<SnapshotRunner.Outcome> running = service.start(ServedCluster.NAME, "schedule");
        cluster.awaitRequest("/api/v1/namespaces");
        database.stopServer();

        SnapshotRunner.Outcome outcome = running.get(30, TimeUnit.SECONDS);

        assertFalse(outcome.complete());
        // On a loaded machine the stop can land while the lock is being taken as well as while
        // the run stores: either way the attempt fails with what happened, and nothing escapes.
        String reason = outcome.reason();
        assertTrue(reason.startsWith("analysing or storing the snapshot failed: ")
                        && reason.contains("recording the failure failed too")
                        || reason.startsWith("the database could not be reached: "), reason);
        assertEquals(1.0, failures());
    }

    private double failures() {
        return meters.counter("netpol_auditor.snapshot.failures", "cluster", ServedCluster.NAME).count();
    }
}
