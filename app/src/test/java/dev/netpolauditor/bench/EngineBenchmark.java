package dev.netpolauditor.bench;

import dev.netpolauditor.analysis.AnalysisSettings;
import dev.netpolauditor.analysis.Audit;
import dev.netpolauditor.analysis.AuditReport;
import dev.netpolauditor.analysis.Tenancy;
import dev.netpolauditor.engine.CompiledCluster;
import dev.netpolauditor.engine.ConnectivityMatrix;
import dev.netpolauditor.engine.Endpoint;
import dev.netpolauditor.engine.Endpoints;
import dev.netpolauditor.engine.ReferenceEvaluator;
import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.model.Pod;
import dev.netpolauditor.model.PortSet;
import dev.netpolauditor.model.Workload;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Times the engine on synthetic clusters: {@code compile} plus a full walk of the grouped
 * connectivity matrix ({@code connectivity(List.of()).stats()}), two warm-up runs and three
 * measured ones. At 2000 pods or fewer it also times the brute-force
 * {@link ReferenceEvaluator} over every ordered endpoint pair (or over a random sample,
 * extrapolated, when all pairs would take longer than ten minutes).
 *
 * <p>{@code --shape live} takes the cluster as a live one serves it ({@link SyntheticCluster#live}:
 * the same pods owned by Deployments, ReplicaSets, Jobs...) and adds a table comparing one
 * endpoint per workload with the earlier counting, where every pod and every workload was an
 * endpoint of its own (the same cluster with its controller references dropped).
 *
 * <p>{@code --tiers} adds a platform team's cluster-tier policies (40 Admin, 10 Baseline; see
 * {@link SyntheticCluster#withClusterPolicies}).
 *
 * <p>{@code --calico} adds Calico (a {@code calico-node} DaemonSet, 3 tiers, 200
 * GlobalNetworkPolicies, namespaced Calico policies per tenant, network sets), {@code --cilium}
 * Cilium (a {@code cilium} DaemonSet, {@code cilium-config}, 20 clusterwide policies,
 * CiliumNetworkPolicies in a third of the namespaces); see {@link SyntheticPlugins}. The
 * reference then checks the engine's {@code allowed} on every pair it evaluates.
 *
 * <p>Usage: {@code bench/run [--seed N] [--shape pods|live] [--tiers] [--calico] [--cilium] [--no-reference] [pods...]},
 * default sizes 2000 20000 150000, shape pods. Progress goes to stderr, the markdown tables to stdout.
 */
public final class EngineBenchmark {
    private static final int WARMUP = 2;
    private static final int MEASURED = 3;
    private static final int REFERENCE_MAX_PODS = 2000;
    private static final long REFERENCE_BUDGET_NANOS = 10L * 60 * 1_000_000_000L;
    private static final int REFERENCE_SAMPLE = 20_000;

    /** {@code policies}: NetworkPolicies; {@code otherPolicies}: cluster-tier, Calico and Cilium policies. */
    private record EngineRow(int pods, int endpoints, int namespaces, int policies, int otherPolicies, int groups, long groupPairs,
            long endpointPairs, double minMs, double medianMs, double cpuMs, double peakHeapMb) {}

    /** {@code differing}: pairs evaluated where the engine's {@code allowed} is not the reference's. */
    private record ReferenceRow(int pods, long pairs, long evaluated, double referenceMs, boolean extrapolated,
            long referenceAllowedPairs, double engineMedianMs, long engineAllowedPairs, long differing) {}

    private EngineBenchmark() {}

    public static void main(String[] args) {
        long seed = 42;
        boolean reference = true;
        boolean audit = true;
        boolean live = false;
        boolean tiers = false;
        boolean calico = false;
        boolean cilium = false;
        List<Integer> sizes = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--no-reference" -> reference = false;
                case "--no-audit" -> audit = false;
                case "--tiers" -> tiers = true;
                case "--calico" -> calico = true;
                case "--cilium" -> cilium = true;
                case "--shape" -> {
                    String shape = args[++i];
                    if (!shape.equals("live") && !shape.equals("pods")) {
                        throw new IllegalArgumentException("--shape is pods or live, not " + shape);
                    }
                    live = shape.equals("live");
                }
                default -> sizes.add(Integer.parseInt(args[i].replace("_", "")));
            }
        }
        if (sizes.isEmpty()) {
            sizes = List.of(2000, 20000, 150000);
        }
        Runtime rt = Runtime.getRuntime();
        if (calico && cilium) {
            throw new IllegalArgumentException("--calico and --cilium are benchmarked one at a time");
        }
        System.out.printf(Locale.ROOT, "JDK %s, %d cores, max heap %d MB, seed %d, shape %s%s%s%s%n%n",
                Runtime.version(), rt.availableProcessors(), rt.maxMemory() >> 20, seed, live ? "live" : "pods",
                tiers ? ", with 40 Admin and 10 Baseline cluster-tier policies" : "",
                calico ? ", with Calico (3 tiers, " + SyntheticPlugins.CALICO_GLOBAL_POLICIES
                        + " GlobalNetworkPolicies, Calico NetworkPolicies per tenant, network sets)" : "",
                cilium ? ", with Cilium (" + SyntheticPlugins.CILIUM_CLUSTERWIDE
                        + " clusterwide policies, CiliumNetworkPolicies in a third of the namespaces)" : "");

        List<EngineRow> engineRows = new ArrayList<>();
        List<ReferenceRow> referenceRows = new ArrayList<>();
        List<AuditRow> auditRows = new ArrayList<>();
        List<OwnersRow> ownersRows = new ArrayList<>();
        for (int pods : sizes) {
            progress("generating %d pods", pods);
            ClusterState cluster = live ? SyntheticCluster.live(seed, pods) : SyntheticCluster.generate(seed, pods);
            if (tiers) {
                cluster = SyntheticCluster.withClusterPolicies(cluster, 40, 10);
            }
            if (calico) {
                cluster = SyntheticPlugins.withCalico(cluster, seed);
            }
            if (cilium) {
                cluster = SyntheticPlugins.withCilium(cluster, seed);
            }
            if (calico || cilium) {
                progress("%d pods: %d plugin policies", pods, cluster.plugins().calico().policies().size()
                        + cluster.plugins().cilium().policies().size());
            }
            if (live) {
                ownersRows.add(owners(pods, cluster));
            }
            EngineRow row = timeEngine(pods, cluster);
            engineRows.add(row);
            if (audit) {
                auditRows.add(timeAudit(pods, cluster));
            }
            if (reference && pods <= REFERENCE_MAX_PODS) {
                referenceRows.add(timeReference(pods, cluster, row, seed));
            }
        }
        if (!ownersRows.isEmpty()) {
            printOwnersTable(ownersRows);
        }
        printEngineTable(engineRows);
        if (!auditRows.isEmpty()) {
            printAuditTable(auditRows);
        }
        if (!referenceRows.isEmpty()) {
            printReferenceTable(referenceRows);
        }
    }

    /**
     * Wall times (min, median), the median of the process's CPU time per run (all threads: on a
     * machine shared with other work it varies less than wall time) and peak heap of
     * {@code MEASURED} runs after {@code WARMUP} warm-ups.
     */
    private record Timing(double minMs, double medianMs, double peakHeapMb, double cpuMedianMs) {}

    private static Timing time(String label, Runnable run) {
        for (int i = 0; i < WARMUP; i++) {
            progress("%s: warm-up %d/%d", label, i + 1, WARMUP);
            run.run();
        }
        System.gc();
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP && p.isValid())
                .toList();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        double[] ms = new double[MEASURED];
        double[] cpu = new double[MEASURED];
        for (int i = 0; i < MEASURED; i++) {
            progress("%s: run %d/%d", label, i + 1, MEASURED);
            long cpuStart = processCpuNanos();
            long start = System.nanoTime();
            run.run();
            ms[i] = (System.nanoTime() - start) / 1e6;
            cpu[i] = (processCpuNanos() - cpuStart) / 1e6;
        }
        long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        Arrays.sort(ms);
        Arrays.sort(cpu);
        return new Timing(ms[0], ms[MEASURED / 2], peak / (1024.0 * 1024.0), cpu[MEASURED / 2]);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static EngineRow timeEngine(int pods, ClusterState cluster) {
        ConnectivityMatrix.Stats[] stats = new ConnectivityMatrix.Stats[1];
        Timing t = time(pods + " pods, engine", () -> stats[0] =
                CompiledCluster.compile(cluster).connectivity(List.of()).stats());
        return new EngineRow(pods, Endpoints.of(cluster).size(), cluster.namespaces().size(),
                cluster.policies().size(), cluster.clusterPolicies().size()
                        + cluster.plugins().calico().policies().size() + cluster.plugins().cilium().policies().size(),
                stats[0].groups(), stats[0].groupPairs(), stats[0].endpointPairs(),
                t.minMs(), t.medianMs(), t.cpuMedianMs(), t.peakHeapMb());
    }

    /** One cluster counted both ways: {@code before} ignores controllers (every pod and workload an endpoint). */
    private record OwnersRow(int pods, int workloads, Counts before, Counts after) {}

    private record Counts(int endpoints, int memberGroups, int high, int medium, int low, int score) {}

    private static OwnersRow owners(int pods, ClusterState live) {
        progress("%d pods: counting endpoints and findings with and without owners", pods);
        List<Pod> ownerless = live.pods().stream().map(p -> new Pod(p.namespace(), p.name(), p.labels(), p.ports(),
                p.hostNetwork(), p.phase(), p.podIps(), null, p.source())).toList();
        List<Workload> unowned = live.workloads().stream().map(w -> new Workload(w.kind(), w.namespace(), w.name(),
                w.templateLabels(), w.ports(), w.hostNetwork(), w.images(), null, w.source())).toList();
        ClusterState before = new ClusterState(live.namespaces(), ownerless, unowned, live.policies());
        return new OwnersRow(pods, live.workloads().size(), counts(before), counts(live));
    }

    private static Counts counts(ClusterState cluster) {
        AnalysisSettings options = new AnalysisSettings(Tenancy.byLabel("tenant"), List.of(), LocalDate.of(2026, 1, 1));
        CompiledCluster compiled = CompiledCluster.compile(cluster);
        AuditReport report = Audit.run(new dev.netpolauditor.analysis.AuditInput(cluster, compiled,
                options.tenancy()), options);
        var open = report.openBySeverity();
        return new Counts(compiled.endpoints().size(), compiled.memberGroupCount(),
                open.get(dev.netpolauditor.analysis.Severity.HIGH).intValue(),
                open.get(dev.netpolauditor.analysis.Severity.MEDIUM).intValue(),
                open.get(dev.netpolauditor.analysis.Severity.LOW).intValue(), report.score());
    }

    private static void printOwnersTable(List<OwnersRow> rows) {
        System.out.println("Live shape: every pod and workload an endpoint of its own (before: controllers ignored)"
                + " and one endpoint per workload (after)");
        System.out.println();
        System.out.println("| pods | workload objects | endpoints before | after | member groups before | after "
                + "| findings H/M/L before | after | score before | after |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (OwnersRow r : rows) {
            System.out.printf(Locale.ROOT, "| %d | %d | %d | %d | %d | %d | %d/%d/%d | %d/%d/%d | %d | %d |%n",
                    r.pods(), r.workloads(), r.before().endpoints(), r.after().endpoints(),
                    r.before().memberGroups(), r.after().memberGroups(), r.before().high(), r.before().medium(),
                    r.before().low(), r.after().high(), r.after().medium(), r.after().low(), r.before().score(),
                    r.after().score());
        }
        System.out.println();
    }

    private record AuditRow(int pods, int tenants, int findings, long tenantCells, double minMs, double medianMs,
            double cpuMs, double peakHeapMb) {}

    /** The whole audit: compile, every finding rule, tenant matrix (tenant label "tenant"), coverage, controls. */
    private static AuditRow timeAudit(int pods, ClusterState cluster) {
        AnalysisSettings options = new AnalysisSettings(Tenancy.byLabel("tenant"), List.of(), LocalDate.of(2026, 1, 1));
        AuditReport[] report = new AuditReport[1];
        Timing t = time(pods + " pods, audit", () -> report[0] = Audit.run(cluster, options));
        return new AuditRow(pods, report[0].tenants().tenants().size(), report[0].findings().size(),
                report[0].tenants().cells().size(), t.minMs(), t.medianMs(), t.cpuMedianMs(), t.peakHeapMb());
    }

    private static void printAuditTable(List<AuditRow> rows) {
        System.out.println("Audit: Audit.run (compile, all finding rules, tenant matrix, coverage, controls), "
                + WARMUP + " warm-up, " + MEASURED + " measured runs");
        System.out.println();
        System.out.println("| pods | tenants | findings | tenant matrix cells | min ms | median ms | median CPU ms "
                + "| peak heap MB (sum of pool peaks) |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (AuditRow r : rows) {
            System.out.printf(Locale.ROOT, "| %d | %d | %d | %d | %.1f | %.1f | %.0f | %.0f |%n", r.pods(), r.tenants(),
                    r.findings(), r.tenantCells(), r.minMs(), r.medianMs(), r.cpuMs(), r.peakHeapMb());
        }
        System.out.println();
    }

    /**
     * Times the reference over a random sample of ordered pairs first; if all pairs fit in the
     * budget by that estimate, times all of them, else reports the extrapolation. Every pair
     * evaluated is also compared with the engine's {@code allowed} (outside the timing).
     */
    private static ReferenceRow timeReference(int pods, ClusterState cluster, EngineRow engine, long seed) {
        List<Endpoint.Pod> endpoints = Endpoints.of(cluster);
        int n = endpoints.size();
        long pairs = (long) n * (n - 1);
        SplittableRandom random = new SplittableRandom(seed);
        long sample = Math.min(pairs, REFERENCE_SAMPLE);
        progress("%d pods: reference on %d sampled pairs", pods, sample);
        CompiledCluster compiled = CompiledCluster.compile(cluster);
        long allowed = 0;
        long differing = 0;
        long sampleNanos = 0;
        for (long k = 0; k < sample; k++) {
            int from = random.nextInt(n);
            int to = random.nextInt(n - 1);
            if (to >= from) {
                to++;
            }
            long start = System.nanoTime();
            PortSet expected = ReferenceEvaluator.allowed(cluster, endpoints.get(from), endpoints.get(to));
            sampleNanos += System.nanoTime() - start;
            if (!expected.isEmpty()) {
                allowed++;
            }
            if (!expected.equals(compiled.allowed(endpoints.get(from), endpoints.get(to)))) {
                differing++;
            }
        }
        double estimate = (double) sampleNanos / sample * pairs;
        if (estimate > REFERENCE_BUDGET_NANOS) {
            return new ReferenceRow(pods, pairs, sample, estimate / 1e6, true,
                    Math.round((double) allowed / sample * pairs), engine.medianMs(), engine.endpointPairs(),
                    differing);
        }
        progress("%d pods: reference on all %d pairs (estimated %.0f s)", pods, pairs, estimate / 1e9);
        allowed = 0;
        differing = 0;
        long nanos = 0;
        for (Endpoint.Pod from : endpoints) {
            for (Endpoint.Pod to : endpoints) {
                if (from == to) {
                    continue;
                }
                long start = System.nanoTime();
                PortSet expected = ReferenceEvaluator.allowed(cluster, from, to);
                nanos += System.nanoTime() - start;
                if (!expected.isEmpty()) {
                    allowed++;
                }
                if (!expected.equals(compiled.allowed(from, to))) {
                    differing++;
                }
            }
        }
        return new ReferenceRow(pods, pairs, pairs, nanos / 1e6, false, allowed, engine.medianMs(),
                engine.endpointPairs(), differing);
    }

    private static void printEngineTable(List<EngineRow> rows) {
        System.out.println("Engine: compile + connectivity(List.of()).stats(), " + WARMUP + " warm-up, "
                + MEASURED + " measured runs");
        System.out.println();
        System.out.println("| pods | endpoints | namespaces | policies | other policies | groups | allowed group pairs "
                + "| allowed endpoint pairs | min ms | median ms | median CPU ms | peak heap MB (sum of pool peaks) |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (EngineRow r : rows) {
            System.out.printf(Locale.ROOT, "| %d | %d | %d | %d | %d | %d | %d | %d | %.1f | %.1f | %.0f | %.0f |%n",
                    r.pods(), r.endpoints(), r.namespaces(), r.policies(), r.otherPolicies(), r.groups(), r.groupPairs(),
                    r.endpointPairs(), r.minMs(), r.medianMs(), r.cpuMs(), r.peakHeapMb());
        }
        System.out.println();
    }

    private static void printReferenceTable(List<ReferenceRow> rows) {
        System.out.println("Brute-force ReferenceEvaluator.allowed over every ordered endpoint pair");
        System.out.println();
        System.out.println("| pods | pairs | pairs evaluated | reference ms | engine median ms | reference / engine "
                + "| allowed pairs (reference) | allowed pairs (engine) | pairs evaluated where engine differs |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (ReferenceRow r : rows) {
            System.out.printf(Locale.ROOT, "| %d | %d | %d | %s%.0f | %.1f | %.0fx | %s%d | %d | %d |%n",
                    r.pods(), r.pairs(), r.evaluated(), r.extrapolated() ? "~" : "", r.referenceMs(),
                    r.engineMedianMs(), r.referenceMs() / r.engineMedianMs(), r.extrapolated() ? "~" : "",
                    r.referenceAllowedPairs(), r.engineAllowedPairs(), r.differing());
        }
        if (rows.stream().anyMatch(ReferenceRow::extrapolated)) {
            System.out.println();
            System.out.println("~ extrapolated from a random sample of " + REFERENCE_SAMPLE
                    + " pairs: all pairs would take longer than ten minutes.");
        }
        System.out.println();
    }

    private static void progress(String format, Object... args) {
        System.err.printf(Locale.ROOT, format + "%n", args);
    }
}
