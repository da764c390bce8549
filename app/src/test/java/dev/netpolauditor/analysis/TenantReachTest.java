package dev.netpolauditor.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netpolauditor.bench.SyntheticCluster;
import dev.netpolauditor.model.ClusterState;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The tenant matrix is walked in parallel parts; splitting must never change it. */
class TenantReachTest {

    @ParameterizedTest
    @ValueSource(longs = {1, 7, 42})
    void theMatrixDoesNotDependOnHowTheWalkIsSplit(long seed) {
        ClusterState cluster = SyntheticCluster.generate(seed, 1500);
        AuditInput input = AuditInput.of(cluster, Tenancy.byLabel("tenant"));
        TenantMatrix whole = TenantReach.compute(input, 1);
        assertTrue(whole.cells().stream().anyMatch(TenantMatrix.Cell::crossTenant),
                "the synthetic cluster should have cross-tenant flows, else this test proves little");
        assertFalse(whole.cells().stream().allMatch(c -> c.namespacePairs().size() == 1),
                "some cell should span several namespace pairs");
        for (int parts : new int[] {2, 3, 16, 1000}) {
            TenantMatrix split = TenantReach.compute(input, parts);
            assertEquals(whole.tenants(), split.tenants());
            assertEquals(whole.cells().size(), split.cells().size(), "cells with " + parts + " parts");
            for (int i = 0; i < whole.cells().size(); i++) {
                assertEquals(whole.cells().get(i), split.cells().get(i), "cell " + i + " with " + parts + " parts");
            }
        }
    }
}
