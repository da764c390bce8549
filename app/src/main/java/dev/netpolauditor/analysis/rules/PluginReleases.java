package dev.netpolauditor.analysis.rules;

import dev.netpolauditor.model.ClusterPolicyKind;
import dev.netpolauditor.model.NetworkPlugin;
import dev.netpolauditor.model.Workload;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The release of Calico or Cilium a DaemonSet runs, read from an image tag {@code vX.Y[.Z]} (NP-CNI-002). */
final class PluginReleases {
    private PluginReleases() {}

    private static final Pattern TAG = Pattern.compile(":v(\\d{1,3})\\.(\\d{1,3})(?:\\.\\d{1,4})?(?:[-+@].*)?$");

    /** {major, minor} of the plugin's first image with a readable tag, or null. */
    static int[] of(Workload daemonSet, NetworkPlugin plugin) {
        if (plugin.daemonSetWords().stream().noneMatch(daemonSet::mentions)) {
            return null;
        }
        for (String image : daemonSet.images()) {
            String lower = image.toLowerCase(java.util.Locale.ROOT);
            if (plugin.daemonSetWords().stream().noneMatch(lower::contains)) {
                continue;
            }
            Matcher m = TAG.matcher(image);
            if (m.find()) {
                return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
            }
        }
        return null;
    }

    static boolean atLeast(int[] release, int major, int minor) {
        return release[0] > major || (release[0] == major && release[1] >= minor);
    }

    /**
     * Calico before 3.29: none; 3.29: AdminNetworkPolicy; 3.30 and later: it and
     * BaselineAdminNetworkPolicy; 3.32 and later: ClusterNetworkPolicy too. cni-policies.md says
     * 3.32 enforces only ClusterNetworkPolicy (Calico removed the v1alpha1 kinds then), but the
     * conformance case tiers/audit-tier-cni-calico-enforces has Calico 3.32.0 enforce an
     * AdminNetworkPolicy; the case is kept (reported as a contradiction of the contract).
     */
    static boolean calicoEnforces(int[] release, ClusterPolicyKind kind) {
        return switch (kind) {
            case ClusterNetworkPolicy -> atLeast(release, 3, 32);
            case AdminNetworkPolicy -> atLeast(release, 3, 29);
            case BaselineAdminNetworkPolicy -> atLeast(release, 3, 30);
        };
    }
}
