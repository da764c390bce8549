package dev.netpolauditor.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netpolauditor.analysis.AuditedFinding;
import dev.netpolauditor.report.ReportTemplates;
import dev.netpolauditor.store.ReportStore;
import dev.netpolauditor.store.SnapshotQueries;
import dev.netpolauditor.store.SnapshotStore;
import dev.netpolauditor.store.StoredResults;
import dev.netpolauditor.store.StoredSnapshot;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * V12 brings existing databases along: an analysis stored before settings were kept keeps its
 * rows, is marked as having unknown settings (its report says so in the Summary sheet), and is
 * never recomputed; re-analysing it needs the settings configured now, as an explicit choice.
 */
class SettingsUnknownAfterMigrationTest {
    @TempDir
    Path tmp;

    @Test
    void anAnalysisStoredBeforeV12KeepsItsRowsAndSaysItsSettingsAreUnknown() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            DataSource data = postgres.getPostgresDatabase();
            Flyway.configure().dataSource(data).locations("classpath:db/migration").target("11").load().migrate();
            DSLContext db = DSL.using(data, SQLDialect.POSTGRES);
            db.execute("INSERT INTO cluster (name) VALUES ('shop')");
            db.execute("INSERT INTO object_set (sha256, object_count) VALUES (repeat('a', 64), 0)");
            db.execute("INSERT INTO analysis (object_set_id, input_sha256, engine_version, config_sha256, endpoints,"
                    + " endpoint_groups, score, open_high, open_medium, open_low, open_info, excepted)"
                    + " SELECT id, repeat('b', 64), '0.0.9+engine.old', repeat('c', 64), 2, 2, 40, 1, 0, 0, 0, 1"
                    + " FROM object_set");
            db.execute("INSERT INTO finding (analysis_id, rule, severity, namespace, subject, policy, detail, status)"
                    + " SELECT id, 'NP-COV-001', 'high', 'prod', 'prod/web[Deployment]', NULL, 'not isolated', 'open'"
                    + " FROM analysis UNION ALL SELECT id, 'NP-COV-002', 'medium', 'prod', 'prod/api[Deployment]',"
                    + " NULL, 'egress open', 'excepted' FROM analysis");
            db.execute("INSERT INTO snapshot (cluster_id, status, trigger, started_at, finished_at, source,"
                    + " namespace_count, pod_count, workload_count, policy_count, engine_version, content_sha256,"
                    + " object_set_id, analysis_id) SELECT c.id, 'complete', 'schedule', '2026-03-31T02:00:00Z',"
                    + " '2026-03-31T02:00:05Z', 'manifests', 0, 0, 0, 0, '0.0.9+engine.old', repeat('a', 64), s.id,"
                    + " a.id FROM cluster c, object_set s, analysis a");

            Flyway.configure().dataSource(data).locations("classpath:db/migration").load().migrate();

            assertEquals(1, db.fetchCount(DSL.table("analysis")));
            assertEquals(2, db.fetchCount(DSL.table("finding")));
            assertNull(db.fetchValue("SELECT settings_id FROM analysis"));
            assertEquals(0, db.fetchCount(DSL.table("analysis_settings")));

            DSLContext dsl = DSL.using(data, SQLDialect.POSTGRES,
                    new org.jooq.conf.Settings().withRenderSchema(false).withExecuteLogging(false));
            SnapshotStore store = new SnapshotStore(dsl);
            SnapshotQueries queries = new SnapshotQueries(dsl);
            StoredResults results = new StoredResults(dsl);
            StoredSnapshot snapshot = queries.latestComplete("shop", null).orElseThrow();
            StoredResults.StoredResult result = results.ofSnapshot(snapshot.id()).orElseThrow();
            assertFalse(result.settingsKnown());
            assertEquals(40, result.audit().score(), "the stored score, not a recomputed one");
            assertEquals(List.of("NP-COV-001 OPEN", "NP-COV-002 EXCEPTED"), result.audit().findings().stream()
                    .map(f -> f.finding().rule() + " " + f.status()).toList());
            assertTrue(result.audit().findings().stream().map(AuditedFinding::exception).allMatch(e -> e == null));
            assertTrue(results.settingsOf(snapshot.id()).isEmpty());

            StoredReports reports = new StoredReports(store, queries, results, new ReportStore(dsl),
                    ReportTemplates.bundled(), Clock.systemUTC());
            assertFalse(reports.model(Snapshot.of(snapshot)).header().settingsKnown());
            byte[] xlsx = reports.generate(Snapshot.of(snapshot), "xlsx", null, "test").content();
            assertTrue(summaryText(xlsx).contains("stored before analysis settings were kept"),
                    "the Summary sheet says the settings are unknown");

            Path exceptions = Files.writeString(tmp.resolve("exceptions.yaml"), "exceptions: []\n");
            Clusters clusters = new Clusters(List.of(new ClusterSpec("shop", new ClusterSpec.Source.Manifests(
                    tmp.toString()), "0 0 * * * *", "tenant", null, exceptions)), Map.of());
            Reanalyses reanalyses = new Reanalyses(store, queries, results, clusters, Clock.systemUTC(),
                    "0.1.0+engine.new");
            Reanalyses.NotPossible stored = assertThrows(Reanalyses.NotPossible.class,
                    () -> reanalyses.reanalyse(snapshot, Reanalyses.SettingsChoice.STORED, "token:1:admin"));
            assertTrue(stored.getMessage().contains("settings=current"), stored.getMessage());
            Reanalyses.Recorded recorded = reanalyses.reanalyse("shop", snapshot.id(),
                    Reanalyses.SettingsChoice.CURRENT, "token:1:admin");
            assertTrue(recorded.created());
            assertTrue(recorded.reanalysis().settingsKnown());
            assertEquals("0.1.0+engine.new", recorded.reanalysis().engineVersion());
            // the snapshot's own analysis is still the one stored before V12
            assertFalse(results.ofSnapshot(snapshot.id()).orElseThrow().settingsKnown());
            assertEquals(result.analysisId(), results.ofSnapshot(snapshot.id()).orElseThrow().analysisId());
        }
    }

    private static String summaryText(byte[] xlsx) throws Exception {
        StringBuilder out = new StringBuilder();
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            Sheet summary = book.getSheet("Summary");
            for (Row row : summary) {
                for (Cell cell : row) {
                    out.append(cell.toString()).append('\n');
                }
            }
        }
        return out.toString();
    }
}
