package dev.netpolauditor.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.netpolauditor.analysis.AnalysisResult;
import dev.netpolauditor.analysis.AnalysisSettings;
import dev.netpolauditor.analysis.Audit;
import dev.netpolauditor.analysis.AuditReport;
import dev.netpolauditor.analysis.Tenancy;
import dev.netpolauditor.analysis.TenantMatrix;
import dev.netpolauditor.engine.RandomClusters.GeneratedCluster;
import dev.netpolauditor.snapshot.StoredObjects;
import dev.netpolauditor.store.SnapshotContent.NamespacePair;
import dev.netpolauditor.store.SnapshotContent.StoredAnalysis;
import dev.netpolauditor.store.SnapshotContent;
import dev.netpolauditor.store.SnapshotQueries;
import dev.netpolauditor.store.SnapshotStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.flywaydb.core.Flyway;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * The namespace pairs of a tenant-matrix cell, derived in SQL from the stored group-level
 * connectivity, are exactly the ones the audit counted (endpoint pairs, ports, order) for
 * every cell of random clusters. Tenants come from a namespace label and from a by-name
 * assignment, which also reaches namespaces only implied by their pods.
 */
class StoredNamespacePairsProperties {
    private static final Tenancy TENANCY = new Tenancy("team", Map.of("gamma", "green"), Set.of(), Set.of());
    private static final Instant AT = Instant.parse("2026-03-01T10:00:00Z");

    private static EmbeddedPostgres postgres;
    private static SnapshotStore store;
    private static SnapshotQueries queries;

    @BeforeContainer
    static void startDatabase() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        Flyway.configure().dataSource(postgres.getPostgresDatabase()).load().migrate();
        store = new SnapshotStore(DSL.using(postgres.getPostgresDatabase(), SQLDialect.POSTGRES));
        queries = new SnapshotQueries(DSL.using(postgres.getPostgresDatabase(), SQLDialect.POSTGRES));
    }

    @AfterContainer
    static void stopDatabase() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Provide
    Arbitrary<GeneratedCluster> clusters() {
        return RandomClusters.clusters();
    }

    @Property(tries = 60)
    void derivedNamespacePairsAreTheAuditsOnes(@ForAll("clusters") GeneratedCluster generated) {
        AnalysisResult result = Audit.analyse(generated.cluster(), new AnalysisSettings(TENANCY, List.of(),
                LocalDate.of(2026, 3, 1)));
        AuditReport report = result.audit();
        SnapshotContent content = new SnapshotContent(AT, AT.plusSeconds(1), "manual", "manifests", null, Map.of(),
                "test", StoredObjects.objectsOf(generated.cluster(), Map.of()), "c".repeat(64),
                StoredAnalysis.of(result));
        long snapshot = store.saveSnapshot("random", content);

        for (TenantMatrix.Cell cell : report.tenants().cells()) {
            List<NamespacePair> expected = cell.namespacePairs().stream()
                    .map(p -> new NamespacePair(p.from(), p.to(), p.endpointPairs(), p.ports().toString())).toList();
            assertEquals(expected, queries.namespacePairs(snapshot, cell.from(), cell.to()),
                    cell.from() + " -> " + cell.to());
        }
        assertEquals(report.tenants().cells().size(), queries.tenantCells(snapshot).size());
    }
}
