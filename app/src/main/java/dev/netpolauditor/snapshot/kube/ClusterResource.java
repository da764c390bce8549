package dev.netpolauditor.snapshot.kube;

/**
 * The collections a snapshot lists, cluster-wide: what the analysis reads, and nothing else
 * (the ClusterRole in deploy/ grants exactly these).
 */
public enum ClusterResource {
    NAMESPACES("/api/v1/namespaces", "v1", "Namespace"),
    PODS("/api/v1/pods", "v1", "Pod"),
    NETWORK_POLICIES("/apis/networking.k8s.io/v1/networkpolicies", "networking.k8s.io/v1", "NetworkPolicy"),
    DEPLOYMENTS("/apis/apps/v1/deployments", "apps/v1", "Deployment"),
    STATEFUL_SETS("/apis/apps/v1/statefulsets", "apps/v1", "StatefulSet"),
    DAEMON_SETS("/apis/apps/v1/daemonsets", "apps/v1", "DaemonSet"),
    REPLICA_SETS("/apis/apps/v1/replicasets", "apps/v1", "ReplicaSet"),
    REPLICATION_CONTROLLERS("/api/v1/replicationcontrollers", "v1", "ReplicationController"),
    JOBS("/apis/batch/v1/jobs", "batch/v1", "Job"),
    CRON_JOBS("/apis/batch/v1/cronjobs", "batch/v1", "CronJob");

    private final String path;
    private final String apiVersion;
    private final String kind;

    ClusterResource(String path, String apiVersion, String kind) {
        this.path = path;
        this.apiVersion = apiVersion;
        this.kind = kind;
    }

    public String path() {
        return path;
    }

    public String apiVersion() {
        return apiVersion;
    }

    public String kind() {
        return kind;
    }
}
