package dev.netpolauditor.store;

import static dev.netpolauditor.store.jooq.Tables.ANALYSIS;
import static dev.netpolauditor.store.jooq.Tables.CLUSTER;
import static dev.netpolauditor.store.jooq.Tables.COVERAGE;
import static dev.netpolauditor.store.jooq.Tables.FINDING;
import static dev.netpolauditor.store.jooq.Tables.SNAPSHOT;

import dev.netpolauditor.store.jooq.tables.Finding;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * The figures the service exports as metrics, per cluster, from its latest complete snapshot:
 * open findings by rule and severity, the score, isolation coverage, and the open findings that
 * the snapshot before it did not have. One small read per cluster, no analysis recomputed.
 */
public final class MetricsQueries {
    private static final String EXCEPTED = "excepted";

    private final DSLContext dsl;

    public MetricsQueries(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Open (not excepted) findings of one rule and severity. */
    public record RuleCount(String rule, String severity, long open) {}

    /**
     * A cluster's latest complete snapshot in figures. {@code newBySeverity}: open findings whose
     * identity the complete snapshot before did not have (all of them for a first snapshot).
     */
    public record ClusterFigures(String cluster, long snapshotId, Instant finishedAt, int score, long endpoints,
            long ingressIsolated, long egressIsolated, long bothIsolated, List<RuleCount> open,
            Map<String, Long> newBySeverity) {}

    /** Every cluster that has a complete snapshot, by name. */
    public List<ClusterFigures> latest() {
        var ranked = DSL.select(SNAPSHOT.ID, SNAPSHOT.CLUSTER_ID, SNAPSHOT.ANALYSIS_ID, SNAPSHOT.FINISHED_AT,
                        DSL.rowNumber().over(DSL.partitionBy(SNAPSHOT.CLUSTER_ID)
                                .orderBy(SNAPSHOT.STARTED_AT.desc(), SNAPSHOT.ID.desc())).as("rank"))
                .from(SNAPSHOT)
                .where(SNAPSHOT.STATUS.eq(StoredSnapshot.COMPLETE))
                .asTable("ranked");
        var rank = ranked.field("rank", Integer.class);
        var clusterId = ranked.field(SNAPSHOT.CLUSTER_ID);
        Map<Long, Long> previousAnalysis = new LinkedHashMap<>();
        dsl.select(clusterId, ranked.field(SNAPSHOT.ANALYSIS_ID)).from(ranked).where(rank.eq(2))
                .forEach(r -> previousAnalysis.put(r.value1(), r.value2()));
        List<ClusterFigures> out = new ArrayList<>();
        dsl.select(CLUSTER.NAME, clusterId, ranked.field(SNAPSHOT.ID), ranked.field(SNAPSHOT.ANALYSIS_ID),
                        ranked.field(SNAPSHOT.FINISHED_AT), ANALYSIS.SCORE, ANALYSIS.ENDPOINTS)
                .from(ranked)
                .join(CLUSTER).on(CLUSTER.ID.eq(clusterId))
                .join(ANALYSIS).on(ANALYSIS.ID.eq(ranked.field(SNAPSHOT.ANALYSIS_ID)))
                .where(rank.eq(1))
                .orderBy(CLUSTER.NAME)
                .forEach(r -> {
                    long analysis = r.value4();
                    var coverage = dsl.selectFrom(COVERAGE)
                            .where(COVERAGE.ANALYSIS_ID.eq(analysis).and(COVERAGE.SCOPE_KIND.eq("cluster")))
                            .fetchOptional();
                    out.add(new ClusterFigures(r.value1(), r.value3(), r.value5().toInstant(), r.value6(),
                            r.value7(),
                            coverage.map(c -> c.getIngressIsolated()).orElse(0L),
                            coverage.map(c -> c.getEgressIsolated()).orElse(0L),
                            coverage.map(c -> c.getBothIsolated()).orElse(0L),
                            open(analysis), brought(analysis, previousAnalysis.get(r.value2()))));
                });
        return out;
    }

    private List<RuleCount> open(long analysis) {
        return dsl.select(FINDING.RULE, FINDING.SEVERITY, DSL.count())
                .from(FINDING)
                .where(FINDING.ANALYSIS_ID.eq(analysis).and(FINDING.STATUS.ne(EXCEPTED)))
                .groupBy(FINDING.RULE, FINDING.SEVERITY)
                .orderBy(FINDING.RULE, FINDING.SEVERITY)
                .fetch(r -> new RuleCount(r.value1(), r.value2(), r.value3()));
    }

    /** Open findings of {@code analysis} whose identity {@code previous} lacks, by severity. */
    private Map<String, Long> brought(long analysis, Long previous) {
        Map<String, Long> out = new LinkedHashMap<>();
        if (previous != null && previous == analysis) {
            return out; // the same analysis: nothing new
        }
        Finding before = FINDING.as("before");
        var condition = FINDING.ANALYSIS_ID.eq(analysis).and(FINDING.STATUS.ne(EXCEPTED));
        if (previous != null) {
            condition = condition.andNotExists(DSL.selectOne().from(before)
                    .where(before.ANALYSIS_ID.eq(previous))
                    .and(before.RULE.eq(FINDING.RULE))
                    .and(before.NAMESPACE.isNotDistinctFrom(FINDING.NAMESPACE))
                    .and(before.SUBJECT.eq(FINDING.SUBJECT))
                    .and(before.POLICY.isNotDistinctFrom(FINDING.POLICY)));
        }
        dsl.select(FINDING.SEVERITY, DSL.count()).from(FINDING).where(condition).groupBy(FINDING.SEVERITY)
                .forEach(r -> out.put(r.value1(), r.value2().longValue()));
        return out;
    }
}
