package dev.netpolauditor.service;

import dev.netpolauditor.store.SnapshotContent;
import dev.netpolauditor.store.SnapshotStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs snapshots of the configured clusters, never two of one cluster at once: not in this
 * process (a set of running clusters) and not across replicas (a PostgreSQL advisory lock per
 * cluster). Every attempt is logged on one line and counted in the metrics.
 */
public final class SnapshotService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("netpol-auditor.snapshot");

    /** The cluster already has a snapshot running, here or on another replica. */
    public static final class AlreadyRunning extends RuntimeException {
        AlreadyRunning(String cluster) {
            super("a snapshot of cluster '" + cluster + "' is already running; wait for it to finish");
        }
    }

    private final Clusters clusters;
    private final SnapshotRunner runner;
    private final SnapshotStore store;
    private final MeterRegistry meters;
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private final Map<String, Map<String, AtomicLong>> lastCounts = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> lastSuccess = new ConcurrentHashMap<>();
    private final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();

    public SnapshotService(Clusters clusters, SnapshotRunner runner, SnapshotStore store, MeterRegistry meters) {
        this.clusters = clusters;
        this.runner = runner;
        this.store = store;
        this.meters = meters;
        for (ClusterSpec spec : clusters.specs()) {
            AtomicLong success = new AtomicLong();
            lastSuccess.put(spec.name(), success);
            Gauge.builder("netpol_auditor.snapshot.last_success", success, AtomicLong::get)
                    .description("When the cluster's last complete snapshot finished (epoch seconds; 0: none since start)")
                    .tag("cluster", spec.name()).register(meters);
            Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
            for (String kind : new String[] {"namespaces", "pods", "workloads", "policies"}) {
                AtomicLong count = new AtomicLong();
                counts.put(kind, count);
                Gauge.builder("netpol_auditor.snapshot.objects", count, AtomicLong::get)
                        .description("Objects in the cluster's last complete snapshot, by kind")
                        .tag("cluster", spec.name()).tag("kind", kind).register(meters);
            }
            lastCounts.put(spec.name(), counts);
            failures(spec.name());
        }
    }

    public Clusters clusters() {
        return clusters;
    }

    /** Whether a snapshot of {@code cluster} is running in this process. */
    public boolean running(String cluster) {
        return running.contains(cluster);
    }

    /**
     * Runs a snapshot now, in the calling thread. Every failure is an outcome, including a
     * database that cannot be reached (then with no stored row: id -1).
     *
     * @throws AlreadyRunning when one is running for the cluster, here or on another replica
     */
    public SnapshotRunner.Outcome run(String cluster, String trigger) {
        ClusterSpec spec = clusters.spec(cluster).orElseThrow(() -> new IllegalArgumentException(
                "no cluster named '" + cluster + "' is configured"));
        if (!running.add(cluster)) {
            throw new AlreadyRunning(cluster);
        }
        return runReserved(spec, trigger);
    }

    /** Runs with this process's slot for the cluster already taken; frees it at the end. */
    private SnapshotRunner.Outcome runReserved(ClusterSpec spec, String trigger) {
        String cluster = spec.name();
        Instant started = Instant.now();
        try {
            Optional<SnapshotRunner.Outcome> outcome;
            try {
                outcome = store.exclusively("snapshot/" + cluster,
                        () -> runner.run(spec, clusters.source(cluster), trigger));
            } catch (SnapshotStore.DatabaseUnreachable e) {
                // not even a failure row can be written: the outcome and the log say why
                outcome = Optional.of(new SnapshotRunner.Outcome(cluster, -1, false, e.getMessage(), started,
                        Instant.now(), 0, false, null));
            }
            SnapshotRunner.Outcome o = outcome.orElseThrow(() -> new AlreadyRunning(cluster));
            record(o, trigger);
            return o;
        } finally {
            running.remove(cluster);
        }
    }

    /**
     * Starts a snapshot in the background. The cluster's slot in this process is taken before
     * returning, so a second start right after the first fails at once instead of starting a
     * run that can only be refused later.
     */
    public CompletableFuture<SnapshotRunner.Outcome> start(String cluster, String trigger) {
        ClusterSpec spec = clusters.spec(cluster).orElseThrow(() -> new IllegalArgumentException(
                "no cluster named '" + cluster + "' is configured"));
        if (!running.add(cluster)) {
            throw new AlreadyRunning(cluster);
        }
        try {
            return CompletableFuture.supplyAsync(() -> runReserved(spec, trigger), background);
        } catch (RuntimeException e) {
            running.remove(cluster);
            throw e;
        }
    }

    /** Scheduled runs: a run already going here or elsewhere makes this one a no-op, logged. */
    public void runScheduled(String cluster, String trigger) {
        try {
            run(cluster, trigger);
        } catch (AlreadyRunning e) {
            LOG.info("snapshot cluster={} trigger={} skipped: {}", cluster, trigger, e.getMessage());
        } catch (RuntimeException e) {
            // not expected (run reports failures as outcomes), but a schedule must outlive it
            failures(cluster).increment();
            LOG.error("snapshot cluster={} trigger={} status=failed reason=\"{}\"", cluster, trigger,
                    SnapshotRunner.rootMessage(e));
        }
    }

    private void record(SnapshotRunner.Outcome o, String trigger) {
        String status = o.complete() ? "complete" : "failed";
        Timer.builder("netpol_auditor.snapshot.duration")
                .description("Time to read, analyse and store one snapshot")
                .tag("cluster", o.cluster()).tag("status", status)
                .register(meters).record(o.millis(), TimeUnit.MILLISECONDS);
        Counter failures = failures(o.cluster());
        if (!o.complete()) {
            failures.increment();
            LOG.warn("snapshot cluster={} id={} trigger={} status=failed duration_ms={} reason=\"{}\"", o.cluster(),
                    o.snapshotId(), trigger, o.millis(), o.reason());
            return;
        }
        SnapshotContent c = o.content();
        Map<String, AtomicLong> counts = lastCounts.get(o.cluster());
        counts.get("namespaces").set(c.count(SnapshotContent.NAMESPACE));
        counts.get("pods").set(c.count(SnapshotContent.POD));
        counts.get("workloads").set(c.workloadCount());
        counts.get("policies").set(c.count(SnapshotContent.NETWORK_POLICY));
        lastSuccess.get(o.cluster()).set(o.finishedAt().getEpochSecond());
        LOG.info("snapshot cluster={} id={} trigger={} status=complete duration_ms={} namespaces={} pods={}"
                        + " workloads={} policies={} content={} analysis={}", o.cluster(), o.snapshotId(), trigger,
                o.millis(), counts.get("namespaces").get(), counts.get("pods").get(), counts.get("workloads").get(),
                counts.get("policies").get(), c.contentSha256().substring(0, 12),
                o.analysisShared() ? "shared" : "computed");
    }

    private Counter failures(String cluster) {
        return Counter.builder("netpol_auditor.snapshot.failures")
                .description("Snapshot attempts that failed (unreadable cluster, invalid object, database error)")
                .tag("cluster", cluster).register(meters);
    }

    @Override
    public void close() {
        background.shutdownNow();
    }
}
