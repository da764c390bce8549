package dev.netpolauditor.model;

import java.util.Arrays;

/** The cluster-tier kinds, in the order the engine checks equal priorities (semantics.md, Policy tiers). */
public enum ClusterPolicyKind {
    ClusterNetworkPolicy, AdminNetworkPolicy, BaselineAdminNetworkPolicy;

    /** Whether {@code name} is one of these kinds, spelled as in {@code kind:}. */
    public static boolean isKind(String name) {
        return Arrays.stream(values()).anyMatch(k -> k.name().equals(name));
    }
}
