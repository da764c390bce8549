package dev.netpolauditor.analysis.diff;

import dev.netpolauditor.analysis.AuditedFinding;
import dev.netpolauditor.analysis.Finding;
import dev.netpolauditor.analysis.FindingSubject;
import dev.netpolauditor.engine.CompiledCluster;
import dev.netpolauditor.engine.ConnectivityMatrix;
import dev.netpolauditor.engine.Endpoint;
import dev.netpolauditor.engine.Endpoints;
import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.model.Pod;
import dev.netpolauditor.model.PortSet;
import dev.netpolauditor.model.Workload;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * What changed between two states (cli-contract.md, {@code diff}): objects that differ in a
 * meaning that matters, ordered endpoint pairs whose allowed ports differ, and finding
 * identities present on one side only.
 */
public final class SnapshotDiff {
    private SnapshotDiff() {}

    public static DiffReport between(Side from, Side to) {
        EndpointClasses classes = EndpointClasses.of(from.compiled(), to.compiled());
        List<ConnectivityChange> flows = connectivity(from, to, classes);
        ChangeAttribution attribution = new ChangeAttribution(from, to, classes);
        List<ConnectivityChange> attributed = flows.parallelStream()
                .map(c -> c.withCauses(attribution.causes(c))).toList();
        return new DiffReport(ObjectComparison.changes(from.cluster(), to.cluster()), attributed,
                findings(from, to), NamespaceRelabel.of(from.cluster(), to.cluster()),
                FlowSummary.byNamespacePair(attributed), FlowSummary.byTenantPair(attributed, from, to));
    }

    // ---------------------------------------------------------------- connectivity

    /** Every ordered pair of endpoints of either side whose allowed port set differs, not attributed. */
    static List<ConnectivityChange> connectivity(Side from, Side to) {
        return connectivity(from, to, EndpointClasses.of(from.compiled(), to.compiled()));
    }

    /**
     * Compares the grouped matrices of both sides class pair by class pair (see
     * {@link EndpointClasses}) and expands only the class pairs that differ into endpoint
     * pairs; IP endpoints are compared with each class's representative.
     */
    private static List<ConnectivityChange> connectivity(Side from, Side to, EndpointClasses classes) {
        PortSets ports = new PortSets();
        GroupRows before = GroupRows.of(from, ports);
        GroupRows after = GroupRows.of(to, ports);
        List<EndpointClasses.EndpointClass> all = classes.all();
        List<ConnectivityChange> out = IntStream.range(0, all.size()).parallel().mapToObj(j -> {
            EndpointClasses.EndpointClass target = all.get(j);
            int[] rowB = before.row(target.before());
            int[] rowA = after.row(target.after());
            List<ConnectivityChange> changes = new ArrayList<>();
            for (EndpointClasses.EndpointClass source : all) {
                int b = source.before() < 0 ? 0 : rowB[source.before()];
                int a = source.after() < 0 ? 0 : rowA[source.after()];
                if (b != a) {
                    for (String s : source.members()) {
                        for (String t : target.members()) {
                            if (!s.equals(t)) {
                                changes.add(ConnectivityChange.of(s, t, ports.get(b), ports.get(a)));
                            }
                        }
                    }
                }
            }
            return changes;
        }).flatMap(List::stream).collect(Collectors.toCollection(ArrayList::new));
        Set<String> ips = new TreeSet<>();
        from.externalIps().forEach(ip -> ips.add(ip.name()));
        to.externalIps().forEach(ip -> ips.add(ip.name()));
        for (String ip : ips) {
            for (EndpointClasses.EndpointClass c : all) {
                for (boolean outgoing : new boolean[] {true, false}) {
                    PortSet b = ipFlow(from, c.before(), ip, outgoing);
                    PortSet a = ipFlow(to, c.after(), ip, outgoing);
                    if (b == null ? a != null : !b.equals(a)) {
                        for (String m : c.members()) {
                            out.add(outgoing ? ConnectivityChange.of(m, ip, b, a) : ConnectivityChange.of(ip, m, b, a));
                        }
                    }
                }
            }
        }
        out.sort(ConnectivityChange.ORDER);
        return out;
    }

    /** What a group's representative may send to ({@code outgoing}) or receive from an IP, or null. */
    private static PortSet ipFlow(Side side, int group, String ip, boolean outgoing) {
        if (group < 0) {
            return null;
        }
        Endpoint address = side.endpoint(ip).orElse(null);
        if (address == null) {
            return null;
        }
        Endpoint pod = side.compiled().representative(side.compiled().group(group));
        PortSet allowed = outgoing ? side.compiled().allowed(pod, address) : side.compiled().allowed(address, pod);
        return allowed.isEmpty() ? null : allowed;
    }

    /** Port sets by small ids shared by both sides (0: nothing allowed), so rows compare as ints. */
    private static final class PortSets {
        private final Map<PortSet, Integer> ids = new ConcurrentHashMap<>();
        private final List<PortSet> byId = new ArrayList<>(List.of(PortSet.EMPTY));

        int id(PortSet ports) {
            return ids.computeIfAbsent(ports, p -> {
                synchronized (byId) {
                    byId.add(p);
                    return byId.size() - 1;
                }
            });
        }

        PortSet get(int id) {
            if (id == 0) {
                return null;
            }
            synchronized (byId) {
                return byId.get(id);
            }
        }
    }

    /** One side's grouped matrix: per destination group, its source-group sets and their port-set ids. */
    private static final class GroupRows {
        private static final int CHUNK = 64;
        private final int groupCount;
        private final List<List<long[]>> sources;
        private final List<List<Integer>> portIds;

        private GroupRows(int groupCount) {
            this.groupCount = groupCount;
            this.sources = new ArrayList<>(groupCount);
            this.portIds = new ArrayList<>(groupCount);
            for (int g = 0; g < groupCount; g++) {
                sources.add(new ArrayList<>(2));
                portIds.add(new ArrayList<>(2));
            }
        }

        static GroupRows of(Side side, PortSets ports) {
            CompiledCluster compiled = side.compiled();
            GroupRows rows = new GroupRows(compiled.groupCount());
            ConnectivityMatrix matrix = compiled.connectivity(List.of());
            int chunks = (rows.groupCount + CHUNK - 1) / CHUNK;
            IntStream.range(0, chunks).parallel().forEach(c -> matrix.forEachGroupRow(c * CHUNK,
                    Math.min(rows.groupCount, (c + 1) * CHUNK), (destination, bits, allowed) -> {
                        rows.sources.get(destination).add(bits.clone());
                        rows.portIds.get(destination).add(ports.id(allowed));
                    }));
            return rows;
        }

        /** Port-set id per source group toward one destination group (all 0 for -1: the endpoint is absent). */
        int[] row(int destination) {
            int[] out = new int[groupCount];
            if (destination < 0) {
                return out;
            }
            List<long[]> bits = sources.get(destination);
            List<Integer> ids = portIds.get(destination);
            for (int k = 0; k < bits.size(); k++) {
                int id = ids.get(k);
                ConnectivityMatrix.forEachBit(bits.get(k), g -> out[g] = id);
            }
            return out;
        }
    }

    // ---------------------------------------------------------------- findings

    static List<FindingChange> findings(Side from, Side to) {
        Map<Finding.Identity, AuditedFinding> before = byIdentity(from);
        Map<Finding.Identity, AuditedFinding> after = byIdentity(to);
        Subjects subjects = new Subjects(to);
        List<FindingChange> out = new ArrayList<>();
        for (Map.Entry<Finding.Identity, AuditedFinding> e : after.entrySet()) {
            if (!before.containsKey(e.getKey())) {
                out.add(FindingChange.of(FindingChange.Change.NEW, e.getValue()));
            }
        }
        for (Map.Entry<Finding.Identity, AuditedFinding> e : before.entrySet()) {
            if (!after.containsKey(e.getKey())) {
                AuditedFinding f = e.getValue();
                out.add(FindingChange.of(subjects.exists(f.finding()) ? FindingChange.Change.RESOLVED
                        : FindingChange.Change.INCOMPARABLE, f));
            }
        }
        out.sort(FindingChange.ORDER);
        return out;
    }

    private static Map<Finding.Identity, AuditedFinding> byIdentity(Side side) {
        Map<Finding.Identity, AuditedFinding> out = new LinkedHashMap<>();
        for (AuditedFinding audited : side.audit().findings()) {
            out.putIfAbsent(audited.finding().identity(), audited);
        }
        return out;
    }

    /**
     * Whether the subject of a finding still exists on a side (cli-contract.md): an endpoint
     * while it exists; a pod or workload (NP-COV-008) while it exists and is not terminated; a
     * namespace while it has endpoints (and, for NP-TEN-002, still belongs to a tenant); a
     * policy location while its policy exists, wherever its rules moved (cluster-tier policies
     * too; the network plugins' policies too); two policies of equal priority while both exist; a
     * tenant pair while both tenants still have a namespace; a Calico tier (or pair) while it is
     * given, built in or named by a policy; {@code cluster}, an API group and a setting always.
     */
    static final class Subjects {
        private final Set<String> endpoints = new HashSet<>();
        private final Set<String> podsAndWorkloads = new HashSet<>();
        private final Set<String> namespacesWithEndpoints = new HashSet<>();
        private final Set<String> tenantNamespaces;
        private final Set<String> tenants;
        private final Set<String> policies = new HashSet<>();
        private final Set<String> tiers = new HashSet<>();

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
            cluster.clusterPolicies().forEach(p -> policies.add(p.id()));
            cluster.plugins().calico().policies().forEach(p -> policies.add(p.id()));
            cluster.plugins().calico().staged().forEach(p -> policies.add(p.id()));
            cluster.plugins().cilium().policies().forEach(p -> policies.add(p.id()));
            cluster.plugins().calico().tiers().forEach(t -> tiers.add(t.id()));
            cluster.plugins().calico().policies().forEach(p -> tiers.add("Tier/" + p.tier()));
            dev.netpolauditor.model.calico.CalicoTier.BUILT_IN.forEach(t -> tiers.add(t.id()));
            Map<String, String> tenantOf = side.tenancy().tenants(cluster.namespaces());
            tenantNamespaces = tenantOf.keySet();
            tenants = new TreeSet<>(tenantOf.values());
        }

        boolean exists(Finding f) {
            return switch (f.subject()) {
                case FindingSubject.Cluster c -> true;
                case FindingSubject.Endpoint e -> "NP-COV-008".equals(f.rule()) ? podsAndWorkloads.contains(e.name())
                        : endpoints.contains(e.name());
                case FindingSubject.Namespace ns -> namespacesWithEndpoints.contains(ns.name())
                        && (!"NP-TEN-002".equals(f.rule()) || tenantNamespaces.contains(ns.name()));
                case FindingSubject.Policy p -> policies.contains(p.id());
                case FindingSubject.PolicyLocation location -> policies.contains(location.policy());
                case FindingSubject.PolicyPair(String first, String second) ->
                        policies.contains(first) && policies.contains(second);
                case FindingSubject.TenantPair(String from, String to) -> tenants.contains(from) && tenants.contains(to);
                // a Calico tier while it is given, built in or named by a policy; an API group and
                // a setting of the network plugin compare as the cluster does
                case FindingSubject.Tier t -> tiers.contains(t.name());
                case FindingSubject.TierPair(String first, String second) ->
                        tiers.contains(first) && tiers.contains(second);
                case FindingSubject.ApiGroup g -> true;
                case FindingSubject.Setting setting -> true;
            };
        }
    }
}
