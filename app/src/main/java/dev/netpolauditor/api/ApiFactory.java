package dev.netpolauditor.api;

import dev.netpolauditor.report.ReportTemplates;
import dev.netpolauditor.service.SnapshotService;
import dev.netpolauditor.service.StoredReports;
import dev.netpolauditor.store.ReportStore;
import dev.netpolauditor.store.SubscriptionStore;
import dev.netpolauditor.store.Database;
import dev.netpolauditor.store.HistoryQueries;
import dev.netpolauditor.store.SnapshotQueries;
import dev.netpolauditor.store.SnapshotStore;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The framework-free parts the API's controllers use. */
@Factory
final class ApiFactory {

    @Singleton
    SnapshotQueries snapshotQueries(Database database) {
        return new SnapshotQueries(database.dsl());
    }

    @Singleton
    SnapshotLocator snapshotLocator(SnapshotService snapshots, SnapshotQueries queries) {
        return new SnapshotLocator(snapshots.clusters(), queries);
    }

    @Singleton
    CompiledSnapshots compiledSnapshots(SnapshotStore store) {
        return new CompiledSnapshots(store);
    }

    @Singleton
    ReportStore reportStore(Database database) {
        return new ReportStore(database.dsl());
    }

    @Singleton
    StoredReports storedReports(SnapshotService snapshots, SnapshotStore store, SnapshotQueries queries,
            ReportStore reports) {
        return new StoredReports(snapshots.clusters(), store, queries, reports, ReportTemplates.bundled(),
                Clock.systemUTC());
    }

    @Singleton
    SubscriptionStore subscriptionStore(Database database) {
        return new SubscriptionStore(database.dsl());
    }

    @Singleton
    HistoryQueries historyQueries(Database database) {
        return new HistoryQueries(database.dsl());
    }

    @Singleton
    SnapshotDiffs snapshotDiffs(CompiledSnapshots compiled, SnapshotQueries queries, SnapshotService snapshots) {
        return new SnapshotDiffs(compiled, queries, snapshots.clusters());
    }
}
