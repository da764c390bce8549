package dev.netpolauditor.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netpolauditor.analysis.AnalysisSettings;
import dev.netpolauditor.analysis.Audit;
import dev.netpolauditor.analysis.AuditInput;
import dev.netpolauditor.analysis.AuditReport;
import dev.netpolauditor.analysis.Tenancy;
import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.report.AuditFixture;
import dev.netpolauditor.snapshot.ManifestReader;
import dev.netpolauditor.snapshot.StoredObjects;
import dev.netpolauditor.store.SnapshotContent.StoredAnalysis;
import dev.netpolauditor.store.SnapshotContent.StoredFinding;
import dev.netpolauditor.store.SnapshotQueries.FindingFilter;
import dev.netpolauditor.store.SnapshotQueries.ObjectFilter;
import dev.netpolauditor.store.SnapshotQueries.Page;
import dev.netpolauditor.store.SnapshotQueries.SnapshotFilter;
import dev.netpolauditor.store.SnapshotQueries.TenantFinding;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API's read queries on a real PostgreSQL: cluster {@code shop} has a complete snapshot
 * at T0, a failed attempt at T0+30m and a complete one at T0+1h (the demo manifests);
 * cluster {@code other} one complete snapshot at T0.
 */
class SnapshotQueriesTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final String ENGINE = "0.1.0";
    private static final String CONFIG = "c".repeat(64);
    private static final Tenancy TENANCY = Tenancy.byLabel("tenant");

    private static EmbeddedPostgres postgres;
    private static SnapshotQueries queries;
    private static SnapshotStore store;
    private static ClusterState fixture;
    private static ClusterState demo;
    private static AuditReport fixtureReport;
    private static long first;
    private static long failed;
    private static long second;
    private static long other;

    @BeforeAll
    static void storeHistory(@TempDir Path tmp) throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        Flyway.configure().dataSource(postgres.getPostgresDatabase()).load().migrate();
        DSLContext dsl = DSL.using(postgres.getPostgresDatabase(), SQLDialect.POSTGRES);
        store = new SnapshotStore(dsl);
        queries = new SnapshotQueries(dsl);
        fixture = ManifestReader.read(AuditFixture.writeCluster(tmp));
        demo = ManifestReader.read(Path.of("..", "examples", "web-api-db"));
        fixtureReport = report(fixture);
        first = store.saveSnapshot("shop", content(fixture, T0));
        failed = store.recordFailure("shop", new SnapshotStore.FailedAttempt(T0.plusSeconds(1800),
                T0.plusSeconds(1801), "schedule", "manifests", Map.of(), ENGINE, "the API server said 503"));
        second = store.saveSnapshot("shop", content(demo, T0.plusSeconds(3600)));
        other = store.saveSnapshot("other", content(fixture, T0));
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    private static AuditReport report(ClusterState state) {
        return Audit.run(AuditInput.of(state, TENANCY), new AnalysisSettings(TENANCY, List.of(), LocalDate.of(2026, 3, 1)));
    }

    private static SnapshotContent content(ClusterState state, Instant at) {
        AuditInput input = AuditInput.of(state, TENANCY);
        AuditReport report = report(state);
        return new SnapshotContent(at, at.plusSeconds(2), "manual", "manifests", null, Map.of("pods", "7"), ENGINE,
                StoredObjects.objectsOf(state, Map.of()), CONFIG,
                StoredAnalysis.of(Audit.analyse(state, new AnalysisSettings(TENANCY, List.of(), LocalDate.of(2026, 3, 1)))));
    }

    @Test
    void clustersWithTheirLatestCompleteSnapshotAndAttempt() {
        Map<String, SnapshotQueries.ClusterHistory> clusters = queries.clusters();
        assertEquals(Set.of("shop", "other"), clusters.keySet());
        assertEquals(second, clusters.get("shop").latestComplete().id());
        assertEquals(second, clusters.get("shop").latestAttempt().id());
        assertEquals(other, clusters.get("other").latestAttempt().id());
        assertEquals(second, queries.cluster("shop").latestComplete().id());
        SnapshotQueries.ClusterHistory none = queries.cluster("nowhere");
        assertNull(none.latestComplete());
        assertNull(none.latestAttempt());
        assertTrue(queries.known("shop"));
        assertTrue(!queries.known("nowhere"));
    }

    @Test
    void snapshotsNewestFirstFilteredAndPaged() {
        Page<StoredSnapshot> all = queries.snapshots("shop", new SnapshotFilter(null, null, null), 50, 0);
        assertEquals(List.of(second, failed, first), all.items().stream().map(StoredSnapshot::id).toList());
        assertEquals(3, all.total());

        Page<StoredSnapshot> page = queries.snapshots("shop", new SnapshotFilter(null, null, null), 1, 1);
        assertEquals(List.of(failed), page.items().stream().map(StoredSnapshot::id).toList());
        assertEquals(3, page.total());

        Page<StoredSnapshot> failures = queries.snapshots("shop", new SnapshotFilter(null, null, "failed"), 50, 0);
        assertEquals(1, failures.total());
        assertEquals("the API server said 503", failures.items().getFirst().failureReason());

        Page<StoredSnapshot> window = queries.snapshots("shop",
                new SnapshotFilter(T0.plusSeconds(1), T0.plusSeconds(3600), "complete"), 50, 0);
        assertEquals(List.of(second), window.items().stream().map(StoredSnapshot::id).toList());
    }

    @Test
    void aSnapshotIsFoundOnlyUnderItsCluster() {
        assertEquals(first, queries.snapshot("shop", first).orElseThrow().id());
        assertTrue(queries.snapshot("other", first).isEmpty());
        assertTrue(queries.snapshot("shop", 9999).isEmpty());
    }

    @Test
    void latestCompleteAtATime() {
        assertEquals(first, queries.latestComplete("shop", T0).orElseThrow().id());
        assertEquals(first, queries.latestComplete("shop", T0.plusSeconds(1800)).orElseThrow().id(),
                "the failed attempt in between does not count");
        assertEquals(second, queries.latestComplete("shop", T0.plusSeconds(3600)).orElseThrow().id());
        assertEquals(second, queries.latestComplete("shop", null).orElseThrow().id());
        assertTrue(queries.latestComplete("shop", T0.minusSeconds(1)).isEmpty());
    }

    @Test
    void objectsFilteredAndPaged() {
        int total = fixture.namespaces().size() + fixture.pods().size() + fixture.policies().size();
        Page<SnapshotContent.StoredObject> all = queries.objects(first, new ObjectFilter(null, null, null), 1000, 0);
        assertEquals(total, all.total());
        assertEquals(store.objectsOf(first), all.items());

        Page<SnapshotContent.StoredObject> pods = queries.objects(first, new ObjectFilter("Pod", null, null), 2, 1);
        assertEquals(fixture.pods().size(), pods.total());
        assertEquals(2, pods.items().size());
        assertEquals(store.objectsOf(first).stream().filter(o -> o.kind().equals("Pod")).skip(1).limit(2).toList(),
                pods.items());

        Page<SnapshotContent.StoredObject> one = queries.objects(first, new ObjectFilter("Pod", "ledger", "books"),
                10, 0);
        assertEquals(1, one.total());
        assertTrue(one.items().getFirst().json().contains("\"containerPort\":5432"));
        assertEquals(0, queries.objects(failed, new ObjectFilter(null, null, null), 10, 0).total());
    }

    @Test
    void findingsFilteredByTenantSeverityAndStatus() {
        Page<TenantFinding> all = queries.findings(first, new FindingFilter(null, null, null, null, null), 1000, 0);
        assertEquals(fixtureReport.findings().size(), all.total());
        assertEquals(store.findingsOf(first), all.items().stream().map(TenantFinding::finding).toList());

        List<StoredFinding> retail = all.items().stream()
                .filter(f -> "shop-a".equals(f.finding().namespace()) || "shop-b".equals(f.finding().namespace()))
                .map(TenantFinding::finding).toList();
        Page<TenantFinding> byTenant = queries.findings(first, new FindingFilter(null, null, null, "retail", null),
                1000, 0);
        assertTrue(!retail.isEmpty());
        assertEquals(retail, byTenant.items().stream().map(TenantFinding::finding).toList());
        assertTrue(byTenant.items().stream().allMatch(f -> "retail".equals(f.tenant())));

        long high = fixtureReport.findings().stream().filter(f -> f.finding().severity().wireName().equals("high"))
                .count();
        assertEquals(high, queries.findings(first, new FindingFilter(null, "high", null, null, null), 1000, 0).total());
        assertEquals(all.total(), queries.findings(first, new FindingFilter(null, null, null, null, "open"), 1, 0)
                .total());
        assertEquals(0, queries.findings(first, new FindingFilter(null, null, null, null, "excepted"), 1, 0).total());
        assertEquals(0, queries.findings(failed, new FindingFilter(null, null, null, null, null), 1, 0).total());
    }

    @Test
    void coverageTenantsAndTheirNamespaces() {
        assertEquals(store.coverageOf(first), queries.coverage(first, null));
        assertEquals(List.of("cluster"), queries.coverage(first, "cluster").stream()
                .map(SnapshotContent.StoredCoverage::scopeKind).toList());
        assertEquals(Set.of("finance", "platform", "retail"), queries.coverage(first, "tenant").stream()
                .map(SnapshotContent.StoredCoverage::scope).collect(java.util.stream.Collectors.toSet()));
        assertEquals(SnapshotContent.tenantCellsOf(fixtureReport).stream()
                        .sorted(java.util.Comparator.comparing(SnapshotContent.StoredTenantCell::fromTenant)
                                .thenComparing(SnapshotContent.StoredTenantCell::toTenant)).toList(),
                queries.tenantCells(first));
        assertEquals(Map.of("shop-a", "retail", "shop-b", "retail", "ledger", "finance", "kube-system", "platform"),
                queries.namespaceTenants(first));
        assertEquals(Map.of(), queries.namespaceTenants(failed));
    }

    @Test
    void storedObjectsReadBackAsTheClusterTheyCameFrom() {
        ClusterStates.assertSameCluster(fixture, StoredObjects.read(store.objectsOf(first)));
        ClusterStates.assertSameCluster(demo, StoredObjects.read(store.objectsOf(second)));
    }
}
