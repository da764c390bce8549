package dev.netpolauditor.model;

/** The cluster-tier kinds, in the order the engine checks equal priorities (semantics.md, Policy tiers). */
public enum ClusterPolicyKind {
    ClusterNetworkPolicy, AdminNetworkPolicy, BaselineAdminNetworkPolicy
}
