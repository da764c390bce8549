package dev.netpolauditor.analysis;

import dev.netpolauditor.analysis.rules.AdminOverride;
import dev.netpolauditor.analysis.rules.AllowAllEgressRule;
import dev.netpolauditor.analysis.rules.AllowAllIngressRule;
import dev.netpolauditor.analysis.rules.AnyNamespacePeer;
import dev.netpolauditor.analysis.rules.BothPlugins;
import dev.netpolauditor.analysis.rules.CalicoEqualOrder;
import dev.netpolauditor.analysis.rules.CalicoEqualTierOrder;
import dev.netpolauditor.analysis.rules.CalicoHttpRule;
import dev.netpolauditor.analysis.rules.CalicoLogOnlyTier;
import dev.netpolauditor.analysis.rules.CalicoMissingTier;
import dev.netpolauditor.analysis.rules.CalicoPassOnlyTier;
import dev.netpolauditor.analysis.rules.CalicoStagedPolicy;
import dev.netpolauditor.analysis.rules.CalicoUnmodelled;
import dev.netpolauditor.analysis.rules.CiliumCidrPods;
import dev.netpolauditor.analysis.rules.CiliumDenyIsolates;
import dev.netpolauditor.analysis.rules.CiliumDenyOverride;
import dev.netpolauditor.analysis.rules.CiliumEnforcementOff;
import dev.netpolauditor.analysis.rules.CiliumL7Rule;
import dev.netpolauditor.analysis.rules.CiliumRefused;
import dev.netpolauditor.analysis.rules.CiliumUnmodelled;
import dev.netpolauditor.analysis.rules.ClusterTierOnlyIsolation;
import dev.netpolauditor.analysis.rules.CrossTenantReach;
import dev.netpolauditor.analysis.rules.DanglingPeer;
import dev.netpolauditor.analysis.rules.EqualPriorities;
import dev.netpolauditor.analysis.rules.HostNetworkEndpoint;
import dev.netpolauditor.analysis.rules.IgnoredDirection;
import dev.netpolauditor.analysis.rules.NamespaceWithoutPolicies;
import dev.netpolauditor.analysis.rules.NoEgressBaseline;
import dev.netpolauditor.analysis.rules.NoIngressBaseline;
import dev.netpolauditor.analysis.rules.NonEnforcingClusterTierCni;
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
import dev.netpolauditor.analysis.rules.UnjustifiedRule;
import dev.netpolauditor.analysis.rules.WholeInternetPeer;
import dev.netpolauditor.analysis.rules.WidePortRange;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The findings catalog (findings.md): {@link #ALL}, the rules every audit runs, and the opt-in
 * NP-JUST-001, which runs only when justifications are enabled ({@link #of}).
 */
public final class FindingRules {
    private FindingRules() {}

    public static final List<FindingRule> ALL = List.of(
            new CalicoHttpRule(),
            new CalicoUnmodelled(),
            new CalicoMissingTier(),
            new CalicoEqualOrder(),
            new CalicoEqualTierOrder(),
            new CalicoLogOnlyTier(),
            new CalicoPassOnlyTier(),
            new CalicoStagedPolicy(),
            new CiliumL7Rule(),
            new CiliumUnmodelled(),
            new CiliumRefused(),
            new CiliumDenyOverride(),
            new CiliumDenyIsolates(),
            new CiliumCidrPods(),
            new NonEnforcingCni(),
            new NonEnforcingClusterTierCni(),
            new UnenforcedPluginGroup(),
            new CiliumEnforcementOff(),
            new BothPlugins(),
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

    /** Every rule of the catalog, the opt-in NP-JUST-001 last: what a rule id may name. */
    public static final List<FindingRule> CATALOG = java.util.stream.Stream.concat(ALL.stream(),
            java.util.stream.Stream.of(UnjustifiedRule.CATALOG)).toList();

    private static final Map<String, FindingRule> BY_ID = CATALOG.stream()
            .collect(Collectors.toUnmodifiableMap(FindingRule::id, r -> r));

    /**
     * The rules an audit under {@code settings} runs: {@link #ALL}, and NP-JUST-001 judging with the
     * settings' justifications when they are enabled. Null settings (unknown) run {@link #ALL}.
     */
    public static List<FindingRule> of(AnalysisSettings settings) {
        if (settings == null || !settings.justifications().required()) {
            return ALL;
        }
        return java.util.stream.Stream.concat(ALL.stream(),
                java.util.stream.Stream.of(new UnjustifiedRule(settings.justifications()))).toList();
    }

    /** A rule of the {@link #CATALOG} by id. */
    public static Optional<FindingRule> byId(String id) {
        return Optional.ofNullable(BY_ID.get(id));
    }

    /**
     * The subject whose text a finding of {@code rule} stored: the catalog says its kind.
     *
     * @throws IllegalArgumentException for a rule the catalog does not hold or a text not of its kind
     */
    public static FindingSubject subject(String rule, String text) {
        FindingRule known = BY_ID.get(rule);
        if (known == null) {
            throw new IllegalArgumentException("no rule " + rule + " in the findings catalog");
        }
        return known.subjectKind().read(text);
    }
}
