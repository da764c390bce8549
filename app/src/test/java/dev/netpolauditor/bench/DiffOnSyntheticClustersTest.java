package dev.netpolauditor.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netpolauditor.analysis.Tenancy;
import dev.netpolauditor.analysis.diff.Cause;
import dev.netpolauditor.analysis.diff.ConnectivityChange;
import dev.netpolauditor.analysis.diff.DiffReport;
import dev.netpolauditor.analysis.diff.Side;
import dev.netpolauditor.analysis.diff.SnapshotDiff;
import dev.netpolauditor.engine.Endpoint;
import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.model.IpAddress;
import dev.netpolauditor.model.PortSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The diff of a synthetic cluster and a mutated copy (the benchmark's states, smaller): the
 * changes found class by class are exactly the pairs whose {@code allowed} differs pair by
 * pair (every reported pair checked, unreported pairs sampled), and every change is
 * attributed to some object change.
 */
class DiffOnSyntheticClustersTest {

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void classByClassEqualsPairByPairAndEveryChangeHasACause(long seed) {
        ClusterState from = SyntheticCluster.generate(seed, 600);
        ClusterState to = DiffBenchmark.mutate(from, 10, seed, new int[1]);
        List<Endpoint.Ip> ips = List.of(new Endpoint.Ip(IpAddress.parse("203.0.113.9")),
                new Endpoint.Ip(IpAddress.parse("10.1.2.3")));
        Side before = Side.of(from, Tenancy.byLabel("tenant"), ips);
        Side after = Side.of(to, Tenancy.byLabel("tenant"), ips);
        DiffReport report = SnapshotDiff.between(before, after);
        assertFalse(report.connectivity().isEmpty(), "the mutation should change some flows");

        Set<String> reported = new HashSet<>();
        for (ConnectivityChange c : report.connectivity()) {
            reported.add(c.from() + " " + c.to());
            assertEquals(before.allowed(c.from(), c.to()), c.before(), () -> "before of " + c);
            assertEquals(after.allowed(c.from(), c.to()), c.after(), () -> "after of " + c);
            assertFalse(c.causes().isEmpty(), () -> "no cause for " + c);
            assertTrue(c.causes().stream().noneMatch(x -> x.kind() == Cause.Kind.UNATTRIBUTED),
                    () -> "unattributed: " + c);
        }
        List<String> names = new ArrayList<>();
        before.compiled().endpoints().forEach(e -> names.add(e.name()));
        ips.forEach(ip -> names.add(ip.name()));
        SplittableRandom random = new SplittableRandom(seed);
        for (int k = 0; k < 20_000; k++) {
            String f = names.get(random.nextInt(names.size()));
            String t = names.get(random.nextInt(names.size()));
            if (f.equals(t) || reported.contains(f + " " + t)) {
                continue;
            }
            PortSet b = f.startsWith("ip:") && t.startsWith("ip:") ? null : before.allowed(f, t);
            PortSet a = f.startsWith("ip:") && t.startsWith("ip:") ? null : after.allowed(f, t);
            assertTrue(Objects.equals(b, a), () -> "unreported change " + f + " -> " + t + ": " + b + " => " + a);
        }
    }
}
