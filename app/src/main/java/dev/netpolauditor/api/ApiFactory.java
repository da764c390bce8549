package dev.netpolauditor.api;

import dev.netpolauditor.report.GenerationTime;
import dev.netpolauditor.report.ReportTemplates;
import dev.netpolauditor.service.EngineVersion;
import dev.netpolauditor.service.PeriodReports;
import dev.netpolauditor.service.Reanalyses;
import dev.netpolauditor.service.SettingsSource;
import dev.netpolauditor.service.SnapshotCatalog;
import dev.netpolauditor.service.SnapshotReads;
import dev.netpolauditor.service.SnapshotService;
import dev.netpolauditor.service.StoredReports;
import dev.netpolauditor.store.ComplianceStore;
import dev.netpolauditor.store.Database;
import dev.netpolauditor.store.PeriodQueries;
import dev.netpolauditor.store.ReportStore;
import dev.netpolauditor.store.SnapshotQueries;
import dev.netpolauditor.store.SnapshotStore;
import dev.netpolauditor.store.StoredResults;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The framework-free parts the API's controllers use. */
@Factory
final class ApiFactory {

    @Singleton
    SnapshotLocator snapshotLocator(SnapshotService snapshots, SnapshotCatalog catalog) {
        return new SnapshotLocator(snapshots.clusters(), catalog);
    }

    @Singleton
    SnapshotReads snapshotReads(SnapshotStore store, StoredResults results, MeterRegistry meters) {
        return new SnapshotReads(store, results, meters);
    }

    @Singleton
    StoredResults storedResults(Database database) {
        return new StoredResults(database.dsl());
    }

    @Singleton
    StoredReports storedReports(SnapshotStore store, SnapshotQueries queries, StoredResults results,
            ReportStore reports, @Value("${source.date.epoch:}") String sourceDateEpoch) {
        // SOURCE_DATE_EPOCH, as for the offline commands: reports of one stored snapshot are then byte-identical
        return new StoredReports(store, queries, results, reports, ReportTemplates.bundled(),
                GenerationTime.clock(sourceDateEpoch, Clock.systemUTC()));
    }

    @Singleton
    PeriodQueries periodQueries(Database database) {
        return new PeriodQueries(database.dsl());
    }

    @Singleton
    PeriodReports periodReports(PeriodQueries queries, ComplianceStore compliance, SnapshotService snapshots,
            ReportStore reports, Clock clock, @Value("${source.date.epoch:}") String sourceDateEpoch) {
        return new PeriodReports(queries, compliance, snapshots.clusters(), reports, ReportTemplates.bundled(),
                GenerationTime.clock(sourceDateEpoch, clock), EngineVersion.current());
    }

    @Singleton
    Reanalyses reanalyses(SnapshotStore store, SnapshotQueries queries, StoredResults results,
            SnapshotService snapshots, Clock clock, SettingsSource settings) {
        return new Reanalyses(store, queries, results, snapshots.clusters(), clock, EngineVersion.current(),
                settings);
    }
}
