package dev.netpolauditor.model.cilium;

import dev.netpolauditor.model.PolicyType;
import java.util.List;

/**
 * One rule of a Cilium policy ({@code spec}, or an element of {@code specs}): its subject
 * ({@code endpointSelector}; null for a host policy's {@code nodeSelector}, which is skipped,
 * NP-CIL-002), its allow and deny entries per direction, and {@code enableDefaultDeny} per
 * direction (null when absent). {@code path} is where it is in the object: empty for
 * {@code spec}, {@code specs[2]} for an element of {@code specs}.
 */
public record CiliumRule(String path, CiliumSelector endpointSelector, List<CiliumEntry> ingress,
        List<CiliumEntry> ingressDeny, List<CiliumEntry> egress, List<CiliumEntry> egressDeny,
        Boolean defaultDenyIngress, Boolean defaultDenyEgress) {
    public CiliumRule {
        ingress = List.copyOf(ingress);
        ingressDeny = List.copyOf(ingressDeny);
        egress = List.copyOf(egress);
        egressDeny = List.copyOf(egressDeny);
    }

    public boolean hostPolicy() {
        return endpointSelector == null;
    }

    public List<CiliumEntry> allows(PolicyType direction) {
        return direction == PolicyType.INGRESS ? ingress : egress;
    }

    public List<CiliumEntry> denies(PolicyType direction) {
        return direction == PolicyType.INGRESS ? ingressDeny : egressDeny;
    }

    /** The field of the allow entries of a direction: {@code ingress}, {@code egress}. */
    public static String allowField(PolicyType direction) {
        return direction == PolicyType.INGRESS ? "ingress" : "egress";
    }

    /** The field of the deny entries of a direction: {@code ingressDeny}, {@code egressDeny}. */
    public static String denyField(PolicyType direction) {
        return direction == PolicyType.INGRESS ? "ingressDeny" : "egressDeny";
    }

    /** {@code enableDefaultDeny} of a direction as written, or null. */
    public Boolean defaultDeny(PolicyType direction) {
        return direction == PolicyType.INGRESS ? defaultDenyIngress : defaultDenyEgress;
    }

    /** The location prefix of a field of this rule: {@code ingress[0]}, or {@code specs[2].ingress[0]}. */
    public String location(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }
}
