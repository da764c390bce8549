package dev.netpolauditor.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.netpolauditor.analysis.AnalysisSettings;
import dev.netpolauditor.analysis.Audit;
import dev.netpolauditor.analysis.GroupConnectivity;
import dev.netpolauditor.engine.RandomClusters.GeneratedCluster;
import dev.netpolauditor.store.SnapshotContent.StoredFlow;
import dev.netpolauditor.store.SnapshotContent;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The stored group-level connectivity — one row per destination group and port set, with the
 * source groups as a bitmap, collected by the analysis in its walk for the tenant matrix —
 * expands to exactly the group pairs of the matrix, each once.
 */
class GroupFlowsProperties {
    @Provide
    Arbitrary<GeneratedCluster> clusters() {
        return RandomClusters.clusters();
    }

    @Property(tries = 200)
    void expandedFlowsAreThePairsOfTheMatrix(@ForAll("clusters") GeneratedCluster generated) {
        CompiledCluster compiled = CompiledCluster.compile(generated.cluster());
        Map<Long, String> expected = new HashMap<>();
        compiled.connectivity(List.of()).forEachGroupRow((destination, sources, allowed) -> {
            if (!allowed.isEmpty()) {
                ConnectivityMatrix.forEachBit(sources, source -> expected.merge(key(source, destination),
                        allowed.toString(), (a, b) -> { throw new AssertionError("two classes hold one pair"); }));
            }
        });
        Map<Long, String> actual = new HashMap<>();
        GroupConnectivity connectivity = Audit.analyse(generated.cluster(),
                AnalysisSettings.byLabel("tenant", LocalDate.EPOCH)).connectivity();
        assertEquals(compiled.groupCount(), connectivity.groups().size());
        for (StoredFlow flow : SnapshotContent.flowsOf(connectivity)) {
            assertEquals((compiled.groupCount() + 7) / 8, flow.fromGroups().length, "one bit per group");
            for (int g = 0; g < compiled.groupCount(); g++) {
                if (flow.from(g)) {
                    assertNull(actual.put(key(g, flow.toGroup()), flow.ports()), "one port set per group pair");
                }
            }
        }
        assertEquals(expected, actual);
    }

    private static long key(int from, int to) {
        return ((long) from << 32) | to;
    }
}
