package dev.netpolauditor.model.calico;

/** The two Calico policy kinds: a namespaced NetworkPolicy and a cluster-scoped GlobalNetworkPolicy. */
public enum CalicoPolicyKind {
    /** {@code projectcalico.org/v3} NetworkPolicy; named {@code CalicoNetworkPolicy/<ns>/<name>} in output. */
    NETWORK_POLICY("CalicoNetworkPolicy", "NetworkPolicy"),
    GLOBAL_NETWORK_POLICY("GlobalNetworkPolicy", "GlobalNetworkPolicy");

    private final String outputKind;
    private final String calicoKind;

    CalicoPolicyKind(String outputKind, String calicoKind) {
        this.outputKind = outputKind;
        this.calicoKind = calicoKind;
    }

    /** How findings, explanations and diffs name the kind. */
    public String outputKind() {
        return outputKind;
    }

    /** How Calico names the kind (in its policy order and its API). */
    public String calicoKind() {
        return calicoKind;
    }
}
