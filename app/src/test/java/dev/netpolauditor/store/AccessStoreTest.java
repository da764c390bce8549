package dev.netpolauditor.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tokens and the audit log in PostgreSQL: one first admin however many replicas start at once. */
class AccessStoreTest {
    @TempDir
    static Path tmp;

    private static Database database;
    private static AccessStore store;

    @BeforeAll
    static void open() {
        database = Database.open(new Database.Settings(null, null, null, tmp.resolve("postgres"), 8,
                Duration.ofSeconds(10)));
        store = new AccessStore(database.dsl());
    }

    @AfterAll
    static void close() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void replicasStartingTogetherCreateOneFirstAdmin() throws Exception {
        int replicas = 6;
        ExecutorService pool = Executors.newFixedThreadPool(replicas);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> outcomes = new ArrayList<>();
        for (int i = 0; i < replicas; i++) {
            String hash = String.format("%064x", i + 1);
            Callable<Boolean> start = () -> {
                go.await();
                return store.createFirstAdmin("first admin", hash, "bootstrap");
            };
            outcomes.add(pool.submit(start));
        }
        go.countDown();
        int created = 0;
        for (Future<Boolean> outcome : outcomes) {
            created += outcome.get() ? 1 : 0;
        }
        pool.shutdown();
        assertEquals(1, created);
        assertEquals(1, store.tokens().stream().filter(t -> t.role().equals("admin") && t.active()).count());
        assertFalse(store.createFirstAdmin("first admin", "f".repeat(64), "bootstrap"), "one exists already");

        long id = store.tokens().getFirst().id();
        store.revokeToken(id, "test");
        assertTrue(store.createFirstAdmin("first admin", "e".repeat(64), "bootstrap"),
                "with every admin token revoked, the next start makes a new one");
        assertEquals(Map.of("name", "first admin", "role", "admin"),
                store.auditLog(1, 0).items().getFirst().detail());
    }
}
