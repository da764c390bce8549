package dev.netpolauditor.model;

/**
 * The kinds of a network plugin's own API group that the product reads (cni-policies.md):
 * {@code objectKind} names the object in output, diffs and storage ({@code CalicoNetworkPolicy}
 * keeps Calico's NetworkPolicy apart from the v1 kind of that name), {@code wireKind} is its
 * {@code kind} in manifests. {@code policy}: a policy kind the plugin enforces (NP-CNI-003
 * counts them; staged policies are never enforced).
 */
public enum PluginKind {
    CALICO_NETWORK_POLICY("CalicoNetworkPolicy", "NetworkPolicy", NetworkPlugin.CALICO, true, true),
    GLOBAL_NETWORK_POLICY("GlobalNetworkPolicy", "GlobalNetworkPolicy", NetworkPlugin.CALICO, false, true),
    TIER("Tier", "Tier", NetworkPlugin.CALICO, false, false),
    NETWORK_SET("NetworkSet", "NetworkSet", NetworkPlugin.CALICO, true, false),
    GLOBAL_NETWORK_SET("GlobalNetworkSet", "GlobalNetworkSet", NetworkPlugin.CALICO, false, false),
    STAGED_NETWORK_POLICY("StagedNetworkPolicy", "StagedNetworkPolicy", NetworkPlugin.CALICO, true, false),
    STAGED_GLOBAL_NETWORK_POLICY("StagedGlobalNetworkPolicy", "StagedGlobalNetworkPolicy", NetworkPlugin.CALICO,
            false, false),
    STAGED_KUBERNETES_NETWORK_POLICY("StagedKubernetesNetworkPolicy", "StagedKubernetesNetworkPolicy",
            NetworkPlugin.CALICO, true, false),
    CILIUM_NETWORK_POLICY("CiliumNetworkPolicy", "CiliumNetworkPolicy", NetworkPlugin.CILIUM, true, true),
    CILIUM_CLUSTERWIDE_NETWORK_POLICY("CiliumClusterwideNetworkPolicy", "CiliumClusterwideNetworkPolicy",
            NetworkPlugin.CILIUM, false, true);

    private final String objectKind;
    private final String wireKind;
    private final NetworkPlugin plugin;
    private final boolean namespaced;
    private final boolean policy;

    PluginKind(String objectKind, String wireKind, NetworkPlugin plugin, boolean namespaced, boolean policy) {
        this.objectKind = objectKind;
        this.wireKind = wireKind;
        this.plugin = plugin;
        this.namespaced = namespaced;
        this.policy = policy;
    }

    public String objectKind() {
        return objectKind;
    }

    public String wireKind() {
        return wireKind;
    }

    public NetworkPlugin plugin() {
        return plugin;
    }

    public boolean namespaced() {
        return namespaced;
    }

    public boolean policy() {
        return policy;
    }

    /** The plugin kind of an object of this {@code kind} and {@code apiVersion}, or null. */
    public static PluginKind of(String kind, Object apiVersion) {
        for (PluginKind k : values()) {
            if (k.wireKind.equals(kind) && k.plugin.apiVersion().equals(apiVersion)) {
                return k;
            }
        }
        return null;
    }

    /** The plugin kind named {@code objectKind} in output and storage, or null. */
    public static PluginKind byObjectKind(String objectKind) {
        for (PluginKind k : values()) {
            if (k.objectKind.equals(objectKind)) {
                return k;
            }
        }
        return null;
    }
}
