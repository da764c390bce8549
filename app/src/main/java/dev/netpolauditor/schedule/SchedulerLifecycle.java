package dev.netpolauditor.schedule;

import com.github.kagkarlsson.scheduler.Scheduler;
import dev.netpolauditor.ops.DatabaseState;
import dev.netpolauditor.service.SnapshotService;
import dev.netpolauditor.store.Database;
import dev.netpolauditor.store.SnapshotStore;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.ShutdownEvent;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/** Starts the snapshot schedules with the service and stops them with it. */
@Singleton
@Requires(property = "netpol-auditor.scheduler.enabled", notEquals = "false")
final class SchedulerLifecycle {
    private final SnapshotService snapshots;
    private final SnapshotStore store;
    private final Database database;
    private final Duration pollingInterval;
    private final RetentionChore retention;
    private final DeliveryChore delivery;
    private final ComplianceChore compliance;
    private volatile Scheduler scheduler;

    SchedulerLifecycle(SnapshotService snapshots, SnapshotStore store, Database database,
            @Value("${netpol-auditor.scheduler.polling-interval:10s}") Duration pollingInterval,
            RetentionChore retention, DeliveryChore delivery, ComplianceChore compliance,
            DatabaseState databaseState) {
        this.snapshots = snapshots;
        this.store = store;
        this.database = database;
        this.pollingInterval = pollingInterval;
        this.retention = retention;
        this.delivery = delivery;
        this.compliance = compliance;
        // no polling of a database that is away (each poll would log its failure): pause until it is back
        databaseState.addListener(up -> {
            Scheduler s = scheduler;
            if (s != null) {
                if (up) {
                    s.resume();
                } else {
                    s.pause();
                }
            }
        });
    }

    @EventListener
    void onStartup(StartupEvent event) {
        scheduler = SnapshotSchedules.start(database.dataSource(), snapshots.clusters().specs(),
                snapshots::runScheduled,
                cluster -> store.latestSnapshot(cluster, Instant.now()).isPresent(),
                pollingInterval, replicaName(),
                Stream.of(retention.chores(), delivery.chores(), compliance.chores()).flatMap(List::stream).toList());
    }

    @EventListener
    void onShutdown(ShutdownEvent event) {
        Scheduler s = scheduler;
        if (s != null) {
            s.stop();
        }
    }

    private static String replicaName() {
        try {
            return InetAddress.getLocalHost().getHostName() + "-" + UUID.randomUUID().toString().substring(0, 8);
        } catch (Exception e) {
            return "replica-" + UUID.randomUUID().toString().substring(0, 8);
        }
    }
}
