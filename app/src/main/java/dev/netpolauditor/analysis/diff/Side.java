package dev.netpolauditor.analysis.diff;

import dev.netpolauditor.analysis.Audit;
import dev.netpolauditor.analysis.AuditInput;
import dev.netpolauditor.analysis.AuditReport;
import dev.netpolauditor.analysis.Tenancy;
import dev.netpolauditor.engine.CompiledCluster;
import dev.netpolauditor.engine.Endpoint;
import dev.netpolauditor.engine.PortSet;
import dev.netpolauditor.model.ClusterState;
import java.time.LocalDate;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One side of a diff: a cluster state, the tenancy its findings were judged with, its audit
 * report and its connectivity ({@code from -> to -> allowed}, non-empty port sets only).
 *
 * <p>The connectivity is held per endpoint pair, which is fine for the offline command's
 * inputs; the service diffs snapshots at endpoint-group level instead of materialising
 * every pair.
 */
public record Side(ClusterState cluster, Tenancy tenancy, AuditReport audit,
        Map<String, Map<String, PortSet>> connectivity) {

    public Side {
        Map<String, Map<String, PortSet>> copy = new HashMap<>();
        connectivity.forEach((from, row) -> {
            if (!row.isEmpty()) {
                copy.put(from, Map.copyOf(row));
            }
        });
        connectivity = Collections.unmodifiableMap(copy);
    }

    /**
     * Audits the cluster (no exceptions: a diff compares findings, not their acceptance) and
     * computes its connectivity with the given IP endpoints.
     */
    public static Side of(ClusterState cluster, Tenancy tenancy, List<Endpoint.Ip> externalIps) {
        CompiledCluster compiled = CompiledCluster.compile(cluster);
        AuditReport audit = Audit.run(new AuditInput(cluster, compiled, tenancy),
                new Audit.Options(tenancy, List.of(), LocalDate.EPOCH));
        return new Side(cluster, tenancy, audit, connectivity(compiled, externalIps));
    }

    /** Every allowed ordered pair, as {@code from -> to -> allowed}. */
    public static Map<String, Map<String, PortSet>> connectivity(CompiledCluster compiled, List<Endpoint.Ip> ips) {
        Map<String, Map<String, PortSet>> out = new HashMap<>();
        compiled.connectivity(ips).forEachPair(
                (from, to, allowed) -> out.computeIfAbsent(from.name(), k -> new HashMap<>()).put(to.name(), allowed));
        return out;
    }

    /** The allowed port set from one endpoint to another, or null when nothing is allowed. */
    public PortSet allowed(String from, String to) {
        Map<String, PortSet> row = connectivity.get(from);
        return row == null ? null : row.get(to);
    }
}
