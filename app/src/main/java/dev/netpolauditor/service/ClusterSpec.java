package dev.netpolauditor.service;

import dev.netpolauditor.model.NetworkPlugin;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;

/**
 * One configured cluster: its name (the key of its history), where its objects are read, when
 * it is snapshotted and how its analysis is configured.
 *
 * @param schedule a cron expression with seconds (6 fields), already normalised
 * @param tenantsFile tenants file read at each snapshot, or null for the tenant label alone
 * @param exceptionsFile exceptions file read at each snapshot, or null for none
 * @param networkPlugins the network plugins the {@code network-plugin} setting names as running,
 *                       besides those the cluster's DaemonSets show (cni-policies.md)
 */
public record ClusterSpec(String name, Source source, String schedule, String tenantLabel, Path tenantsFile,
        Path exceptionsFile, Set<NetworkPlugin> networkPlugins) {

    public ClusterSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(tenantLabel, "tenantLabel");
        networkPlugins = Set.copyOf(networkPlugins);
    }

    /** A cluster whose network plugins its DaemonSets alone show. */
    public ClusterSpec(String name, Source source, String schedule, String tenantLabel, Path tenantsFile,
            Path exceptionsFile) {
        this(name, source, schedule, tenantLabel, tenantsFile, exceptionsFile, Set.of());
    }

    /** Where a cluster's objects come from. */
    public sealed interface Source {
        /** A Kubernetes API server: through a kubeconfig file (and context), or the pod's service account. */
        record Kubernetes(Path kubeconfig, String context) implements Source {
            public boolean inCluster() {
                return kubeconfig == null;
            }
        }

        /** A directory of manifests ({@code classpath:} for one inside the application). */
        record Manifests(String location) implements Source {}
    }
}
