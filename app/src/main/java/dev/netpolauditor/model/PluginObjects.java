package dev.netpolauditor.model;

import dev.netpolauditor.model.calico.CalicoObjects;
import dev.netpolauditor.model.cilium.CiliumObjects;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What the network plugins add to a cluster state (cni-policies.md): which plugins are known
 * to run (their kinds count), their objects (empty for a plugin not known), the ServiceAccounts
 * (read when a plugin is known), and the API groups whose objects were skipped because their
 * plugin is not known.
 */
public record PluginObjects(Set<NetworkPlugin> known, List<SkippedGroup> skipped, CalicoObjects calico,
        CiliumObjects cilium, List<ServiceAccount> serviceAccounts) {
    public static final PluginObjects NONE = new PluginObjects(Set.of(), List.of());

    public PluginObjects {
        known = known.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(known));
        skipped = List.copyOf(skipped);
        calico = calico == null ? CalicoObjects.NONE : calico;
        cilium = cilium == null ? CiliumObjects.NONE : cilium;
        serviceAccounts = List.copyOf(serviceAccounts);
    }

    /** Known plugins and skipped groups, no objects. */
    public PluginObjects(Set<NetworkPlugin> known, List<SkippedGroup> skipped) {
        this(known, skipped, CalicoObjects.NONE, CiliumObjects.NONE, List.of());
    }

    public boolean knows(NetworkPlugin plugin) {
        return known.contains(plugin);
    }

    /** Whether the analysis reads any plugin's own model: some plugin is known. */
    public boolean any() {
        return !known.isEmpty();
    }
}
