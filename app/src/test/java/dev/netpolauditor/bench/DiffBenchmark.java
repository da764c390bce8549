package dev.netpolauditor.bench;

import dev.netpolauditor.analysis.Tenancy;
import dev.netpolauditor.analysis.diff.Cause;
import dev.netpolauditor.analysis.diff.ConnectivityChange;
import dev.netpolauditor.analysis.diff.DiffReport;
import dev.netpolauditor.analysis.diff.Side;
import dev.netpolauditor.analysis.diff.SnapshotDiff;
import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.model.LabelSelector;
import dev.netpolauditor.model.NetworkPolicy;
import dev.netpolauditor.model.Peer;
import dev.netpolauditor.model.PortMatch;
import dev.netpolauditor.model.PortRule;
import dev.netpolauditor.model.Protocol;
import dev.netpolauditor.model.Rule;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Times {@code diff} end to end as the service would run it on two snapshots: both sides
 * compiled and audited ({@link Side#of}), then {@link SnapshotDiff#between} (objects,
 * connectivity compared by endpoint class, every changed pair attributed, findings). The
 * {@code to} side is the synthetic cluster with a share of its policies mutated (default 1 %):
 * in turn ports replaced by TCP 8443, the podSelector pointed at another app, a rule added
 * (ingress from the web tier on TCP 9999, or egress to it when the policy has only egress).
 * Two warm-up runs, three measured; median, min and peak heap.
 *
 * <p>Usage: {@code bench/diff [--seed N] [--share PERCENT] [pods...]}, default 20000 pods.
 */
public final class DiffBenchmark {
    private static final int WARMUP = 2;
    private static final int MEASURED = 3;

    private DiffBenchmark() {}

    public static void main(String[] args) {
        long seed = 42;
        double share = 1.0;
        List<Integer> sizes = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--share" -> share = Double.parseDouble(args[++i]);
                default -> sizes.add(Integer.parseInt(args[i].replace("_", "")));
            }
        }
        if (sizes.isEmpty()) {
            sizes = List.of(20000);
        }
        Runtime rt = Runtime.getRuntime();
        System.out.printf(Locale.ROOT, "JDK %s, %d cores, max heap %d MB, seed %d, %.1f %% of policies mutated%n%n",
                Runtime.version(), rt.availableProcessors(), rt.maxMemory() >> 20, seed, share);
        System.out.println("| pods | policies | mutated | object changes | connectivity changes | finding changes "
                + "| causes by kind | sides ms (median) | diff + attribution ms (median) | total min ms "
                + "| total median ms | peak heap MB |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|");
        for (int pods : sizes) {
            progress("generating %d pods", pods);
            ClusterState from = SyntheticCluster.generate(seed, pods);
            int[] mutated = new int[1];
            ClusterState to = mutate(from, share, seed, mutated);
            Tenancy tenancy = Tenancy.byLabel("tenant");
            DiffReport[] report = new DiffReport[1];
            double[] sides = new double[MEASURED];
            double[] diffs = new double[MEASURED];
            double[] totals = new double[MEASURED];
            for (int i = 0; i < WARMUP; i++) {
                progress("%d pods: warm-up %d/%d", pods, i + 1, WARMUP);
                SnapshotDiff.between(Side.of(from, tenancy, List.of()), Side.of(to, tenancy, List.of()));
            }
            System.gc();
            List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(p -> p.getType() == MemoryType.HEAP && p.isValid()).toList();
            heap.forEach(MemoryPoolMXBean::resetPeakUsage);
            for (int i = 0; i < MEASURED; i++) {
                progress("%d pods: run %d/%d", pods, i + 1, MEASURED);
                long start = System.nanoTime();
                Side before = Side.of(from, tenancy, List.of());
                Side after = Side.of(to, tenancy, List.of());
                long sided = System.nanoTime();
                report[0] = SnapshotDiff.between(before, after);
                long end = System.nanoTime();
                sides[i] = (sided - start) / 1e6;
                diffs[i] = (end - sided) / 1e6;
                totals[i] = (end - start) / 1e6;
            }
            long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            Arrays.sort(sides);
            Arrays.sort(diffs);
            Arrays.sort(totals);
            Map<Cause.Kind, Integer> kinds = new EnumMap<>(Cause.Kind.class);
            for (ConnectivityChange c : report[0].connectivity()) {
                c.causes().forEach(cause -> kinds.merge(cause.kind(), 1, Integer::sum));
            }
            List<String> shown = new ArrayList<>();
            kinds.forEach((k, n) -> shown.add(k.wireName() + " " + n));
            System.out.printf(Locale.ROOT, "| %d | %d | %d | %d | %d | %d | %s | %.0f | %.0f | %.0f | %.0f | %.0f |%n",
                    pods, from.policies().size(), mutated[0], report[0].objects().size(),
                    report[0].connectivity().size(), report[0].findings().size(), String.join(", ", shown),
                    sides[MEASURED / 2], diffs[MEASURED / 2], totals[0], totals[MEASURED / 2], peak / (1024.0 * 1024));
        }
    }

    /** The cluster with {@code share} % of its policies mutated, in turn three ways. */
    static ClusterState mutate(ClusterState cluster, double share, long seed, int[] count) {
        SplittableRandom random = new SplittableRandom(seed * 31 + 7);
        List<NetworkPolicy> policies = new ArrayList<>(cluster.policies());
        int n = (int) Math.round(policies.size() * share / 100);
        for (int k = 0; k < n; k++) {
            int i = random.nextInt(policies.size());
            NetworkPolicy p = policies.get(i);
            PortRule port = new PortRule(Protocol.TCP, new PortMatch.Range(8443, 8443));
            NetworkPolicy changed = switch (k % 3) {
                case 0 -> new NetworkPolicy(p.namespace(), p.name(), p.podSelector(), p.policyTypes(),
                        p.ingress().stream().map(r -> new Rule(r.peers(), List.of(port))).toList(),
                        p.egress().stream().map(r -> new Rule(r.peers(), List.of(port))).toList(), p.source());
                case 1 -> new NetworkPolicy(p.namespace(), p.name(),
                        new LabelSelector(java.util.Map.of("app", "checkout"), List.of()), p.policyTypes(),
                        p.ingress(), p.egress(), p.source());
                default -> {
                    Rule web = new Rule(List.of(new Peer.Selectors(
                            new LabelSelector(java.util.Map.of("tier", "web"), List.of()), null)),
                            List.of(new PortRule(Protocol.TCP, new PortMatch.Range(9999, 9999))));
                    boolean egressOnly = p.ingress().isEmpty() && !p.egress().isEmpty();
                    List<Rule> ingress = new ArrayList<>(p.ingress());
                    List<Rule> egress = new ArrayList<>(p.egress());
                    (egressOnly ? egress : ingress).add(web);
                    yield new NetworkPolicy(p.namespace(), p.name(), p.podSelector(), p.policyTypes(), ingress,
                            egress, p.source());
                }
            };
            policies.set(i, changed);
        }
        count[0] = n;
        return new ClusterState(cluster.namespaces(), cluster.pods(), cluster.workloads(), policies);
    }

    private static void progress(String format, Object... args) {
        System.err.printf(Locale.ROOT, format + "%n", args);
    }
}
