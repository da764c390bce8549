package dev.netpolauditor.schedule;

import dev.netpolauditor.service.Cron;
import dev.netpolauditor.store.Database;
import dev.netpolauditor.store.Retention;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thins out history daily (netpol-auditor.retention.*): every attempt for {@code keep-all}, then
 * the last complete snapshot of each day for {@code keep-daily}. Off with {@code enabled: false}.
 */
@Singleton
final class RetentionChore {
    private static final Logger LOG = LoggerFactory.getLogger("netpol-auditor.retention");

    private final Database database;
    private final boolean enabled;
    private final Retention.Policy policy;
    private final String cron;

    RetentionChore(Database database,
            @Value("${netpol-auditor.retention.enabled:true}") boolean enabled,
            @Value("${netpol-auditor.retention.keep-all:30d}") Duration keepAll,
            @Value("${netpol-auditor.retention.keep-daily:400d}") Duration keepDaily,
            @Value("${netpol-auditor.retention.schedule:17 3 * * *}") String schedule) {
        this.database = database;
        this.enabled = enabled;
        this.policy = new Retention.Policy(keepAll, keepDaily);
        this.cron = Cron.normalise(schedule);
    }

    List<SnapshotSchedules.Chore> chores() {
        return enabled ? List.of(new SnapshotSchedules.Chore("retention", cron, this::run)) : List.of();
    }

    void run() {
        long start = System.nanoTime();
        Retention.Result r = new Retention(database.dsl()).apply(policy, Instant.now());
        LOG.info("retention keep_all={} keep_daily={} deleted_snapshots={} deleted_analyses={} deleted_object_sets={}"
                        + " deleted_object_versions={} duration_ms={}", policy.keepAll(), policy.keepDaily(),
                r.snapshots(), r.analyses(), r.objectSets(), r.objectVersions(), (System.nanoTime() - start) / 1_000_000);
    }
}
