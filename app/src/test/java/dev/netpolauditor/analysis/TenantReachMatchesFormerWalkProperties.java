package dev.netpolauditor.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.netpolauditor.bench.SyntheticCluster;
import dev.netpolauditor.engine.RandomClusters;
import dev.netpolauditor.engine.RandomClusters.GeneratedCluster;
import dev.netpolauditor.model.ClusterState;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The tenant walk gives exactly the matrix (cells, namespace pairs, examples, provenance) and
 * the group flows of the former walk ({@link FormerTenantReach}, bit by bit), for random
 * clusters and tenancies (label, by-name assignment, shared namespaces, allowed pairs) and
 * for synthetic clusters of the benchmark's shape, split into any number of parts.
 */
class TenantReachMatchesFormerWalkProperties {

    @Provide
    Arbitrary<GeneratedCluster> clusters() {
        return RandomClusters.clusters();
    }

    @Provide
    Arbitrary<Tenancy> tenancies() {
        return Arbitraries.of(
                Tenancy.byLabel("team"),
                new Tenancy("team", Map.of("gamma", "green"), Set.of(), Set.of()),
                new Tenancy("team", Map.of("alpha", "red"), Set.of("beta"),
                        Set.of(new Tenancy.TenantPair("red", "blue"))),
                new Tenancy("env", Map.of(), Set.of(), Set.of(new Tenancy.TenantPair("prod", "dev"),
                        new Tenancy.TenantPair("dev", "prod"))));
    }

    @Property(tries = 300)
    void randomClustersWalkAsBefore(@ForAll("clusters") GeneratedCluster generated,
            @ForAll("tenancies") Tenancy tenancy, @ForAll @IntRange(min = 1, max = 5) int parts) {
        sameWalk(AuditInput.of(generated.cluster(), tenancy), parts);
    }

    @Property(tries = 8)
    void syntheticClustersWalkAsBefore(@ForAll @IntRange(min = 1, max = 1000) int seed,
            @ForAll @IntRange(min = 200, max = 1500) int pods, @ForAll @IntRange(min = 1, max = 7) int parts) {
        ClusterState cluster = SyntheticCluster.generate(seed, pods);
        sameWalk(AuditInput.of(cluster, Tenancy.byLabel("tenant")), parts);
        sameWalk(AuditInput.of(cluster, new Tenancy("tenant", Map.of(), Set.of(cluster.namespaces().getFirst().name()),
                Set.of(new Tenancy.TenantPair("tenant-00", "tenant-01")))), parts);
    }

    private static void sameWalk(AuditInput input, int parts) {
        TenantMatrix expected = FormerTenantReach.compute(input, parts);
        TenantMatrix actual = TenantReach.compute(input, parts);
        assertEquals(expected.tenants(), actual.tenants());
        assertEquals(expected.cells().size(), actual.cells().size(), "cells");
        for (int i = 0; i < expected.cells().size(); i++) {
            TenantMatrix.Cell e = expected.cells().get(i);
            TenantMatrix.Cell a = actual.cells().get(i);
            assertEquals(e, a, "cell " + i);
            assertEquals(List.copyOf(e.namespacePairs()), List.copyOf(a.namespacePairs()), "namespace pairs of cell " + i);
            assertEquals(e.namespacePairCount(), a.namespacePairCount(), "namespace pair count of cell " + i);
        }
        List<GroupConnectivity.Flow> expectedFlows = FormerTenantReach.walk(input, true).flows();
        List<GroupConnectivity.Flow> actualFlows = TenantReach.walk(input, true).flows();
        assertEquals(expectedFlows.size(), actualFlows.size(), "flows");
        for (int i = 0; i < expectedFlows.size(); i++) {
            assertEquals(expectedFlows.get(i).toGroup(), actualFlows.get(i).toGroup());
            assertEquals(expectedFlows.get(i).ports(), actualFlows.get(i).ports());
            assertArrayEquals(expectedFlows.get(i).fromGroups(), actualFlows.get(i).fromGroups());
        }
    }
}
