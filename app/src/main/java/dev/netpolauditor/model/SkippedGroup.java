package dev.netpolauditor.model;

/**
 * Objects of a network plugin's API group that were not analysed because the plugin is not
 * known to run (cni-policies.md, "Which kinds count"): how many objects of its kinds, how many
 * of them policies.
 */
public record SkippedGroup(NetworkPlugin plugin, int objects, int policies) {

    public String apiVersion() {
        return plugin.apiVersion();
    }

    /**
     * One line for people, without the advice of where to name the plugin (which the edge
     * knows): {@code 3 objects of projectcalico.org/v3 were not analysed: Calico is not known to run (no
     * calico or canal DaemonSet among the inputs)}.
     */
    public String describe() {
        return objects + (objects == 1 ? " object" : " objects") + " of " + plugin.apiVersion()
                + (objects == 1 ? " was" : " were") + " not analysed: " + plugin.title() + " is not known to run (no "
                + String.join(" or ", plugin.daemonSetWords()) + " DaemonSet among the inputs)";
    }
}
