package dev.netpolauditor.model;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A cluster-scoped policy of the Kubernetes Network Policy API (semantics.md, "Policy tiers"):
 * a {@code ClusterNetworkPolicy} (v1alpha2) of the Admin or Baseline tier, or one of its
 * predecessors {@code AdminNetworkPolicy} (Admin tier) and {@code BaselineAdminNetworkPolicy}
 * (Baseline tier, no priority) of v1alpha1, read into one shape.
 *
 * <p>{@code priority} is 0..1000 (lower is checked first); a BaselineAdminNetworkPolicy has
 * none ({@link #NO_PRIORITY}) and comes after every Baseline ClusterNetworkPolicy. Rules are
 * checked in written order. {@code spec} is the object's {@code spec} as data in the canonical
 * form of {@link PolicySpecs} (what {@code diff} compares); policies built in code without one
 * (null) get one derived from their parsed fields.
 */
public record ClusterPolicy(
        ClusterPolicyKind kind,
        String name,
        PolicyTier tier,
        int priority,
        TierSubject subject,
        List<TierRule> ingress,
        List<TierRule> egress,
        SourceRef source,
        Map<String, Object> spec) {

    public static final int NO_PRIORITY = Integer.MAX_VALUE;

    /**
     * The order in which a tier's policies are checked: priority, then ClusterNetworkPolicy before
     * AdminNetworkPolicy (and every Baseline ClusterNetworkPolicy before the
     * BaselineAdminNetworkPolicy), then name. <b>(choice)</b> The API leaves equal priorities
     * undefined; NP-TIER-001 reports them.
     */
    public static final Comparator<ClusterPolicy> ORDER = Comparator.comparingInt(ClusterPolicy::priority)
            .thenComparing(ClusterPolicy::kind).thenComparing(ClusterPolicy::name);

    public ClusterPolicy {
        ingress = List.copyOf(ingress);
        egress = List.copyOf(egress);
        spec = spec == null ? PolicySpecs.derive(kind, tier, priority, subject, ingress, egress)
                : PolicySpecs.canonical(spec);
    }

    /** {@code ClusterNetworkPolicy/<name>}: how findings, explanations and diffs name it. */
    public String id() {
        return kind.name() + "/" + name;
    }

    public List<TierRule> rules(PolicyType direction) {
        return direction == PolicyType.INGRESS ? ingress : egress;
    }

    /** The field that holds a rule's ports: {@code protocols} (v1alpha2) or {@code ports} (v1alpha1). */
    public String portsField() {
        return kind == ClusterPolicyKind.ClusterNetworkPolicy ? "protocols" : "ports";
    }
}
