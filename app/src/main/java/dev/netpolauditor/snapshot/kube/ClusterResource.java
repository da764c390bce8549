package dev.netpolauditor.snapshot.kube;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a snapshot reads, cluster-wide: what the analysis needs, and nothing else (the ClusterRole
 * in deploy/ grants exactly {@link #permissions()} of each). Each lives in an API group version
 * that discovery tells whether the cluster serves; the required ones exist in every conformant
 * cluster, the others may be missing (a cluster without ReplicationControllers, an optional CRD,
 * a network plugin's API that is not installed), which is recorded, not a failure.
 *
 * <p>Calico's ({@code projectcalico.org/v3}: its aggregated API server, or its native CRDs) and
 * Cilium's ({@code cilium.io/v2}) kinds are listed whenever the cluster serves them. ServiceAccounts
 * (their labels select Calico endpoints) are read only where Calico runs, and the ConfigMap
 * {@code kube-system/cilium-config} (Cilium's settings) only where Cilium runs: a plugin runs when
 * the cluster serves one of its kinds or has a DaemonSet of it (cni-policies.md, "Which kinds count").
 */
public enum ClusterResource {
    NAMESPACES(Api.CORE, "namespaces", "Namespace", Read.REQUIRED),
    PODS(Api.CORE, "pods", "Pod", Read.REQUIRED),
    NETWORK_POLICIES(Api.NETWORKING, "networkpolicies", "NetworkPolicy", Read.REQUIRED),
    DEPLOYMENTS(Api.APPS, "deployments", "Deployment", Read.WHEN_SERVED),
    STATEFUL_SETS(Api.APPS, "statefulsets", "StatefulSet", Read.WHEN_SERVED),
    DAEMON_SETS(Api.APPS, "daemonsets", "DaemonSet", Read.WHEN_SERVED),
    REPLICA_SETS(Api.APPS, "replicasets", "ReplicaSet", Read.WHEN_SERVED),
    REPLICATION_CONTROLLERS(Api.CORE, "replicationcontrollers", "ReplicationController", Read.WHEN_SERVED),
    JOBS(Api.BATCH, "jobs", "Job", Read.WHEN_SERVED),
    CRON_JOBS(Api.BATCH, "cronjobs", "CronJob", Read.WHEN_SERVED),
    CLUSTER_NETWORK_POLICIES(Api.POLICY_V1ALPHA2, "clusternetworkpolicies", "ClusterNetworkPolicy",
            Read.WHEN_SERVED),
    ADMIN_NETWORK_POLICIES(Api.POLICY_V1ALPHA1, "adminnetworkpolicies", "AdminNetworkPolicy", Read.WHEN_SERVED),
    BASELINE_ADMIN_NETWORK_POLICIES(Api.POLICY_V1ALPHA1, "baselineadminnetworkpolicies",
            "BaselineAdminNetworkPolicy", Read.WHEN_SERVED),
    CALICO_NETWORK_POLICIES(Api.CALICO, "networkpolicies", "NetworkPolicy", Read.TIERED),
    CALICO_GLOBAL_NETWORK_POLICIES(Api.CALICO, "globalnetworkpolicies", "GlobalNetworkPolicy", Read.TIERED),
    CALICO_TIERS(Api.CALICO, "tiers", "Tier", Read.WHEN_SERVED),
    CALICO_NETWORK_SETS(Api.CALICO, "networksets", "NetworkSet", Read.WHEN_SERVED),
    CALICO_GLOBAL_NETWORK_SETS(Api.CALICO, "globalnetworksets", "GlobalNetworkSet", Read.WHEN_SERVED),
    CALICO_STAGED_NETWORK_POLICIES(Api.CALICO, "stagednetworkpolicies", "StagedNetworkPolicy", Read.TIERED),
    CALICO_STAGED_GLOBAL_NETWORK_POLICIES(Api.CALICO, "stagedglobalnetworkpolicies", "StagedGlobalNetworkPolicy",
            Read.TIERED),
    CALICO_STAGED_KUBERNETES_NETWORK_POLICIES(Api.CALICO, "stagedkubernetesnetworkpolicies",
            "StagedKubernetesNetworkPolicy", Read.WHEN_SERVED),
    CILIUM_NETWORK_POLICIES(Api.CILIUM, "ciliumnetworkpolicies", "CiliumNetworkPolicy", Read.WHEN_SERVED),
    CILIUM_CLUSTERWIDE_NETWORK_POLICIES(Api.CILIUM, "ciliumclusterwidenetworkpolicies",
            "CiliumClusterwideNetworkPolicy", Read.WHEN_SERVED),
    /** Read after every kind above: whether Calico runs is known by then. */
    SERVICE_ACCOUNTS(Api.CORE, "serviceaccounts", "ServiceAccount", Read.WITH_CALICO),
    /** One object, read by name (a GET, not a list); not there (404) is recorded absent. */
    CILIUM_CONFIG(Api.CORE, "configmaps", "ConfigMap", Read.WITH_CILIUM);

    /** The namespace and name of {@link #CILIUM_CONFIG}, as Cilium's installers create it. */
    public static final String CILIUM_CONFIG_NAMESPACE = "kube-system";
    public static final String CILIUM_CONFIG_NAME = "cilium-config";

    /** The group versions read: their discovery path and API group. */
    private enum Api {
        CORE("/api/v1"),
        NETWORKING("/apis/networking.k8s.io/v1"),
        APPS("/apis/apps/v1"),
        BATCH("/apis/batch/v1"),
        POLICY_V1ALPHA2("/apis/policy.networking.k8s.io/v1alpha2"),
        POLICY_V1ALPHA1("/apis/policy.networking.k8s.io/v1alpha1"),
        CALICO("/apis/projectcalico.org/v3"),
        CILIUM("/apis/cilium.io/v2");

        final String path;

        Api(String path) {
            this.path = path;
        }

        /** {@code ""} for the core group, else e.g. {@code apps}. */
        String group() {
            return path.startsWith("/apis/") ? path.substring("/apis/".length(), path.lastIndexOf('/')) : "";
        }
    }

    /** When a snapshot reads it. */
    private enum Read {
        /** Always; a cluster that does not serve it fails the snapshot. */
        REQUIRED,
        /** When the cluster serves it; else recorded absent. */
        WHEN_SERVED,
        /**
         * When served, as Calico's tiered policies: its API server authorizes each tier on its own
         * ({@code get} on the tier and the verb on {@code tier.<plural>}) and leaves out, without an
         * error, the policies of the tiers the caller may not read.
         */
        TIERED,
        /** Only where Calico runs. */
        WITH_CALICO,
        /** Only where Cilium runs. */
        WITH_CILIUM
    }

    /** The network plugins whose own kinds a snapshot reads (cni-policies.md, "Which kinds count"). */
    public enum Plugin {
        CALICO(List.of("calico", "canal")),
        CILIUM(List.of("cilium"));

        private final List<String> tokens;

        Plugin(List<String> tokens) {
            this.tokens = tokens;
        }

        /**
         * Whether a DaemonSet of this name, running these container images, is this plugin's: the
         * name or an image contains one of its tokens ({@code calico}, {@code canal};
         * {@code cilium}), as NP-CNI-001 detects plugins.
         */
        public boolean runsAs(String daemonSetName, List<String> images) {
            for (String token : tokens) {
                if (daemonSetName.toLowerCase(Locale.ROOT).contains(token)) {
                    return true;
                }
                for (String image : images) {
                    if (image.toLowerCase(Locale.ROOT).contains(token)) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    /**
     * One RBAC permission a snapshot needs: a verb on a resource of an API group ({@code ""}: the
     * core group), limited to one object when {@code resourceName} is not null.
     */
    public record Permission(String apiGroup, String resource, String resourceName, String verb) {}

    private final Api api;
    private final String plural;
    private final String kind;
    private final Read read;

    ClusterResource(Api api, String plural, String kind, Read read) {
        this.api = api;
        this.plural = plural;
        this.kind = kind;
        this.read = read;
    }

    /**
     * What a snapshot requests: the cluster-wide list path, e.g. {@code /apis/apps/v1/deployments}
     * (for a cluster-scoped kind the only list path,
     * {@code /apis/policy.networking.k8s.io/v1alpha2/clusternetworkpolicies}); for the one object
     * read by name, its path ({@code /api/v1/namespaces/kube-system/configmaps/cilium-config}).
     */
    public String path() {
        return isObject() ? api.path + "/namespaces/" + CILIUM_CONFIG_NAMESPACE + "/" + plural + "/" + CILIUM_CONFIG_NAME
                : api.path + "/" + plural;
    }

    /** The discovery path of its group version, e.g. {@code /apis/apps/v1} ({@code /api/v1} for the core group). */
    public String groupVersionPath() {
        return api.path;
    }

    /** The resource name discovery lists, e.g. {@code deployments}. */
    public String plural() {
        return plural;
    }

    /** The API group: {@code ""} for the core group, else e.g. {@code projectcalico.org}. */
    public String group() {
        return api.group();
    }

    /**
     * What people read it as, in logs, progress lines and the snapshot's absent resources: the
     * plural for Kubernetes' own groups ({@code replicationcontrollers}), qualified by its group for
     * a plugin's ({@code networkpolicies.projectcalico.org}, as kubectl names it), the object's
     * namespace, plural and name for the one object ({@code kube-system/configmaps/cilium-config}).
     */
    public String label() {
        if (isObject()) {
            return CILIUM_CONFIG_NAMESPACE + "/" + plural + "/" + CILIUM_CONFIG_NAME;
        }
        return plugin() == null ? plural : plural + "." + group();
    }

    /** {@code v1}, {@code apps/v1}, ...: the apiVersion of its objects. */
    public String apiVersion() {
        return api.path.startsWith("/apis/") ? api.path.substring("/apis/".length()) : api.path.substring("/api/".length());
    }

    public String kind() {
        return kind;
    }

    /** Whether a snapshot fails when the cluster does not serve it. */
    public boolean required() {
        return read == Read.REQUIRED;
    }

    /** Whether it is one object read by name rather than a collection listed. */
    public boolean isObject() {
        return this == CILIUM_CONFIG;
    }

    /** Which plugin's own kind it is (serving it tells that the plugin runs), or null. */
    public Plugin plugin() {
        return switch (api) {
            case CALICO -> Plugin.CALICO;
            case CILIUM -> Plugin.CILIUM;
            default -> null;
        };
    }

    /** The plugin that must run for a snapshot to read it, or null when it is read regardless. */
    public Plugin readOnlyWith() {
        return switch (read) {
            case WITH_CALICO -> Plugin.CALICO;
            case WITH_CILIUM -> Plugin.CILIUM;
            default -> null;
        };
    }

    /**
     * What the ClusterRole grants for it: {@code get} on the one object; {@code get}, {@code list}
     * and {@code watch} on a collection, and for Calico's tiered policies on its pseudo-resource
     * {@code tier.<plural>} too (its API server also wants {@code get} on each tier: {@link #CALICO_TIERS}).
     */
    public List<Permission> permissions() {
        if (isObject()) {
            return List.of(new Permission(group(), plural, CILIUM_CONFIG_NAME, "get"));
        }
        List<Permission> out = new ArrayList<>();
        for (String resource : read == Read.TIERED ? List.of(plural, "tier." + plural) : List.of(plural)) {
            for (String verb : List.of("get", "list", "watch")) {
                out.add(new Permission(group(), resource, null, verb));
            }
        }
        return out;
    }

    /** What a 401 or 403 answer for it tells people to check, in words. */
    String accessNeeded() {
        if (isObject()) {
            return "get on " + path();
        }
        String needs = "get, list and watch on " + path();
        return read == Read.TIERED ? needs + " and on Calico's tier." + plural + ", and get on its tiers" : needs;
    }
}
