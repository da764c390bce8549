package dev.netpolauditor.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netpolauditor.canonical.CanonicalJson;
import dev.netpolauditor.store.SnapshotContent.StoredAnalysis;
import dev.netpolauditor.store.SnapshotContent.StoredObject;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Retention on a real PostgreSQL: which snapshots stay, and that shared contents outlive them. */
class RetentionTest {
    private static final Instant NOW = Instant.parse("2026-06-30T12:00:00Z");
    private static final Retention.Policy POLICY = new Retention.Policy(Duration.ofDays(30), Duration.ofDays(400));

    private static EmbeddedPostgres postgres;
    private static DSLContext dsl;
    private SnapshotStore store;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        Database.migrate(postgres.getPostgresDatabase());
        dsl = DSL.using(postgres.getPostgresDatabase(), SQLDialect.POSTGRES);
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    @BeforeEach
    void empty() {
        dsl.execute("TRUNCATE cluster, finding_identity, finding_run, snapshot, object_version, object_set,"
                + " object_set_member, object_version_source, reanalysis, analysis,"
                + " analysis_settings, namespace_tenant, finding, coverage, tenant_cell, endpoint_group, group_flow RESTART IDENTITY");
        store = new SnapshotStore(dsl);
    }

    private static StoredObject object(String name, String labelValue) {
        String json = "{\"kind\":\"Namespace\",\"metadata\":{\"labels\":{\"v\":\"" + labelValue + "\"},\"name\":\""
                + name + "\"}}";
        return new StoredObject("Namespace", null, name, null, json, CanonicalJson.sha256(json));
    }

    private long save(String cluster, Instant at, List<StoredObject> objects) {
        StoredAnalysis analysis = new StoredAnalysis(0, 0, 100, 0, 0, 0, 0, 0, Map.of(), List.of(), List.of(),
                List.of(), List.of(), List.of());
        return store.saveSnapshot(cluster, new SnapshotContent(at, at, "schedule", "test", null, Map.of(), "1",
                objects, "c".repeat(64), analysis));
    }

    private static Set<Long> snapshotIds() {
        return dsl.fetch("SELECT id FROM snapshot").stream().map(r -> r.get(0, Long.class)).collect(Collectors.toSet());
    }

    private static int rows(String table) {
        return dsl.fetchCount(DSL.table(DSL.name(table)));
    }

    @Test
    void recentHistoryStaysWholeOlderHistoryKeepsTheLastOfEachDay() {
        List<StoredObject> v1 = List.of(object("a", "1"));
        long recent1 = save("prod", NOW.minus(Duration.ofDays(2)).minusSeconds(60), v1);
        long recent2 = save("prod", NOW.minus(Duration.ofDays(2)), v1);
        long oldMorning = save("prod", Instant.parse("2026-03-01T08:00:00Z"), v1);
        long oldEvening = save("prod", Instant.parse("2026-03-01T20:00:00Z"), v1);
        long oldFailed = store.recordFailure("prod", new SnapshotStore.FailedAttempt(
                Instant.parse("2026-03-01T21:00:00Z"), Instant.parse("2026-03-01T21:00:01Z"), "schedule", "test",
                Map.of(), "1", "unreachable"));
        long ancient = save("prod", Instant.parse("2024-01-01T08:00:00Z"), v1);

        Retention.Result result = new Retention(dsl).apply(POLICY, NOW);

        assertEquals(Set.of(recent1, recent2, oldEvening), snapshotIds());
        assertEquals(3, result.snapshots(), "the morning, the failed attempt and the one beyond 400 days");
        assertTrue(!snapshotIds().contains(oldMorning) && !snapshotIds().contains(oldFailed)
                && !snapshotIds().contains(ancient));
        assertEquals(1, rows("object_version"), "the shared content is still referenced");
    }

    @Test
    void theLatestSnapshotOfAClusterIsKeptHoweverOld() {
        long only = save("legacy", Instant.parse("2023-05-01T00:00:00Z"), List.of(object("a", "1")));
        new Retention(dsl).apply(POLICY, NOW);
        assertEquals(Set.of(only), snapshotIds());
    }

    @Test
    void contentsOnlyDeletedSnapshotsReferencedGoWithThem() {
        List<StoredObject> old = List.of(object("a", "old"), object("b", "same"));
        List<StoredObject> current = List.of(object("a", "new"), object("b", "same"));
        save("prod", Instant.parse("2024-06-01T00:00:00Z"), old);
        long kept = save("prod", NOW.minus(Duration.ofDays(1)), current);
        assertEquals(3, rows("object_version"));
        assertEquals(2, rows("analysis"));

        Retention.Result result = new Retention(dsl).apply(POLICY, NOW);

        assertEquals(new Retention.Result(1, 1, 1, 1), result);
        assertEquals(Set.of(kept), snapshotIds());
        assertEquals(2, rows("object_version"), "'b' is shared with the kept snapshot");
        assertEquals(2, store.objectsOf(kept).size());
    }

    @Test
    void aPolicyThatKeepsDailyLessThanAllIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new Retention.Policy(Duration.ofDays(30), Duration.ofDays(7)));
    }
}
