package dev.netpolauditor.model.cilium;

import java.util.List;

/** Cilium's own objects of a cluster in input order, and its {@code cilium-config} options. */
public record CiliumObjects(List<CiliumPolicy> policies, CiliumConfig config) {
    public static final CiliumObjects NONE = new CiliumObjects(List.of(), CiliumConfig.ABSENT);

    public CiliumObjects {
        policies = List.copyOf(policies);
    }
}
