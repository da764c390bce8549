package dev.netpolauditor.service;

import dev.netpolauditor.analysis.AnalysisSettings;
import dev.netpolauditor.analysis.AuditReport;
import dev.netpolauditor.analysis.FindingException;
import dev.netpolauditor.analysis.FrozenExceptions;
import dev.netpolauditor.model.ClusterPolicyKind;
import dev.netpolauditor.model.WorkloadKind;
import dev.netpolauditor.store.SnapshotContent;
import dev.netpolauditor.store.SnapshotQueries;
import dev.netpolauditor.store.StoredResults;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one complete snapshot holds, as the edges read it: its objects (with the endpoint each
 * Pod or workload is or belongs to) and their versions across the cluster's snapshots, and its
 * stored analysis: findings with the exceptions of its frozen settings, coverage, the tenant
 * matrix and its namespace pairs, the settings themselves and the whole audit. Answers are
 * records of this service, mapped once from the store's; nothing is analysed again.
 */
public final class SnapshotContents {
    public static final String NAMESPACE = SnapshotContent.NAMESPACE;
    public static final String POD = SnapshotContent.POD;
    public static final String NETWORK_POLICY = SnapshotContent.NETWORK_POLICY;
    /** The kinds of policy objects: NetworkPolicy, then the cluster-tier kinds. */
    public static final List<String> POLICY_KINDS = SnapshotContent.POLICY_KINDS;
    /** Every kind a snapshot stores: Namespace, Pod, NetworkPolicy, the workloads, the cluster tier, the plugins'. */
    public static final List<String> KINDS = kinds();

    /** Objects of one kind, namespace and name; null matches all. */
    public record ObjectFilter(String kind, String namespace, String name) {}

    /**
     * One stored object: {@code json} is its canonical JSON, {@code sha256} the hash of that
     * text; {@code endpoint}, for a Pod or workload, the endpoint it is or belongs to (null for a
     * terminated or host-network pod, a workload standing for nothing, and other kinds).
     */
    public record ContentObject(String kind, String namespace, String name, String uid, String json, String sha256,
            String endpoint) {}

    /**
     * One content an object had in a cluster's complete snapshots: its canonical JSON, the first
     * and last snapshot that held it, and how many did.
     */
    public record ObjectVersion(String sha256, String json, long firstSnapshot, Instant firstSeen, long lastSnapshot,
            Instant lastSeen, int snapshots) {}

    /** Findings by rule, severity, namespace, tenant (of the namespace) and status; null matches all. */
    public record FindingFilter(String rule, String severity, String namespace, String tenant, String status) {}

    /**
     * A finding of the snapshot's analysis with the tenant of its namespace (null: none, or a
     * cluster-wide finding), the exception that decided its status and the other exceptions that
     * match it, both as the analysis' frozen settings held them (none when those are unknown).
     */
    public record SnapshotFinding(String rule, String severity, String namespace, String tenant, String subject,
            String policy, String detail, String status, FindingException exception,
            List<FindingException> otherExceptions) {
        public SnapshotFinding {
            otherExceptions = List.copyOf(otherExceptions);
        }
    }

    /** Coverage of one scope; {@code scopeKind} is {@code cluster}, {@code namespace} or {@code tenant}. */
    public record ScopeCoverage(String scopeKind, String scope, long endpoints, long ingressIsolated,
            long egressIsolated, long bothIsolated, Integer score) {}

    /** A cell of the tenant matrix; port sets in their canonical text form. */
    public record TenantCell(String fromTenant, String toTenant, long endpointPairs, String ports, String exampleFrom,
            String exampleTo, String examplePorts, List<String> egressPolicies, List<String> ingressPolicies,
            boolean egressUnrestricted, boolean ingressUnrestricted, long namespacePairCount) {
        public TenantCell {
            egressPolicies = List.copyOf(egressPolicies);
            ingressPolicies = List.copyOf(ingressPolicies);
        }
    }

    /** Connections from one namespace to another within a tenant-matrix cell; ports in canonical text. */
    public record NamespacePair(String from, String to, long endpointPairs, String ports) {}

    private final SnapshotQueries queries;
    private final StoredResults results;
    private final ObjectEndpoints endpoints;

    public SnapshotContents(SnapshotQueries queries, StoredResults results) {
        this.queries = queries;
        this.results = results;
        this.endpoints = new ObjectEndpoints(queries);
    }

    /** A page of the snapshot's objects by kind, namespace (cluster-scoped first) and name. */
    public Page<ContentObject> objects(Snapshot snapshot, ObjectFilter filter, int limit, int offset) {
        SnapshotQueries.Page<SnapshotContent.StoredObject> page = queries.objects(snapshot.id(),
                new SnapshotQueries.ObjectFilter(filter.kind(), filter.namespace(), filter.name()), limit, offset);
        Map<String, String> endpointOf = endpoints.of(snapshot.id(), page.items());
        return Page.of(page, o -> new ContentObject(o.kind(), o.namespace(), o.name(), o.uid(), o.json(), o.sha256(),
                endpointOf.get(o.sha256())));
    }

    /**
     * The contents one object ({@code kind}, {@code namespace} (null: cluster-scoped), {@code name})
     * had across the cluster's complete snapshots, oldest first.
     */
    public List<ObjectVersion> versions(String cluster, String kind, String namespace, String name) {
        return queries.versions(cluster, kind, namespace, name).stream()
                .map(v -> new ObjectVersion(v.sha256(), v.json(), v.firstSnapshot(), v.firstSeen(), v.lastSnapshot(),
                        v.lastSeen(), v.snapshots()))
                .toList();
    }

    /** A page of the snapshot's findings in the contract's order (rule, namespace, subject, policy). */
    public Page<SnapshotFinding> findings(Snapshot snapshot, FindingFilter filter, int limit, int offset) {
        SnapshotQueries.Page<SnapshotQueries.TenantFinding> page = queries.findings(snapshot.id(),
                new SnapshotQueries.FindingFilter(filter.rule(), filter.severity(), filter.namespace(),
                        filter.tenant(), filter.status()), limit, offset);
        FrozenExceptions exceptions = FrozenExceptions.of(settings(snapshot).orElse(null));
        return Page.of(page, t -> {
            SnapshotContent.StoredFinding f = t.finding();
            Integer index = f.exceptionIndex();
            FindingException decided = exceptions.decided(index);
            List<FindingException> others = exceptions.others(f.rule(), f.subject(), index);
            return new SnapshotFinding(f.rule(), f.severity(), f.namespace(), t.tenant(), f.subject(), f.policy(),
                    f.detail(), f.status(), decided, others);
        });
    }

    /**
     * The settings the snapshot's analysis was computed under, judged on the day it started;
     * empty when they were not kept (analyses stored before they were).
     */
    public Optional<AnalysisSettings> settings(Snapshot snapshot) {
        return results.settingsOf(snapshot.id());
    }

    /** The snapshot's stored analysis as one audit (controls from the rule registry); empty when it has none. */
    public Optional<AuditReport> audit(Snapshot snapshot) {
        return results.ofSnapshot(snapshot.id()).map(StoredResults.StoredResult::audit);
    }

    /** Coverage: the cluster, then each namespace, then each tenant; {@code scopeKind} null for all. */
    public List<ScopeCoverage> coverage(Snapshot snapshot, String scopeKind) {
        return queries.coverage(snapshot.id(), scopeKind).stream()
                .map(c -> new ScopeCoverage(c.scopeKind(), c.scope(), c.endpoints(), c.ingressIsolated(),
                        c.egressIsolated(), c.bothIsolated(), c.score()))
                .toList();
    }

    /** The tenant matrix' cells by source and destination tenant, either or both null for any. */
    public List<TenantCell> tenantCells(Snapshot snapshot, String fromTenant, String toTenant) {
        return queries.tenantCells(snapshot.id(), fromTenant, toTenant).stream()
                .map(c -> new TenantCell(c.fromTenant(), c.toTenant(), c.endpointPairs(), c.ports(), c.exampleFrom(),
                        c.exampleTo(), c.examplePorts(), c.egressPolicies(), c.ingressPolicies(),
                        c.egressUnrestricted(), c.ingressUnrestricted(), c.namespacePairCount()))
                .toList();
    }

    /**
     * The namespace pairs of one tenant-matrix cell, by destination then source namespace, as the
     * analysis counted them; empty when the cell has no connection.
     */
    public List<NamespacePair> namespacePairs(Snapshot snapshot, String fromTenant, String toTenant) {
        return queries.namespacePairs(snapshot.id(), fromTenant, toTenant).stream()
                .map(p -> new NamespacePair(p.from(), p.to(), p.endpointPairs(), p.ports()))
                .toList();
    }

    /** The tenant of each namespace that has one, as the snapshot's analysis assigned it, by namespace. */
    public Map<String, String> namespaceTenants(Snapshot snapshot) {
        return Collections.unmodifiableMap(queries.namespaceTenants(snapshot.id()));
    }

    private static List<String> kinds() {
        List<String> kinds = new ArrayList<>(List.of(NAMESPACE, POD, NETWORK_POLICY));
        Arrays.stream(WorkloadKind.values()).map(WorkloadKind::name).forEach(kinds::add);
        Arrays.stream(ClusterPolicyKind.values()).map(ClusterPolicyKind::name).forEach(kinds::add);
        kinds.addAll(SnapshotContent.PLUGIN_KINDS);
        return List.copyOf(kinds);
    }
}
