package dev.netpolauditor.model.cilium;

import dev.netpolauditor.model.Labels;
import dev.netpolauditor.model.SourceRef;
import java.util.Map;

/**
 * The {@code cilium-config} ConfigMap's options that matter to policy (cni-policies.md, "Which
 * kinds count"), all strings as Cilium reads them; {@link #ABSENT} when none is given.
 */
public record CiliumConfig(String namespace, Map<String, String> data, SourceRef source) {
    public static final CiliumConfig ABSENT = new CiliumConfig(null, Map.of(), SourceRef.NONE);
    public static final String ENABLE_POLICY = "enable-policy";
    public static final String ENABLE_K8S_NETWORK_POLICY = "enable-k8s-networkpolicy";
    public static final String ENABLE_NON_DEFAULT_DENY = "enable-non-default-deny-policies";
    public static final String CIDR_MATCH_MODE = "policy-cidr-match-mode";
    public static final String NODE_SELECTOR_LABELS = "enable-node-selector-labels";
    public static final String CLUSTER_NAME = "cluster-name";
    public static final String CLUSTER_NETWORK_POLICY = "enable-k8s-cluster-network-policy";

    public CiliumConfig {
        data = Labels.copy(data);
    }

    public boolean given() {
        return namespace != null;
    }

    /** {@code enable-policy}: {@code default}, {@code always} or {@code never}. */
    public EnforcementMode enforcement() {
        return switch (data.getOrDefault(ENABLE_POLICY, "default")) {
            case "always" -> EnforcementMode.ALWAYS;
            case "never" -> EnforcementMode.NEVER;
            default -> EnforcementMode.DEFAULT;
        };
    }

    /** {@code enable-k8s-networkpolicy}: only {@code "false"} makes Cilium ignore v1 NetworkPolicies. */
    public boolean enforcesNetworkPolicies() {
        return !"false".equals(data.get(ENABLE_K8S_NETWORK_POLICY));
    }

    /** {@code enable-non-default-deny-policies}: default true <b>(choice)</b>. */
    public boolean nonDefaultDenyPolicies() {
        return !"false".equals(data.get(ENABLE_NON_DEFAULT_DENY));
    }

    /** {@code policy-cidr-match-mode} contains {@code pods}: CIDR rules match pods by address. */
    public boolean cidrMatchesPods() {
        String mode = data.getOrDefault(CIDR_MATCH_MODE, "");
        for (String part : mode.split("[,\\s]+")) {
            if (part.equals("pods")) {
                return true;
            }
        }
        return false;
    }

    /** {@code enable-node-selector-labels}: node peers are accepted only with it. */
    public boolean nodeSelectorLabels() {
        return "true".equals(data.get(NODE_SELECTOR_LABELS));
    }

    /** {@code cluster-name}, {@code default} when absent <b>(choice)</b>. */
    public String clusterName() {
        String name = data.get(CLUSTER_NAME);
        return name == null || name.isEmpty() ? "default" : name;
    }

    /** {@code enable-k8s-cluster-network-policy}: default false, true without a {@code cilium-config} <b>(choice)</b>. */
    public boolean enforcesClusterNetworkPolicies() {
        return given() ? "true".equals(data.get(CLUSTER_NETWORK_POLICY)) : true;
    }

    /** Cilium's {@code enable-policy} modes. */
    public enum EnforcementMode {
        DEFAULT, ALWAYS, NEVER
    }
}
