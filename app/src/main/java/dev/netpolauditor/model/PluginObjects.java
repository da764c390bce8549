package dev.netpolauditor.model;

import dev.netpolauditor.model.calico.CalicoObjects;
import dev.netpolauditor.model.calico.CalicoPolicy;
import dev.netpolauditor.model.calico.CalicoTier;
import dev.netpolauditor.model.calico.NetworkSet;
import dev.netpolauditor.model.calico.StagedPolicy;
import dev.netpolauditor.model.cilium.CiliumConfig;
import dev.netpolauditor.model.cilium.CiliumObjects;
import dev.netpolauditor.model.cilium.CiliumPolicy;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What the network plugins add to a cluster state (cni-policies.md): which plugins are known
 * to run (their kinds count), their objects (empty for a plugin not known), the ServiceAccounts
 * (read when a plugin is known), and the API groups whose objects were skipped because their
 * plugin is not known.
 */
public record PluginObjects(Set<NetworkPlugin> known, List<SkippedGroup> skipped, CalicoObjects calico,
        CiliumObjects cilium, List<ServiceAccount> serviceAccounts) {
    public static final PluginObjects NONE = new PluginObjects(Set.of(), List.of());

    public PluginObjects {
        known = known.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(known));
        skipped = List.copyOf(skipped);
        calico = calico == null ? CalicoObjects.NONE : calico;
        cilium = cilium == null ? CiliumObjects.NONE : cilium;
        serviceAccounts = List.copyOf(serviceAccounts);
    }

    /** Known plugins and skipped groups, no objects. */
    public PluginObjects(Set<NetworkPlugin> known, List<SkippedGroup> skipped) {
        this(known, skipped, CalicoObjects.NONE, CiliumObjects.NONE, List.of());
    }

    /** The same objects, each with no source (objects read back from the store come from nowhere in particular). */
    public PluginObjects withoutSources() {
        return new PluginObjects(known, skipped, new CalicoObjects(
                calico.tiers().stream().map(t -> new CalicoTier(t.name(), t.order(), t.defaultAction(), SourceRef.NONE,
                        t.spec())).toList(),
                calico.policies().stream().map(x -> new CalicoPolicy(x.kind(), x.namespace(), x.name(), x.tier(),
                        x.order(), x.selector(), x.namespaceSelector(), x.serviceAccountSelector(), x.types(),
                        x.ingress(), x.egress(), x.doNotTrack(), x.preDNAT(), x.applyOnForward(), SourceRef.NONE,
                        x.spec())).toList(),
                calico.networkSets().stream().map(n -> new NetworkSet(n.namespace(), n.name(), n.labels(), n.nets(),
                        SourceRef.NONE, n.spec())).toList(),
                calico.staged().stream().map(x -> new StagedPolicy(x.kind(), x.namespace(), x.name(), x.tier(),
                        SourceRef.NONE, x.spec())).toList()),
                new CiliumObjects(cilium.policies().stream().map(x -> new CiliumPolicy(x.namespace(), x.name(),
                        x.rules(), x.refusal(), SourceRef.NONE, x.spec())).toList(),
                        cilium.config().given() ? new CiliumConfig(cilium.config().namespace(), cilium.config().data(),
                                SourceRef.NONE) : CiliumConfig.ABSENT),
                serviceAccounts.stream().map(a -> new ServiceAccount(a.namespace(), a.name(), a.labels(),
                        SourceRef.NONE)).toList());
    }

    public boolean knows(NetworkPlugin plugin) {
        return known.contains(plugin);
    }

    /** Whether the analysis reads any plugin's own model: some plugin is known. */
    public boolean any() {
        return !known.isEmpty();
    }
}
