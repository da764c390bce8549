package dev.netpolauditor.snapshot.kube;

/**
 * The collections a snapshot lists, cluster-wide: what the analysis reads, and nothing else
 * (the ClusterRole in deploy/ grants exactly these). Each lives in an API group version that
 * discovery tells whether the cluster serves; the required ones exist in every conformant
 * cluster, the others may be missing (a cluster without ReplicationControllers, an optional
 * CRD), which is recorded, not a failure.
 */
public enum ClusterResource {
    NAMESPACES("/api/v1", "namespaces", "Namespace", true),
    PODS("/api/v1", "pods", "Pod", true),
    NETWORK_POLICIES("/apis/networking.k8s.io/v1", "networkpolicies", "NetworkPolicy", true),
    DEPLOYMENTS("/apis/apps/v1", "deployments", "Deployment", false),
    STATEFUL_SETS("/apis/apps/v1", "statefulsets", "StatefulSet", false),
    DAEMON_SETS("/apis/apps/v1", "daemonsets", "DaemonSet", false),
    REPLICA_SETS("/apis/apps/v1", "replicasets", "ReplicaSet", false),
    REPLICATION_CONTROLLERS("/api/v1", "replicationcontrollers", "ReplicationController", false),
    JOBS("/apis/batch/v1", "jobs", "Job", false),
    CRON_JOBS("/apis/batch/v1", "cronjobs", "CronJob", false),
    CLUSTER_NETWORK_POLICIES("/apis/policy.networking.k8s.io/v1alpha2", "clusternetworkpolicies",
            "ClusterNetworkPolicy", false),
    ADMIN_NETWORK_POLICIES("/apis/policy.networking.k8s.io/v1alpha1", "adminnetworkpolicies", "AdminNetworkPolicy",
            false),
    BASELINE_ADMIN_NETWORK_POLICIES("/apis/policy.networking.k8s.io/v1alpha1", "baselineadminnetworkpolicies",
            "BaselineAdminNetworkPolicy", false);

    private final String groupVersionPath;
    private final String plural;
    private final String kind;
    private final boolean required;

    ClusterResource(String groupVersionPath, String plural, String kind, boolean required) {
        this.groupVersionPath = groupVersionPath;
        this.plural = plural;
        this.kind = kind;
        this.required = required;
    }

    /**
     * The cluster-wide list path, e.g. {@code /apis/apps/v1/deployments}; for a cluster-scoped
     * kind it is the only list path ({@code /apis/policy.networking.k8s.io/v1alpha2/clusternetworkpolicies}).
     */
    public String path() {
        return groupVersionPath + "/" + plural;
    }

    /** The discovery path of its group version, e.g. {@code /apis/apps/v1} ({@code /api/v1} for the core group). */
    public String groupVersionPath() {
        return groupVersionPath;
    }

    /** The resource name discovery lists, e.g. {@code deployments}. */
    public String plural() {
        return plural;
    }

    /** {@code v1}, {@code apps/v1}, ...: the apiVersion of its objects. */
    public String apiVersion() {
        return groupVersionPath.startsWith("/apis/") ? groupVersionPath.substring("/apis/".length())
                : groupVersionPath.substring("/api/".length());
    }

    public String kind() {
        return kind;
    }

    /** Whether a snapshot fails when the cluster does not serve it. */
    public boolean required() {
        return required;
    }
}
