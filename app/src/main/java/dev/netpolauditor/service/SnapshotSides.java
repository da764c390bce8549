package dev.netpolauditor.service;

import dev.netpolauditor.analysis.Tenancy;
import dev.netpolauditor.analysis.diff.Side;
import dev.netpolauditor.engine.CompiledCluster;
import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.store.StoredResults.StoredResult;
import java.util.List;
import java.util.Set;

/**
 * One side of a diff between stored snapshots, as the API's diff and the change reports both
 * build it: the stored state (compiled, for connectivity and its causes) and the stored
 * analysis, never computed again: its findings without their exceptions (a diff compares
 * findings, not their acceptance), the tenants it assigned and the tenant pairs its settings
 * allowed (none when its settings are unknown).
 */
public final class SnapshotSides {
    /** No namespace carries a label with an empty key: every tenant comes from the stored assignment. */
    private static final String NO_LABEL = "";

    private SnapshotSides() {}

    /** The side of a snapshot whose stored state is {@code state}, compiled as {@code compiled}, analysed as {@code result}. */
    public static Side side(ClusterState state, CompiledCluster compiled, StoredResult result) {
        Set<Tenancy.TenantPair> allowed = result.settingsKnown() ? result.audit().settings().tenancy().allowed()
                : Set.of();
        Tenancy tenancy = new Tenancy(NO_LABEL, result.namespaceTenants(), Set.of(), allowed);
        return new Side(state, tenancy, result.audit().withoutExceptions(), compiled, List.of());
    }
}
