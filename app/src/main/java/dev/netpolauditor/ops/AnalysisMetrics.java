package dev.netpolauditor.ops;

import com.github.kagkarlsson.scheduler.task.schedule.CronSchedule;
import dev.netpolauditor.analysis.FindingRule;
import dev.netpolauditor.analysis.FindingRules;
import dev.netpolauditor.analysis.Severity;
import dev.netpolauditor.service.ClusterSpec;
import dev.netpolauditor.service.SnapshotService;
import dev.netpolauditor.store.Database;
import dev.netpolauditor.store.MetricsQueries;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the snapshots found, as metrics people alert on, per cluster from its latest complete
 * snapshot in the database (so every replica exports the same figures, whichever took it):
 *
 * <ul>
 *   <li>{@code netpol_auditor_findings{cluster,severity,rule}}: open (not excepted) findings, a
 *       series for every rule of the catalog (0 when it found nothing);</li>
 *   <li>{@code netpol_auditor_findings_new{cluster,severity}}: open findings the complete snapshot
 *       before did not have;</li>
 *   <li>{@code netpol_auditor_score{cluster}}, {@code netpol_auditor_endpoints{cluster}};</li>
 *   <li>{@code netpol_auditor_isolated_ratio{cluster,direction}}: endpoints isolated for
 *       {@code ingress}, {@code egress} and {@code both}, as a fraction (1 without endpoints);</li>
 *   <li>{@code netpol_auditor_tenant_pairs_open{cluster}}: ordered tenant pairs that reach each
 *       other (open NP-TEN-001 findings);</li>
 *   <li>{@code netpol_auditor_snapshot_latest_complete{cluster}}: when the latest complete snapshot
 *       finished (epoch seconds), and {@code netpol_auditor_snapshot_period_seconds{cluster}}: the
 *       time between two runs of the cluster's schedule, for "no snapshot for two periods".</li>
 * </ul>
 *
 * Refreshed every {@code netpol-auditor.metrics.refresh-interval} (30 s) while the database
 * answers; when it does not, the last figures stay.
 */
@Context
public final class AnalysisMetrics {
    private static final Logger LOG = LoggerFactory.getLogger("netpol-auditor.metrics");

    private final MetricsQueries queries;
    private final SnapshotService snapshots;
    private final DatabaseState database;
    private final Duration interval;
    private final MultiGauge findings;
    private final MultiGauge brought;
    private final MultiGauge score;
    private final MultiGauge endpoints;
    private final MultiGauge isolated;
    private final MultiGauge tenantPairs;
    private final MultiGauge latestComplete;
    private final MultiGauge period;
    private final Thread refresher;
    private volatile boolean stopped;

    AnalysisMetrics(Database db, SnapshotService snapshots, DatabaseState database, MeterRegistry meters,
            @Value("${netpol-auditor.metrics.refresh-interval:30s}") Duration interval) {
        this.queries = new MetricsQueries(db.dsl());
        this.snapshots = snapshots;
        this.database = database;
        this.interval = interval;
        this.findings = MultiGauge.builder("netpol_auditor.findings")
                .description("Open (not excepted) findings of the cluster's latest complete snapshot, by rule")
                .register(meters);
        this.brought = MultiGauge.builder("netpol_auditor.findings_new")
                .description("Open findings of the latest complete snapshot that the complete snapshot before did "
                        + "not have")
                .register(meters);
        this.score = MultiGauge.builder("netpol_auditor.score")
                .description("Score of the latest complete snapshot: round(100 E / (E + 10 H + 4 M + L))")
                .register(meters);
        this.endpoints = MultiGauge.builder("netpol_auditor.endpoints")
                .description("Endpoints (pods and workloads) of the latest complete snapshot")
                .register(meters);
        this.isolated = MultiGauge.builder("netpol_auditor.isolated_ratio")
                .description("Fraction of endpoints isolated, by direction (ingress, egress, both)")
                .register(meters);
        this.tenantPairs = MultiGauge.builder("netpol_auditor.tenant_pairs_open")
                .description("Ordered tenant pairs whose endpoints can connect (open NP-TEN-001 findings)")
                .register(meters);
        this.latestComplete = MultiGauge.builder("netpol_auditor.snapshot.latest_complete")
                .description("When the cluster's latest complete snapshot (by any replica) finished, epoch seconds")
                .register(meters);
        this.period = MultiGauge.builder("netpol_auditor.snapshot.period")
                .description("Seconds between two runs of the cluster's snapshot schedule")
                .baseUnit("seconds")
                .register(meters);
        this.refresher = Thread.ofVirtual().name("netpol-auditor-metrics").unstarted(this::loop);
        this.refresher.start();
    }

    private void loop() {
        while (!stopped) {
            if (database.up()) {
                try {
                    refresh();
                } catch (RuntimeException e) {
                    LOG.debug("metrics not refreshed, the last figures stay: {}", e.toString());
                }
            }
            LockSupport.parkNanos(interval.toNanos());
        }
    }

    /** Reads the figures now and replaces the exported ones. */
    public void refresh() {
        Instant now = Instant.now();
        List<MultiGauge.Row<?>> periods = new ArrayList<>();
        for (ClusterSpec spec : snapshots.clusters().specs()) {
            periodOf(spec.schedule(), now).ifPresent(p -> periods.add(row(Tags.of("cluster", spec.name()), p)));
        }
        period.register(periods, true);

        List<MultiGauge.Row<?>> findingRows = new ArrayList<>();
        List<MultiGauge.Row<?>> newRows = new ArrayList<>();
        List<MultiGauge.Row<?>> scoreRows = new ArrayList<>();
        List<MultiGauge.Row<?>> endpointRows = new ArrayList<>();
        List<MultiGauge.Row<?>> isolatedRows = new ArrayList<>();
        List<MultiGauge.Row<?>> tenantRows = new ArrayList<>();
        List<MultiGauge.Row<?>> latestRows = new ArrayList<>();
        for (MetricsQueries.ClusterFigures c : queries.latest()) {
            Tags cluster = Tags.of("cluster", c.cluster());
            Map<String, Long> byRule = new LinkedHashMap<>();
            Map<String, String> severityOf = new LinkedHashMap<>();
            for (FindingRule rule : FindingRules.ALL) {
                byRule.put(rule.id(), 0L);
                severityOf.put(rule.id(), rule.severity().wireName());
            }
            for (MetricsQueries.RuleCount count : c.open()) {
                byRule.merge(count.rule(), count.open(), Long::sum);
                severityOf.putIfAbsent(count.rule(), count.severity());
            }
            byRule.forEach((rule, n) -> findingRows.add(row(cluster.and("severity", severityOf.get(rule), "rule", rule),
                    n)));
            for (Severity s : Severity.values()) {
                newRows.add(row(cluster.and("severity", s.wireName()), c.newBySeverity().getOrDefault(s.wireName(), 0L)));
            }
            scoreRows.add(row(cluster, c.score()));
            endpointRows.add(row(cluster, c.endpoints()));
            isolatedRows.add(row(cluster.and("direction", "ingress"), ratio(c.ingressIsolated(), c.endpoints())));
            isolatedRows.add(row(cluster.and("direction", "egress"), ratio(c.egressIsolated(), c.endpoints())));
            isolatedRows.add(row(cluster.and("direction", "both"), ratio(c.bothIsolated(), c.endpoints())));
            tenantRows.add(row(cluster, byRule.getOrDefault("NP-TEN-001", 0L)));
            latestRows.add(row(cluster, c.finishedAt().getEpochSecond()));
        }
        findings.register(findingRows, true);
        brought.register(newRows, true);
        score.register(scoreRows, true);
        endpoints.register(endpointRows, true);
        isolated.register(isolatedRows, true);
        tenantPairs.register(tenantRows, true);
        latestComplete.register(latestRows, true);
    }

    private static MultiGauge.Row<?> row(Tags tags, double value) {
        return MultiGauge.Row.of(tags, value);
    }

    private static double ratio(long part, long whole) {
        return whole == 0 ? 1.0 : (double) part / whole;
    }

    /** The time between the next two fire times of a (normalised, 6-field) cron schedule, read in UTC. */
    static java.util.Optional<Double> periodOf(String schedule, Instant now) {
        try {
            CronSchedule cron = new CronSchedule(schedule, ZoneId.of("UTC"));
            Instant first = cron.getInitialExecutionTime(now);
            Instant second = first == null ? null : cron.getInitialExecutionTime(first.plusSeconds(1));
            if (first == null || second == null) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of((double) Duration.between(first, second).toSeconds());
        } catch (RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    @PreDestroy
    void stop() {
        stopped = true;
        LockSupport.unpark(refresher);
    }
}
