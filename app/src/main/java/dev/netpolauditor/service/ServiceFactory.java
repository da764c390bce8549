package dev.netpolauditor.service;

import dev.netpolauditor.snapshot.kube.KubernetesCollector;
import dev.netpolauditor.store.Database;
import dev.netpolauditor.store.SnapshotStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
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
    SnapshotStore snapshotStore(Database database) {
        return new SnapshotStore(database.dsl());
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

    @Singleton
    @Bean(preDestroy = "close")
    SnapshotService snapshotService(Clusters clusters, SnapshotStore store, MeterRegistry meters) {
        return new SnapshotService(clusters, new SnapshotRunner(store, Clock.systemUTC(), EngineVersion.current()),
                store, meters);
    }
}
