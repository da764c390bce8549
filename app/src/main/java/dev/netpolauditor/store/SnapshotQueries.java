package dev.netpolauditor.store;

import static dev.netpolauditor.store.jooq.Tables.CLUSTER;
import static dev.netpolauditor.store.jooq.Tables.COVERAGE;
import static dev.netpolauditor.store.jooq.Tables.FINDING;
import static dev.netpolauditor.store.jooq.Tables.NAMESPACE_TENANT;
import static dev.netpolauditor.store.jooq.Tables.OBJECT_SET_MEMBER;
import static dev.netpolauditor.store.jooq.Tables.OBJECT_VERSION;
import static dev.netpolauditor.store.jooq.Tables.SNAPSHOT;
import static dev.netpolauditor.store.jooq.Tables.TENANT_CELL;

import dev.netpolauditor.canonical.CanonicalJson;
import dev.netpolauditor.model.PortSet;
import dev.netpolauditor.store.SnapshotContent.NamespacePair;
import dev.netpolauditor.store.SnapshotContent.StoredCoverage;
import dev.netpolauditor.store.SnapshotContent.StoredFinding;
import dev.netpolauditor.store.SnapshotContent.StoredObject;
import dev.netpolauditor.store.SnapshotContent.StoredTenantCell;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * The history as the API reads it: clusters and their latest snapshots, a cluster's snapshots
 * by time and status, and a snapshot's objects, findings, coverage and tenant matrix, with
 * filters and pages. Answers are plain records; a failed snapshot has no rows under it.
 */
public final class SnapshotQueries {

    private final DSLContext dsl;

    public SnapshotQueries(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** One page of a longer list: {@code total} counts every item the filters match. */
    public record Page<T>(List<T> items, long total, int limit, int offset) {
        public Page {
            items = List.copyOf(items);
        }
    }

    /** A cluster's newest complete snapshot and newest attempt (either may be null). */
    public record ClusterHistory(String cluster, StoredSnapshot latestComplete, StoredSnapshot latestAttempt) {}

    /** Snapshots started in {@code [from, to]} with {@code status}; a null bound or status matches all. */
    public record SnapshotFilter(Instant from, Instant to, String status) {}

    /** Objects of one kind, namespace and name; null matches all. */
    public record ObjectFilter(String kind, String namespace, String name) {}

    /** Findings by rule, severity, namespace, tenant (of the namespace) and status; null matches all. */
    public record FindingFilter(String rule, String severity, String namespace, String tenant, String status) {}

    /** A finding with the tenant of its namespace (null: none, or a cluster-wide finding). */
    public record TenantFinding(StoredFinding finding, String tenant) {}

    /** The history of every cluster that has any, by name. */
    public Map<String, ClusterHistory> clusters() {
        Map<String, StoredSnapshot> complete = latestPerCluster(SNAPSHOT.STATUS.eq(StoredSnapshot.COMPLETE));
        Map<String, StoredSnapshot> attempts = latestPerCluster(DSL.noCondition());
        Map<String, ClusterHistory> out = new TreeMap<>();
        attempts.forEach((name, attempt) -> out.put(name, new ClusterHistory(name, complete.get(name), attempt)));
        return out;
    }

    /** The history of one cluster; both snapshots null when it has none. */
    public ClusterHistory cluster(String cluster) {
        StoredSnapshot latestAttempt = SnapshotStore.selectSnapshots(dsl)
                .where(CLUSTER.NAME.eq(cluster))
                .orderBy(SNAPSHOT.STARTED_AT.desc(), SNAPSHOT.ID.desc())
                .limit(1)
                .fetchOptional(SnapshotStore::snapshot).orElse(null);
        return new ClusterHistory(cluster, latestComplete(cluster, null).orElse(null), latestAttempt);
    }

    /** Whether the database holds the cluster (it had at least one attempt). */
    public boolean known(String cluster) {
        return dsl.fetchExists(CLUSTER, CLUSTER.NAME.eq(cluster));
    }

    /** A cluster's snapshots, newest first. */
    public Page<StoredSnapshot> snapshots(String cluster, SnapshotFilter filter, int limit, int offset) {
        Condition where = CLUSTER.NAME.eq(cluster);
        if (filter.from() != null) {
            where = where.and(SNAPSHOT.STARTED_AT.ge(filter.from().atOffset(ZoneOffset.UTC)));
        }
        if (filter.to() != null) {
            where = where.and(SNAPSHOT.STARTED_AT.le(filter.to().atOffset(ZoneOffset.UTC)));
        }
        if (filter.status() != null) {
            where = where.and(SNAPSHOT.STATUS.eq(filter.status()));
        }
        long total = dsl.fetchCount(SNAPSHOT.join(CLUSTER).on(CLUSTER.ID.eq(SNAPSHOT.CLUSTER_ID)), where);
        List<StoredSnapshot> items = SnapshotStore.selectSnapshots(dsl)
                .where(where)
                .orderBy(SNAPSHOT.STARTED_AT.desc(), SNAPSHOT.ID.desc())
                .limit(limit).offset(offset)
                .fetch(SnapshotStore::snapshot);
        return new Page<>(items, total, limit, offset);
    }

    /** The snapshot {@code id} if it is one of {@code cluster}'s. */
    public Optional<StoredSnapshot> snapshot(String cluster, long id) {
        return SnapshotStore.selectSnapshots(dsl)
                .where(CLUSTER.NAME.eq(cluster)).and(SNAPSHOT.ID.eq(id))
                .fetchOptional(SnapshotStore::snapshot);
    }

    /** The latest complete snapshot started at or before {@code at} (null: the latest of all). */
    public Optional<StoredSnapshot> latestComplete(String cluster, Instant at) {
        Condition where = CLUSTER.NAME.eq(cluster).and(SNAPSHOT.STATUS.eq(StoredSnapshot.COMPLETE));
        if (at != null) {
            where = where.and(SNAPSHOT.STARTED_AT.le(at.atOffset(ZoneOffset.UTC)));
        }
        return SnapshotStore.selectSnapshots(dsl)
                .where(where)
                .orderBy(SNAPSHOT.STARTED_AT.desc(), SNAPSHOT.ID.desc())
                .limit(1)
                .fetchOptional(SnapshotStore::snapshot);
    }

    /** A snapshot's objects by kind, namespace (cluster-scoped first) and name. */
    public Page<StoredObject> objects(long snapshotId, ObjectFilter filter, int limit, int offset) {
        Condition where = SNAPSHOT.ID.eq(snapshotId);
        if (filter.kind() != null) {
            where = where.and(OBJECT_VERSION.KIND.eq(filter.kind()));
        }
        if (filter.namespace() != null) {
            where = where.and(OBJECT_VERSION.NAMESPACE.eq(filter.namespace()));
        }
        if (filter.name() != null) {
            where = where.and(OBJECT_VERSION.NAME.eq(filter.name()));
        }
        var from = SNAPSHOT.join(OBJECT_SET_MEMBER).on(OBJECT_SET_MEMBER.OBJECT_SET_ID.eq(SNAPSHOT.OBJECT_SET_ID))
                .join(OBJECT_VERSION).on(OBJECT_VERSION.ID.eq(OBJECT_SET_MEMBER.OBJECT_VERSION_ID));
        long total = dsl.fetchCount(from, where);
        List<StoredObject> items = dsl.select(OBJECT_VERSION.KIND, OBJECT_VERSION.NAMESPACE, OBJECT_VERSION.NAME,
                        OBJECT_VERSION.UID, OBJECT_VERSION.CONTENT, OBJECT_VERSION.SHA256)
                .from(from)
                .where(where)
                .orderBy(OBJECT_VERSION.KIND, OBJECT_VERSION.NAMESPACE.asc().nullsFirst(), OBJECT_VERSION.NAME)
                .limit(limit).offset(offset)
                .fetch(r -> new StoredObject(r.value1(), r.value2(), r.value3(), r.value4(),
                        CanonicalJson.canonical(r.value5().data()), r.value6()));
        return new Page<>(items, total, limit, offset);
    }

    /**
     * One content an object had in a cluster's complete snapshots: its canonical JSON and the
     * first and last snapshot that held it, and how many did.
     */
    public record ObjectVersionSpan(String sha256, String json, long firstSnapshot, Instant firstSeen,
            long lastSnapshot, Instant lastSeen, int snapshots) {}

    /**
     * The contents one object ({@code kind}, {@code namespace} (null: cluster-scoped), {@code name})
     * had across the cluster's complete snapshots, oldest first.
     */
    public List<ObjectVersionSpan> versions(String cluster, String kind, String namespace, String name) {
        var first = DSL.min(SNAPSHOT.STARTED_AT);
        return dsl.select(OBJECT_VERSION.SHA256, OBJECT_VERSION.CONTENT, DSL.min(SNAPSHOT.ID), first,
                        DSL.max(SNAPSHOT.ID), DSL.max(SNAPSHOT.STARTED_AT), DSL.count())
                .from(OBJECT_VERSION.join(OBJECT_SET_MEMBER).on(OBJECT_SET_MEMBER.OBJECT_VERSION_ID.eq(OBJECT_VERSION.ID))
                        .join(SNAPSHOT).on(SNAPSHOT.OBJECT_SET_ID.eq(OBJECT_SET_MEMBER.OBJECT_SET_ID))
                        .join(CLUSTER).on(CLUSTER.ID.eq(SNAPSHOT.CLUSTER_ID)))
                .where(CLUSTER.NAME.eq(cluster)).and(SNAPSHOT.STATUS.eq(StoredSnapshot.COMPLETE))
                .and(OBJECT_VERSION.KIND.eq(kind))
                .and(namespace == null ? OBJECT_VERSION.NAMESPACE.isNull() : OBJECT_VERSION.NAMESPACE.eq(namespace))
                .and(OBJECT_VERSION.NAME.eq(name))
                .groupBy(OBJECT_VERSION.ID)
                .orderBy(first)
                .fetch(r -> new ObjectVersionSpan(r.value1(), CanonicalJson.canonical(r.value2().data()), r.value3(),
                        r.value4().toInstant(), r.value5(), r.value6().toInstant(), r.value7()));
    }

    /** Every object of one namespace in a snapshot (no paging: owners are resolved per namespace). */
    public List<StoredObject> objectsIn(long snapshotId, String namespace) {
        return dsl.select(OBJECT_VERSION.KIND, OBJECT_VERSION.NAMESPACE, OBJECT_VERSION.NAME, OBJECT_VERSION.UID,
                        OBJECT_VERSION.CONTENT, OBJECT_VERSION.SHA256)
                .from(SNAPSHOT.join(OBJECT_SET_MEMBER).on(OBJECT_SET_MEMBER.OBJECT_SET_ID.eq(SNAPSHOT.OBJECT_SET_ID))
                        .join(OBJECT_VERSION).on(OBJECT_VERSION.ID.eq(OBJECT_SET_MEMBER.OBJECT_VERSION_ID)))
                .where(SNAPSHOT.ID.eq(snapshotId)).and(OBJECT_VERSION.NAMESPACE.eq(namespace))
                .orderBy(OBJECT_VERSION.KIND, OBJECT_VERSION.NAME)
                .fetch(r -> new StoredObject(r.value1(), r.value2(), r.value3(), r.value4(),
                        CanonicalJson.canonical(r.value5().data()), r.value6()));
    }

    /** A snapshot's findings with their namespace's tenant, in the contract's order. */
    public Page<TenantFinding> findings(long snapshotId, FindingFilter filter, int limit, int offset) {
        Long analysis = analysisOf(snapshotId);
        if (analysis == null) {
            return new Page<>(List.of(), 0, limit, offset);
        }
        Condition where = FINDING.ANALYSIS_ID.eq(analysis);
        if (filter.rule() != null) {
            where = where.and(FINDING.RULE.eq(filter.rule()));
        }
        if (filter.severity() != null) {
            where = where.and(FINDING.SEVERITY.eq(filter.severity()));
        }
        if (filter.namespace() != null) {
            where = where.and(FINDING.NAMESPACE.eq(filter.namespace()));
        }
        if (filter.tenant() != null) {
            where = where.and(NAMESPACE_TENANT.TENANT.eq(filter.tenant()));
        }
        if (filter.status() != null) {
            where = where.and(FINDING.STATUS.eq(filter.status()));
        }
        var from = FINDING.leftJoin(NAMESPACE_TENANT).on(NAMESPACE_TENANT.ANALYSIS_ID.eq(FINDING.ANALYSIS_ID)
                .and(NAMESPACE_TENANT.NAMESPACE.eq(FINDING.NAMESPACE)));
        long total = dsl.fetchCount(from, where);
        List<TenantFinding> items = dsl.select(FINDING.fields()).select(NAMESPACE_TENANT.TENANT)
                .from(from)
                .where(where)
                .orderBy(FINDING.RULE, FINDING.NAMESPACE.asc().nullsFirst(), FINDING.SUBJECT,
                        FINDING.POLICY.asc().nullsFirst())
                .limit(limit).offset(offset)
                .fetch(r -> new TenantFinding(new StoredFinding(r.get(FINDING.RULE), r.get(FINDING.SEVERITY),
                        r.get(FINDING.NAMESPACE), r.get(FINDING.SUBJECT), r.get(FINDING.POLICY),
                        r.get(FINDING.DETAIL), r.get(FINDING.STATUS), r.get(FINDING.EXCEPTION_INDEX)),
                        r.get(NAMESPACE_TENANT.TENANT)));
        return new Page<>(items, total, limit, offset);
    }

    /** Coverage of a snapshot: cluster, namespaces, tenants, each by scope; {@code scopeKind} null for all. */
    public List<StoredCoverage> coverage(long snapshotId, String scopeKind) {
        Condition where = COVERAGE.ANALYSIS_ID.eq(analysisField(snapshotId));
        if (scopeKind != null) {
            where = where.and(COVERAGE.SCOPE_KIND.eq(scopeKind));
        }
        return dsl.selectFrom(COVERAGE)
                .where(where)
                .orderBy(DSL.case_(COVERAGE.SCOPE_KIND).when("cluster", 0).when("namespace", 1).else_(2),
                        COVERAGE.SCOPE)
                .fetch(r -> new StoredCoverage(r.getScopeKind(), r.getScope(), r.getEndpoints(),
                        r.getIngressIsolated(), r.getEgressIsolated(), r.getBothIsolated(), r.getScore()));
    }

    /** The tenant matrix of a snapshot: its cells by source and destination tenant, either or both null for any. */
    public List<StoredTenantCell> tenantCells(long snapshotId, String fromTenant, String toTenant) {
        Condition where = TENANT_CELL.ANALYSIS_ID.eq(analysisField(snapshotId));
        if (fromTenant != null) {
            where = where.and(TENANT_CELL.FROM_TENANT.eq(fromTenant));
        }
        if (toTenant != null) {
            where = where.and(TENANT_CELL.TO_TENANT.eq(toTenant));
        }
        return dsl.selectFrom(TENANT_CELL)
                .where(where)
                .orderBy(TENANT_CELL.FROM_TENANT, TENANT_CELL.TO_TENANT)
                .fetch(r -> new StoredTenantCell(r.getFromTenant(), r.getToTenant(), r.getEndpointPairs(),
                        r.getPorts(), r.getExampleFrom(), r.getExampleTo(), r.getExamplePorts(),
                        Arrays.asList(r.getEgressPolicies()), Arrays.asList(r.getIngressPolicies()),
                        r.getEgressUnrestricted(), r.getIngressUnrestricted(), r.getNamespacePairCount()));
    }

    public List<StoredTenantCell> tenantCells(long snapshotId) {
        return tenantCells(snapshotId, null, null);
    }

    /**
     * The namespace pairs of one tenant-matrix cell, by destination then source namespace, as
     * the analysis computed them: the group-level connectivity summed over the endpoint groups
     * of each namespace. A pair counts {@code |source| × |destination|} endpoint pairs, or
     * {@code n × (n - 1)} within one group (an endpoint with itself is not a connection), and
     * allows the union of its group pairs' port sets; group pairs with no endpoint pair add
     * nothing, as in the analysis. Empty when the cell has no connection.
     */
    public List<NamespacePair> namespacePairs(long snapshotId, String fromTenant, String toTenant) {
        // One row per (source group, destination group) pair with allowed ports: the flows into the
        // destination tenant's groups whose source ranges contain one of the source tenant's groups.
        var rows = dsl.resultQuery("""
                WITH a AS (SELECT analysis_id FROM snapshot WHERE id = {0}),
                groups AS (
                    SELECT g.group_id, g.namespace, cardinality(g.members)::bigint AS size, t.tenant
                    FROM endpoint_group g
                    JOIN namespace_tenant t ON t.analysis_id = g.analysis_id AND t.namespace = g.namespace
                    WHERE g.analysis_id = (SELECT analysis_id FROM a) AND t.tenant IN ({1}, {2}))
                SELECT s.namespace AS from_namespace, d.namespace AS to_namespace,
                       sum(CASE WHEN s.group_id = d.group_id THEN d.size * (d.size - 1) ELSE s.size * d.size END)
                           AS endpoint_pairs,
                       array_agg(DISTINCT f.ports) AS ports
                FROM groups d
                JOIN group_flow f ON f.analysis_id = (SELECT analysis_id FROM a) AND f.to_group = d.group_id
                JOIN groups s ON s.tenant = {1} AND get_bit(f.from_groups, s.group_id) = 1
                WHERE d.tenant = {2} AND NOT (s.group_id = d.group_id AND d.size < 2)
                GROUP BY d.namespace, s.namespace
                """, DSL.val(snapshotId), DSL.val(fromTenant), DSL.val(toTenant)).fetch();
        List<NamespacePair> out = new ArrayList<>(rows.size());
        for (var r : rows) {
            PortSet ports = PortSet.EMPTY;
            for (String p : (String[]) r.get("ports", String[].class)) {
                ports = ports.union(PortSet.parse(p));
            }
            out.add(new NamespacePair(r.get("from_namespace", String.class), r.get("to_namespace", String.class),
                    r.get("endpoint_pairs", Long.class), ports.toString()));
        }
        // Java's order of names, as the analysis lists them (not the database's collation).
        out.sort(Comparator.comparing(NamespacePair::to).thenComparing(NamespacePair::from));
        return out;
    }

    /** The tenant of each namespace that has one, as the snapshot's analysis assigned it. */
    public Map<String, String> namespaceTenants(long snapshotId) {
        Map<String, String> out = new LinkedHashMap<>();
        dsl.select(NAMESPACE_TENANT.NAMESPACE, NAMESPACE_TENANT.TENANT).from(NAMESPACE_TENANT)
                .where(NAMESPACE_TENANT.ANALYSIS_ID.eq(analysisField(snapshotId)))
                .orderBy(NAMESPACE_TENANT.NAMESPACE)
                .forEach(r -> out.put(r.value1(), r.value2()));
        return out;
    }

    private Map<String, StoredSnapshot> latestPerCluster(Condition condition) {
        var latest = DSL.select(SNAPSHOT.ID).distinctOn(SNAPSHOT.CLUSTER_ID).from(SNAPSHOT)
                .where(condition)
                .orderBy(SNAPSHOT.CLUSTER_ID, SNAPSHOT.STARTED_AT.desc(), SNAPSHOT.ID.desc());
        Map<String, StoredSnapshot> out = new TreeMap<>();
        SnapshotStore.selectSnapshots(dsl).where(SNAPSHOT.ID.in(latest))
                .fetch(SnapshotStore::snapshot)
                .forEach(s -> out.put(s.cluster(), s));
        return out;
    }

    private Long analysisOf(long snapshotId) {
        return dsl.select(SNAPSHOT.ANALYSIS_ID).from(SNAPSHOT).where(SNAPSHOT.ID.eq(snapshotId))
                .fetchOptional(SNAPSHOT.ANALYSIS_ID).orElse(null);
    }

    private static org.jooq.Field<Long> analysisField(long snapshotId) {
        return DSL.field(DSL.select(SNAPSHOT.ANALYSIS_ID).from(SNAPSHOT).where(SNAPSHOT.ID.eq(snapshotId)));
    }

}
