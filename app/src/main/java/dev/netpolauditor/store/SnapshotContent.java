package dev.netpolauditor.store;

import dev.netpolauditor.analysis.AnalysisResult;
import dev.netpolauditor.analysis.AnalysisSettings;
import dev.netpolauditor.analysis.AuditReport;
import dev.netpolauditor.analysis.AuditedFinding;
import dev.netpolauditor.analysis.Coverage;
import dev.netpolauditor.analysis.Finding;
import dev.netpolauditor.analysis.GroupConnectivity;
import dev.netpolauditor.analysis.Score;
import dev.netpolauditor.analysis.Severity;
import dev.netpolauditor.analysis.TenantMatrix;
import dev.netpolauditor.canonical.CanonicalJson;
import dev.netpolauditor.model.ClusterPolicyKind;
import dev.netpolauditor.model.Namespace;
import dev.netpolauditor.model.NetworkPolicy;
import dev.netpolauditor.model.Pod;
import dev.netpolauditor.model.WorkloadKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything one complete snapshot stores: when and where it was read, the resourceVersion of
 * every list read, the objects (as canonical JSON) and the analysis computed from them.
 *
 * <p>The analysis is keyed by {@code inputSha256} (what the analysis reads of the objects; the
 * content hash when not given), the engine version and {@code configSha256} (the analysis
 * configuration: the SHA-256 of {@code settingsJson}, the canonical settings document stored
 * with a new analysis, or of the older configuration form when that is null). When the store
 * already holds an analysis for that key, the caller may leave {@code analysis} null and the
 * snapshot shares the stored one. {@code absentResources} names the collections the cluster did
 * not serve.
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
        String settingsJson,
        StoredAnalysis analysis) {

    public static final String NAMESPACE = "Namespace";
    public static final String POD = "Pod";
    public static final String NETWORK_POLICY = "NetworkPolicy";
    /** The cluster-tier kinds ({@link ClusterPolicyKind}), cluster-scoped: stored without a namespace. */
    public static final String CLUSTER_NETWORK_POLICY = "ClusterNetworkPolicy";
    public static final String ADMIN_NETWORK_POLICY = "AdminNetworkPolicy";
    public static final String BASELINE_ADMIN_NETWORK_POLICY = "BaselineAdminNetworkPolicy";
    /** The kinds that are policies: the NetworkPolicy and the cluster-tier kinds. */
    public static final List<String> POLICY_KINDS = List.of(NETWORK_POLICY, CLUSTER_NETWORK_POLICY,
            ADMIN_NETWORK_POLICY, BASELINE_ADMIN_NETWORK_POLICY);
    /**
     * The network plugins' policy kinds as stored (cni-policies.md; {@code CalicoNetworkPolicy} keeps
     * Calico's NetworkPolicy apart from the v1 kind): with {@link #POLICY_KINDS}, what a report's
     * Policies sheet lists.
     */
    public static final List<String> PLUGIN_POLICY_KINDS = List.of("CalicoNetworkPolicy", "GlobalNetworkPolicy",
            "CiliumNetworkPolicy", "CiliumClusterwideNetworkPolicy");
    /**
     * Every network plugin kind stored (cni-policies.md): the policy kinds, Calico's tiers, network
     * sets and staged policies, ServiceAccounts and Cilium's {@code cilium-config} ConfigMap.
     */
    public static final List<String> PLUGIN_KINDS = List.of("CalicoNetworkPolicy", "GlobalNetworkPolicy", "Tier",
            "NetworkSet", "GlobalNetworkSet", "StagedNetworkPolicy", "StagedGlobalNetworkPolicy",
            "StagedKubernetesNetworkPolicy", "CiliumNetworkPolicy", "CiliumClusterwideNetworkPolicy", "ServiceAccount",
            "ConfigMap");

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
                objects, null, configSha256, null, analysis);
    }

    /** The same content with this analysis (null: shared) and finish time. */
    public SnapshotContent with(StoredAnalysis newAnalysis, Instant newFinishedAt) {
        return new SnapshotContent(startedAt, newFinishedAt, trigger, source, clusterUid, listResourceVersions,
                absentResources, engineVersion, objects, inputSha256, configSha256, settingsJson, newAnalysis);
    }

    /** The same content with these objects in place of its own (the same objects, each with its text). */
    public SnapshotContent withObjects(List<StoredObject> newObjects) {
        return new SnapshotContent(startedAt, finishedAt, trigger, source, clusterUid, listResourceVersions,
                absentResources, engineVersion, newObjects, inputSha256, configSha256, settingsJson, analysis);
    }

    /** What the analysis is keyed by besides engine and configuration: the input hash, else the content hash. */
    public String analysisInputSha256() {
        return inputSha256 != null ? inputSha256 : contentSha256();
    }

    /** The analysis of one object set: summary figures and every row the history queries read. */
    public record StoredAnalysis(long endpoints, int endpointGroups, int score, int scoreVersion, int openHigh,
            int openMedium, int openLow, int openInfo, int excepted, Map<String, String> namespaceTenants,
            List<StoredFinding> findings, List<StoredCoverage> coverage, List<StoredTenantCell> tenantCells,
            List<StoredGroup> groups, List<StoredFlow> flows) {

        /** An analysis scored under the current {@link Score#VERSION}. */
        public StoredAnalysis(long endpoints, int endpointGroups, int score, int openHigh, int openMedium,
                int openLow, int openInfo, int excepted, Map<String, String> namespaceTenants,
                List<StoredFinding> findings, List<StoredCoverage> coverage, List<StoredTenantCell> tenantCells,
                List<StoredGroup> groups, List<StoredFlow> flows) {
            this(endpoints, endpointGroups, score, Score.VERSION, openHigh, openMedium, openLow, openInfo, excepted,
                    namespaceTenants, findings, coverage, tenantCells, groups, flows);
        }

        public StoredAnalysis {
            namespaceTenants = new TreeMap<>(namespaceTenants);
            findings = List.copyOf(findings);
            coverage = List.copyOf(coverage);
            tenantCells = List.copyOf(tenantCells);
            groups = List.copyOf(groups);
            flows = List.copyOf(flows);
        }

        /** Every figure and row of an analysis. */
        public static StoredAnalysis of(AnalysisResult result) {
            AuditReport report = result.audit();
            Map<Severity, Long> open = report.openBySeverity();
            int excepted = (int) report.findings().stream().filter(f -> !f.open()).count();
            return new StoredAnalysis(report.coverage().cluster().endpoints(), report.endpointGroups(),
                    report.score(), report.scoreVersion(), open.get(Severity.HIGH).intValue(), open.get(Severity.MEDIUM).intValue(),
                    open.get(Severity.LOW).intValue(), open.get(Severity.INFO).intValue(), excepted,
                    result.namespaceTenants(), findingsOf(report), coverageOf(report), tenantCellsOf(report),
                    groupsOf(result.connectivity()), flowsOf(result.connectivity()));
        }
    }

    /**
     * One object as read: {@code json} is its canonical JSON, {@code sha256} the hash of that text;
     * {@code json} is null for an object a re-snapshot found stored already (read at the same uid
     * and resourceVersion as a stored version: {@code StoredObjects.objectsOf}).
     */
    public record StoredObject(String kind, String namespace, String name, String uid, String json, String sha256) {
        /** A stored version known by its hash alone: its text is in the store, and was not written again. */
        public boolean textOmitted() {
            return json == null;
        }
    }

    /**
     * Where an API object was read from: its uid and the resourceVersion it had (null when not
     * known). The API server gives an object a new resourceVersion whenever it writes it.
     */
    public record ReadAt(String uid, String resourceVersion) {}

    /**
     * A finding with its exception status ({@code open}, {@code excepted}, {@code exception_expired})
     * and the position of the exception that applied among the analysis settings' exceptions
     * (null: none, or the settings are unknown).
     */
    public record StoredFinding(String rule, String severity, String namespace, String subject, String policy,
            String detail, String status, Integer exceptionIndex, boolean routine) {

        /** A finding that is not routine. */
        public StoredFinding(String rule, String severity, String namespace, String subject, String policy,
                String detail, String status, Integer exceptionIndex) {
            this(rule, severity, namespace, subject, policy, detail, status, exceptionIndex, false);
        }

        /** A finding without an exception index. */
        public StoredFinding(String rule, String severity, String namespace, String subject, String policy,
                String detail, String status) {
            this(rule, severity, namespace, subject, policy, detail, status, null);
        }

        /** {@code audited}, its exception located in {@code settings}' list. */
        public static StoredFinding of(AuditedFinding audited, AnalysisSettings settings) {
            Finding f = audited.finding();
            Integer index = null;
            if (audited.exception() != null && settings != null) {
                int at = settings.exceptions().indexOf(audited.exception());
                index = at < 0 ? null : at;
            }
            return new StoredFinding(f.rule(), f.severity().wireName(), f.namespace(), f.subject().text(), f.policy(),
                    f.detail(), audited.status().wireName(), index, f.routine());
        }
    }

    /** Coverage of one scope; {@code scopeKind} is {@code cluster}, {@code namespace} or {@code tenant}. */
    public record StoredCoverage(String scopeKind, String scope, long endpoints, long ingressIsolated,
            long egressIsolated, long bothIsolated, Integer score) {

        /** Coverage without a score of its own. */
        public StoredCoverage(String scopeKind, String scope, long endpoints, long ingressIsolated,
                long egressIsolated, long bothIsolated) {
            this(scopeKind, scope, endpoints, ingressIsolated, egressIsolated, bothIsolated, null);
        }

        static StoredCoverage of(String kind, Coverage c) {
            return new StoredCoverage(kind, c.scope(), c.endpoints(), c.ingressIsolated(), c.egressIsolated(),
                    c.bothIsolated(), c.score());
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
                    c.ingressUnrestricted(), c.namespacePairCount());
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

    public static List<StoredFinding> findingsOf(AuditReport report) {
        return report.findings().stream().map(f -> StoredFinding.of(f, report.settings())).toList();
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

    /** The endpoint groups of an analysis' connectivity. */
    public static List<StoredGroup> groupsOf(GroupConnectivity connectivity) {
        return connectivity.groups().stream()
                .map(g -> new StoredGroup(g.id(), g.namespace(), g.labels(), g.members())).toList();
    }

    /** The group flows of an analysis' connectivity, source sets as bitmaps of one bit per group. */
    public static List<StoredFlow> flowsOf(GroupConnectivity connectivity) {
        int groups = connectivity.groups().size();
        return connectivity.flows().stream()
                .map(f -> new StoredFlow(f.toGroup(), f.ports().toString(), bitmap(f.fromGroups(), groups))).toList();
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
        return contentSha256(objects);
    }

    /** The content hash of these objects: SHA-256 over their sorted hashes, one per line. */
    public static String contentSha256(List<StoredObject> objects) {
        return CanonicalJson.sha256(String.join("\n", objects.stream().map(StoredObject::sha256).sorted().toList()));
    }

    public int count(String kind) {
        return (int) objects.stream().filter(o -> o.kind().equals(kind)).count();
    }

    public int workloadCount() {
        return (int) objects.stream().filter(o -> WorkloadKind.byName(o.kind()) != null).count();
    }
}
