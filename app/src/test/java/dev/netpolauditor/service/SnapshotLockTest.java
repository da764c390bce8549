package dev.netpolauditor.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netpolauditor.kube.FakeKubernetesApi.Resource;
import dev.netpolauditor.store.SnapshotStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One snapshot of a cluster at a time: in one process (the service's guard) and across
 * replicas sharing the database (the advisory lock). The fake stalls the pods list so the
 * first snapshot is still running when the second is asked for.
 */
class SnapshotLockTest {
    private static final long STALL_MS = 1500;

    private static EmbeddedDatabase database;
    private ServedCluster cluster;

    @BeforeAll
    static void startDatabase() throws Exception {
        database = EmbeddedDatabase.start();
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        database.close();
    }

    @BeforeEach
    void serveCluster() throws Exception {
        database.empty();
        cluster = ServedCluster.start();
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
    }

    @Test
    void ofTwoConcurrentRunsInOneProcessOneRunsAndTheOtherIsRefused() throws Exception {
        cluster.api.stallNext(Resource.PODS, STALL_MS);
        SnapshotStore store = database.store();
        ExecutorService callers = Executors.newFixedThreadPool(2);
        try (SnapshotService service = cluster.service(store)) {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<SnapshotRunner.Outcome>> calls = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                calls.add(callers.submit(() -> {
                    go.await();
                    return service.run(ServedCluster.NAME, "manual");
                }));
            }
            go.countDown();

            int complete = 0;
            int refused = 0;
            for (Future<SnapshotRunner.Outcome> call : calls) {
                try {
                    assertTrue(call.get(30, TimeUnit.SECONDS).complete());
                    complete++;
                } catch (java.util.concurrent.ExecutionException e) {
                    assertTrue(e.getCause() instanceof SnapshotService.AlreadyRunning, e.getCause().toString());
                    refused++;
                }
            }
            assertEquals(1, complete);
            assertEquals(1, refused);
            assertEquals(1, store.attempts(ServedCluster.NAME).size());
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void aSecondReplicaIsRefusedByTheDatabaseLockWhileTheFirstRuns() throws Exception {
        cluster.api.stallNext(Resource.PODS, STALL_MS);
        SnapshotStore storeA = database.store();
        SnapshotStore storeB = EmbeddedDatabase.store(database.newPool("replica-b"));
        try (SnapshotService replicaA = cluster.service(storeA); SnapshotService replicaB = cluster.service(storeB)) {
            CompletableFuture<SnapshotRunner.Outcome> first = replicaA.start(ServedCluster.NAME, "schedule");
            cluster.awaitRequest("/api/v1/namespaces");

            SnapshotService.AlreadyRunning refused = assertThrows(SnapshotService.AlreadyRunning.class,
                    () -> replicaB.run(ServedCluster.NAME, "schedule"));
            assertTrue(refused.getMessage().contains("already running"), refused.getMessage());
            // refused by the lock in the database: replica B runs nothing of its own
            assertFalse(replicaB.running(ServedCluster.NAME));
            assertTrue(replicaA.running(ServedCluster.NAME));
            // and a refusal is no attempt
            assertTrue(first.get(30, TimeUnit.SECONDS).complete());
            assertEquals(1, storeA.attempts(ServedCluster.NAME).size());

            // the lock went with the first snapshot: replica B may run now
            SnapshotRunner.Outcome second = replicaB.run(ServedCluster.NAME, "schedule");
            assertTrue(second.complete(), second.reason());
            assertTrue(second.analysisShared());
        }
    }
}
