package dev.netpolauditor.analysis.diff;

import dev.netpolauditor.analysis.AuditedFinding;
import dev.netpolauditor.analysis.Finding;
import dev.netpolauditor.engine.Endpoint;
import dev.netpolauditor.engine.Endpoints;
import dev.netpolauditor.engine.PortSet;
import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.model.Pod;
import dev.netpolauditor.model.Workload;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What changed between two states (cli-contract.md, {@code diff}): objects that differ in a
 * meaning that matters, ordered endpoint pairs whose allowed ports differ, and finding
 * identities present on one side only.
 */
public final class SnapshotDiff {
    private SnapshotDiff() {}

    public static DiffReport between(Side from, Side to) {
        return new DiffReport(ObjectComparison.changes(from.cluster(), to.cluster()), connectivity(from, to),
                findings(from, to));
    }

    // ---------------------------------------------------------------- connectivity

    static List<ConnectivityChange> connectivity(Side from, Side to) {
        Set<String> sources = new HashSet<>(from.connectivity().keySet());
        sources.addAll(to.connectivity().keySet());
        List<ConnectivityChange> out = new ArrayList<>();
        for (String source : sources) {
            Set<String> targets = new HashSet<>(from.connectivity().getOrDefault(source, Map.of()).keySet());
            targets.addAll(to.connectivity().getOrDefault(source, Map.of()).keySet());
            for (String target : targets) {
                PortSet before = from.allowed(source, target);
                PortSet after = to.allowed(source, target);
                if (before == null ? after != null : !before.equals(after)) {
                    out.add(ConnectivityChange.of(source, target, before, after));
                }
            }
        }
        out.sort(ConnectivityChange.ORDER);
        return out;
    }

    // ---------------------------------------------------------------- findings

    static List<FindingChange> findings(Side from, Side to) {
        Map<Finding.Identity, Finding> before = byIdentity(from);
        Map<Finding.Identity, Finding> after = byIdentity(to);
        Subjects subjects = new Subjects(to);
        List<FindingChange> out = new ArrayList<>();
        for (Map.Entry<Finding.Identity, Finding> e : after.entrySet()) {
            if (!before.containsKey(e.getKey())) {
                out.add(FindingChange.of(FindingChange.Change.NEW, e.getValue()));
            }
        }
        for (Map.Entry<Finding.Identity, Finding> e : before.entrySet()) {
            if (!after.containsKey(e.getKey())) {
                Finding f = e.getValue();
                out.add(FindingChange.of(subjects.exists(f) ? FindingChange.Change.RESOLVED
                        : FindingChange.Change.INCOMPARABLE, f));
            }
        }
        out.sort(FindingChange.ORDER);
        return out;
    }

    private static Map<Finding.Identity, Finding> byIdentity(Side side) {
        Map<Finding.Identity, Finding> out = new LinkedHashMap<>();
        for (AuditedFinding audited : side.audit().findings()) {
            out.putIfAbsent(audited.finding().identity(), audited.finding());
        }
        return out;
    }

    /**
     * Whether the subject of a finding still exists on a side (cli-contract.md): an endpoint
     * while it exists; a pod or workload (NP-COV-008) while it exists and is not terminated; a
     * namespace while it has endpoints (and, for NP-TEN-002, still belongs to a tenant); a
     * policy location while its policy exists, wherever its rules moved; a tenant pair while
     * both tenants still have a namespace; {@code cluster} always.
     */
    static final class Subjects {
        private final Set<String> endpoints = new HashSet<>();
        private final Set<String> podsAndWorkloads = new HashSet<>();
        private final Set<String> namespacesWithEndpoints = new HashSet<>();
        private final Set<String> tenantNamespaces;
        private final Set<String> tenants;
        private final Set<String> policies = new HashSet<>();

        Subjects(Side side) {
            ClusterState cluster = side.cluster();
            for (Endpoint.Pod e : Endpoints.of(cluster)) {
                endpoints.add(e.name());
                namespacesWithEndpoints.add(e.namespace());
            }
            for (Pod pod : cluster.pods()) {
                if (!pod.phase().terminated()) {
                    podsAndWorkloads.add(pod.namespace() + "/" + pod.name());
                }
            }
            for (Workload w : cluster.workloads()) {
                podsAndWorkloads.add(w.namespace() + "/" + w.name() + "[" + w.kind().name() + "]");
            }
            cluster.policies().forEach(p -> policies.add(p.id()));
            Map<String, String> tenantOf = side.tenancy().tenants(cluster.namespaces());
            tenantNamespaces = tenantOf.keySet();
            tenants = new TreeSet<>(tenantOf.values());
        }

        boolean exists(Finding f) {
            return switch (f.rule()) {
                case "NP-CNI-001" -> true;
                case "NP-COV-008" -> podsAndWorkloads.contains(f.subject());
                case "NP-TEN-001" -> tenantPairExists(f.subject());
                case "NP-TEN-002" -> namespacesWithEndpoints.contains(f.subject())
                        && tenantNamespaces.contains(f.subject());
                default -> byShape(f);
            };
        }

        /** Every other rule by the shape of its subject (findings.md). */
        private boolean byShape(Finding f) {
            if (f.policy() != null) {
                return policies.contains(f.policy());
            }
            if (f.namespace() == null) {
                return f.subject().equals("cluster") || tenantPairExists(f.subject());
            }
            if (f.subject().equals(f.namespace())) {
                return namespacesWithEndpoints.contains(f.subject());
            }
            return endpoints.contains(f.subject());
        }

        private boolean tenantPairExists(String subject) {
            int arrow = subject.indexOf(" -> ");
            return arrow >= 0 && tenants.contains(subject.substring(0, arrow))
                    && tenants.contains(subject.substring(arrow + " -> ".length()));
        }
    }
}
