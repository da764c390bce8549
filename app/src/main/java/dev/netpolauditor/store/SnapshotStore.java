package dev.netpolauditor.store;

import static dev.netpolauditor.store.jooq.Tables.CLUSTER;
import static dev.netpolauditor.store.jooq.Tables.COVERAGE;
import static dev.netpolauditor.store.jooq.Tables.ENDPOINT_GROUP;
import static dev.netpolauditor.store.jooq.Tables.FINDING;
import static dev.netpolauditor.store.jooq.Tables.GROUP_FLOW;
import static dev.netpolauditor.store.jooq.Tables.OBJECT_VERSION;
import static dev.netpolauditor.store.jooq.Tables.SNAPSHOT;
import static dev.netpolauditor.store.jooq.Tables.SNAPSHOT_OBJECT;
import static dev.netpolauditor.store.jooq.Tables.TENANT_CELL;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netpolauditor.store.SnapshotContent.StoredFinding;
import dev.netpolauditor.store.SnapshotContent.StoredObject;
import dev.netpolauditor.store.jooq.tables.records.SnapshotRecord;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.jooq.DSLContext;
import org.jooq.InsertValuesStepN;
import org.jooq.JSONB;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.TableField;
import org.jooq.impl.DSL;

/**
 * Writes snapshots and their analysis, reads them back. A snapshot is written whole in one
 * transaction or not at all; a failed attempt is recorded separately with its reason.
 * Rows are written set-wise: multi-row inserts of up to {@value #CHUNK} rows per statement,
 * object contents only for hashes the database does not hold yet.
 */
public final class SnapshotStore {
    /** Rows per multi-row INSERT (well under PostgreSQL's 65,535 bind parameters). */
    static final int CHUNK = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DSLContext dsl;

    public SnapshotStore(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Stores a complete snapshot of {@code cluster} in one transaction; returns its id. */
    public long saveSnapshot(String cluster, SnapshotContent content) {
        return dsl.transactionResult(tx -> {
            DSLContext db = tx.dsl();
            long clusterId = clusterId(db, cluster);
            long snapshotId = db.insertInto(SNAPSHOT)
                    .set(SNAPSHOT.CLUSTER_ID, clusterId)
                    .set(SNAPSHOT.STATUS, StoredSnapshot.COMPLETE)
                    .set(SNAPSHOT.STARTED_AT, time(content.startedAt()))
                    .set(SNAPSHOT.FINISHED_AT, time(content.finishedAt()))
                    .set(SNAPSHOT.LIST_RESOURCE_VERSIONS, jsonb(content.listResourceVersions()))
                    .set(SNAPSHOT.NAMESPACE_COUNT, content.count(SnapshotContent.NAMESPACE))
                    .set(SNAPSHOT.POD_COUNT, content.count(SnapshotContent.POD))
                    .set(SNAPSHOT.WORKLOAD_COUNT, content.workloadCount())
                    .set(SNAPSHOT.POLICY_COUNT, content.count(SnapshotContent.NETWORK_POLICY))
                    .set(SNAPSHOT.ENGINE_VERSION, content.engineVersion())
                    .set(SNAPSHOT.CONTENT_SHA256, content.contentSha256())
                    .returning(SNAPSHOT.ID)
                    .fetchOne(SNAPSHOT.ID);
            writeObjects(db, snapshotId, content.objects());
            writeAnalysis(db, snapshotId, content);
            return snapshotId;
        });
    }

    /** Records a failed attempt with its reason (in its own transaction); returns its id. */
    public long recordFailure(String cluster, Instant startedAt, Instant finishedAt,
            Map<String, String> listResourceVersions, String engineVersion, String reason) {
        String why = reason == null || reason.isBlank() ? "unknown failure" : reason;
        return dsl.transactionResult(tx -> {
            DSLContext db = tx.dsl();
            return db.insertInto(SNAPSHOT)
                    .set(SNAPSHOT.CLUSTER_ID, clusterId(db, cluster))
                    .set(SNAPSHOT.STATUS, StoredSnapshot.FAILED)
                    .set(SNAPSHOT.STARTED_AT, time(startedAt))
                    .set(SNAPSHOT.FINISHED_AT, time(finishedAt))
                    .set(SNAPSHOT.LIST_RESOURCE_VERSIONS, jsonb(listResourceVersions))
                    .set(SNAPSHOT.ENGINE_VERSION, engineVersion)
                    .set(SNAPSHOT.FAILURE_REASON, why)
                    .returning(SNAPSHOT.ID)
                    .fetchOne(SNAPSHOT.ID);
        });
    }

    /** The latest complete snapshot of {@code cluster} started at or before {@code at}. */
    public Optional<StoredSnapshot> latestSnapshot(String cluster, Instant at) {
        return dsl.select(SNAPSHOT.fields()).select(CLUSTER.NAME)
                .from(SNAPSHOT).join(CLUSTER).on(CLUSTER.ID.eq(SNAPSHOT.CLUSTER_ID))
                .where(CLUSTER.NAME.eq(cluster))
                .and(SNAPSHOT.STATUS.eq(StoredSnapshot.COMPLETE))
                .and(SNAPSHOT.STARTED_AT.le(time(at)))
                .orderBy(SNAPSHOT.STARTED_AT.desc(), SNAPSHOT.ID.desc())
                .limit(1)
                .fetchOptional(r -> snapshot(r.into(SNAPSHOT), r.get(CLUSTER.NAME)));
    }

    /** Every attempt for {@code cluster}, complete and failed, newest first. */
    public List<StoredSnapshot> attempts(String cluster) {
        return dsl.select(SNAPSHOT.fields()).select(CLUSTER.NAME)
                .from(SNAPSHOT).join(CLUSTER).on(CLUSTER.ID.eq(SNAPSHOT.CLUSTER_ID))
                .where(CLUSTER.NAME.eq(cluster))
                .orderBy(SNAPSHOT.STARTED_AT.desc(), SNAPSHOT.ID.desc())
                .fetch(r -> snapshot(r.into(SNAPSHOT), r.get(CLUSTER.NAME)));
    }

    /** The objects a snapshot saw, by kind, namespace, name; JSON in canonical form. */
    public List<StoredObject> objectsOf(long snapshotId) {
        return dsl.select(OBJECT_VERSION.KIND, OBJECT_VERSION.NAMESPACE, OBJECT_VERSION.NAME, OBJECT_VERSION.UID,
                        OBJECT_VERSION.CONTENT, OBJECT_VERSION.SHA256)
                .from(SNAPSHOT_OBJECT).join(OBJECT_VERSION).on(OBJECT_VERSION.ID.eq(SNAPSHOT_OBJECT.OBJECT_VERSION_ID))
                .where(SNAPSHOT_OBJECT.SNAPSHOT_ID.eq(snapshotId))
                .orderBy(OBJECT_VERSION.KIND, OBJECT_VERSION.NAMESPACE.asc().nullsFirst(), OBJECT_VERSION.NAME)
                .fetch(r -> new StoredObject(r.value1(), r.value2(), r.value3(), r.value4(),
                        CanonicalJson.canonical(r.value5().data()), r.value6()));
    }

    /** The findings of a snapshot in the contract's order (rule, namespace, subject, policy; nulls first). */
    public List<StoredFinding> findingsOf(long snapshotId) {
        return dsl.selectFrom(FINDING)
                .where(FINDING.SNAPSHOT_ID.eq(snapshotId))
                .orderBy(FINDING.RULE, FINDING.NAMESPACE.asc().nullsFirst(), FINDING.SUBJECT,
                        FINDING.POLICY.asc().nullsFirst())
                .fetch(r -> new StoredFinding(r.getRule(), r.getSeverity(), r.getNamespace(), r.getSubject(),
                        r.getPolicy(), r.getDetail(), r.getStatus()));
    }

    /** Coverage rows of a snapshot: cluster, then namespaces, then tenants, each by scope. */
    public List<SnapshotContent.StoredCoverage> coverageOf(long snapshotId) {
        return dsl.selectFrom(COVERAGE)
                .where(COVERAGE.SNAPSHOT_ID.eq(snapshotId))
                .orderBy(DSL.case_(COVERAGE.SCOPE_KIND).when("cluster", 0).when("namespace", 1).else_(2),
                        COVERAGE.SCOPE)
                .fetch(r -> new SnapshotContent.StoredCoverage(r.getScopeKind(), r.getScope(), r.getEndpoints(),
                        r.getIngressIsolated(), r.getEgressIsolated(), r.getBothIsolated()));
    }

    private static long clusterId(DSLContext db, String cluster) {
        db.insertInto(CLUSTER).set(CLUSTER.NAME, cluster).onConflict(CLUSTER.NAME).doNothing().execute();
        return db.select(CLUSTER.ID).from(CLUSTER).where(CLUSTER.NAME.eq(cluster)).fetchSingle(CLUSTER.ID);
    }

    /**
     * Inserts the contents whose hash is new (ON CONFLICT DO NOTHING keeps concurrent writers
     * safe), then links the snapshot to every version by hash, set-wise.
     */
    private static void writeObjects(DSLContext db, long snapshotId, List<StoredObject> objects) {
        Map<String, StoredObject> byHash = new LinkedHashMap<>();
        for (StoredObject o : objects) {
            byHash.putIfAbsent(o.sha256(), o);
        }
        List<String> hashes = new ArrayList<>(byHash.keySet());
        Set<String> known = new HashSet<>();
        for (List<String> chunk : chunks(hashes)) {
            known.addAll(db.select(OBJECT_VERSION.SHA256).from(OBJECT_VERSION)
                    .where(OBJECT_VERSION.SHA256.eq(DSL.any(chunk.toArray(String[]::new))))
                    .fetch(OBJECT_VERSION.SHA256));
        }
        List<StoredObject> fresh = byHash.values().stream().filter(o -> !known.contains(o.sha256())).toList();
        insertRows(db, OBJECT_VERSION, List.of(OBJECT_VERSION.KIND, OBJECT_VERSION.NAMESPACE, OBJECT_VERSION.NAME,
                        OBJECT_VERSION.UID, OBJECT_VERSION.SHA256, OBJECT_VERSION.CONTENT), fresh,
                o -> new Object[] {o.kind(), o.namespace(), o.name(), o.uid(), o.sha256(), JSONB.jsonb(o.json())},
                true);
        for (List<String> chunk : chunks(hashes)) {
            db.insertInto(SNAPSHOT_OBJECT, SNAPSHOT_OBJECT.SNAPSHOT_ID, SNAPSHOT_OBJECT.OBJECT_VERSION_ID)
                    .select(DSL.select(DSL.val(snapshotId), OBJECT_VERSION.ID).from(OBJECT_VERSION)
                            .where(OBJECT_VERSION.SHA256.eq(DSL.any(chunk.toArray(String[]::new)))))
                    .execute();
        }
    }

    private static void writeAnalysis(DSLContext db, long snapshotId, SnapshotContent content) {
        insertRows(db, FINDING, List.of(FINDING.SNAPSHOT_ID, FINDING.RULE, FINDING.SEVERITY, FINDING.NAMESPACE,
                        FINDING.SUBJECT, FINDING.POLICY, FINDING.DETAIL, FINDING.STATUS), content.findings(),
                f -> new Object[] {snapshotId, f.rule(), f.severity(), f.namespace(), f.subject(), f.policy(),
                        f.detail(), f.status()},
                false);
        insertRows(db, COVERAGE, List.of(COVERAGE.SNAPSHOT_ID, COVERAGE.SCOPE_KIND, COVERAGE.SCOPE,
                        COVERAGE.ENDPOINTS, COVERAGE.INGRESS_ISOLATED, COVERAGE.EGRESS_ISOLATED,
                        COVERAGE.BOTH_ISOLATED), content.coverage(),
                c -> new Object[] {snapshotId, c.scopeKind(), c.scope(), c.endpoints(), c.ingressIsolated(),
                        c.egressIsolated(), c.bothIsolated()},
                false);
        insertRows(db, TENANT_CELL, List.of(TENANT_CELL.SNAPSHOT_ID, TENANT_CELL.FROM_TENANT, TENANT_CELL.TO_TENANT,
                        TENANT_CELL.ENDPOINT_PAIRS, TENANT_CELL.PORTS, TENANT_CELL.EXAMPLE_FROM,
                        TENANT_CELL.EXAMPLE_TO, TENANT_CELL.EXAMPLE_PORTS, TENANT_CELL.EGRESS_POLICIES,
                        TENANT_CELL.INGRESS_POLICIES, TENANT_CELL.EGRESS_UNRESTRICTED,
                        TENANT_CELL.INGRESS_UNRESTRICTED, TENANT_CELL.NAMESPACE_PAIRS), content.tenantCells(),
                c -> new Object[] {snapshotId, c.fromTenant(), c.toTenant(), c.endpointPairs(), c.ports(),
                        c.exampleFrom(), c.exampleTo(), c.examplePorts(), c.egressPolicies().toArray(String[]::new),
                        c.ingressPolicies().toArray(String[]::new), c.egressUnrestricted(), c.ingressUnrestricted(),
                        jsonb(c.namespacePairs())},
                false);
        insertRows(db, ENDPOINT_GROUP, List.of(ENDPOINT_GROUP.SNAPSHOT_ID, ENDPOINT_GROUP.GROUP_ID,
                        ENDPOINT_GROUP.NAMESPACE, ENDPOINT_GROUP.LABELS, ENDPOINT_GROUP.MEMBERS), content.groups(),
                g -> new Object[] {snapshotId, g.groupId(), g.namespace(), jsonb(g.labels()),
                        g.members().toArray(String[]::new)},
                false);
        insertRows(db, GROUP_FLOW, List.of(GROUP_FLOW.SNAPSHOT_ID, GROUP_FLOW.FROM_GROUP, GROUP_FLOW.TO_GROUP,
                        GROUP_FLOW.PORTS), content.flows(),
                f -> new Object[] {snapshotId, f.fromGroup(), f.toGroup(), f.ports()},
                false);
    }

    /** Multi-row INSERTs of {@link #CHUNK} rows each. */
    private static <R extends Record, T> void insertRows(DSLContext db, Table<R> table,
            List<? extends TableField<R, ?>> fields, List<T> rows, Function<T, Object[]> values,
            boolean ignoreConflicts) {
        for (List<T> chunk : chunks(rows)) {
            InsertValuesStepN<R> insert = db.insertInto(table, fields);
            for (T row : chunk) {
                insert = insert.values(values.apply(row));
            }
            if (ignoreConflicts) {
                insert.onConflictDoNothing().execute();
            } else {
                insert.execute();
            }
        }
    }

    private static <T> List<List<T>> chunks(List<T> list) {
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i += CHUNK) {
            out.add(list.subList(i, Math.min(list.size(), i + CHUNK)));
        }
        return out;
    }

    private static StoredSnapshot snapshot(SnapshotRecord r, String cluster) {
        return new StoredSnapshot(r.getId(), cluster, r.getStatus(), r.getStartedAt().toInstant(),
                r.getFinishedAt().toInstant(), versions(r.getListResourceVersions()), r.getNamespaceCount(),
                r.getPodCount(), r.getWorkloadCount(), r.getPolicyCount(), r.getEngineVersion(),
                r.getContentSha256(), r.getFailureReason());
    }

    private static Map<String, String> versions(JSONB json) {
        try {
            return new TreeMap<>(JSON.readValue(json.data(), new TypeReference<Map<String, String>>() {}));
        } catch (Exception e) {
            throw new IllegalStateException("list_resource_versions is not an object of strings", e);
        }
    }

    private static JSONB jsonb(Object value) {
        return JSONB.jsonb(CanonicalJson.write(value == null ? Map.of() : value));
    }

    private static OffsetDateTime time(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
