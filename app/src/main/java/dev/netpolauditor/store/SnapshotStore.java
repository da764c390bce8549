package dev.netpolauditor.store;

import static dev.netpolauditor.store.jooq.Tables.ANALYSIS;
import static dev.netpolauditor.store.jooq.Tables.ANALYSIS_SETTINGS;
import static dev.netpolauditor.store.jooq.Tables.CLUSTER;
import static dev.netpolauditor.store.jooq.Tables.COVERAGE;
import static dev.netpolauditor.store.jooq.Tables.ENDPOINT_GROUP;
import static dev.netpolauditor.store.jooq.Tables.FINDING;
import static dev.netpolauditor.store.jooq.Tables.GROUP_FLOW;
import static dev.netpolauditor.store.jooq.Tables.NAMESPACE_TENANT;
import static dev.netpolauditor.store.jooq.Tables.OBJECT_SET;
import static dev.netpolauditor.store.jooq.Tables.OBJECT_SET_MEMBER;
import static dev.netpolauditor.store.jooq.Tables.OBJECT_VERSION;
import static dev.netpolauditor.store.jooq.Tables.OBJECT_VERSION_SOURCE;
import static dev.netpolauditor.store.jooq.Tables.REANALYSIS;
import static dev.netpolauditor.store.jooq.Tables.SNAPSHOT;
import static dev.netpolauditor.store.jooq.Tables.TENANT_CELL;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netpolauditor.canonical.CanonicalJson;
import dev.netpolauditor.store.SnapshotContent.StoredAnalysis;
import dev.netpolauditor.store.SnapshotContent.StoredFinding;
import dev.netpolauditor.store.SnapshotContent.StoredObject;
import dev.netpolauditor.store.jooq.tables.records.AnalysisRecord;
import dev.netpolauditor.store.jooq.tables.records.SnapshotRecord;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jooq.Condition;
import org.jooq.ConnectionProvider;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.SelectOnConditionStep;
import org.jooq.Table;
import org.jooq.TableField;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Writes snapshots and their analysis, reads them back. A snapshot is written whole in one
 * transaction or not at all; a failed attempt is recorded separately with its reason.
 * Rows are written set-wise with COPY on the transaction's connection, object contents only
 * for hashes the database does not hold yet.
 */
public final class SnapshotStore {
    /**
     * Advisory lock name guarding shared contents: snapshot writes hold it shared (they link
     * to object sets, versions and analyses that exist), {@link Retention} exclusively (it
     * deletes the unreferenced ones).
     */
    static final String CONTENT_LOCK = "netpol-auditor/content";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DSLContext dsl;

    public SnapshotStore(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * Stores a complete snapshot of {@code cluster} in one transaction; returns its id. The
     * object set and the analysis are written only when the database does not hold them yet;
     * the cluster's finding runs are brought up to date in the same transaction ({@link
     * FindingRuns}: nothing to write when the analysis is the previous snapshot's).
     *
     * @throws AnalysisMissingException when {@code content.analysis()} is null and no stored
     *     analysis has its key (deleted since {@link #hasAnalysis} said yes): analyse and retry
     */
    public long saveSnapshot(String cluster, SnapshotContent content) {
        return saveSnapshot(cluster, content, () -> content);
    }

    /**
     * Stores a snapshot whose analysis may still be computing: the objects of {@code content}
     * are written first, then {@code completed} gives the finished content (the same objects,
     * with its analysis, unless shared, and its finish time) and the rest is written, all in
     * one transaction. A caller computing the analysis meanwhile overlaps it with the object
     * writes; when {@code completed} throws, nothing is stored.
     */
    public long saveSnapshot(String cluster, SnapshotContent content, Supplier<SnapshotContent> completed) {
        return saveSnapshot(cluster, content, ReadVersions.NONE, completed);
    }

    /**
     * As {@link #saveSnapshot(String, SnapshotContent, Supplier)}, recording where the objects
     * written anew were read from ({@code readAt}), so that a later snapshot finds them by
     * {@link #versionsReadAt}.
     *
     * @throws VersionsMissingException when an object whose text was omitted (a stored version,
     *     {@link StoredObject#textOmitted}) is no longer stored (retention deleted it since it was
     *     looked up): write every object's text and retry
     */
    public long saveSnapshot(String cluster, SnapshotContent content, ReadVersions readAt,
            Supplier<SnapshotContent> completed) {
        String contentSha256 = content.contentSha256();
        return dsl.transactionResult(tx -> {
            DSLContext db = tx.dsl();
            db.execute("SELECT pg_advisory_xact_lock_shared(hashtext({0}))", DSL.val(CONTENT_LOCK));
            long clusterId = clusterId(db, cluster);
            long objectSetId = objectSet(db, contentSha256, content.objects());
            if (!readAt.bySha256().isEmpty()) {
                writeSources(db, readAt);
            }
            SnapshotContent done = completed.get();
            if (done.objects() != content.objects() && !done.objects().equals(content.objects())) {
                throw new IllegalArgumentException("the completed snapshot has other objects than the one stored");
            }
            long analysisId = analysis(db, objectSetId, done);
            long snapshotId = db.insertInto(SNAPSHOT)
                    .set(SNAPSHOT.CLUSTER_ID, clusterId)
                    .set(SNAPSHOT.STATUS, StoredSnapshot.COMPLETE)
                    .set(SNAPSHOT.TRIGGER, done.trigger())
                    .set(SNAPSHOT.STARTED_AT, time(done.startedAt()))
                    .set(SNAPSHOT.FINISHED_AT, time(done.finishedAt()))
                    .set(SNAPSHOT.SOURCE, done.source())
                    .set(SNAPSHOT.CLUSTER_UID, done.clusterUid())
                    .set(SNAPSHOT.LIST_RESOURCE_VERSIONS, jsonb(done.listResourceVersions()))
                    .set(SNAPSHOT.ABSENT_RESOURCES, done.absentResources().toArray(String[]::new))
                    .set(SNAPSHOT.NAMESPACE_COUNT, done.count(SnapshotContent.NAMESPACE))
                    .set(SNAPSHOT.POD_COUNT, done.count(SnapshotContent.POD))
                    .set(SNAPSHOT.WORKLOAD_COUNT, done.workloadCount())
                    .set(SNAPSHOT.POLICY_COUNT, done.count(SnapshotContent.NETWORK_POLICY))
                    .set(SNAPSHOT.ENGINE_VERSION, done.engineVersion())
                    .set(SNAPSHOT.CONTENT_SHA256, contentSha256)
                    .set(SNAPSHOT.OBJECT_SET_ID, objectSetId)
                    .set(SNAPSHOT.ANALYSIS_ID, analysisId)
                    .returning(SNAPSHOT.ID)
                    .fetchOne(SNAPSHOT.ID);
            FindingRuns.snapshotStored(db, clusterId, snapshotId);
            return snapshotId;
        });
    }

    /**
     * Runs {@code work} while holding a PostgreSQL advisory lock named by {@code key}, so that no
     * two replicas run it at once; empty when another session holds the lock. The lock lives
     * on one pooled connection and goes with it if that connection dies.
     *
     * @throws DatabaseUnreachable when no connection can be had or the lock cannot be asked for;
     *     {@code work} has not run
     */
    public <T> Optional<T> exclusively(String key, Supplier<T> work) {
        String name = "netpol-auditor/" + key;
        ConnectionProvider connections = dsl.configuration().connectionProvider();
        Connection connection;
        boolean locked;
        try {
            connection = connections.acquire();
        } catch (DataAccessException e) {
            throw new DatabaseUnreachable(e);
        }
        try {
            DSLContext db = DSL.using(connection, SQLDialect.POSTGRES);
            try {
                locked = db.select(DSL.field("pg_try_advisory_lock(hashtext({0}))", Boolean.class, DSL.val(name)))
                        .fetchSingle().value1();
            } catch (DataAccessException e) {
                throw new DatabaseUnreachable(e);
            }
            if (!locked) {
                return Optional.empty();
            }
            try {
                return Optional.of(work.get());
            } finally {
                try {
                    db.select(DSL.field("pg_advisory_unlock(hashtext({0}))", Boolean.class, DSL.val(name))).fetch();
                } catch (DataAccessException e) {
                    // The connection broke (the database went away during the work): the pool
                    // discards it and the session's lock ends with it. What the work returned,
                    // its own account of the failure, matters more than this.
                }
            }
        } finally {
            connections.release(connection);
        }
    }

    /** No connection to the database could be had, or it failed at once. */
    public static final class DatabaseUnreachable extends RuntimeException {
        DatabaseUnreachable(DataAccessException cause) {
            super("the database could not be reached: " + root(cause), cause);
        }

        private static String root(Throwable e) {
            Throwable t = e;
            while (t.getCause() != null && t.getCause() != t) {
                t = t.getCause();
            }
            return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        }
    }

    /**
     * Whether an analysis of this input ({@link SnapshotContent#analysisInputSha256}) by this
     * engine under this configuration is stored.
     */
    public boolean hasAnalysis(String inputSha256, String engineVersion, String configSha256) {
        return dsl.fetchExists(DSL.selectOne().from(ANALYSIS)
                .where(ANALYSIS.INPUT_SHA256.eq(inputSha256))
                .and(ANALYSIS.ENGINE_VERSION.eq(engineVersion))
                .and(ANALYSIS.CONFIG_SHA256.eq(configSha256)));
    }

    /** Records a failed attempt with its reason (in its own transaction); returns its id. */
    public long recordFailure(String cluster, FailedAttempt attempt) {
        String why = attempt.reason() == null || attempt.reason().isBlank() ? "unknown failure" : attempt.reason();
        return dsl.transactionResult(tx -> {
            DSLContext db = tx.dsl();
            return db.insertInto(SNAPSHOT)
                    .set(SNAPSHOT.CLUSTER_ID, clusterId(db, cluster))
                    .set(SNAPSHOT.STATUS, StoredSnapshot.FAILED)
                    .set(SNAPSHOT.TRIGGER, attempt.trigger())
                    .set(SNAPSHOT.STARTED_AT, time(attempt.startedAt()))
                    .set(SNAPSHOT.FINISHED_AT, time(attempt.finishedAt()))
                    .set(SNAPSHOT.SOURCE, attempt.source())
                    .set(SNAPSHOT.LIST_RESOURCE_VERSIONS, jsonb(attempt.listResourceVersions()))
                    .set(SNAPSHOT.ENGINE_VERSION, attempt.engineVersion())
                    .set(SNAPSHOT.FAILURE_REASON, why)
                    .returning(SNAPSHOT.ID)
                    .fetchOne(SNAPSHOT.ID);
        });
    }

    /** A snapshot attempt that failed: when, from where, what was listed before it failed, why. */
    public record FailedAttempt(Instant startedAt, Instant finishedAt, String trigger, String source,
            Map<String, String> listResourceVersions, String engineVersion, String reason) {}

    /**
     * Where API objects were read from, by the hash of the version each was read as, under one
     * {@code canonicalForm} (how objects are read and written: {@code StoredObjects.CANONICAL_FORM}).
     */
    public record ReadVersions(int canonicalForm, Map<String, SnapshotContent.ReadAt> bySha256) {
        public static final ReadVersions NONE = new ReadVersions(1, Map.of());
    }

    /**
     * The versions the latest complete snapshot of {@code cluster} holds that were read from API
     * objects under {@code canonicalForm}, by the uid and resourceVersion they were read at
     * (a version may have been read at several); their text omitted ({@link StoredObject#textOmitted}).
     * One join over the snapshot's members, whatever the number of objects.
     */
    public Map<SnapshotContent.ReadAt, StoredObject> versionsReadAt(String cluster, int canonicalForm) {
        var latest = DSL.select(SNAPSHOT.OBJECT_SET_ID).from(SNAPSHOT).where(SNAPSHOT.ID.eq(latestCompleteId(cluster)));
        Map<SnapshotContent.ReadAt, StoredObject> out = new java.util.HashMap<>();
        dsl.select(OBJECT_VERSION.KIND, OBJECT_VERSION.NAMESPACE, OBJECT_VERSION.NAME, OBJECT_VERSION.UID,
                        OBJECT_VERSION.SHA256, OBJECT_VERSION_SOURCE.UID, OBJECT_VERSION_SOURCE.RESOURCE_VERSION)
                .from(OBJECT_SET_MEMBER)
                .join(OBJECT_VERSION_SOURCE)
                .on(OBJECT_VERSION_SOURCE.OBJECT_VERSION_ID.eq(OBJECT_SET_MEMBER.OBJECT_VERSION_ID))
                .join(OBJECT_VERSION).on(OBJECT_VERSION.ID.eq(OBJECT_SET_MEMBER.OBJECT_VERSION_ID))
                .where(OBJECT_SET_MEMBER.OBJECT_SET_ID.eq(DSL.field(latest)))
                .and(OBJECT_VERSION_SOURCE.CANONICAL_FORM.eq((short) canonicalForm))
                .fetch().forEach(r -> out.put(new SnapshotContent.ReadAt(r.value6(), r.value7()),
                        new StoredObject(r.value1(), r.value2(), r.value3(), r.value4(), null, r.value5())));
        return out;
    }

    /**
     * The analysis input key of the latest complete snapshot of {@code cluster}, when it saw the
     * objects of {@code contentSha256} and its analysis is by {@code engineVersion} under
     * {@code configSha256}; else empty.
     */
    public Optional<String> analysisInputOfLatest(String cluster, String contentSha256, String engineVersion,
            String configSha256) {
        return dsl.select(OBJECT_SET.SHA256, ANALYSIS.ENGINE_VERSION, ANALYSIS.CONFIG_SHA256, ANALYSIS.INPUT_SHA256)
                .from(SNAPSHOT)
                .join(OBJECT_SET).on(OBJECT_SET.ID.eq(SNAPSHOT.OBJECT_SET_ID))
                .join(ANALYSIS).on(ANALYSIS.ID.eq(SNAPSHOT.ANALYSIS_ID))
                .where(SNAPSHOT.ID.eq(latestCompleteId(cluster)))
                .fetchOptional()
                .filter(r -> r.value1().equals(contentSha256) && r.value2().equals(engineVersion)
                        && r.value3().equals(configSha256))
                .map(r -> r.value4());
    }

    /** The id of the latest complete snapshot of {@code cluster}, as a subquery (no row: none). */
    private static org.jooq.Field<Long> latestCompleteId(String cluster) {
        return DSL.field(DSL.select(SNAPSHOT.ID).from(SNAPSHOT)
                .join(CLUSTER).on(CLUSTER.ID.eq(SNAPSHOT.CLUSTER_ID))
                .where(CLUSTER.NAME.eq(cluster)).and(SNAPSHOT.STATUS.eq(StoredSnapshot.COMPLETE))
                .orderBy(SNAPSHOT.STARTED_AT.desc(), SNAPSHOT.ID.desc()).limit(1));
    }

    /**
     * Where the objects written anew were read from, set-wise: through a table of this
     * transaction joined to their versions by hash. A row already there (the same version read at
     * the same resourceVersion) is kept.
     */
    private static void writeSources(DSLContext db, ReadVersions readAt) {
        db.execute("CREATE TEMPORARY TABLE snapshot_source (sha256 text, uid text, resource_version text)"
                + " ON COMMIT DROP");
        copy(db, "snapshot_source", List.of("sha256", "uid", "resource_version"),
                List.copyOf(readAt.bySha256().entrySet()),
                e -> new Object[] {e.getKey(), e.getValue().uid(), e.getValue().resourceVersion()});
        db.execute("INSERT INTO object_version_source (object_version_id, uid, resource_version, canonical_form)"
                + " SELECT v.id, s.uid, s.resource_version, {0} FROM snapshot_source s"
                + " JOIN object_version v ON v.sha256 = s.sha256 ON CONFLICT DO NOTHING",
                DSL.val((short) readAt.canonicalForm()));
        db.execute("DROP TABLE snapshot_source");
    }

    /** Thrown when objects whose text was omitted, as stored already, are no longer stored. */
    public static final class VersionsMissingException extends RuntimeException {
        VersionsMissingException(String message) {
            super(message);
        }
    }

    /** Thrown when a snapshot was to share a stored analysis that is no longer there. */
    public static final class AnalysisMissingException extends RuntimeException {
        AnalysisMissingException(String message) {
            super(message);
        }
    }

    /** The latest complete snapshot of {@code cluster} started at or before {@code at}. */
    public Optional<StoredSnapshot> latestSnapshot(String cluster, Instant at) {
        return selectSnapshots(dsl)
                .where(CLUSTER.NAME.eq(cluster))
                .and(SNAPSHOT.STATUS.eq(StoredSnapshot.COMPLETE))
                .and(SNAPSHOT.STARTED_AT.le(time(at)))
                .orderBy(SNAPSHOT.STARTED_AT.desc(), SNAPSHOT.ID.desc())
                .limit(1)
                .fetchOptional(SnapshotStore::snapshot);
    }

    /** Every attempt for {@code cluster}, complete and failed, newest first. */
    public List<StoredSnapshot> attempts(String cluster) {
        return selectSnapshots(dsl)
                .where(CLUSTER.NAME.eq(cluster))
                .orderBy(SNAPSHOT.STARTED_AT.desc(), SNAPSHOT.ID.desc())
                .fetch(SnapshotStore::snapshot);
    }

    /** The objects a snapshot saw, by kind, namespace, name; JSON in canonical form. */
    public List<StoredObject> objectsOf(long snapshotId) {
        return dsl.select(OBJECT_VERSION.KIND, OBJECT_VERSION.NAMESPACE, OBJECT_VERSION.NAME, OBJECT_VERSION.UID,
                        OBJECT_VERSION.CONTENT, OBJECT_VERSION.SHA256)
                .from(SNAPSHOT).join(OBJECT_SET_MEMBER).on(OBJECT_SET_MEMBER.OBJECT_SET_ID.eq(SNAPSHOT.OBJECT_SET_ID))
                .join(OBJECT_VERSION).on(OBJECT_VERSION.ID.eq(OBJECT_SET_MEMBER.OBJECT_VERSION_ID))
                .where(SNAPSHOT.ID.eq(snapshotId))
                .orderBy(OBJECT_VERSION.KIND, OBJECT_VERSION.NAMESPACE.asc().nullsFirst(), OBJECT_VERSION.NAME)
                .fetch(r -> new StoredObject(r.value1(), r.value2(), r.value3(), r.value4(),
                        CanonicalJson.canonical(r.value5().data()), r.value6()));
    }

    /** The policies of a snapshot (NetworkPolicies and the cluster-tier kinds), as {@link #objectsOf} gives them. */
    public List<StoredObject> policiesOf(long snapshotId) {
        return dsl.select(OBJECT_VERSION.KIND, OBJECT_VERSION.NAMESPACE, OBJECT_VERSION.NAME, OBJECT_VERSION.UID,
                        OBJECT_VERSION.CONTENT, OBJECT_VERSION.SHA256)
                .from(SNAPSHOT).join(OBJECT_SET_MEMBER).on(OBJECT_SET_MEMBER.OBJECT_SET_ID.eq(SNAPSHOT.OBJECT_SET_ID))
                .join(OBJECT_VERSION).on(OBJECT_VERSION.ID.eq(OBJECT_SET_MEMBER.OBJECT_VERSION_ID))
                .where(SNAPSHOT.ID.eq(snapshotId)).and(OBJECT_VERSION.KIND.in(java.util.stream.Stream.concat(
                        SnapshotContent.POLICY_KINDS.stream(), SnapshotContent.PLUGIN_POLICY_KINDS.stream()).toList()))
                .orderBy(OBJECT_VERSION.KIND, OBJECT_VERSION.NAMESPACE.asc().nullsFirst(), OBJECT_VERSION.NAME)
                .fetch(r -> new StoredObject(r.value1(), r.value2(), r.value3(), r.value4(),
                        CanonicalJson.canonical(r.value5().data()), r.value6()));
    }

    /** The findings of a snapshot in the contract's order (rule, namespace, subject, policy; nulls first). */
    public List<StoredFinding> findingsOf(long snapshotId) {
        return dsl.selectFrom(FINDING)
                .where(FINDING.ANALYSIS_ID.eq(analysisOf(snapshotId)))
                .orderBy(FINDING.RULE, FINDING.NAMESPACE.asc().nullsFirst(), FINDING.SUBJECT,
                        FINDING.POLICY.asc().nullsFirst())
                .fetch(r -> new StoredFinding(r.getRule(), r.getSeverity(), r.getNamespace(), r.getSubject(),
                        r.getPolicy(), r.getDetail(), r.getStatus()));
    }

    /** Coverage rows of a snapshot: cluster, then namespaces, then tenants, each by scope. */
    public List<SnapshotContent.StoredCoverage> coverageOf(long snapshotId) {
        return dsl.selectFrom(COVERAGE)
                .where(COVERAGE.ANALYSIS_ID.eq(analysisOf(snapshotId)))
                .orderBy(DSL.case_(COVERAGE.SCOPE_KIND).when("cluster", 0).when("namespace", 1).else_(2),
                        COVERAGE.SCOPE)
                .fetch(r -> new SnapshotContent.StoredCoverage(r.getScopeKind(), r.getScope(), r.getEndpoints(),
                        r.getIngressIsolated(), r.getEgressIsolated(), r.getBothIsolated(), r.getScore()));
    }

    private static long clusterId(DSLContext db, String cluster) {
        db.insertInto(CLUSTER).set(CLUSTER.NAME, cluster).onConflict(CLUSTER.NAME).doNothing().execute();
        return db.select(CLUSTER.ID).from(CLUSTER).where(CLUSTER.NAME.eq(cluster)).fetchSingle(CLUSTER.ID);
    }

    /** The id of a complete snapshot's analysis; a failed or unknown one has none (nothing matches). */
    private static Field<Long> analysisOf(long snapshotId) {
        return DSL.field(DSL.select(SNAPSHOT.ANALYSIS_ID).from(SNAPSHOT).where(SNAPSHOT.ID.eq(snapshotId)));
    }

    /**
     * The object set with this content hash, written when new: the contents whose hash the
     * database lacks (ON CONFLICT DO NOTHING keeps concurrent writers safe), then the set and
     * its members, set-wise. A concurrent writer of the same set waits on the unique key and
     * then finds the set complete.
     */
    private static long objectSet(DSLContext db, String contentSha256, List<StoredObject> objects) {
        Long existing = db.select(OBJECT_SET.ID).from(OBJECT_SET).where(OBJECT_SET.SHA256.eq(contentSha256))
                .fetchOne(OBJECT_SET.ID);
        if (existing != null) {
            return existing;
        }
        Map<String, StoredObject> byHash = new LinkedHashMap<>();
        for (StoredObject o : objects) {
            byHash.putIfAbsent(o.sha256(), o);
        }
        List<String> hashes = new ArrayList<>(byHash.keySet());
        // The snapshot's hashes in a table of this transaction: which versions are new, and the
        // set's members, are then two joins instead of a lookup per object.
        db.execute("CREATE TEMPORARY TABLE snapshot_object (sha256 text PRIMARY KEY) ON COMMIT DROP");
        copy(db, "snapshot_object", List.of("sha256"), hashes, h -> new Object[] {h});
        db.execute("ANALYZE snapshot_object");
        Set<String> fresh = new HashSet<>(db.fetch("SELECT h.sha256 FROM snapshot_object h WHERE NOT EXISTS"
                + " (SELECT 1 FROM object_version v WHERE v.sha256 = h.sha256)").getValues(0, String.class));
        List<StoredObject> newVersions = byHash.values().stream().filter(o -> fresh.contains(o.sha256())).toList();
        long gone = newVersions.stream().filter(StoredObject::textOmitted).count();
        if (gone > 0) {
            throw new VersionsMissingException(gone + " object versions taken as stored are no longer stored");
        }
        if (!newVersions.isEmpty()) {
            writeVersions(db, newVersions);
        }
        Long created = db.insertInto(OBJECT_SET).set(OBJECT_SET.SHA256, contentSha256)
                .set(OBJECT_SET.OBJECT_COUNT, hashes.size())
                .onConflictDoNothing().returning(OBJECT_SET.ID).fetchOne(OBJECT_SET.ID);
        if (created == null) {
            db.execute("DROP TABLE snapshot_object");
            return db.select(OBJECT_SET.ID).from(OBJECT_SET).where(OBJECT_SET.SHA256.eq(contentSha256))
                    .fetchSingle(OBJECT_SET.ID);
        }
        db.execute("INSERT INTO object_set_member (object_set_id, object_version_id)"
                + " SELECT {0}, v.id FROM snapshot_object h JOIN object_version v ON v.sha256 = h.sha256",
                DSL.val(created));
        db.execute("DROP TABLE snapshot_object");
        return created;
    }

    /**
     * New object versions, straight into {@code object_version} with COPY: one pass over 180 MB
     * of contents at 150,000 pods. COPY cannot skip conflicts, so when a concurrent writer has
     * stored some of the same contents since they were looked up, it fails on the unique hash;
     * then, back at the savepoint, they go through a table of this transaction and one
     * {@code INSERT ... ON CONFLICT DO NOTHING}.
     */
    private static void writeVersions(DSLContext db, List<StoredObject> versions) {
        List<String> columns = List.of("kind", "namespace", "name", "uid", "sha256", "content");
        Function<StoredObject, Object[]> values = o -> new Object[] {o.kind(), o.namespace(), o.name(), o.uid(),
                o.sha256(), o.json()};
        db.execute("SAVEPOINT object_versions");
        try {
            copy(db, "object_version", columns, versions, values);
            db.execute("RELEASE SAVEPOINT object_versions");
            return;
        } catch (DataAccessException e) {
            if (!UNIQUE_VIOLATION.equals(e.sqlState())) {
                throw e;
            }
            db.execute("ROLLBACK TO SAVEPOINT object_versions");
        }
        db.execute("CREATE TEMPORARY TABLE object_version_new (kind text, namespace text, name text, uid text,"
                + " sha256 text, content jsonb) ON COMMIT DROP");
        copy(db, "object_version_new", columns, versions, values);
        db.execute("INSERT INTO object_version (kind, namespace, name, uid, sha256, content)"
                + " SELECT kind, namespace, name, uid, sha256, content FROM object_version_new"
                + " ON CONFLICT (sha256) DO NOTHING");
        db.execute("DROP TABLE object_version_new");
    }

    private static final String UNIQUE_VIOLATION = "23505";

    /** The stored analysis for the content's key (input, engine, configuration), written when new. */
    private static long analysis(DSLContext db, long objectSetId, SnapshotContent content) {
        return analysis(db, objectSetId, content.analysisInputSha256(), content.engineVersion(),
                content.configSha256(), content.settingsJson(), content.analysis());
    }

    /** The stored analysis for this key, written from {@code a} when new (a null {@code a}: it must exist). */
    private static long analysis(DSLContext db, long objectSetId, String inputSha256, String engineVersion,
            String configSha256, String settingsJson, StoredAnalysis a) {
        Condition key = ANALYSIS.INPUT_SHA256.eq(inputSha256)
                .and(ANALYSIS.ENGINE_VERSION.eq(engineVersion))
                .and(ANALYSIS.CONFIG_SHA256.eq(configSha256));
        Long existing = db.select(ANALYSIS.ID).from(ANALYSIS).where(key).fetchOne(ANALYSIS.ID);
        if (existing != null) {
            return existing;
        }
        if (a == null) {
            throw new AnalysisMissingException("no stored analysis of input " + inputSha256
                    + " by engine " + engineVersion + " under configuration " + configSha256);
        }
        Long settingsId = settingsJson == null ? null : settings(db, configSha256, settingsJson);
        Long created = db.insertInto(ANALYSIS)
                .set(ANALYSIS.OBJECT_SET_ID, objectSetId)
                .set(ANALYSIS.SETTINGS_ID, settingsId)
                .set(ANALYSIS.INPUT_SHA256, inputSha256)
                .set(ANALYSIS.ENGINE_VERSION, engineVersion)
                .set(ANALYSIS.CONFIG_SHA256, configSha256)
                .set(ANALYSIS.ENDPOINTS, a.endpoints())
                .set(ANALYSIS.ENDPOINT_GROUPS, a.endpointGroups())
                .set(ANALYSIS.SCORE, a.score())
                .set(ANALYSIS.SCORE_VERSION, a.scoreVersion())
                .set(ANALYSIS.OPEN_HIGH, a.openHigh())
                .set(ANALYSIS.OPEN_MEDIUM, a.openMedium())
                .set(ANALYSIS.OPEN_LOW, a.openLow())
                .set(ANALYSIS.OPEN_INFO, a.openInfo())
                .set(ANALYSIS.EXCEPTED, a.excepted())
                .onConflictDoNothing().returning(ANALYSIS.ID).fetchOne(ANALYSIS.ID);
        if (created == null) {
            return db.select(ANALYSIS.ID).from(ANALYSIS).where(key).fetchSingle(ANALYSIS.ID);
        }
        writeAnalysis(db, created, a);
        return created;
    }

    /**
     * What a re-analysis of a stored snapshot's content produced: the analysis by {@code
     * engineVersion} under the settings {@code settingsJson} (whose SHA-256 is {@code
     * configSha256}), asked for by {@code actor}.
     */
    public record Reanalysis(String engineVersion, String configSha256, String settingsJson,
            StoredAnalysis analysis, String actor, Instant requestedAt) {}

    /** A recorded re-analysis: the new analysis beside the snapshot's own, with its summary. */
    public record StoredReanalysis(long id, long snapshotId, long analysisId, Instant requestedAt, String actor,
            String engineVersion, String settingsSha256, boolean settingsKnown, StoredSnapshot.Summary summary) {}

    /** The outcome of {@link #saveReanalysis}: the recorded re-analysis, new or recorded before. */
    public record ReanalysisRecorded(StoredReanalysis reanalysis, boolean created) {}

    /** Thrown when a re-analysis would give the snapshot's own analysis: same content, engine and settings. */
    public static final class SameAsOwnAnalysis extends RuntimeException {
        public SameAsOwnAnalysis(String message) {
            super(message);
        }
    }

    /**
     * The key of the re-analysis that {@code engineVersion} under {@code configSha256} would give
     * for this complete snapshot: its analysis, when stored already (no need to compute it).
     */
    public Optional<Long> existingAnalysis(long snapshotId, String engineVersion, String configSha256) {
        return dsl.select(ANALYSIS.as("other").ID).from(SNAPSHOT)
                .join(ANALYSIS).on(ANALYSIS.ID.eq(SNAPSHOT.ANALYSIS_ID))
                .join(ANALYSIS.as("other")).on(ANALYSIS.as("other").INPUT_SHA256.eq(ANALYSIS.INPUT_SHA256)
                        .and(ANALYSIS.as("other").ENGINE_VERSION.eq(engineVersion))
                        .and(ANALYSIS.as("other").CONFIG_SHA256.eq(configSha256)))
                .where(SNAPSHOT.ID.eq(snapshotId)).fetchOptional(ANALYSIS.as("other").ID);
    }

    /**
     * Records a re-analysis of a complete snapshot's content, in one transaction: the analysis
     * (written when no analysis of the same content, engine and settings is stored yet) and the
     * re-analysis row linking it to the snapshot. The snapshot keeps its own analysis: nothing
     * about it changes. Asking again for what was recorded before answers with that record.
     *
     * @throws SameAsOwnAnalysis when the analysis is the snapshot's own
     * @throws IllegalArgumentException when the snapshot is not a complete one
     */
    public ReanalysisRecorded saveReanalysis(long snapshotId, Reanalysis r) {
        return dsl.transactionResult(tx -> {
            DSLContext db = tx.dsl();
            db.execute("SELECT pg_advisory_xact_lock_shared(hashtext({0}))", DSL.val(CONTENT_LOCK));
            Record own = db.select(ANALYSIS.ID, ANALYSIS.OBJECT_SET_ID, ANALYSIS.INPUT_SHA256).from(SNAPSHOT)
                    .join(ANALYSIS).on(ANALYSIS.ID.eq(SNAPSHOT.ANALYSIS_ID))
                    .where(SNAPSHOT.ID.eq(snapshotId)).fetchOne();
            if (own == null) {
                throw new IllegalArgumentException("snapshot " + snapshotId + " is not a complete snapshot");
            }
            long analysisId = analysis(db, own.get(ANALYSIS.OBJECT_SET_ID), own.get(ANALYSIS.INPUT_SHA256),
                    r.engineVersion(), r.configSha256(), r.settingsJson(), r.analysis());
            if (analysisId == own.get(ANALYSIS.ID)) {
                throw new SameAsOwnAnalysis("the snapshot's own analysis was computed by engine " + r.engineVersion()
                        + " under these settings already: a re-analysis would give the same result");
            }
            Long created = db.insertInto(REANALYSIS)
                    .set(REANALYSIS.SNAPSHOT_ID, snapshotId)
                    .set(REANALYSIS.ANALYSIS_ID, analysisId)
                    .set(REANALYSIS.REQUESTED_AT, time(r.requestedAt()))
                    .set(REANALYSIS.ACTOR, r.actor())
                    .onConflictDoNothing().returning(REANALYSIS.ID).fetchOne(REANALYSIS.ID);
            StoredReanalysis stored = reanalyses(db, REANALYSIS.SNAPSHOT_ID.eq(snapshotId)
                    .and(REANALYSIS.ANALYSIS_ID.eq(analysisId))).getFirst();
            return new ReanalysisRecorded(stored, created != null);
        });
    }

    /** The re-analyses of a snapshot, oldest first. */
    public List<StoredReanalysis> reanalysesOf(long snapshotId) {
        return reanalyses(dsl, REANALYSIS.SNAPSHOT_ID.eq(snapshotId));
    }

    private static List<StoredReanalysis> reanalyses(DSLContext db, Condition which) {
        return db.select(REANALYSIS.fields()).select(ANALYSIS.fields()).from(REANALYSIS)
                .join(ANALYSIS).on(ANALYSIS.ID.eq(REANALYSIS.ANALYSIS_ID))
                .where(which).orderBy(REANALYSIS.ID)
                .fetch(row -> {
                    AnalysisRecord a = row.into(ANALYSIS);
                    return new StoredReanalysis(row.get(REANALYSIS.ID), row.get(REANALYSIS.SNAPSHOT_ID), a.getId(),
                            row.get(REANALYSIS.REQUESTED_AT).toInstant(), row.get(REANALYSIS.ACTOR),
                            a.getEngineVersion(), a.getConfigSha256(), a.getSettingsId() != null,
                            summary(a));
                });
    }

    /** The settings row of this document (content-addressed: written once). */
    private static long settings(DSLContext db, String sha256, String json) {
        Long created = db.insertInto(ANALYSIS_SETTINGS)
                .set(ANALYSIS_SETTINGS.SHA256, sha256)
                .set(ANALYSIS_SETTINGS.CONTENT, JSONB.jsonb(json))
                .onConflictDoNothing().returning(ANALYSIS_SETTINGS.ID).fetchOne(ANALYSIS_SETTINGS.ID);
        return created != null ? created
                : db.select(ANALYSIS_SETTINGS.ID).from(ANALYSIS_SETTINGS).where(ANALYSIS_SETTINGS.SHA256.eq(sha256))
                        .fetchSingle(ANALYSIS_SETTINGS.ID);
    }

    private static void writeAnalysis(DSLContext db, long analysisId, StoredAnalysis content) {
        copy(db, FINDING, List.of(FINDING.ANALYSIS_ID, FINDING.RULE, FINDING.SEVERITY, FINDING.NAMESPACE,
                        FINDING.SUBJECT, FINDING.POLICY, FINDING.DETAIL, FINDING.STATUS, FINDING.EXCEPTION_INDEX,
                        FINDING.ROUTINE),
                content.findings(), f -> new Object[] {analysisId, f.rule(), f.severity(), f.namespace(), f.subject(),
                        f.policy(), f.detail(), f.status(), f.exceptionIndex(), f.routine()});
        copy(db, NAMESPACE_TENANT, List.of(NAMESPACE_TENANT.ANALYSIS_ID, NAMESPACE_TENANT.NAMESPACE,
                        NAMESPACE_TENANT.TENANT), List.copyOf(content.namespaceTenants().entrySet()),
                e -> new Object[] {analysisId, e.getKey(), e.getValue()});
        copy(db, COVERAGE, List.of(COVERAGE.ANALYSIS_ID, COVERAGE.SCOPE_KIND, COVERAGE.SCOPE,
                        COVERAGE.ENDPOINTS, COVERAGE.INGRESS_ISOLATED, COVERAGE.EGRESS_ISOLATED,
                        COVERAGE.BOTH_ISOLATED, COVERAGE.SCORE), content.coverage(),
                c -> new Object[] {analysisId, c.scopeKind(), c.scope(), c.endpoints(), c.ingressIsolated(),
                        c.egressIsolated(), c.bothIsolated(), c.score()});
        copy(db, TENANT_CELL, List.of(TENANT_CELL.ANALYSIS_ID, TENANT_CELL.FROM_TENANT, TENANT_CELL.TO_TENANT,
                        TENANT_CELL.ENDPOINT_PAIRS, TENANT_CELL.PORTS, TENANT_CELL.EXAMPLE_FROM,
                        TENANT_CELL.EXAMPLE_TO, TENANT_CELL.EXAMPLE_PORTS, TENANT_CELL.EGRESS_POLICIES,
                        TENANT_CELL.INGRESS_POLICIES, TENANT_CELL.EGRESS_UNRESTRICTED,
                        TENANT_CELL.INGRESS_UNRESTRICTED, TENANT_CELL.NAMESPACE_PAIR_COUNT), content.tenantCells(),
                c -> new Object[] {analysisId, c.fromTenant(), c.toTenant(), c.endpointPairs(), c.ports(),
                        c.exampleFrom(), c.exampleTo(), c.examplePorts(), c.egressPolicies().toArray(String[]::new),
                        c.ingressPolicies().toArray(String[]::new), c.egressUnrestricted(), c.ingressUnrestricted(),
                        c.namespacePairCount()});
        copy(db, ENDPOINT_GROUP, List.of(ENDPOINT_GROUP.ANALYSIS_ID, ENDPOINT_GROUP.GROUP_ID,
                        ENDPOINT_GROUP.NAMESPACE, ENDPOINT_GROUP.LABELS, ENDPOINT_GROUP.MEMBERS), content.groups(),
                g -> new Object[] {analysisId, g.groupId(), g.namespace(), jsonb(g.labels()),
                        g.members().toArray(String[]::new)});
        copy(db, GROUP_FLOW, List.of(GROUP_FLOW.ANALYSIS_ID, GROUP_FLOW.TO_GROUP, GROUP_FLOW.PORTS,
                        GROUP_FLOW.FROM_GROUPS), content.flows(),
                f -> new Object[] {analysisId, f.toGroup(), f.ports(), f.fromGroups()});
    }

    private static <R extends Record, T> void copy(DSLContext db, Table<R> table, List<? extends TableField<R, ?>> fields,
            List<T> rows, Function<T, Object[]> values) {
        copy(db, table.getName(), fields.stream().map(Field::getName).toList(), rows, values);
    }

    /**
     * Rows written with COPY (text format) on the transaction's own connection: PostgreSQL's
     * bulk path, many times faster than INSERTs for the hundreds of thousands of rows a large
     * cluster's analysis has, and still inside the transaction. Values: strings, numbers,
     * booleans, {@code JSONB}, {@code String[]} (text arrays), {@code byte[]} (bytea), null.
     */
    private static <T> void copy(DSLContext db, String table, List<String> columns, List<T> rows,
            Function<T, Object[]> values) {
        if (rows.isEmpty()) {
            return;
        }
        String sql = "COPY " + table + " (" + String.join(", ", columns) + ") FROM STDIN";
        db.connection(connection -> {
            CopyIn in = null;
            try {
                in = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
                StringBuilder buffer = new StringBuilder(COPY_BUFFER + 4096);
                for (T row : rows) {
                    Object[] v = values.apply(row);
                    for (int i = 0; i < v.length; i++) {
                        if (i > 0) {
                            buffer.append('\t');
                        }
                        copyField(buffer, v[i]);
                    }
                    buffer.append('\n');
                    if (buffer.length() >= COPY_BUFFER) {
                        send(in, buffer);
                    }
                }
                send(in, buffer);
                in.endCopy();
            } catch (SQLException e) {
                // as jOOQ words its own failures, so the reason names the statement and the error
                throw new DataAccessException("SQL [" + sql + "]; " + e.getMessage(), e);
            } finally {
                if (in != null && in.isActive()) {
                    in.cancelCopy();
                }
            }
        });
    }

    /** Characters of COPY data sent per message. */
    private static final int COPY_BUFFER = 1 << 20;

    private static void send(CopyIn in, StringBuilder buffer) throws SQLException {
        byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
        in.writeToCopy(bytes, 0, bytes.length);
        buffer.setLength(0);
    }

    /** One value in COPY's text format: {@code \N} for null, backslash escapes for the rest. */
    private static void copyField(StringBuilder out, Object value) {
        switch (value) {
            case null -> out.append("\\N");
            case String s -> copyText(out, s);
            case JSONB json -> copyText(out, json.data());
            case String[] array -> copyText(out, arrayLiteral(array));
            case byte[] bytes -> out.append("\\\\x").append(HexFormat.of().formatHex(bytes)); // bytea, \x escaped
            case Boolean b -> out.append(b ? 't' : 'f');
            default -> out.append(value); // numbers
        }
    }

    private static void copyText(StringBuilder out, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
    }

    /** A text[] literal: every element quoted, quotes and backslashes escaped ({@code {"a","b \"c\""}}). */
    private static String arrayLiteral(String[] array) {
        StringBuilder out = new StringBuilder("{");
        for (int i = 0; i < array.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            if (array[i] == null) {
                out.append("NULL");
                continue;
            }
            out.append('"');
            for (int j = 0; j < array[i].length(); j++) {
                char c = array[i].charAt(j);
                if (c == '"' || c == '\\') {
                    out.append('\\');
                }
                out.append(c);
            }
            out.append('"');
        }
        return out.append('}').toString();
    }

    /** Snapshot rows with their cluster's name and their analysis summary (absent for failures). */
    static SelectOnConditionStep<Record> selectSnapshots(DSLContext db) {
        return db.select(SNAPSHOT.fields()).select(CLUSTER.NAME).select(ANALYSIS.fields())
                .from(SNAPSHOT).join(CLUSTER).on(CLUSTER.ID.eq(SNAPSHOT.CLUSTER_ID))
                .leftJoin(ANALYSIS).on(ANALYSIS.ID.eq(SNAPSHOT.ANALYSIS_ID));
    }

    static StoredSnapshot snapshot(Record row) {
        SnapshotRecord r = row.into(SNAPSHOT);
        AnalysisRecord a = row.get(ANALYSIS.ID) == null ? null : row.into(ANALYSIS);
        StoredSnapshot.Summary summary = a == null ? null : summary(a);
        return new StoredSnapshot(r.getId(), row.get(CLUSTER.NAME), r.getStatus(), r.getTrigger(),
                r.getStartedAt().toInstant(), r.getFinishedAt().toInstant(), r.getSource(), r.getClusterUid(),
                versions(r.getListResourceVersions()),
                r.getAbsentResources() == null ? List.of() : List.of(r.getAbsentResources()),
                r.getNamespaceCount(), r.getPodCount(), r.getWorkloadCount(),
                r.getPolicyCount(), r.getEngineVersion(), r.getContentSha256(), r.getFailureReason(), summary);
    }

    /** An analysis row's summary, as a snapshot or a re-analysis shows it. */
    private static StoredSnapshot.Summary summary(AnalysisRecord a) {
        return new StoredSnapshot.Summary(a.getEndpoints(), a.getEndpointGroups(), a.getScore(), a.getOpenHigh(),
                a.getOpenMedium(), a.getOpenLow(), a.getOpenInfo(), a.getExcepted());
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
