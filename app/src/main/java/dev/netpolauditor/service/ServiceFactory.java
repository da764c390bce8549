package dev.netpolauditor.service;

import dev.netpolauditor.report.GenerationTime;
import dev.netpolauditor.report.ReportTemplates;
import dev.netpolauditor.snapshot.KubernetesSource;
import dev.netpolauditor.snapshot.kube.KubernetesCollector;
import dev.netpolauditor.store.AccessStore;
import dev.netpolauditor.store.ComplianceStore;
import dev.netpolauditor.store.Database;
import dev.netpolauditor.store.HistoryQueries;
import dev.netpolauditor.store.PeriodQueries;
import dev.netpolauditor.store.ReportStore;
import dev.netpolauditor.store.SnapshotQueries;
import dev.netpolauditor.store.SnapshotStore;
import dev.netpolauditor.store.StoredResults;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Period;
import java.util.List;

/** Wires the framework-free parts of the service from configuration (application.yml). */
@Factory
final class ServiceFactory {

    @Singleton
    @Bean(preDestroy = "close")
    Database database(@Value("${netpol-auditor.database.url:}") String url,
            @Value("${netpol-auditor.database.username:}") String username,
            @Value("${netpol-auditor.database.password:}") String password,
            @Value("${netpol-auditor.database.embedded-data-dir:}") String dataDir,
            @Value("${netpol-auditor.database.max-pool-size:8}") int maxPoolSize,
            @Value("${netpol-auditor.database.connect-timeout:10s}") Duration connectTimeout) {
        Path dir = dataDir.isBlank() ? Path.of(System.getProperty("user.home"), ".netpol-auditor", "postgres")
                : KubernetesSource.expandHome(dataDir);
        return Database.open(new Database.Settings(url, username.isBlank() ? null : username,
                password.isBlank() ? null : password, dir, maxPoolSize, connectTimeout));
    }

    @Singleton
    AuditLog auditLog(AccessStore store) {
        return new AuditLog(store);
    }

    @Singleton
    Tokens tokens(AccessStore store) {
        return new Tokens(store);
    }

    @Singleton
    SnapshotStore snapshotStore(Database database) {
        return new SnapshotStore(database.dsl());
    }

    @Singleton
    SnapshotQueries snapshotQueries(Database database) {
        return new SnapshotQueries(database.dsl());
    }

    @Singleton
    HistoryQueries historyQueries(Database database) {
        return new HistoryQueries(database.dsl());
    }

    @Singleton
    History history(HistoryQueries queries) {
        return new History(queries);
    }

    @Singleton
    ReportStore reportStore(Database database) {
        return new ReportStore(database.dsl());
    }

    @Singleton
    Evidence evidence(ReportStore reports) {
        return new Evidence(reports);
    }

    @Singleton
    StoredPolicyReports storedPolicyReports(SnapshotQueries queries) {
        return new StoredPolicyReports(queries);
    }

    @Singleton
    SnapshotCatalog snapshotCatalog(SnapshotQueries queries) {
        return new SnapshotCatalog(queries);
    }

    @Singleton
    Clusters clusters(List<ClusterProperties> listed,
            @Value("${netpol-auditor.kubeconfig:}") String kubeconfig,
            @Value("${netpol-auditor.context:}") String context,
            @Value("${netpol-auditor.in-cluster:false}") boolean inCluster,
            @Value("${netpol-auditor.cluster-name:}") String clusterName,
            @Value("${netpol-auditor.schedule:}") String schedule,
            @Value("${netpol-auditor.kubernetes.page-size:500}") int pageSize) {
        if (pageSize < 1) {
            throw new IllegalArgumentException("netpol-auditor.kubernetes.page-size (NETPOL_AUDITOR_PAGE_SIZE): "
                    + "objects per LIST page must be at least 1, not " + pageSize);
        }
        KubernetesCollector.Settings collector = KubernetesCollector.Settings.DEFAULTS.withPageSize(pageSize);
        return Clusters.fromConfiguration(listed,
                new Clusters.Shortcuts(kubeconfig, context, inCluster, clusterName, schedule), collector);
    }

    /** The service's time: the system's (UTC); a test may register another before the context starts. */
    @Singleton
    @Requires(missingBeans = Clock.class)
    Clock clock() {
        return Clock.systemUTC();
    }

    @Singleton
    ComplianceStore complianceStore(Database database) {
        return new ComplianceStore(database.dsl());
    }

    @Singleton
    ComplianceSettings complianceSettings(
            @Value("${netpol-auditor.compliance.exception-max-length:P1Y}") String maxLength,
            @Value("${netpol-auditor.compliance.exception-reminder:P14D}") String reminder,
            @Value("${netpol-auditor.compliance.review-interval:P6M}") String reviewInterval) {
        return new ComplianceSettings(period("netpol-auditor.compliance.exception-max-length", maxLength),
                period("netpol-auditor.compliance.exception-reminder", reminder),
                period("netpol-auditor.compliance.review-interval", reviewInterval));
    }

    @Singleton
    Reviews reviews(ComplianceStore store, SnapshotQueries snapshots, Clusters clusters, ComplianceSettings settings,
            Clock clock) {
        return new Reviews(store, snapshots, clusters, settings.reviewInterval(), clock, EngineVersion.current());
    }

    @Singleton
    ManagedExceptions managedExceptions(ComplianceStore store, Clusters clusters, ComplianceSettings settings,
            Clock clock) {
        return new ManagedExceptions(store, clusters, settings, clock);
    }

    @Singleton
    ManagedJustifications managedJustifications(ComplianceStore store, Clusters clusters, SnapshotStore snapshots,
            Clock clock) {
        return new ManagedJustifications(store, clusters, snapshots, clock);
    }

    @Singleton
    ComplianceTracking complianceTracking(ComplianceStore store, Clusters clusters, Clock clock) {
        return new ComplianceTracking(store, clusters, clock);
    }

    @Singleton
    SettingsSource settingsSource(ManagedExceptions exceptions, ManagedJustifications justifications,
            Reviews reviews) {
        return new InForceSettings(exceptions, justifications, reviews);
    }

    @Singleton
    @Bean(preDestroy = "close")
    SnapshotService snapshotService(Clusters clusters, SnapshotStore store, MeterRegistry meters, Clock clock,
            SettingsSource settings) {
        return new SnapshotService(clusters, new SnapshotRunner(store, clock, EngineVersion.current(), settings),
                store, meters);
    }

    @Singleton
    SnapshotContents snapshotContents(SnapshotQueries queries, StoredResults results) {
        return new SnapshotContents(queries, results);
    }

    /** An ISO-8601 period ({@code P1Y}, {@code P6M}, {@code P14D}), or a setting error naming the key. */
    static Period period(String key, String text) {
        try {
            return Period.parse(text.strip());
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException(key + ": '" + text + "' is not a period: use ISO-8601, e.g. P1Y,"
                    + " P6M or P14D");
        }
    }

    @Singleton
    StoredResults storedResults(Database database) {
        return new StoredResults(database.dsl());
    }

    @Singleton
    SnapshotReads snapshotReads(SnapshotStore store, StoredResults results, MeterRegistry meters) {
        return new SnapshotReads(store, results, meters);
    }

    @Singleton
    StoredReports storedReports(SnapshotStore store, SnapshotQueries queries, StoredResults results,
            ReportStore reports, @Value("${source.date.epoch:}") String sourceDateEpoch) {
        // SOURCE_DATE_EPOCH, as for the offline commands: reports of one stored snapshot are then byte-identical
        return new StoredReports(store, queries, results, reports, ReportTemplates.bundled(),
                GenerationTime.clock(sourceDateEpoch, Clock.systemUTC()));
    }

    @Singleton
    PeriodQueries periodQueries(Database database) {
        return new PeriodQueries(database.dsl());
    }

    @Singleton
    PeriodReports periodReports(PeriodQueries queries, ComplianceStore compliance, SnapshotService snapshots,
            ReportStore reports, Clock clock, @Value("${source.date.epoch:}") String sourceDateEpoch) {
        return new PeriodReports(queries, compliance, snapshots.clusters(), reports, ReportTemplates.bundled(),
                GenerationTime.clock(sourceDateEpoch, clock), EngineVersion.current());
    }

    @Singleton
    Reanalyses reanalyses(SnapshotStore store, SnapshotQueries queries, StoredResults results,
            SnapshotService snapshots, Clock clock, SettingsSource settings) {
        return new Reanalyses(store, queries, results, snapshots.clusters(), clock, EngineVersion.current(),
                settings);
    }
}
