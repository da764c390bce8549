package dev.netpolauditor.model.cilium;

import dev.netpolauditor.model.LabelSelector;
import java.util.Map;

/**
 * A Cilium endpoint selector: a label selector whose keys may carry a source prefix
 * ({@code k8s:}, {@code any:}: as none; another, like {@code reserved:}, matches no pod
 * <b>(choice)</b>). {@code selector} holds the keys without the {@code k8s:}/{@code any:}
 * prefix; {@code otherSource} is true when a key has another source, and then nothing matches.
 */
public record CiliumSelector(LabelSelector selector, boolean otherSource) {
    public static final CiliumSelector EVERYTHING = new CiliumSelector(LabelSelector.EVERYTHING, false);

    /** The namespace label key Cilium gives every pod. */
    public static final String NAMESPACE = "io.kubernetes.pod.namespace";
    /** The prefix of the keys Cilium gives a pod for each label of its namespace. */
    public static final String NAMESPACE_LABELS = "io.cilium.k8s.namespace.labels.";
    public static final String SERVICE_ACCOUNT = "io.cilium.k8s.policy.serviceaccount";
    public static final String CLUSTER = "io.cilium.k8s.policy.cluster";

    /** {@code {}}: every endpoint in scope. */
    public boolean isEmpty() {
        return !otherSource && selector.isEmpty();
    }

    /** Whether the selector names a namespace, which lifts the implicit one of a CiliumNetworkPolicy peer. */
    public boolean namesNamespace() {
        return selector.keys().stream().anyMatch(k -> k.equals(NAMESPACE) || k.startsWith(NAMESPACE_LABELS));
    }

    /** Whether a pod with these Cilium labels matches. */
    public boolean matches(Map<String, String> labels) {
        return !otherSource && selector.matches(labels);
    }
}
