package dev.netpolauditor.engine;

/**
 * Which plugin's model decides a side (cni-policies.md): the Kubernetes tiers of semantics.md
 * (Admin, NetworkPolicies, Baseline), Calico's tier walk, or Cilium's pool between the Admin and
 * Baseline tiers. A cluster with both plugins known is decided by both: a side allows only what
 * both allow <b>(choice)</b>.
 */
public enum SideModel {
    KUBERNETES, CALICO, CILIUM
}
