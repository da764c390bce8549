package dev.netpolauditor.analysis;

import dev.netpolauditor.analysis.rules.AdminOverride;
import dev.netpolauditor.analysis.rules.AllowAllEgressRule;
import dev.netpolauditor.analysis.rules.AllowAllIngressRule;
import dev.netpolauditor.analysis.rules.AnyNamespacePeer;
import dev.netpolauditor.analysis.rules.ClusterTierOnlyIsolation;
import dev.netpolauditor.analysis.rules.CrossTenantReach;
import dev.netpolauditor.analysis.rules.DanglingPeer;
import dev.netpolauditor.analysis.rules.EqualPriorities;
import dev.netpolauditor.analysis.rules.HostNetworkEndpoint;
import dev.netpolauditor.analysis.rules.IgnoredDirection;
import dev.netpolauditor.analysis.rules.NamespaceWithoutPolicies;
import dev.netpolauditor.analysis.rules.NoEgressBaseline;
import dev.netpolauditor.analysis.rules.NonEnforcingClusterTierCni;
import dev.netpolauditor.analysis.rules.NoIngressBaseline;
import dev.netpolauditor.analysis.rules.NonEnforcingCni;
import dev.netpolauditor.analysis.rules.PeersWithoutPorts;
import dev.netpolauditor.analysis.rules.PolicySelectsNothing;
import dev.netpolauditor.analysis.rules.PortsWithoutPeers;
import dev.netpolauditor.analysis.rules.ShadowedTierRule;
import dev.netpolauditor.analysis.rules.UnanalysedPeer;
import dev.netpolauditor.analysis.rules.UndefinedNamedPort;
import dev.netpolauditor.analysis.rules.UnenforcedPluginGroup;
import dev.netpolauditor.analysis.rules.UnisolatedEgress;
import dev.netpolauditor.analysis.rules.UnisolatedIngress;
import dev.netpolauditor.analysis.rules.UnisolatedTenantNamespace;
import dev.netpolauditor.analysis.rules.WholeInternetPeer;
import dev.netpolauditor.analysis.rules.WidePortRange;
import java.util.List;
import java.util.Optional;

/** The findings catalog (findings.md), in rule id order. */
public final class FindingRules {
    private FindingRules() {}

    public static final List<FindingRule> ALL = List.of(
            new NonEnforcingCni(),
            new NonEnforcingClusterTierCni(),
            new UnenforcedPluginGroup(),
            new UnisolatedIngress(),
            new UnisolatedEgress(),
            new NoIngressBaseline(),
            new NoEgressBaseline(),
            new NamespaceWithoutPolicies(),
            new PolicySelectsNothing(),
            new DanglingPeer(),
            new HostNetworkEndpoint(),
            new UndefinedNamedPort(),
            new IgnoredDirection(),
            new AllowAllIngressRule(),
            new AllowAllEgressRule(),
            new AnyNamespacePeer(),
            new WholeInternetPeer(),
            new PeersWithoutPorts(),
            new WidePortRange(),
            new PortsWithoutPeers(),
            new CrossTenantReach(),
            new UnisolatedTenantNamespace(),
            new EqualPriorities(),
            new ClusterTierOnlyIsolation(),
            new AdminOverride(),
            new ShadowedTierRule(),
            new UnanalysedPeer());

    public static Optional<FindingRule> byId(String id) {
        return ALL.stream().filter(r -> r.id().equals(id)).findFirst();
    }
}
