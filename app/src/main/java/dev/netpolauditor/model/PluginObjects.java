package dev.netpolauditor.model;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What the network plugins add to a cluster state (cni-policies.md): which plugins are known
 * to run (their kinds count), and the API groups whose objects were skipped because their
 * plugin is not known.
 */
public record PluginObjects(Set<NetworkPlugin> known, List<SkippedGroup> skipped) {
    public static final PluginObjects NONE = new PluginObjects(Set.of(), List.of());

    public PluginObjects {
        known = known.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(known));
        skipped = List.copyOf(skipped);
    }

    public boolean knows(NetworkPlugin plugin) {
        return known.contains(plugin);
    }
}
