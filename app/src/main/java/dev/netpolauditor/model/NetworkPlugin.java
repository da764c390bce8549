package dev.netpolauditor.model;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A network plugin whose own policy kinds the product reads (cni-policies.md, "Which kinds
 * count"): its name as {@code --network-plugin} takes it, the API group version of its kinds,
 * and the words that identify its DaemonSet (by name or container image, as for NP-CNI-001).
 */
public enum NetworkPlugin {
    CALICO("calico", "Calico", "projectcalico.org/v3", List.of("calico", "canal")),
    CILIUM("cilium", "Cilium", "cilium.io/v2", List.of("cilium"));

    private final String wireName;
    private final String title;
    private final String apiVersion;
    private final List<String> daemonSetWords;

    NetworkPlugin(String wireName, String title, String apiVersion, List<String> daemonSetWords) {
        this.wireName = wireName;
        this.title = title;
        this.apiVersion = apiVersion;
        this.daemonSetWords = daemonSetWords;
    }

    /** {@code calico}, {@code cilium}: how {@code --network-plugin} and the cluster setting name it. */
    public String wireName() {
        return wireName;
    }

    /** {@code Calico}, {@code Cilium}: for people. */
    public String title() {
        return title;
    }

    /** {@code projectcalico.org/v3}, {@code cilium.io/v2}: the API group version of its kinds. */
    public String apiVersion() {
        return apiVersion;
    }

    /** The words whose presence in a DaemonSet's name or image shows that the plugin runs. */
    public List<String> daemonSetWords() {
        return daemonSetWords;
    }

    /** The plugin of this name ({@code calico}, {@code cilium}; case-insensitive), or null. */
    public static NetworkPlugin byName(String name) {
        for (NetworkPlugin p : values()) {
            if (p.wireName.equals(name.toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        return null;
    }

    /** The plugins some DaemonSet of these workloads runs (by its name or a container image). */
    public static Set<NetworkPlugin> runBy(List<Workload> workloads) {
        Set<NetworkPlugin> out = EnumSet.noneOf(NetworkPlugin.class);
        for (Workload w : workloads) {
            if (w.kind() != WorkloadKind.DaemonSet) {
                continue;
            }
            for (NetworkPlugin p : values()) {
                if (p.daemonSetWords.stream().anyMatch(w::mentions)) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    /**
     * The words of every network plugin listed in cni-policies.md ("Which kinds count"): a
     * DaemonSet naming one shows which plugin runs the cluster.
     */
    public static final List<String> LISTED_PLUGIN_WORDS = List.of("calico", "canal", "cilium", "kube-router",
            "antrea", "weave-net", "flannel");
}
