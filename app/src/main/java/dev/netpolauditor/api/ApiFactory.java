package dev.netpolauditor.api;

import dev.netpolauditor.service.SnapshotCatalog;
import dev.netpolauditor.service.SnapshotService;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** The API's own parts over the application services (the services themselves: service.ServiceFactory). */
@Factory
final class ApiFactory {

    @Singleton
    SnapshotLocator snapshotLocator(SnapshotService snapshots, SnapshotCatalog catalog) {
        return new SnapshotLocator(snapshots.clusters(), catalog);
    }
}
