package dev.netpolauditor.store;

import dev.netpolauditor.analysis.AuditReport;
import dev.netpolauditor.analysis.AuditedFinding;
import dev.netpolauditor.analysis.Coverage;
import dev.netpolauditor.analysis.Finding;
import dev.netpolauditor.analysis.Severity;
import dev.netpolauditor.analysis.TenantMatrix;
import dev.netpolauditor.engine.CompiledCluster;
import dev.netpolauditor.engine.ConnectivityMatrix;
import dev.netpolauditor.engine.EndpointGroup;
import dev.netpolauditor.engine.PortSet;
import dev.netpolauditor.model.ClusterPolicy;
import dev.netpolauditor.model.ClusterPolicyKind;
import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.model.Namespace;
import dev.netpolauditor.model.NetworkPolicy;
import dev.netpolauditor.model.Pod;
import dev.netpolauditor.model.Workload;
import dev.netpolauditor.model.WorkloadKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * Everything one complete snapshot stores: when and where it was read, the resourceVersion of
 * every list read, the objects (as canonical JSON) and the analysis computed from them.
 *
 * <p>The analysis is keyed by {@code inputSha256} (what the analysis reads of the objects; the
 * content hash when not given), the engine version and {@code configSha256} (the analysis
 * configuration). When the store already holds an analysis for that key, the caller may leave
 * {@code analysis} null and the snapshot shares the stored one. {@code absentResources} names
 * the collections the cluster did not serve.
 */
public record SnapshotContent(
        Instant startedAt,
        Instant finishedAt,
        String trigger,
        String source,
        String clusterUid,
        Map<String, String> listResourceVersions,
        List<String> absentResources,
        String engineVersion,
        List<StoredObject> objects,
        String inputSha256,
        String configSha256,
        StoredAnalysis analysis) {

    public static final String NAMESPACE = "Namespace";
    public static final String POD = "Pod";
    public static final String NETWORK_POLICY = "NetworkPolicy";
    /** The cluster-tier kinds ({@link ClusterPolicyKind}), cluster-scoped: stored without a namespace. */
    public static final String CLUSTER_NETWORK_POLICY = "ClusterNetworkPolicy";
    public static final String ADMIN_NETWORK_POLICY = "AdminNetworkPolicy";
    public static final String BASELINE_ADMIN_NETWORK_POLICY = "BaselineAdminNetworkPolicy";

    public SnapshotContent {
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(engineVersion, "engineVersion");
        Objects.requireNonNull(configSha256, "configSha256");
        listResourceVersions = Map.copyOf(listResourceVersions);
        absentResources = List.copyOf(absentResources);
        objects = List.copyOf(objects);
    }

    /** A content whose analysis is keyed by its whole content, every collection served. */
    public SnapshotContent(Instant startedAt, Instant finishedAt, String trigger, String source, String clusterUid,
            Map<String, String> listResourceVersions, String engineVersion, List<StoredObject> objects,
            String configSha256, StoredAnalysis analysis) {
        this(startedAt, finishedAt, trigger, source, clusterUid, listResourceVersions, List.of(), engineVersion,
                objects, null, configSha256, analysis);
    }

    /** The same content with this analysis (null: shared) and finish time. */
    public SnapshotContent with(StoredAnalysis newAnalysis, Instant newFinishedAt) {
        return new SnapshotContent(startedAt, newFinishedAt, trigger, source, clusterUid, listResourceVersions,
                absentResources, engineVersion, objects, inputSha256, configSha256, newAnalysis);
    }

    /** What the analysis is keyed by besides engine and configuration: the input hash, else the content hash. */
    public String analysisInputSha256() {
        return inputSha256 != null ? inputSha256 : contentSha256();
    }

    /** The analysis of one object set: summary figures and every row the history queries read. */
    public record StoredAnalysis(long endpoints, int endpointGroups, int score, int openHigh, int openMedium,
            int openLow, int openInfo, int excepted, Map<String, String> namespaceTenants,
            List<StoredFinding> findings, List<StoredCoverage> coverage, List<StoredTenantCell> tenantCells,
            List<StoredGroup> groups, List<StoredFlow> flows) {
        public StoredAnalysis {
            namespaceTenants = new TreeMap<>(namespaceTenants);
            findings = List.copyOf(findings);
            coverage = List.copyOf(coverage);
            tenantCells = List.copyOf(tenantCells);
            groups = List.copyOf(groups);
            flows = List.copyOf(flows);
        }

        /** Every figure and row of {@code report} on {@code compiled}; tenants by namespace as assigned. */
        public static StoredAnalysis of(AuditReport report, CompiledCluster compiled,
                Map<String, String> namespaceTenants) {
            Map<Severity, Long> open = report.openBySeverity();
            int excepted = (int) report.findings().stream().filter(f -> !f.open()).count();
            return new StoredAnalysis(report.coverage().cluster().endpoints(), compiled.groupCount(), report.score(),
                    open.get(Severity.HIGH).intValue(), open.get(Severity.MEDIUM).intValue(),
                    open.get(Severity.LOW).intValue(), open.get(Severity.INFO).intValue(), excepted,
                    namespaceTenants, findingsOf(report), coverageOf(report), tenantCellsOf(report), groupsOf(compiled),
                    flowsOf(compiled));
        }
    }

    /** One object as read: {@code json} is its canonical JSON, {@code sha256} the hash of that text. */
    public record StoredObject(String kind, String namespace, String name, String uid, String json, String sha256) {}

    /** A finding with its exception status ({@code open}, {@code excepted}, {@code exception_expired}). */
    public record StoredFinding(String rule, String severity, String namespace, String subject, String policy,
            String detail, String status) {

        public static StoredFinding of(AuditedFinding audited) {
            Finding f = audited.finding();
            return new StoredFinding(f.rule(), f.severity().wireName(), f.namespace(), f.subject(), f.policy(),
                    f.detail(), audited.status().wireName());
        }
    }

    /** Coverage of one scope; {@code scopeKind} is {@code cluster}, {@code namespace} or {@code tenant}. */
    public record StoredCoverage(String scopeKind, String scope, long endpoints, long ingressIsolated,
            long egressIsolated, long bothIsolated) {

        static StoredCoverage of(String kind, Coverage c) {
            return new StoredCoverage(kind, c.scope(), c.endpoints(), c.ingressIsolated(), c.egressIsolated(),
                    c.bothIsolated());
        }
    }

    /**
     * A cell of the tenant matrix; port sets in their canonical text form. Its namespace pairs
     * are not kept with it, only their number: they are derived from the group-level
     * connectivity when asked for ({@link SnapshotQueries#namespacePairs}).
     */
    public record StoredTenantCell(String fromTenant, String toTenant, long endpointPairs, String ports,
            String exampleFrom, String exampleTo, String examplePorts, List<String> egressPolicies,
            List<String> ingressPolicies, boolean egressUnrestricted, boolean ingressUnrestricted,
            long namespacePairCount) {
        public StoredTenantCell {
            egressPolicies = List.copyOf(egressPolicies);
            ingressPolicies = List.copyOf(ingressPolicies);
        }

        static StoredTenantCell of(TenantMatrix.Cell c) {
            return new StoredTenantCell(c.from(), c.to(), c.endpointPairs(), c.ports().toString(), c.exampleFrom(),
                    c.exampleTo(), c.examplePorts().toString(), c.egressPolicies().stream().sorted().toList(),
                    c.ingressPolicies().stream().sorted().toList(), c.egressUnrestricted(),
                    c.ingressUnrestricted(), c.namespacePairs().size());
        }
    }

    /** Connections from one namespace to another within a tenant-matrix cell; ports in canonical text. */
    public record NamespacePair(String from, String to, long endpointPairs, String ports) {}

    /** An endpoint group: the labels its selectors read, its members' endpoint names. */
    public record StoredGroup(int groupId, String namespace, Map<String, String> labels, List<String> members) {
        public StoredGroup {
            labels = new TreeMap<>(labels);
            members = List.copyOf(members);
        }
    }

    /**
     * The ports allowed into group {@code toGroup} from each source group in {@code fromGroups}:
     * a bitmap of group ids as PostgreSQL's {@code get_bit} reads a {@code bytea} (group g is
     * bit g % 8, counted from the least significant, of byte g / 8), one bit per group of the
     * analysis. Not copied: callers do not change it.
     */
    public record StoredFlow(int toGroup, String ports, byte[] fromGroups) {
        public boolean from(int group) {
            return (fromGroups[group >>> 3] & (1 << (group & 7))) != 0;
        }
    }

    /**
     * The objects of a cluster state in canonical form; {@code uids} by {@code kind/namespace/name}
     * ({@code kind/name} for cluster-scoped kinds; may lack any).
     */
    public static List<StoredObject> objectsOf(ClusterState state, Map<String, String> uids) {
        List<StoredObject> out = new ArrayList<>();
        for (Namespace ns : state.namespaces()) {
            out.add(CanonicalJson.namespace(ns, uids.get(NAMESPACE + "/" + ns.name())));
        }
        for (Pod p : state.pods()) {
            out.add(CanonicalJson.pod(p, uids.get(POD + "/" + p.namespace() + "/" + p.name())));
        }
        for (Workload w : state.workloads()) {
            out.add(CanonicalJson.workload(w, uids.get(w.kind().name() + "/" + w.namespace() + "/" + w.name())));
        }
        for (NetworkPolicy p : state.policies()) {
            out.add(CanonicalJson.policy(p, uids.get(NETWORK_POLICY + "/" + p.namespace() + "/" + p.name())));
        }
        for (ClusterPolicy p : state.clusterPolicies()) {
            out.add(CanonicalJson.clusterPolicy(p, uids.get(p.kind().name() + "/" + p.name())));
        }
        return out;
    }

    public static List<StoredFinding> findingsOf(AuditReport report) {
        return report.findings().stream().map(StoredFinding::of).toList();
    }

    public static List<StoredCoverage> coverageOf(AuditReport report) {
        List<StoredCoverage> out = new ArrayList<>();
        out.add(StoredCoverage.of("cluster", report.coverage().cluster()));
        report.coverage().namespaces().forEach(c -> out.add(StoredCoverage.of("namespace", c)));
        report.coverage().tenants().forEach(c -> out.add(StoredCoverage.of("tenant", c)));
        return out;
    }

    public static List<StoredTenantCell> tenantCellsOf(AuditReport report) {
        return report.tenants().cells().stream().map(StoredTenantCell::of).toList();
    }

    /** The endpoint groups of a compiled cluster, members by endpoint name. */
    public static List<StoredGroup> groupsOf(CompiledCluster compiled) {
        List<StoredGroup> out = new ArrayList<>();
        for (int g = 0; g < compiled.groupCount(); g++) {
            EndpointGroup group = compiled.group(g);
            List<String> members = Arrays.stream(group.members())
                    .mapToObj(m -> compiled.endpoints().get(m).name()).sorted().toList();
            out.add(new StoredGroup(group.id(), group.namespace(), group.labels(), members));
        }
        return out;
    }

    /**
     * Group-level connectivity between the cluster's endpoint groups (no external IPs), by
     * destination group. Destination ranges are walked in parallel (rows are independent) and
     * joined in order.
     */
    public static List<StoredFlow> flowsOf(CompiledCluster compiled) {
        ConnectivityMatrix matrix = compiled.connectivity(List.of());
        int groups = compiled.groupCount();
        int parts = (groups + FLOW_PART - 1) / FLOW_PART;
        return IntStream.range(0, parts).parallel()
                .mapToObj(p -> flows(matrix, p * FLOW_PART, Math.min(groups, (p + 1) * FLOW_PART), groups))
                .flatMap(List::stream).toList();
    }

    /** Destination groups per parallel part of {@link #flowsOf}. */
    private static final int FLOW_PART = 256;

    private static List<StoredFlow> flows(ConnectivityMatrix matrix, int from, int to, int groups) {
        List<StoredFlow> out = new ArrayList<>();
        Map<PortSet, long[]> row = new LinkedHashMap<>();
        int[] current = {-1};
        Runnable flush = () -> {
            row.forEach((ports, sources) -> out.add(new StoredFlow(current[0], ports.toString(),
                    bitmap(sources, groups))));
            row.clear();
        };
        matrix.forEachGroupRow(from, to, (destination, sources, allowed) -> {
            if (destination != current[0]) {
                flush.run();
                current[0] = destination;
            }
            if (allowed.isEmpty()) {
                return;
            }
            long[] merged = row.computeIfAbsent(allowed, p -> new long[sources.length]);
            for (int i = 0; i < sources.length; i++) {
                merged[i] |= sources[i];
            }
        });
        flush.run();
        return out;
    }

    /**
     * A set of group ids as a bitmap of {@code groups} bits. A bitmap, not ranges of ids: the
     * sources of a destination alternate between isolated and open groups, and at 150,000 pods
     * the ranges were 22 million (300 MB of text to parse) where the bitmaps are 69 MB.
     */
    static byte[] bitmap(long[] bits, int groups) {
        byte[] out = new byte[(groups + 7) / 8];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) (bits[i >>> 3] >>> ((i & 7) * 8));
        }
        return out;
    }

    /** SHA-256 over the sorted object hashes, one per line: equal for equal sets of objects. */
    public String contentSha256() {
        return CanonicalJson.sha256(String.join("\n", objects.stream().map(StoredObject::sha256).sorted().toList()));
    }

    public int count(String kind) {
        return (int) objects.stream().filter(o -> o.kind().equals(kind)).count();
    }

    public int workloadCount() {
        return (int) objects.stream().filter(o -> WorkloadKind.byName(o.kind()) != null).count();
    }
}
