package dev.netpolauditor.bench;

import dev.netpolauditor.analysis.AnalysisSettings;
import dev.netpolauditor.analysis.Audit;
import dev.netpolauditor.analysis.AuditInput;
import dev.netpolauditor.analysis.AuditReport;
import dev.netpolauditor.analysis.Tenancy;
import dev.netpolauditor.kube.ApiObjects;
import dev.netpolauditor.kube.FakeKubernetesApi;
import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.model.LabelSelector;
import dev.netpolauditor.model.NetworkPolicy;
import dev.netpolauditor.service.ClusterSpec;
import dev.netpolauditor.service.SnapshotRunner;
import dev.netpolauditor.snapshot.ClusterSource;
import dev.netpolauditor.snapshot.KubernetesSource;
import dev.netpolauditor.snapshot.ManifestException;
import dev.netpolauditor.snapshot.StoredObjects;
import dev.netpolauditor.snapshot.kube.ClusterCapture;
import dev.netpolauditor.snapshot.kube.CollectionException;
import dev.netpolauditor.snapshot.kube.KubernetesCollector;
import dev.netpolauditor.store.Database;
import dev.netpolauditor.store.SnapshotContent;
import dev.netpolauditor.store.SnapshotStore;
import dev.netpolauditor.store.TableRows;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Times a snapshot from API server to database at scale: a synthetic cluster served by the
 * fake Kubernetes API (paged LISTs over HTTP through the official client), stored in an
 * embedded PostgreSQL 18 in a temporary directory. Three runs: into an empty database, of the
 * unchanged cluster, and after one policy changed.
 *
 * <p>Each run goes through {@link SnapshotRunner} end to end. Its phases are split by two
 * readings: the source times the collection (requests, JSON, reading the objects), and the
 * runner stamps the snapshot's {@code finishedAt} when the analysis is done, just before it
 * writes; so
 * <i>analyse</i> is canonical JSON and hashing of every object, the shared-analysis lookup and,
 * when not shared, the audit, while the write transaction stores the objects alongside;
 * <i>store</i> is the rest of that transaction once the analysis is done (its rows, the
 * snapshot row, the commit). Hashing is also timed apart on the same capture.
 *
 * <p>Usage: {@code bench/ingest [pods] [--page-size N] [--seed N] [--shape live|pods]}, defaults
 * 150000, 500, 42, live: the cluster as a live one serves it ({@link SyntheticCluster#live}: pods
 * owned by ReplicaSets of Deployments, Jobs of CronJobs, a StatefulSet, a DaemonSet); {@code pods}
 * is the earlier shape, the same pods without their owners, for comparison with older figures.
 * The fake API server runs in this JVM (its objects count in the heap figures) and PostgreSQL
 * on the same machine: both compete for the cores with the snapshot itself.
 */
public final class IngestBenchmark {
    private static final String CLUSTER = "bench";

    /** One measured run. */
    private record Row(String run, SnapshotRunner.Outcome outcome, double collectS, double analyseS, double hashS,
            double storeS, double totalS, double jvmCpuS, Map<String, Long> added, double heapBeforeMb,
            double peakHeapMb) {}

    private IngestBenchmark() {}

    public static void main(String[] args) throws Exception {
        int pods = 150_000;
        int pageSize = 500;
        long seed = 42;
        boolean live = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--page-size" -> pageSize = Integer.parseInt(args[++i]);
                case "--shape" -> {
                    String shape = args[++i];
                    if (!shape.equals("live") && !shape.equals("pods")) {
                        throw new IllegalArgumentException("--shape is live or pods, not " + shape);
                    }
                    live = shape.equals("live");
                }
                case "--seed" -> seed = Long.parseLong(args[++i]);
                default -> pods = Integer.parseInt(args[i].replace("_", ""));
            }
        }
        Runtime rt = Runtime.getRuntime();
        System.out.printf(Locale.ROOT, "JDK %s, %d cores, max heap %d MB, seed %d, %d pods, page size %d, shape %s%n%n",
                Runtime.version(), rt.availableProcessors(), rt.maxMemory() >> 20, seed, pods, pageSize,
                live ? "live" : "pods");

        progress("generating %d pods", pods);
        ClusterState state = live ? SyntheticCluster.live(seed, pods)
                : ApiObjects.addressed(SyntheticCluster.generate(seed, pods));
        Path dataDir = Files.createTempDirectory("netpol-auditor-ingest-bench");
        try (FakeKubernetesApi api = FakeKubernetesApi.start();
                Database db = Database.open(new Database.Settings(null, null, null, dataDir.resolve("postgres"), 4,
                        Duration.ofSeconds(30)))) {
            progress("serving %d namespaces, %d pods, %d policies at %s", state.namespaces().size(),
                    state.pods().size(), state.policies().size(), api.baseUrl());
            ApiObjects.serve(api, state);
            ApiClient client = new ClientBuilder().setBasePath(api.baseUrl()).build();
            client.setReadTimeout(60_000);
            KubernetesCollector.Settings d = KubernetesCollector.Settings.DEFAULTS;
            TimedSource source = new TimedSource(new KubernetesSource(client, d.withPageSize(pageSize)));
            SnapshotRunner runner = new SnapshotRunner(new SnapshotStore(db.dsl()), Clock.systemUTC(), "bench");
            ClusterSpec spec = new ClusterSpec(CLUSTER, new ClusterSpec.Source.Kubernetes(null, null), "0 0 * * * *",
                    "tenant", null, null);

            List<Row> rows = new ArrayList<>();
            try {
                rows.add(measure("1 fresh database", runner, spec, source, db));
                rows.add(measure("2 unchanged", runner, spec, source, db));
                ApiObjects.servePolicies(api, withOneChanged(state.policies()));
                rows.add(measure("3 one policy changed", runner, spec, source, db));
            } catch (RunFailed e) {
                System.out.println("**" + e.getMessage() + "**");
                System.out.println();
            }
            print(rows);
            if (source.last != null) {
                try {
                    profile(source.last.state());
                } catch (OutOfMemoryError e) {
                    System.out.println();
                    System.out.println("**profiling the analysis: " + e + "**");
                }
            }
        } finally {
            deleteTree(dataDir);
        }
    }

    private static Row measure(String run, SnapshotRunner runner, ClusterSpec spec, TimedSource source, Database db) {
        progress("run %s", run);
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP && p.isValid()).toList();
        System.gc();
        double heapBefore = heap.stream().mapToLong(p -> p.getUsage().getUsed()).sum() / (1024.0 * 1024.0);
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        Map<String, Long> before = TableRows.count(db.dataSource());

        long start = System.nanoTime();
        long cpuStart = jvmCpuNanos();
        source.capturedAt = null;
        SnapshotRunner.Outcome outcome;
        try {
            outcome = runner.run(spec, source, "manual");
        } catch (OutOfMemoryError e) {
            // the runner lets errors through; say how far it got
            throw new RunFailed(String.format(Locale.ROOT, "run %s: %s after %.1f s, %s", run, e,
                    seconds(System.nanoTime() - start), source.capturedAt == null ? "while collecting"
                            : String.format(Locale.ROOT, "collected in %.1f s, then %.1f s analysing or storing",
                                    seconds(source.lastNanos),
                                    seconds(Duration.between(source.capturedAt, Instant.now()).toNanos()))));
        }
        long end = System.nanoTime();
        long cpuEnd = jvmCpuNanos();
        Instant ended = Instant.now();

        double peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum() / (1024.0 * 1024.0);
        if (!outcome.complete()) {
            throw new RunFailed("run " + run + " failed: " + outcome.reason());
        }
        Map<String, Long> added = TableRows.added(before, TableRows.count(db.dataSource()));
        // hashing apart, on the same capture: what every run pays even when the analysis is shared
        long hashStart = System.nanoTime();
        StoredObjects.objectsOf(source.last.state(), Map.of()).stream().map(SnapshotContent.StoredObject::sha256)
                .sorted().count();
        double hash = seconds(System.nanoTime() - hashStart);
        Row row = new Row(run, outcome, seconds(source.lastNanos),
                seconds(Duration.between(source.capturedAt, outcome.content().finishedAt()).toNanos()), hash,
                seconds(Duration.between(outcome.content().finishedAt(), ended).toNanos()), seconds(end - start),
                seconds(cpuEnd - cpuStart), added,
                heapBefore, peak);
        progress("run %s: %.1f s", run, row.totalS());
        return row;
    }

    /** A run that did not complete: the rest are not run. */
    private static final class RunFailed extends RuntimeException {
        RunFailed(String message) {
            super(message);
        }
    }

    /**
     * The analysis apart, on the captured state: the audit (compile, findings, coverage,
     * tenant matrix) and the walk of the group-level connectivity the store writes one row per
     * allowed group pair of (counted here, not kept).
     */
    private static void profile(ClusterState state) {
        progress("profiling the analysis");
        System.gc();
        Tenancy tenancy = Tenancy.byLabel("tenant");
        long start = System.nanoTime();
        AnalysisSettings settings = new AnalysisSettings(tenancy, List.of(), LocalDate.now(ZoneOffset.UTC));
        AuditReport report = Audit.run(AuditInput.of(state, tenancy), settings);
        double audit = seconds(System.nanoTime() - start);
        System.gc();
        start = System.nanoTime();
        long flows = Audit.analyse(state, settings).connectivity().flows().size();
        double walk = seconds(System.nanoTime() - start);
        System.out.println();
        System.out.println("| analysis apart | s | rows it gives |");
        System.out.println("|---|---:|---|");
        System.out.printf(Locale.ROOT, "| audit (compile, findings, coverage, tenant matrix) | %.1f | finding %d, tenant_cell %d |%n",
                audit, report.findings().size(), report.tenants().cells().size());
        System.out.printf(Locale.ROOT, "| the same, keeping the group flows (one walk) | %.1f | endpoint_group %d,"
                + " group_flow %d |%n", walk, report.endpointGroups(), flows);
    }

    /** The policies with the first one's pod selector changed: one new object version. */
    private static List<NetworkPolicy> withOneChanged(List<NetworkPolicy> policies) {
        List<NetworkPolicy> out = new ArrayList<>(policies);
        NetworkPolicy p = out.getFirst();
        out.set(0, new NetworkPolicy(p.namespace(), p.name(), new LabelSelector(Map.of("bench", "changed"), List.of()),
                p.policyTypes(), p.ingress(), p.egress(), p.source()));
        return out;
    }

    /**
     * CPU time of this JVM, every thread: the snapshot's, and the fake API server's, which runs in
     * it; not PostgreSQL's, which runs in its own processes. Less sensitive than wall time to what
     * else the machine runs.
     */
    private static long jvmCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static void print(List<Row> rows) {
        System.out.println("| run | objects | analysis | collect s | analyse s (hashing) | store s | total s"
                + " | JVM CPU s | heap before MB | peak heap MB |");
        System.out.println("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|");
        for (Row r : rows) {
            System.out.printf(Locale.ROOT, "| %s | %d | %s | %.1f | %.1f (%.1f) | %.1f | %.1f | %.1f | %.0f | %.0f |%n",
                    r.run(), r.outcome().objects(), r.outcome().analysisShared() ? "shared" : "computed",
                    r.collectS(), r.analyseS(), r.hashS(), r.storeS(), r.totalS(), r.jvmCpuS(), r.heapBeforeMb(),
                    r.peakHeapMb());
        }
        System.out.println();
        System.out.println("| run | rows added | new object versions / objects |");
        System.out.println("|---|---|---:|");
        for (Row r : rows) {
            long versions = r.added().getOrDefault("object_version", 0L);
            System.out.printf(Locale.ROOT, "| %s | %s | %d / %d (%.3f%%) |%n", r.run(),
                    r.added().entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                            .collect(Collectors.joining(", ")),
                    versions, r.outcome().objects(), 100.0 * versions / r.outcome().objects());
        }
    }

    /** The source, timed: how long the last capture took and when it ended. */
    private static final class TimedSource implements ClusterSource {
        private final ClusterSource source;
        private long lastNanos;
        private volatile Instant capturedAt;
        private ClusterCapture last;

        TimedSource(ClusterSource source) {
            this.source = source;
        }

        @Override
        public String describe() {
            return source.describe();
        }

        @Override
        public ClusterCapture capture() throws CollectionException, ManifestException {
            long start = System.nanoTime();
            last = source.capture();
            lastNanos = System.nanoTime() - start;
            capturedAt = Instant.now();
            return last;
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void progress(String format, Object... args) {
        System.err.printf(Locale.ROOT, format + "%n", args);
    }
}
