package dev.netpolauditor.store;

import static dev.netpolauditor.store.jooq.Tables.REPORT;

import dev.netpolauditor.store.SnapshotQueries.Page;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;

/**
 * Report files kept as evidence, hash-chained per cluster: each report stores the SHA-256 of
 * the cluster's report stored before it. Appending takes a transaction-scoped advisory lock
 * per cluster, so two replicas appending at once still form one chain.
 */
public final class ReportStore {
    private static final String CHAIN_LOCK = "netpol-auditor/report-chain/";
    /** SHA-256 of the stored bytes, computed by PostgreSQL, to check a chain without fetching files. */
    private static final Field<String> CONTENT_SHA256 =
            DSL.field("encode(sha256({0}), 'hex')", String.class, REPORT.CONTENT);

    private final DSLContext dsl;

    public ReportStore(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** A report file to store. */
    public record NewReport(String cluster, List<Long> snapshotIds, String kind, String format, String engineVersion,
            Long subscriptionId, Instant generatedAt, byte[] content, String createdBy) {
        public NewReport {
            Objects.requireNonNull(cluster, "cluster");
            snapshotIds = List.copyOf(snapshotIds);
            Objects.requireNonNull(content, "content");
        }
    }

    /** A stored report's metadata (the file is fetched with {@link #content}). */
    public record StoredReport(long id, String cluster, List<Long> snapshotIds, String kind, String format,
            String engineVersion, Long subscriptionId, Instant generatedAt, String sha256, String previousSha256,
            long size, String createdBy) {
        public StoredReport {
            snapshotIds = List.copyOf(snapshotIds);
        }
    }

    /**
     * Whether a cluster's chain up to one report holds: every report's {@code previousSha256}
     * names its predecessor's hash (the first names none) and every stored file still has the
     * hash recorded for it.
     *
     * @param brokenAt the first report where it does not hold, or null
     */
    public record Chain(boolean intact, int reports, Long brokenAt, String reason) {}

    /** Hex SHA-256 of {@code bytes}. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    }

    /** Appends {@code report} to its cluster's chain. */
    public StoredReport append(NewReport report) {
        return dsl.transactionResult(tx -> append(tx.dsl(), report));
    }

    /**
     * Appends {@code report} within {@code db}'s transaction, whose other writes (the record the report
     * is evidence of) then commit with it or not at all.
     */
    static StoredReport append(DSLContext db, NewReport report) {
        String sha256 = sha256(report.content());
        db.execute("SELECT pg_advisory_xact_lock(hashtext({0}))", DSL.val(CHAIN_LOCK + report.cluster()));
        String previous = db.select(REPORT.SHA256).from(REPORT).where(REPORT.CLUSTER.eq(report.cluster()))
                .orderBy(REPORT.ID.desc()).limit(1).fetchOne(REPORT.SHA256);
        long id = db.insertInto(REPORT)
                .set(REPORT.CLUSTER, report.cluster())
                .set(REPORT.SNAPSHOT_IDS, report.snapshotIds().toArray(Long[]::new))
                .set(REPORT.KIND, report.kind())
                .set(REPORT.FORMAT, report.format())
                .set(REPORT.ENGINE_VERSION, report.engineVersion())
                .set(REPORT.SUBSCRIPTION_ID, report.subscriptionId())
                .set(REPORT.GENERATED_AT, OffsetDateTime.ofInstant(report.generatedAt(), ZoneOffset.UTC))
                .set(REPORT.SHA256, sha256)
                .set(REPORT.PREVIOUS_SHA256, previous)
                .set(REPORT.SIZE, (long) report.content().length)
                .set(REPORT.CONTENT, report.content())
                .set(REPORT.CREATED_BY, report.createdBy())
                .returning(REPORT.ID).fetchOne(REPORT.ID);
        return new StoredReport(id, report.cluster(), report.snapshotIds(), report.kind(), report.format(),
                report.engineVersion(), report.subscriptionId(), report.generatedAt(), sha256, previous,
                report.content().length, report.createdBy());
    }

    /** Stored reports, newest first; of one cluster when {@code cluster} is not null. */
    public Page<StoredReport> list(String cluster, int limit, int offset) {
        Condition where = cluster == null ? DSL.noCondition() : REPORT.CLUSTER.eq(cluster);
        int total = dsl.fetchCount(REPORT, where);
        List<StoredReport> items = dsl.select(metadata()).from(REPORT).where(where).orderBy(REPORT.ID.desc())
                .limit(limit).offset(offset).fetch(ReportStore::report);
        return new Page<>(items, total, limit, offset);
    }

    public Optional<StoredReport> report(long id) {
        return dsl.select(metadata()).from(REPORT).where(REPORT.ID.eq(id)).fetchOptional(ReportStore::report);
    }

    /** The stored file. */
    public Optional<byte[]> content(long id) {
        return dsl.select(REPORT.CONTENT).from(REPORT).where(REPORT.ID.eq(id)).fetchOptional(REPORT.CONTENT);
    }

    /** The stored reports whose file has this hash, oldest first (equal files are possible). */
    public List<StoredReport> bySha256(String sha256) {
        return dsl.select(metadata()).from(REPORT).where(REPORT.SHA256.eq(sha256)).orderBy(REPORT.ID)
                .fetch(ReportStore::report);
    }

    /** The latest report made for a subscription (by id: the chain's order), if any. */
    public Optional<StoredReport> latestOfSubscription(long subscriptionId) {
        return dsl.select(metadata()).from(REPORT).where(REPORT.SUBSCRIPTION_ID.eq(subscriptionId))
                .orderBy(REPORT.ID.desc()).limit(1).fetchOptional(ReportStore::report);
    }

    /** Checks {@code cluster}'s chain from its first report up to report {@code upTo}. */
    public Chain chain(String cluster, long upTo) {
        List<Record> links = new ArrayList<>(dsl.select(REPORT.ID, REPORT.SHA256, REPORT.PREVIOUS_SHA256,
                        CONTENT_SHA256).from(REPORT)
                .where(REPORT.CLUSTER.eq(cluster)).and(REPORT.ID.le(upTo)).orderBy(REPORT.ID).fetch());
        String previous = null;
        for (Record link : links) {
            long id = link.get(REPORT.ID);
            if (!Objects.equals(previous, link.get(REPORT.PREVIOUS_SHA256))) {
                return new Chain(false, links.size(), id, "report " + id + " names previous hash "
                        + link.get(REPORT.PREVIOUS_SHA256) + " but the report before it has " + previous);
            }
            if (!link.get(REPORT.SHA256).equals(link.get(CONTENT_SHA256))) {
                return new Chain(false, links.size(), id, "report " + id + "'s stored file no longer has its"
                        + " recorded hash");
            }
            previous = link.get(REPORT.SHA256);
        }
        return new Chain(true, links.size(), null, null);
    }

    private static List<Field<?>> metadata() {
        return List.of(REPORT.ID, REPORT.CLUSTER, REPORT.SNAPSHOT_IDS, REPORT.KIND, REPORT.FORMAT,
                REPORT.ENGINE_VERSION, REPORT.SUBSCRIPTION_ID, REPORT.GENERATED_AT, REPORT.SHA256,
                REPORT.PREVIOUS_SHA256, REPORT.SIZE, REPORT.CREATED_BY);
    }

    private static StoredReport report(Record r) {
        return new StoredReport(r.get(REPORT.ID), r.get(REPORT.CLUSTER), Arrays.asList(r.get(REPORT.SNAPSHOT_IDS)),
                r.get(REPORT.KIND), r.get(REPORT.FORMAT), r.get(REPORT.ENGINE_VERSION), r.get(REPORT.SUBSCRIPTION_ID),
                r.get(REPORT.GENERATED_AT).toInstant(), r.get(REPORT.SHA256), r.get(REPORT.PREVIOUS_SHA256),
                r.get(REPORT.SIZE), r.get(REPORT.CREATED_BY));
    }
}
