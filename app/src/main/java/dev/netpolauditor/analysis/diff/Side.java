package dev.netpolauditor.analysis.diff;

import dev.netpolauditor.analysis.AnalysisSettings;
import dev.netpolauditor.analysis.Audit;
import dev.netpolauditor.analysis.AuditInput;
import dev.netpolauditor.analysis.AuditReport;
import dev.netpolauditor.analysis.Tenancy;
import dev.netpolauditor.engine.CompiledCluster;
import dev.netpolauditor.engine.Endpoint;
import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.model.PortSet;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One side of a diff: a cluster state, the tenancy its findings were judged with, its audit
 * report, the state compiled once (for connectivity and explanations) and the IP endpoints
 * its connectivity includes (distinct by address, first given first).
 *
 * <p>Connectivity is never materialised per endpoint pair: {@link SnapshotDiff} compares the
 * two sides' grouped matrices and expands only the pairs that changed.
 */
public record Side(ClusterState cluster, Tenancy tenancy, AuditReport audit, CompiledCluster compiled,
        List<Endpoint.Ip> externalIps) {

    public Side {
        Map<String, Endpoint.Ip> unique = new LinkedHashMap<>();
        for (Endpoint.Ip ip : externalIps) {
            unique.putIfAbsent(ip.name(), ip);
        }
        externalIps = List.copyOf(unique.values());
    }

    /**
     * Audits the cluster (no exceptions: a diff compares findings, not their acceptance) and
     * compiles it for connectivity with the given IP endpoints.
     */
    public static Side of(ClusterState cluster, Tenancy tenancy, List<Endpoint.Ip> externalIps) {
        return of(cluster, externalIps, new AnalysisSettings(tenancy, List.of(), LocalDate.EPOCH));
    }

    /**
     * As {@link #of(ClusterState, Tenancy, List)}, under {@code settings}: exceptions (judged on
     * its day) change no finding identity, only how a finding is reported (excepted, or expired);
     * justifications, when enabled, add NP-JUST-001 findings.
     */
    public static Side of(ClusterState cluster, List<Endpoint.Ip> externalIps, AnalysisSettings settings) {
        CompiledCluster compiled = CompiledCluster.compile(cluster);
        AuditReport audit = Audit.run(new AuditInput(cluster, compiled, settings.tenancy()), settings);
        return new Side(cluster, settings.tenancy(), audit, compiled, externalIps);
    }

    /** The endpoint of this side named {@code ns/name}, {@code ns/name[Kind]} or {@code ip:<text>}, if any. */
    public Optional<Endpoint> endpoint(String name) {
        if (name.startsWith("ip:")) {
            return externalIps.stream().filter(ip -> ip.name().equals(name)).map(Endpoint.class::cast).findFirst();
        }
        return compiled.endpoint(name).map(Endpoint.class::cast);
    }

    /** The allowed port set from one endpoint to another, or null when nothing is allowed or one is absent. */
    public PortSet allowed(String from, String to) {
        Optional<Endpoint> source = endpoint(from);
        Optional<Endpoint> target = endpoint(to);
        if (source.isEmpty() || target.isEmpty()) {
            return null;
        }
        PortSet allowed = compiled.allowed(source.get(), target.get());
        return allowed.isEmpty() ? null : allowed;
    }
}
