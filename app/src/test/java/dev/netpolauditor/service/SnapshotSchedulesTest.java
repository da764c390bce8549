package dev.netpolauditor.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.kagkarlsson.scheduler.Scheduler;
import dev.netpolauditor.schedule.SnapshotSchedules;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two replicas' schedulers on one database run each due snapshot once: a cluster due every
 * second, both schedulers polling every 200 ms for a few seconds, every run recorded with the
 * replica that ran it and the due time it ran for.
 */
class SnapshotSchedulesTest {
    private static final String CLUSTER = "every-second";

    private static EmbeddedDatabase database;

    /** One run of the callback: who ran it, why, and the due time of the execution it ran. */
    private record Run(String replica, String trigger, Instant due) {}

    @BeforeAll
    static void startDatabase() throws Exception {
        database = EmbeddedDatabase.start();
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        database.close();
    }

    @Test
    void twoSchedulersOnOneDatabaseRunEachDueSnapshotOnce() throws Exception {
        ClusterSpec spec = new ClusterSpec(CLUSTER, new ClusterSpec.Source.Manifests("unused"),
                Cron.normalise("*/1 * * * * *"), "tenant", null, null);
        Queue<Run> runs = new ConcurrentLinkedQueue<>();
        Scheduler a = start(spec, "replica-a", runs);
        Scheduler b = start(spec, "replica-b", runs);
        try {
            Thread.sleep(4500);
        } finally {
            a.stop();
            b.stop();
        }

        List<Run> scheduled = runs.stream().filter(r -> r.trigger().equals("schedule")).toList();
        Map<Instant, Long> byDueTime = scheduled.stream()
                .collect(Collectors.groupingBy(Run::due, Collectors.counting()));
        assertTrue(byDueTime.values().stream().allMatch(n -> n == 1), "a due time ran twice: " + scheduled);
        assertTrue(scheduled.size() >= 3, "only " + scheduled.size() + " scheduled runs in 4.5 s: " + scheduled);
        // both replicas asked for a first snapshot at start; the table let one of them run it
        assertEquals(1, runs.stream().filter(r -> r.trigger().equals("startup")).count(), runs.toString());
    }

    /** A scheduler whose snapshot records itself instead of reading a cluster. */
    private static Scheduler start(ClusterSpec spec, String replica, Queue<Run> runs) {
        BiConsumer<String, String> run = (cluster, trigger) -> {
            runs.add(new Run(replica, trigger, dueTime(replica, trigger, cluster)));
            pause(50); // a snapshot takes a while
        };
        return SnapshotSchedules.start(database.dataSource(), List.of(spec), run, cluster -> false,
                Duration.ofMillis(200), replica);
    }

    /**
     * The due time of the execution {@code replica} is running: db-scheduler keeps the
     * execution's row picked by its scheduler, at its execution time, until it completes.
     */
    private static Instant dueTime(String replica, String trigger, String cluster) {
        String task = trigger.equals("startup") ? "first-snapshot" : "snapshot:" + cluster;
        try (Connection c = database.dataSource().getConnection();
                PreparedStatement s = c.prepareStatement("SELECT execution_time FROM scheduled_tasks"
                        + " WHERE task_name = ? AND picked AND picked_by = ?")) {
            s.setString(1, task);
            s.setString(2, replica);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    throw new AssertionError(replica + " runs " + task + " without having picked it");
                }
                return r.getTimestamp(1).toInstant();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
