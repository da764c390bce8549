package dev.netpolauditor.schedule;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import dev.netpolauditor.service.ClusterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import javax.sql.DataSource;

/**
 * The snapshot schedule of every cluster, on db-scheduler: each due snapshot is one row in
 * {@code scheduled_tasks}, picked by exactly one replica (an optimistic update of that row), so
 * several replicas on one database run it once. A cluster with no snapshot yet gets one at
 * start, also through the table, so replicas starting together take one first snapshot.
 */
public final class SnapshotSchedules {
    static final String RECURRING = "snapshot";
    static final String FIRST = "first-snapshot";

    private SnapshotSchedules() {}

    /**
     * A started scheduler for {@code clusters}; {@code run} receives the cluster name and the
     * trigger ({@code schedule} or {@code startup}); {@code hasSnapshot} tells which clusters
     * need a first one.
     */
    public static Scheduler start(DataSource dataSource, List<ClusterSpec> clusters, BiConsumer<String, String> run,
            Predicate<String> hasSnapshot, Duration pollingInterval, String replicaName) {
        return start(dataSource, clusters, run, hasSnapshot, pollingInterval, replicaName, List.of());
    }

    /** Housekeeping due by cron (6 fields) alongside the snapshots, once across replicas too. */
    public record Chore(String name, String cron, Runnable task) {}

    public static Scheduler start(DataSource dataSource, List<ClusterSpec> clusters, BiConsumer<String, String> run,
            Predicate<String> hasSnapshot, Duration pollingInterval, String replicaName, List<Chore> chores) {
        List<RecurringTask<Void>> recurring = new ArrayList<>();
        for (Chore chore : chores) {
            recurring.add(Tasks.recurring(chore.name(), Schedules.cron(chore.cron()))
                    .execute((instance, context) -> chore.task().run()));
        }
        for (ClusterSpec spec : clusters) {
            recurring.add(Tasks.recurring(RECURRING + ":" + spec.name(), Schedules.cron(spec.schedule()))
                    .execute((instance, context) -> run.accept(spec.name(), "schedule")));
        }
        OneTimeTask<Void> first = Tasks.oneTime(FIRST)
                .execute((instance, context) -> run.accept(instance.getId(), "startup"));
        Scheduler scheduler = Scheduler.create(dataSource, first)
                .startTasks(recurring)
                .pollingInterval(pollingInterval)
                .threads(Math.max(2, Math.min(clusters.size(), 4)))
                .enableImmediateExecution()
                .schedulerName(new com.github.kagkarlsson.scheduler.SchedulerName.Fixed(replicaName))
                .registerShutdownHook()
                .build();
        scheduler.start();
        for (ClusterSpec spec : clusters) {
            if (!hasSnapshot.test(spec.name())) {
                scheduler.scheduleIfNotExists(first.instance(spec.name()), Instant.now());
            }
        }
        return scheduler;
    }
}
