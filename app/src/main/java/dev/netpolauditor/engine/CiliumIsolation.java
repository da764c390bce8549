package dev.netpolauditor.engine;

import dev.netpolauditor.model.PolicyType;
import dev.netpolauditor.model.cilium.CiliumConfig;
import dev.netpolauditor.model.cilium.CiliumRule;

/** When a Cilium rule isolates what it selects (cni-policies.md, "Cilium: deciding one side"). */
public final class CiliumIsolation {
    private CiliumIsolation() {}

    /**
     * Whether a Cilium rule isolates the endpoints it selects in a direction: its
     * {@code enableDefaultDeny} for it, or (absent, or ignored under
     * {@code enable-non-default-deny-policies: "false"}) whether it has entries of the direction.
     */
    public static boolean isolates(CiliumRule rule, PolicyType direction, CiliumConfig config) {
        boolean entries = !rule.allows(direction).isEmpty() || !rule.denies(direction).isEmpty();
        Boolean given = rule.defaultDeny(direction);
        if (given == null || !config.nonDefaultDenyPolicies()) {
            return entries;
        }
        return given && entries;
    }
}
