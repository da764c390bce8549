package dev.netpolauditor.store;

import static dev.netpolauditor.store.jooq.Tables.ANALYSIS;
import static dev.netpolauditor.store.jooq.Tables.ANALYSIS_SETTINGS;
import static dev.netpolauditor.store.jooq.Tables.OBJECT_SET;
import static dev.netpolauditor.store.jooq.Tables.OBJECT_SET_MEMBER;
import static dev.netpolauditor.store.jooq.Tables.OBJECT_VERSION;
import static dev.netpolauditor.store.jooq.Tables.REANALYSIS;
import static dev.netpolauditor.store.jooq.Tables.SNAPSHOT;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;

/**
 * Thins out history: every attempt is kept for {@code keepAll}; then, up to {@code keepDaily},
 * the last complete snapshot of each UTC day; nothing older — except that the latest complete
 * snapshot of a cluster is always kept. Contents no snapshot refers to any more (analyses,
 * object sets, object versions) are deleted with them; contents still referenced stay. The
 * finding runs of the clusters that lose complete snapshots are recomputed without them.
 *
 * <p>Runs in one transaction holding {@link SnapshotStore#CONTENT_LOCK} exclusively, while
 * snapshot writes hold it shared: a write never links to a content this deletes.
 */
public final class Retention {

    /** How long to keep what; {@code keepDaily} counts from now, like {@code keepAll}, and is the longer. */
    public record Policy(Duration keepAll, Duration keepDaily) {
        public Policy {
            if (keepAll.isNegative() || keepDaily.compareTo(keepAll) < 0) {
                throw new IllegalArgumentException("retention: keep-all (" + keepAll + ") must be >= 0 and"
                        + " keep-daily (" + keepDaily + ") at least as long");
            }
        }
    }

    /** What one pass deleted. */
    public record Result(int snapshots, int analyses, int objectSets, int objectVersions) {}

    private final DSLContext dsl;

    public Retention(DSLContext dsl) {
        this.dsl = dsl;
    }

    public Result apply(Policy policy, Instant now) {
        OffsetDateTime allSince = now.minus(policy.keepAll()).atOffset(ZoneOffset.UTC);
        OffsetDateTime dailySince = now.minus(policy.keepDaily()).atOffset(ZoneOffset.UTC);
        return dsl.transactionResult(tx -> {
            DSLContext db = tx.dsl();
            db.execute("SELECT pg_advisory_xact_lock(hashtext({0}))", DSL.val(SnapshotStore.CONTENT_LOCK));
            var s = SNAPSHOT.as("s");
            Field<Object> day = DSL.field("date_trunc('day', {0} AT TIME ZONE 'UTC')", s.STARTED_AT);
            // the last complete snapshot of each cluster and UTC day, and of each cluster overall
            var dailyKeep = DSL.selectDistinct(DSL.field("first_value({0}) OVER (PARTITION BY {1}, {2} ORDER BY {3} DESC, {0} DESC)",
                            Long.class, s.ID, s.CLUSTER_ID, day, s.STARTED_AT))
                    .from(s).where(s.STATUS.eq(StoredSnapshot.COMPLETE)).and(s.STARTED_AT.ge(dailySince));
            var latestKeep = DSL.selectDistinct(DSL.field("first_value({0}) OVER (PARTITION BY {1} ORDER BY {2} DESC, {0} DESC)",
                            Long.class, s.ID, s.CLUSTER_ID, s.STARTED_AT))
                    .from(s).where(s.STATUS.eq(StoredSnapshot.COMPLETE));
            // the snapshots to delete, listed first: the finding runs are recomputed without them
            // (FindingRuns.beforeDeleting), then they go
            db.execute("CREATE TEMPORARY TABLE retention_doomed (id bigint PRIMARY KEY) ON COMMIT DROP");
            int snapshots = db.insertInto(DSL.table("retention_doomed"), DSL.field("id", Long.class))
                    .select(DSL.select(SNAPSHOT.ID).from(SNAPSHOT)
                            .where(SNAPSHOT.STARTED_AT.lt(allSince))
                            .and(SNAPSHOT.ID.notIn(dailyKeep))
                            .and(SNAPSHOT.ID.notIn(latestKeep)))
                    .execute();
            if (snapshots > 0) {
                FindingRuns.beforeDeleting(db);
                db.deleteFrom(SNAPSHOT)
                        .where(SNAPSHOT.ID.in(DSL.select(DSL.field("id", Long.class)).from("retention_doomed")))
                        .execute();
            }
            db.execute("DROP TABLE retention_doomed");
            int analyses = db.deleteFrom(ANALYSIS)
                    .where(DSL.notExists(DSL.selectOne().from(SNAPSHOT).where(SNAPSHOT.ANALYSIS_ID.eq(ANALYSIS.ID))))
                    .and(DSL.notExists(DSL.selectOne().from(REANALYSIS).where(REANALYSIS.ANALYSIS_ID.eq(ANALYSIS.ID))))
                    .execute();
            db.deleteFrom(ANALYSIS_SETTINGS)
                    .where(DSL.notExists(DSL.selectOne().from(ANALYSIS)
                            .where(ANALYSIS.SETTINGS_ID.eq(ANALYSIS_SETTINGS.ID))))
                    .execute();
            int sets = db.deleteFrom(OBJECT_SET)
                    .where(DSL.notExists(DSL.selectOne().from(SNAPSHOT).where(SNAPSHOT.OBJECT_SET_ID.eq(OBJECT_SET.ID))))
                    .and(DSL.notExists(DSL.selectOne().from(ANALYSIS).where(ANALYSIS.OBJECT_SET_ID.eq(OBJECT_SET.ID))))
                    .execute();
            int versions = db.deleteFrom(OBJECT_VERSION)
                    .where(DSL.notExists(DSL.selectOne().from(OBJECT_SET_MEMBER)
                            .where(OBJECT_SET_MEMBER.OBJECT_VERSION_ID.eq(OBJECT_VERSION.ID))))
                    .execute();
            return new Result(snapshots, analyses, sets, versions);
        });
    }
}
