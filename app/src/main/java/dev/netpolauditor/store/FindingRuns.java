package dev.netpolauditor.store;

import java.time.OffsetDateTime;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;

/**
 * Keeps {@code finding_run} (V17) right as complete snapshots come and go: per finding identity
 * of a cluster, the maximal stretches of consecutive complete snapshots (in {@code (started_at,
 * id)} order) in which it is present, not excepted, with one severity. A run present in the
 * cluster's latest complete snapshot is open-ended ({@code last_snapshot_id} null), so a
 * re-snapshot sharing the previous snapshot's analysis changes no row. Every method runs in the
 * caller's transaction, set-based; nothing here loops over findings in Java.
 *
 * <p>Which path a change takes:
 * <ul>
 *   <li>a snapshot after every other complete one of its cluster (the usual case): {@link
 *       #snapshotStored} ends the open runs of identities absent from the new analysis (or
 *       present with another severity) at the previous snapshot, and opens runs for the new
 *       ones; nothing at all when the analysis is the previous snapshot's;
 *   <li>a snapshot stored before a later one (out of time order: rare): the cluster's runs are
 *       rebuilt from its findings ({@link #rebuild});
 *   <li>snapshots deleted by retention: the runs are recomputed from the runs themselves
 *       ({@link #beforeDeleting}): trimmed to the snapshots that stay, then runs that the
 *       deleted snapshots separated are joined again. No finding is read.
 * </ul>
 */
public final class FindingRuns {
    private FindingRuns() {}

    /**
     * After the complete snapshot {@code snapshotId} of cluster {@code clusterId} was inserted in
     * this transaction. Locks the cluster's row so that two snapshots of one cluster stored at
     * once update its runs one after the other (the second then sees the first as previous).
     */
    static void snapshotStored(DSLContext db, long clusterId, long snapshotId) {
        db.execute("SELECT 1 FROM cluster WHERE id = ? FOR UPDATE", clusterId);
        Record r = db.fetchSingle("""
                SELECT s.analysis_id, s.started_at, p.id, p.started_at, p.analysis_id,
                       EXISTS (SELECT 1 FROM snapshot l WHERE l.cluster_id = s.cluster_id AND l.status = 'complete'
                                 AND (l.started_at, l.id) > (s.started_at, s.id)) AS later
                FROM snapshot s
                LEFT JOIN LATERAL (SELECT p.id, p.started_at, p.analysis_id FROM snapshot p
                                   WHERE p.cluster_id = s.cluster_id AND p.status = 'complete'
                                     AND (p.started_at, p.id) < (s.started_at, s.id)
                                   ORDER BY p.started_at DESC, p.id DESC LIMIT 1) p ON true
                WHERE s.id = ?""", snapshotId);
        long analysisId = r.get(0, Long.class);
        Long previous = r.get(2, Long.class);
        if (r.get(5, Boolean.class)) {
            rebuild(db, clusterId);
        } else if (previous == null || analysisId != r.get(4, Long.class)) {
            extend(db, clusterId, snapshotId, r.get(1, OffsetDateTime.class), analysisId, previous,
                    r.get(3, OffsetDateTime.class), r.get(4, Long.class));
        }
        // else: the analysis of the previous snapshot, so the open runs go on as they are
    }

    /**
     * The latest snapshot has another analysis than the previous one (or is the first). What
     * changes is what differs between the two analyses' present (not excepted) findings, so they
     * are compared once, by identity key, into a table of this transaction: an identity present
     * only now, or now with another severity, opens a run (continuing when it was present before);
     * one present before, but not now or not with that severity, ends its open run at the
     * previous snapshot. The open runs are the previous snapshot's present findings, so nothing
     * else changes; a re-snapshot where one policy changed touches a few rows, not every
     * identity. New identities get ids first. The cluster's first snapshot has nothing to
     * compare with: its present findings are read as they are.
     */
    private static void extend(DSLContext db, long clusterId, long snapshotId, OffsetDateTime at, long analysisId,
            Long previous, OffsetDateTime previousAt, Long previousAnalysisId) {
        // The joins below hash every finding of an analysis: in memory rather than in batches on disk.
        db.execute("SET LOCAL work_mem = '128MB'");
        String change;
        if (previous == null) {
            // the cluster's first complete snapshot: every present finding opens a run, nothing to compare
            change = """
                    (SELECT finding_identity_key(rule, namespace, subject, policy) AS key, rule, namespace, subject,
                            policy, severity, NULL::text AS severity_before
                     FROM finding WHERE analysis_id = %d AND status <> 'excepted')""".formatted(analysisId);
        } else {
            db.execute("""
                    CREATE TEMPORARY TABLE finding_change ON COMMIT DROP AS
                    SELECT coalesce(n.key, b.key) AS key, n.rule, n.namespace, n.subject, n.policy, n.severity,
                           b.severity AS severity_before
                    FROM (SELECT finding_identity_key(rule, namespace, subject, policy) AS key, rule, namespace,
                                 subject, policy, severity
                          FROM finding WHERE analysis_id = {0} AND status <> 'excepted') n
                    FULL JOIN (SELECT finding_identity_key(rule, namespace, subject, policy) AS key, severity
                               FROM finding WHERE analysis_id = {1} AND status <> 'excepted') b ON b.key = n.key
                    WHERE n.severity IS DISTINCT FROM b.severity""", DSL.val(analysisId), DSL.val(previousAnalysisId));
            db.execute("ANALYZE finding_change");
            change = "finding_change";
        }
        db.execute("""
                INSERT INTO finding_identity (cluster_id, rule, namespace, subject, policy)
                SELECT {0}, rule, namespace, subject, policy FROM %s c
                WHERE severity IS NOT NULL AND severity_before IS NULL
                ON CONFLICT DO NOTHING""".formatted(change), DSL.val(clusterId));
        if (previous != null) {
            db.execute("""
                    UPDATE finding_run r SET last_snapshot_id = {1}, last_started_at = {2}
                    FROM finding_change c JOIN finding_identity i ON i.cluster_id = {0} AND i.key = c.key
                    WHERE c.severity_before IS NOT NULL AND r.identity_id = i.id AND r.last_snapshot_id IS NULL""",
                    DSL.val(clusterId), DSL.val(previous), DSL.val(previousAt));
        }
        db.execute("""
                INSERT INTO finding_run (identity_id, cluster_id, first_snapshot_id, first_started_at, severity,
                                         continues)
                SELECT i.id, {0}, {1}, {2}, c.severity, c.severity_before IS NOT NULL
                FROM %s c JOIN finding_identity i ON i.cluster_id = {0} AND i.key = c.key
                WHERE c.severity IS NOT NULL""".formatted(change),
                DSL.val(clusterId), DSL.val(snapshotId), DSL.val(at));
        if (previous != null) {
            db.execute("DROP TABLE finding_change");
        }
    }

    /**
     * The runs of one cluster, rebuilt from its complete snapshots' findings (as V17 fills them
     * for every cluster): the stretches of consecutive snapshots sharing an analysis, the
     * identities present in each, then per identity the adjacent stretches of one severity joined.
     * Reads every finding of the cluster's distinct analyses: for snapshots stored out of time
     * order, which the scheduler does not do (and for histories loaded in bulk, as
     * bench/history's).
     */
    public static void rebuild(DSLContext db, long clusterId) {
        db.execute("DELETE FROM finding_run WHERE cluster_id = ?", clusterId);
        db.execute("""
                INSERT INTO finding_identity (cluster_id, rule, namespace, subject, policy)
                SELECT DISTINCT {0}, f.rule, f.namespace, f.subject, f.policy
                FROM finding f
                WHERE f.analysis_id IN (SELECT analysis_id FROM snapshot WHERE cluster_id = {0} AND status = 'complete')
                  AND f.status <> 'excepted'
                ON CONFLICT DO NOTHING""", DSL.val(clusterId));
        db.execute("""
                WITH snaps AS (
                    SELECT id, started_at, analysis_id, row_number() OVER (ORDER BY started_at, id) AS n,
                           count(*) OVER () AS total
                    FROM snapshot WHERE cluster_id = {0} AND status = 'complete'
                ),
                analysis_runs AS (
                    SELECT analysis_id, min(n) AS first_n, max(n) AS last_n
                    FROM (SELECT analysis_id, n, n - row_number() OVER (PARTITION BY analysis_id ORDER BY n) AS island
                          FROM snaps) s
                    GROUP BY analysis_id, island
                ),
                present AS (
                    SELECT i.id AS identity_id, r.first_n, r.last_n, f.severity
                    FROM analysis_runs r
                    JOIN finding f ON f.analysis_id = r.analysis_id AND f.status <> 'excepted'
                    JOIN finding_identity i ON i.cluster_id = {0}
                                           AND i.key = finding_identity_key(f.rule, f.namespace, f.subject, f.policy)
                ),
                %s
                INSERT INTO finding_run (identity_id, cluster_id, first_snapshot_id, first_started_at, last_snapshot_id,
                                         last_started_at, severity, continues)
                SELECT r.identity_id, {0}, fs.id, fs.started_at,
                       CASE WHEN r.last_n < fs.total THEN ls.id END, CASE WHEN r.last_n < fs.total THEN ls.started_at END,
                       r.severity, r.continues
                FROM runs r JOIN snaps fs ON fs.n = r.first_n JOIN snaps ls ON ls.n = r.last_n
                """.formatted(JOIN_ADJACENT.formatted("present")), DSL.val(clusterId));
        deleteUnused(db, clusterId);
    }

    /**
     * CTEs {@code marked}, {@code numbered}, {@code runs}: from stretches {@code (identity_id,
     * first_n, last_n, severity)} of the relation named by %s (consecutive numbers n, an
     * identity's stretches disjoint), the runs: adjacent stretches of one severity joined; a run
     * continues when it starts right after a stretch of another severity. A null last_n (open to
     * the end) stays null.
     */
    private static final String JOIN_ADJACENT = """
            marked AS (
                SELECT identity_id, first_n, last_n, severity,
                       lag(last_n) OVER w = first_n - 1 AS adjacent,
                       lag(last_n) OVER w = first_n - 1 AND lag(severity) OVER w = severity AS same
                FROM %s
                WINDOW w AS (PARTITION BY identity_id ORDER BY first_n)
            ),
            numbered AS (
                SELECT *, count(*) FILTER (WHERE same IS NOT TRUE) OVER (PARTITION BY identity_id ORDER BY first_n) AS run
                FROM marked
            ),
            runs AS (
                SELECT identity_id, min(first_n) AS first_n,
                       CASE WHEN bool_or(last_n IS NULL) THEN NULL ELSE max(last_n) END AS last_n,
                       min(severity) AS severity, bool_or(same IS NOT TRUE AND adjacent IS TRUE) AS continues
                FROM numbered GROUP BY identity_id, run
            )
            """;

    /**
     * Before the snapshots listed in the temporary table {@code retention_doomed (id)} are
     * deleted: the runs of every cluster that loses a complete snapshot, recomputed from the
     * runs. The cluster's complete snapshots that stay are numbered k = 1..K; each run is trimmed
     * to them (first: the first one kept at or after its first snapshot; last: the last one kept
     * at or before its last; gone when none is kept in between), and then runs that only deleted
     * snapshots separated are adjacent: joined when of one severity, else the later continues.
     * The latest complete snapshot is never deleted, so an open run stays open.
     */
    static void beforeDeleting(DSLContext db) {
        db.execute("""
                CREATE TEMPORARY TABLE retention_runs ON COMMIT DROP AS
                WITH affected AS (
                    SELECT DISTINCT s.cluster_id FROM snapshot s JOIN retention_doomed d ON d.id = s.id
                    WHERE s.status = 'complete'
                ),
                position AS (
                    SELECT s.id, s.cluster_id, s.started_at, d.id IS NULL AS kept,
                           count(*) FILTER (WHERE d.id IS NULL)
                               OVER (PARTITION BY s.cluster_id ORDER BY s.started_at, s.id) AS kept_before
                    FROM snapshot s LEFT JOIN retention_doomed d ON d.id = s.id
                    WHERE s.status = 'complete' AND s.cluster_id IN (SELECT cluster_id FROM affected)
                ),
                trimmed AS (
                    SELECT r.identity_id, r.cluster_id, r.severity,
                           f.kept_before + CASE WHEN f.kept THEN 0 ELSE 1 END AS first_n,
                           l.kept_before AS last_n
                    FROM finding_run r
                    JOIN position f ON f.id = r.first_snapshot_id
                    LEFT JOIN position l ON l.id = r.last_snapshot_id
                    WHERE r.cluster_id IN (SELECT cluster_id FROM affected)
                ),
                alive AS (SELECT * FROM trimmed WHERE last_n IS NULL OR first_n <= last_n),
                %s
                SELECT r.identity_id, i.cluster_id, fs.id AS first_snapshot_id, fs.started_at AS first_started_at,
                       ls.id AS last_snapshot_id, ls.started_at AS last_started_at, r.severity, r.continues
                FROM runs r
                JOIN finding_identity i ON i.id = r.identity_id
                JOIN position fs ON fs.cluster_id = i.cluster_id AND fs.kept AND fs.kept_before = r.first_n
                LEFT JOIN position ls ON ls.cluster_id = i.cluster_id AND ls.kept AND ls.kept_before = r.last_n
                """.formatted(JOIN_ADJACENT.formatted("alive")));
        db.execute("""
                DELETE FROM finding_run WHERE cluster_id IN (
                    SELECT DISTINCT s.cluster_id FROM snapshot s JOIN retention_doomed d ON d.id = s.id
                    WHERE s.status = 'complete')""");
        db.execute("""
                INSERT INTO finding_run (identity_id, cluster_id, first_snapshot_id, first_started_at, last_snapshot_id,
                                         last_started_at, severity, continues)
                SELECT identity_id, cluster_id, first_snapshot_id, first_started_at, last_snapshot_id, last_started_at,
                       severity, continues
                FROM retention_runs""");
        db.execute("""
                DELETE FROM finding_identity i
                WHERE i.cluster_id IN (SELECT DISTINCT s.cluster_id FROM snapshot s JOIN retention_doomed d ON d.id = s.id)
                  AND NOT EXISTS (SELECT 1 FROM finding_run r WHERE r.identity_id = i.id)""");
        db.execute("DROP TABLE retention_runs");
    }

    /** Identities of the cluster no run refers to any more (their snapshots are gone). */
    private static void deleteUnused(DSLContext db, long clusterId) {
        db.execute("""
                DELETE FROM finding_identity i
                WHERE i.cluster_id = ? AND NOT EXISTS (SELECT 1 FROM finding_run r WHERE r.identity_id = i.id)""",
                clusterId);
    }
}
