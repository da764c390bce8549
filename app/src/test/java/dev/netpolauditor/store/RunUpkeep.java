package dev.netpolauditor.store;

import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * For bench/history: what keeping the finding runs adds to storing one more snapshot of a
 * cluster ({@link FindingRuns#snapshotStored}, as {@link SnapshotStore#saveSnapshot} calls it),
 * timed in a transaction that is then rolled back, so it can be repeated on the same year.
 */
public final class RunUpkeep {
    private RunUpkeep() {}

    /**
     * Milliseconds to update the runs for a snapshot one day after the cluster's latest: with
     * the latest one's analysis ({@code changed} false: an unchanged cluster), or with the
     * analysis of the snapshot before it (a changed one, when those differ).
     */
    public static double millis(DSLContext dsl, String cluster, boolean changed) {
        return dsl.connectionResult(c -> {
            c.setAutoCommit(false);
            try {
                DSLContext db = DSL.using(c, SQLDialect.POSTGRES);
                Record latest = db.fetchSingle("""
                        SELECT s.id, s.cluster_id, s.analysis_id,
                               (SELECT p.analysis_id FROM snapshot p
                                WHERE p.cluster_id = s.cluster_id AND p.status = 'complete' AND p.id <> s.id
                                ORDER BY p.started_at DESC, p.id DESC LIMIT 1)
                        FROM snapshot s JOIN cluster k ON k.id = s.cluster_id
                        WHERE k.name = ? AND s.status = 'complete'
                        ORDER BY s.started_at DESC, s.id DESC LIMIT 1""", cluster);
                long analysis = latest.get(changed ? 3 : 2, Long.class);
                long snapshot = db.fetchSingle("""
                        INSERT INTO snapshot (cluster_id, status, trigger, started_at, finished_at, source, cluster_uid,
                            namespace_count, pod_count, workload_count, policy_count, engine_version, content_sha256,
                            object_set_id, analysis_id)
                        SELECT cluster_id, status, trigger, started_at + interval '1 day', finished_at + interval '1 day',
                            source, cluster_uid, namespace_count, pod_count, workload_count, policy_count,
                            engine_version, content_sha256, object_set_id, ?
                        FROM snapshot WHERE id = ? RETURNING id""", analysis, latest.get(0, Long.class))
                        .get(0, Long.class);
                long start = System.nanoTime();
                FindingRuns.snapshotStored(db, latest.get(1, Long.class), snapshot);
                return (System.nanoTime() - start) / 1e6;
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        });
    }
}
