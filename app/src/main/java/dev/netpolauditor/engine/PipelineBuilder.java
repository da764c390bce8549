package dev.netpolauditor.engine;

import dev.netpolauditor.model.ClusterPolicyKind;
import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.model.IpAddress;
import dev.netpolauditor.model.Namespace;
import dev.netpolauditor.model.NetworkPlugin;
import dev.netpolauditor.model.PolicyTier;
import dev.netpolauditor.model.PolicyType;
import dev.netpolauditor.model.PortSet;
import dev.netpolauditor.model.Protocol;
import dev.netpolauditor.model.RuleAction;
import dev.netpolauditor.model.ServiceAccount;
import dev.netpolauditor.model.calico.CalicoAction;
import dev.netpolauditor.model.calico.CalicoPolicy;
import dev.netpolauditor.model.calico.CalicoPort;
import dev.netpolauditor.model.calico.CalicoRule;
import dev.netpolauditor.model.calico.CalicoSelector;
import dev.netpolauditor.model.calico.CalicoTier;
import dev.netpolauditor.model.calico.EntityRule;
import dev.netpolauditor.model.calico.NetworkSet;
import dev.netpolauditor.model.cilium.CiliumConfig;
import dev.netpolauditor.model.cilium.CiliumEntity;
import dev.netpolauditor.model.cilium.CiliumEntry;
import dev.netpolauditor.model.cilium.CiliumPeer;
import dev.netpolauditor.model.cilium.CiliumPolicy;
import dev.netpolauditor.model.cilium.CiliumPort;
import dev.netpolauditor.model.cilium.CiliumPortRule;
import dev.netpolauditor.model.cilium.CiliumRule;
import dev.netpolauditor.model.cilium.CiliumSelector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntPredicate;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Builds the {@link Pipeline}s of a compiled cluster: for each model that decides its sides
 * (cni-policies.md) and each direction, the steps in order with every rule decided once per member
 * group. The Kubernetes tiers are Admin (first match, Pass on), the NetworkPolicies (a union; what
 * it does not admit is denied where they isolate) and Baseline; Calico's tiers are first-match
 * steps ordered by {@code order}, each ending in its {@code defaultAction}, with the v1 and
 * cluster-tier policies placed in {@code default}, {@code kube-admin} and {@code kube-baseline};
 * Cilium's pool is a deny step (deny wins) and a union of allow entries and v1 rules, between the
 * Admin and Baseline tiers.
 */
final class PipelineBuilder {
    private static final PortSet TCP_UDP_SCTP = PortSet.ALL;

    private final ClusterState cluster;
    private final List<MemberGroup> groups;
    private final Map<String, Namespace> namespaces;
    private final Map<String, int[]> namespaceGroups;
    private final Function<AddressMatch, int[]> addressed;
    private final List<CompiledPolicy> policies;
    private final List<CompiledClusterPolicy> clusterPolicies;
    private final int signatures;
    private final int words;
    /** The ids of the rules whose use is recorded, in order; the cluster-tier rules' come first (their own ids). */
    private final List<RuleRef> usage;
    private final Map<String, Map<String, String>> accountLabels = new HashMap<>();
    private final Map<Integer, Map<String, String>> ciliumViews = new HashMap<>();
    private final Map<Object, int[]> selections = new HashMap<>();
    /** The member groups, and the namespaces (in {@code rangeOrder}), by label: built when a Calico selector first asks. */
    private LabelIndex groupIndex;
    private LabelIndex namespaceIndex;
    private String[] rangeOrder;
    /** Per member group, the end (exclusive) of its namespace's range of member group ids. */
    private final int[] namespaceEnd;

    PipelineBuilder(ClusterState cluster, List<MemberGroup> groups, Map<String, Namespace> namespaces,
            Map<String, int[]> namespaceGroups, Function<AddressMatch, int[]> addressed, List<CompiledPolicy> policies,
            List<CompiledClusterPolicy> clusterPolicies, int signatures, List<RuleRef> usage) {
        this.cluster = cluster;
        this.groups = groups;
        this.namespaces = namespaces;
        this.namespaceGroups = namespaceGroups;
        this.addressed = addressed;
        this.policies = policies;
        this.clusterPolicies = clusterPolicies;
        this.signatures = signatures;
        this.words = (groups.size() + 63) >>> 6;
        this.usage = usage;
        for (ServiceAccount sa : cluster.plugins().serviceAccounts()) {
            accountLabels.put(sa.namespace() + "/" + sa.name(), sa.labels());
        }
        this.namespaceEnd = new int[groups.size()];
        for (int[] range : namespaceGroups.values()) {
            Arrays.fill(namespaceEnd, range[0], range[1], range[1]);
        }
    }

    /** The models that decide the cluster's sides: the plugins known (Calico first), else the Kubernetes tiers. */
    static List<SideModel> models(ClusterState cluster) {
        List<SideModel> out = new ArrayList<>();
        if (cluster.plugins().knows(NetworkPlugin.CALICO)) {
            out.add(SideModel.CALICO);
        }
        if (cluster.plugins().knows(NetworkPlugin.CILIUM)) {
            out.add(SideModel.CILIUM);
        }
        return out.isEmpty() ? List.of(SideModel.KUBERNETES) : List.copyOf(out);
    }

    Pipeline build(SideModel model, PolicyType direction) {
        return switch (model) {
            case KUBERNETES -> kubernetes(direction);
            case CALICO -> calico(direction);
            case CILIUM -> cilium(direction);
        };
    }

    // ------------------------------------------------------------------ the Kubernetes tiers

    private Pipeline kubernetes(PolicyType direction) {
        List<StepRule> owner = ownerRules(direction, ownerDecider(null));
        long[] isolated = ownerIsolated(direction);
        List<Step> steps = new ArrayList<>();
        steps.add(clusterTier(PolicyTier.ADMIN, direction));
        steps.add(new Step("NetworkPolicy", true, owner, isolated, false, true,
                new SideExplanation.Decider.NetworkPolicies(true), new SideExplanation.Decider.NetworkPolicies(false),
                true, ownerPolicies(direction)));
        steps.add(clusterTier(PolicyTier.BASELINE, direction));
        return new Pipeline(SideModel.KUBERNETES, direction, steps, groups.size(), owner, isolated);
    }

    private static Function<RuleRef, SideExplanation.Decider> ownerDecider(String tier) {
        return ref -> tier == null ? null : new SideExplanation.Decider.TierRule(ref, tier, RuleAction.ACCEPT);
    }

    /** The v1 NetworkPolicies' rules of a direction, of the policies that govern it, in input order. */
    private List<StepRule> ownerRules(PolicyType direction, Function<RuleRef, SideExplanation.Decider> decider) {
        List<StepRule> out = new ArrayList<>();
        for (CompiledPolicy p : policies) {
            if (!p.governs(direction) || p.selected().length == 0) {
                continue;
            }
            for (CompiledRule r : p.rules(direction)) {
                out.add(new StepRule(r, RuleAction.ACCEPT, p.selected(), r.ref, -1, false, decider.apply(r.ref),
                        p.id()));
            }
        }
        return out;
    }

    private List<Step.Policy> ownerPolicies(PolicyType direction) {
        List<Step.Policy> out = new ArrayList<>();
        for (CompiledPolicy p : policies) {
            if (p.governs(direction)) {
                out.add(new Step.Policy(p.id(), p.selected()));
            }
        }
        return out;
    }

    private long[] ownerIsolated(PolicyType direction) {
        long[] bits = new long[words];
        for (CompiledPolicy p : policies) {
            if (p.governs(direction)) {
                set(bits, p.selected());
            }
        }
        return bits;
    }

    /** The Admin or Baseline tier of the Kubernetes and Cilium models: first match, Pass on, nothing decided goes on. */
    private Step clusterTier(PolicyTier tier, PolicyType direction) {
        List<StepRule> rules = new ArrayList<>();
        List<Step.Policy> members = new ArrayList<>();
        for (CompiledClusterPolicy p : clusterPolicies) {
            if (p.source().tier() != tier || p.rules(direction).isEmpty()) {
                continue;
            }
            members.add(new Step.Policy(p.id(), p.selected()));
            for (CompiledTierRule r : p.rules(direction)) {
                rules.add(new StepRule(r, r.action, p.selected(), r.ref, r.id,
                        tier == PolicyTier.ADMIN && r.action == RuleAction.ACCEPT,
                        new SideExplanation.Decider.ClusterRule(r.ref, tier, r.action), p.id()));
            }
        }
        return new Step(tier.wireName(), false, rules, null, false, false, null, null, false, members);
    }

    // ------------------------------------------------------------------ Calico's tier walk

    /** A policy of a Calico tier: its order (null: last), Calico's tie-break key, and its rules of the direction. */
    private record Placed(Double order, String key, String id, int[] selected, boolean governs, List<StepRule> rules) {}

    private Pipeline calico(PolicyType direction) {
        Map<String, CalicoTier> tiers = cluster.plugins().calico().tiersByName();
        List<CalicoTier> ordered = cluster.plugins().calico().walk();
        int defaultRank = ordered.indexOf(tiers.get(CalicoTier.DEFAULT));
        Map<String, List<Placed>> byTier = new LinkedHashMap<>();
        for (CalicoTier t : ordered) {
            byTier.put(t.name(), new ArrayList<>());
        }
        for (CalicoPolicy p : cluster.plugins().calico().policies()) {
            if (p.hostEndpointsOnly()) {
                continue; // applies to host endpoints only: not modelled (NP-CAL-002)
            }
            int rank = ordered.indexOf(tiers.get(p.tier()));
            boolean beforeOwner = rank < defaultRank || (rank == defaultRank && p.order() != null && p.order() < 1000);
            int[] selected = calicoSelected(p);
            boolean governs = p.effectiveTypes().contains(direction);
            List<StepRule> rules = governs ? calicoRules(p, direction, selected, p.tier(), beforeOwner)
                    : List.of();
            byTier.get(p.tier()).add(new Placed(p.order(), p.name() + "/" + (p.namespace() == null ? "" : p.namespace())
                    + "/" + p.kind().calicoKind(), p.id(), selected, governs, rules));
        }
        List<StepRule> owner = ownerRules(direction, ownerDecider(CalicoTier.DEFAULT_ID));
        Map<String, List<StepRule>> ownerByPolicy = new HashMap<>();
        for (StepRule r : owner) {
            ownerByPolicy.computeIfAbsent(r.policy(), k -> new ArrayList<>()).add(r);
        }
        for (CompiledPolicy p : policies) {
            if (p.selected().length == 0) {
                continue;
            }
            List<StepRule> rules = ownerByPolicy.getOrDefault(p.id(), List.of());
            byTier.get(CalicoTier.DEFAULT).add(new Placed(1000.0, p.source().name() + "/" + p.source().namespace()
                    + "/KubernetesNetworkPolicy", p.id(), p.selected(), p.governs(direction), rules));
        }
        for (CompiledClusterPolicy p : clusterPolicies) {
            String tier = p.source().tier() == PolicyTier.ADMIN ? CalicoTier.KUBE_ADMIN : CalicoTier.KUBE_BASELINE;
            double order = p.source().kind() == ClusterPolicyKind.BaselineAdminNetworkPolicy ? 1000
                    : p.source().priority();
            String kind = switch (p.source().kind()) {
                case ClusterNetworkPolicy -> "KubernetesClusterNetworkPolicy";
                case AdminNetworkPolicy -> "KubernetesAdminNetworkPolicy";
                case BaselineAdminNetworkPolicy -> "KubernetesBaselineAdminNetworkPolicy";
            };
            List<StepRule> rules = new ArrayList<>();
            for (CompiledTierRule r : p.rules(direction)) {
                rules.add(new StepRule(r, r.action, p.selected(), r.ref, r.id,
                        tier.equals(CalicoTier.KUBE_ADMIN) && r.action == RuleAction.ACCEPT,
                        new SideExplanation.Decider.TierRule(r.ref, "Tier/" + tier, r.action), p.id()));
            }
            byTier.get(tier).add(new Placed(order, p.source().name() + "//" + kind, p.id(), p.selected(),
                    !p.rules(direction).isEmpty(), rules));
        }
        List<Step> steps = new ArrayList<>();
        for (CalicoTier t : ordered) {
            List<Placed> placed = byTier.get(t.name());
            placed.sort(Comparator.comparing((Placed x) -> x.order() == null ? Double.POSITIVE_INFINITY : x.order())
                    .thenComparing(Placed::key));
            long[] applies = new long[words];
            List<StepRule> rules = new ArrayList<>();
            List<Step.Policy> members = new ArrayList<>();
            for (Placed x : placed) {
                if (x.governs()) {
                    set(applies, x.selected());
                    members.add(new Step.Policy(x.id(), x.selected()));
                    rules.addAll(x.rules());
                }
            }
            if (members.isEmpty()) {
                continue; // applies to nothing: no step
            }
            steps.add(new Step(t.id(), false, rules, applies, false, t.defaultAction() == CalicoTier.TierDefault.DENY,
                    null, new SideExplanation.Decider.TierDefault(t.id()), false, members));
        }
        return new Pipeline(SideModel.CALICO, direction, steps, groups.size(), owner, ownerIsolated(direction));
    }

    /** Tiers by order (absent last), then name. */
    /** The member groups a Calico policy selects. */
    int[] calicoSelected(CalicoPolicy p) {
        return selection(List.of("calico-policy", p.kind(), String.valueOf(p.namespace()), p.selector(),
                String.valueOf(p.namespaceSelector()), String.valueOf(p.serviceAccountSelector())),
                () -> narrowest(podsMatching(p.selector()), p.namespace() != null ? groupsOf(p.namespace())
                        : groupsOfNamespacesMatching(p.namespaceSelector())),
                namespace -> (p.namespace() == null || namespace.equals(p.namespace()))
                        && (p.namespaceSelector() == null || p.namespaceSelector().matches(namespaceView(namespace))),
                g -> {
                    MemberGroup m = groups.get(g);
                    return p.selector().matches(calicoView(m))
                            && (p.serviceAccountSelector() == null
                                    || p.serviceAccountSelector().matches(accountView(m)));
                });
    }

    private List<StepRule> calicoRules(CalicoPolicy p, PolicyType direction, int[] selected, String tier,
            boolean beforeOwner) {
        List<StepRule> out = new ArrayList<>();
        List<CalicoRule> rules = p.rules(direction);
        for (int i = 0; i < rules.size(); i++) {
            CalicoRule r = rules.get(i);
            RuleRef ref = new RuleRef(p.id(), direction, i);
            if (r.action() == CalicoAction.LOG) {
                continue; // no verdict: the next rule
            }
            RuleAction action = switch (r.action()) {
                case ALLOW -> RuleAction.ACCEPT;
                case DENY -> RuleAction.DENY;
                default -> RuleAction.PASS;
            };
            int id = usage.size();
            usage.add(ref);
            boolean overrides = beforeOwner && (action == RuleAction.ACCEPT
                    || (action == RuleAction.PASS && tier.equals(CalicoTier.DEFAULT)));
            SideExplanation.Decider decider = new SideExplanation.Decider.TierRule(ref, "Tier/" + tier, action);
            PortSet mask = calicoPortMask(r);
            if (mask.isEmpty() || r.icmp() != null || r.source().services() != null
                    || r.destination().services() != null) {
                continue; // matches no connection of the model
            }
            EntityRule self = direction == PolicyType.INGRESS ? r.destination() : r.source();
            EntityRule other = direction == PolicyType.INGRESS ? r.source() : r.destination();
            int[] subjects = intersect(selected, entityGroups(self, p));
            int[] peers = entityGroups(other, p);
            Predicate<IpAddress> ips = entityIps(other, p);
            if (r.ipVersion() != null) {
                boolean v4 = r.ipVersion() == 4;
                Predicate<IpAddress> family = a -> a.isV4() == v4;
                int[] inFamily = addressed.apply(AddressMatch.family(v4));
                int[] unaddressed = complement(union(addressed.apply(AddressMatch.family(true)),
                        addressed.apply(AddressMatch.family(false))));
                int[][] variants = {
                    intersect(subjects, unaddressed), peers,
                    intersect(subjects, inFamily), intersect(peers, union(inFamily, unaddressed)),
                    intersect(subjects, minus(complement(unaddressed), inFamily)), intersect(peers, unaddressed)};
                for (int v = 0; v < variants.length; v += 2) {
                    if (variants[v].length > 0) {
                        out.add(new StepRule(calicoMatch(r, variants[v + 1], ips.and(family), mask), action,
                                variants[v], ref, id, overrides, decider, p.id()));
                    }
                }
                continue;
            }
            out.add(new StepRule(calicoMatch(r, peers, ips, mask), action, subjects, ref, id, overrides, decider,
                    p.id()));
        }
        return out;
    }

    /** The ports of the rule's protocols ({@code protocol}, else TCP/UDP/SCTP, less {@code notProtocol}). */
    private static PortSet calicoPortMask(CalicoRule r) {
        PortSet mask;
        if (r.protocol() != null) {
            Protocol p = r.protocol().modelled();
            mask = p == null ? PortSet.EMPTY : PortSet.allOf(p);
        } else {
            mask = TCP_UDP_SCTP;
        }
        if (r.notProtocol() != null && r.notProtocol().modelled() != null) {
            mask = mask.minus(PortSet.allOf(r.notProtocol().modelled()));
        }
        return mask;
    }

    private PluginRuleMatch calicoMatch(CalicoRule r, int[] peers, Predicate<IpAddress> ips, PortSet protocols) {
        List<Protocol> each = new ArrayList<>();
        for (Protocol p : Protocol.values()) {
            if (!protocols.intersect(PortSet.allOf(p)).isEmpty()) {
                each.add(p);
            }
        }
        EntityRule d = r.destination();
        PortSet fixed = d.ports().isEmpty() ? protocols : PortSet.EMPTY;
        List<PluginRuleMatch.NamedPort> named = new ArrayList<>();
        for (CalicoPort port : d.ports()) {
            switch (port) {
                case CalicoPort.Range range -> {
                    for (Protocol p : each) {
                        fixed = fixed.union(PortSet.range(p, range.first(), range.last()));
                    }
                }
                case CalicoPort.Named n -> named.add(new PluginRuleMatch.NamedPort(n.name(), each));
            }
        }
        PortSet mask = protocols;
        List<PluginRuleMatch.NamedPort> excluded = new ArrayList<>();
        for (CalicoPort port : d.notPorts()) {
            switch (port) {
                case CalicoPort.Range range -> {
                    for (Protocol p : each) {
                        mask = mask.minus(PortSet.range(p, range.first(), range.last()));
                    }
                }
                case CalicoPort.Named n -> excluded.add(new PluginRuleMatch.NamedPort(n.name(), each));
            }
        }
        return new PluginRuleMatch(false, peers, ips, fixed, named, mask, excluded, signatures);
    }

    /** The member groups one side's criteria let through (cni-policies.md, "Calico: selection and rules"). */
    int[] entityGroups(EntityRule e, CalicoPolicy p) {
        if (e.services() != null) {
            return new int[0];
        }
        boolean endpoints = e.selectsEndpoints(!p.global());
        int[] inNets = e.nets().isEmpty() ? null : addressed.apply(new AddressMatch(e.nets(), List.of(), true));
        int[] inNotNets = e.notNets().isEmpty() ? null
                : addressed.apply(new AddressMatch(e.notNets(), List.of(), true));
        return selection(List.of("calico-entity", e, String.valueOf(p.namespace()), p.global()),
                () -> endpoints ? narrowest(podsMatching(e.selector()), inScope(e, p)) : null, namespace -> !endpoints || inScope(e, p, namespace), g -> {
            MemberGroup m = groups.get(g);
            if (inNets != null && Arrays.binarySearch(inNets, g) < 0) {
                return false;
            }
            if (inNotNets != null && Arrays.binarySearch(inNotNets, g) >= 0) {
                return false;
            }
            if (endpoints) { // in scope: its namespace passed
                Function<String, String> view = calicoView(m);
                if (e.selector() != null && !e.selector().matches(view)) {
                    return false;
                }
                if (e.serviceAccounts() != null) {
                    if (!e.serviceAccounts().names().isEmpty() && !e.serviceAccounts().names().contains(m.serviceAccount())) {
                        return false;
                    }
                    if (e.serviceAccounts().selector() != null && !e.serviceAccounts().selector().matches(accountView(m))) {
                        return false;
                    }
                }
            }
            return e.notSelector() == null || !e.notSelector().matches(calicoView(m));
        });
    }

    /** A sorted superset of the member groups in a side's scope of namespaces (null: not narrowed). */
    private int[] inScope(EntityRule e, CalicoPolicy p) {
        if (e.namespaceSelector() == null) {
            return p.global() ? null : groupsOf(p.namespace());
        }
        if (e.namespaceSelector() instanceof CalicoSelector.Global) {
            return new int[0]; // global(): the global network sets only
        }
        return groupsOfNamespacesMatching(e.namespaceSelector());
    }

    /** Whether pods (or network sets) of a namespace are in a side's scope. */
    private boolean inScope(EntityRule e, CalicoPolicy p, String namespace) {
        if (e.namespaceSelector() == null) {
            return p.global() || namespace.equals(p.namespace());
        }
        if (e.namespaceSelector() instanceof CalicoSelector.Global) {
            return false; // global(): the global network sets only
        }
        return e.namespaceSelector().matches(namespaceView(namespace));
    }

    /** The network sets one side's selection matches (in its scope and matching its selector). */
    List<NetworkSet> entitySets(EntityRule e, CalicoPolicy p) {
        List<NetworkSet> out = new ArrayList<>();
        if (e.services() != null || !e.selectsEndpoints(!p.global())) {
            return out;
        }
        for (NetworkSet set : cluster.plugins().calico().networkSets()) {
            boolean scoped = e.namespaceSelector() instanceof CalicoSelector.Global ? set.global()
                    : e.namespaceSelector() != null ? !set.global() && e.namespaceSelector().matches(
                            namespaceView(set.namespace()))
                    : p.global() || p.namespace().equals(set.namespace());
            if (scoped && (e.selector() == null || e.selector().matches(setView(set)))) {
                out.add(set);
            }
        }
        return out;
    }

    /** Which IP endpoints one side's criteria let through: by their address, and the network sets they are in. */
    private Predicate<IpAddress> entityIps(EntityRule e, CalicoPolicy p) {
        if (e.services() != null) {
            return a -> false;
        }
        List<NetworkSet> inScope = new ArrayList<>();
        List<NetworkSet> excluded = new ArrayList<>();
        boolean endpoints = e.selectsEndpoints(!p.global());
        for (NetworkSet set : cluster.plugins().calico().networkSets()) {
            Function<String, String> view = setView(set);
            if (endpoints) {
                boolean scoped = e.namespaceSelector() instanceof CalicoSelector.Global ? set.global()
                        : e.namespaceSelector() != null ? !set.global() && e.namespaceSelector().matches(
                                namespaceView(set.namespace()))
                        : p.global() || p.namespace().equals(set.namespace());
                if (scoped && (e.selector() == null || e.selector().matches(view))) {
                    inScope.add(set);
                }
            }
            if (e.notSelector() != null && e.notSelector().matches(view)) {
                excluded.add(set);
            }
        }
        return a -> (e.nets().isEmpty() || e.nets().stream().anyMatch(c -> c.contains(a)))
                && e.notNets().stream().noneMatch(c -> c.contains(a))
                && (!endpoints || inScope.stream().anyMatch(s -> s.contains(a)))
                && excluded.stream().noneMatch(s -> s.contains(a));
    }

    /**
     * The labels a pod endpoint's selectors see in Calico: its own, overridden by
     * {@code projectcalico.org/namespace}, {@code /orchestrator} and {@code /serviceaccount}; for
     * keys it lacks, {@code pcns.} labels of its namespace and {@code pcsa.} labels of its account.
     */
    private Function<String, String> calicoView(MemberGroup m) {
        return key -> switch (key) {
            case "projectcalico.org/namespace" -> m.namespace();
            case "projectcalico.org/orchestrator" -> "k8s";
            case "projectcalico.org/serviceaccount" -> m.serviceAccount().length() < 63 ? m.serviceAccount() : null;
            default -> {
                String own = m.labels().get(key);
                if (own != null) {
                    yield own;
                }
                if (key.startsWith("pcns.")) {
                    yield namespaceView(m.namespace()).apply(key.substring("pcns.".length()));
                }
                if (key.startsWith("pcsa.")) {
                    yield accountView(m).apply(key.substring("pcsa.".length()));
                }
                yield null;
            }
        };
    }

    /** A namespace's labels and {@code projectcalico.org/name}, as a {@code namespaceSelector} sees them. */
    private Function<String, String> namespaceView(String namespace) {
        Namespace ns = namespaces.get(namespace);
        Map<String, String> labels = ns == null ? Map.of(Namespace.NAME_LABEL, namespace) : ns.labels();
        return key -> key.equals("projectcalico.org/name") ? namespace : labels.get(key);
    }

    /** A pod's account's labels and {@code projectcalico.org/name} (an account not given has no labels). */
    private Function<String, String> accountView(MemberGroup m) {
        Map<String, String> labels = accountLabels.getOrDefault(m.namespace() + "/" + m.serviceAccount(), Map.of());
        return key -> key.equals("projectcalico.org/name") ? m.serviceAccount() : labels.get(key);
    }

    /** A network set's labels; a namespaced one also {@code projectcalico.org/namespace} and its namespace's {@code pcns.} labels. */
    private Function<String, String> setView(NetworkSet set) {
        if (set.global()) {
            return set.labels()::get;
        }
        return key -> {
            if (key.equals("projectcalico.org/namespace")) {
                return set.namespace();
            }
            String own = set.labels().get(key);
            if (own != null || !key.startsWith("pcns.")) {
                return own;
            }
            return namespaceView(set.namespace()).apply(key.substring("pcns.".length()));
        };
    }

    // ------------------------------------------------------------------ Cilium's pool

    private Pipeline cilium(PolicyType direction) {
        CiliumConfig config = cluster.plugins().cilium().config();
        boolean v1 = config.enforcesNetworkPolicies();
        List<StepRule> owner = v1 ? ownerRules(direction, ownerDecider(null)) : List.of();
        long[] ownerIsolated = v1 ? ownerIsolated(direction) : new long[words];
        if (config.enforcement() == CiliumConfig.EnforcementMode.NEVER) {
            return new Pipeline(SideModel.CILIUM, direction, List.of(), groups.size(), owner, ownerIsolated);
        }
        long[] isolated = ownerIsolated.clone();
        if (config.enforcement() == CiliumConfig.EnforcementMode.ALWAYS) {
            fill(isolated, groups.size());
        }
        List<StepRule> denies = new ArrayList<>();
        List<StepRule> allows = new ArrayList<>(owner);
        List<Step.Policy> members = new ArrayList<>(v1 ? ownerPolicies(direction) : List.of());
        for (CiliumPolicy p : cluster.plugins().cilium().policies()) {
            if (!p.enforced()) {
                continue; // refused by the agent: none of its rules is enforced (NP-CIL-003)
            }
            for (CiliumRule rule : p.rules()) {
                if (rule.hostPolicy()) {
                    continue; // a host policy: not modelled (NP-CIL-002)
                }
                int[] subjects = ciliumSubjects(p, rule);
                if (CiliumIsolation.isolates(rule, direction, config)) {
                    set(isolated, subjects);
                    members.add(new Step.Policy(p.id(), subjects));
                }
                List<CiliumEntry> deny = rule.denies(direction);
                List<CiliumEntry> allow = rule.allows(direction);
                for (int i = 0; i < deny.size(); i++) {
                    RuleRef ref = new RuleRef(p.id(), direction, i, rule.location(CiliumRule.denyField(direction)));
                    denies.add(new StepRule(ciliumMatch(p, deny.get(i), config), RuleAction.DENY, subjects, ref, -1,
                            false, new SideExplanation.Decider.CiliumDeny(ref), p.id()));
                }
                for (int i = 0; i < allow.size(); i++) {
                    RuleRef ref = new RuleRef(p.id(), direction, i, rule.location(CiliumRule.allowField(direction)));
                    int id = -1;
                    if (p.clusterwide()) {
                        id = usage.size(); // clusterwide allow entries may override the namespace owner (NP-TIER-003)
                        usage.add(ref);
                    }
                    allows.add(new StepRule(ciliumMatch(p, allow.get(i), config), RuleAction.ACCEPT, subjects, ref, id,
                            p.clusterwide(), null, p.id()));
                }
            }
        }
        List<Step> steps = new ArrayList<>();
        steps.add(clusterTier(PolicyTier.ADMIN, direction));
        steps.add(new Step("Cilium deny", false, denies, null, false, false, null, null, false, List.of()));
        steps.add(new Step("Cilium", true, allows, isolated, true, true, new SideExplanation.Decider.Pool(true),
                new SideExplanation.Decider.Pool(false), true, members));
        steps.add(clusterTier(PolicyTier.BASELINE, direction));
        return new Pipeline(SideModel.CILIUM, direction, steps, groups.size(), owner, ownerIsolated);
    }

    /** The member groups a Cilium rule selects: in a CiliumNetworkPolicy only pods of its namespace. */
    int[] ciliumSubjects(CiliumPolicy p, CiliumRule rule) {
        CiliumSelector selector = rule.endpointSelector();
        return selection(List.of("cilium-subject", String.valueOf(p.namespace()), selector), p.namespace(),
                g -> selector.matches(ciliumView(g)));
    }

    private PluginRuleMatch ciliumMatch(CiliumPolicy p, CiliumEntry entry, CiliumConfig config) {
        boolean allPeers = entry.allPeers();
        List<int[]> peerParts = new ArrayList<>();
        List<Predicate<IpAddress>> ipParts = new ArrayList<>();
        for (CiliumPeer peer : entry.peers()) {
            switch (peer) {
                case CiliumPeer.Endpoints e -> peerParts.add(ciliumPeers(p, e.selector()));
                case CiliumPeer.Entity e -> {
                    if (e.entity() == CiliumEntity.ALL) {
                        allPeers = true;
                    } else if (e.entity() == CiliumEntity.CLUSTER) {
                        peerParts.add(all());
                    } else if (e.entity().ips(true) || e.entity().ips(false)) {
                        CiliumEntity entity = e.entity();
                        ipParts.add(a -> entity.ips(a.isV4()));
                    }
                }
                case CiliumPeer.Cidrs c -> {
                    ipParts.add(c::contains);
                    if (config.cidrMatchesPods() && !c.wholeFamily()) {
                        peerParts.add(addressed.apply(new AddressMatch(List.of(c.cidr()), c.except(), true)));
                    }
                }
                case CiliumPeer.Unmodelled u -> { } // matches no endpoint of the model
            }
        }
        int[] peers = new int[0];
        for (int[] part : peerParts) {
            peers = union(peers, part);
        }
        Predicate<IpAddress> ips = a -> ipParts.stream().anyMatch(t -> t.test(a));
        if (entry.toPorts() == null) {
            return new PluginRuleMatch(allPeers, peers, ips, entry.icmps() ? PortSet.EMPTY : PortSet.ALL, List.of(),
                    PortSet.ALL, List.of(), signatures);
        }
        PortSet fixed = PortSet.EMPTY;
        List<PluginRuleMatch.NamedPort> named = new ArrayList<>();
        for (CiliumPortRule rule : entry.toPorts()) {
            if (rule.ports().isEmpty()) {
                fixed = PortSet.ALL;
            }
            for (CiliumPort port : rule.ports()) {
                for (Protocol protocol : port.protocols()) {
                    if (port.name() != null) {
                        named.add(new PluginRuleMatch.NamedPort(port.name(), List.of(protocol)));
                    } else if (port.allPorts()) {
                        fixed = fixed.union(PortSet.allOf(protocol));
                    } else {
                        fixed = fixed.union(PortSet.range(protocol, port.first(), port.last()));
                    }
                }
            }
        }
        return new PluginRuleMatch(allPeers, peers, ips, fixed, named, PortSet.ALL, List.of(), signatures);
    }

    /**
     * The member groups an endpoint peer matches: in a CiliumNetworkPolicy, pods of the policy's
     * namespace unless the selector names a namespace; clusterwide, any namespace.
     */
    int[] ciliumPeers(CiliumPolicy p, CiliumSelector selector) {
        String namespace = p.namespace() != null && !selector.namesNamespace() ? p.namespace() : null;
        return selection(List.of("cilium-peer", String.valueOf(namespace), selector), namespace,
                g -> selector.matches(ciliumView(g)));
    }

    /**
     * A member group's labels for Cilium: its own, {@code io.kubernetes.pod.namespace},
     * {@code io.cilium.k8s.namespace.labels.<k>} per namespace label, its account and cluster name.
     */
    private Map<String, String> ciliumView(int g) {
        return ciliumViews.computeIfAbsent(g, x -> {
            MemberGroup m = groups.get(g);
            Map<String, String> out = new HashMap<>(m.labels());
            Namespace ns = namespaces.get(m.namespace());
            Map<String, String> nsLabels = ns == null ? Map.of(Namespace.NAME_LABEL, m.namespace()) : ns.labels();
            nsLabels.forEach((k, v) -> out.put(CiliumSelector.NAMESPACE_LABELS + k, v));
            out.put(CiliumSelector.NAMESPACE, m.namespace());
            out.put(CiliumSelector.SERVICE_ACCOUNT, m.serviceAccount());
            out.put(CiliumSelector.CLUSTER, cluster.plugins().cilium().config().clusterName());
            return out;
        });
    }

    // ------------------------------------------------------------------ sets of member groups

    /** The member groups a test accepts, cached by what decides it. */
    /**
     * {@link #selection(List, IntPredicate)} where {@code inNamespace} decides for all of a
     * namespace's member groups at once (they are one range of ids): a namespace selector is
     * evaluated once per namespace, not once per member group, and {@code test} only on the
     * groups of the namespaces that pass; and, when {@code narrowing} (a Calico selector that
     * {@code test} requires) narrows them by label ({@link LabelIndex}), only on its candidates.
     */
    private int[] selection(List<Object> key, Supplier<int[]> narrowing, Predicate<String> inNamespace,
            IntPredicate test) {
        return selections.computeIfAbsent(key, k -> {
            int[] candidates = narrowing.get();
            if (candidates != null) { // only the groups with the labels the selector requires
                int[] out = new int[candidates.length];
                int n = 0;
                int end = -1;
                boolean passes = false;
                for (int g : candidates) {
                    if (g >= end) { // the first candidate of another namespace
                        end = namespaceEnd[g];
                        passes = inNamespace.test(groups.get(g).namespace());
                    }
                    if (passes && test.test(g)) {
                        out[n++] = g;
                    }
                }
                return Arrays.copyOf(out, n);
            }
            int[] out = new int[groups.size()];
            int n = 0;
            int g = 0;
            while (g < groups.size()) {
                String namespace = groups.get(g).namespace();
                int end = namespaceEnd[g];
                if (inNamespace.test(namespace)) {
                    for (; g < end; g++) {
                        if (test.test(g)) {
                            out[n++] = g;
                        }
                    }
                }
                g = end;
            }
            return Arrays.copyOf(out, n);
        });
    }

    /**
     * {@link #selection(List, IntPredicate)} over the member groups of one namespace (one range of
     * ids), or of every namespace for null: a namespaced policy's selector is evaluated on its
     * namespace's groups only, not on every group of the cluster.
     */
    private int[] selection(List<Object> key, String namespace, IntPredicate test) {
        if (namespace == null) {
            return selection(key, test);
        }
        return selections.computeIfAbsent(key, k -> {
            int[] range = namespaceGroups.get(namespace);
            if (range == null) {
                return new int[0];
            }
            int[] out = new int[range[1] - range[0]];
            int n = 0;
            for (int g = range[0]; g < range[1]; g++) {
                if (test.test(g)) {
                    out[n++] = g;
                }
            }
            return Arrays.copyOf(out, n);
        });
    }

    private int[] selection(List<Object> key, IntPredicate test) {
        return selections.computeIfAbsent(key, k -> {
            int[] out = new int[groups.size()];
            int n = 0;
            for (int g = 0; g < groups.size(); g++) {
                if (test.test(g)) {
                    out[n++] = g;
                }
            }
            return Arrays.copyOf(out, n);
        });
    }

    /** A sorted superset of the member groups a Calico selector of pods can match (null: it does not narrow them, or none given). */
    private int[] podsMatching(CalicoSelector selector) {
        if (selector == null) {
            return null;
        }
        if (groupIndex == null) {
            groupIndex = new LabelIndex(groups.stream().map(MemberGroup::labels).toList());
        }
        return groupIndex.candidates(selector);
    }

    /** A sorted superset of the member groups of the namespaces a Calico namespace selector can match (null: it does not narrow them, or none given). */
    private int[] groupsOfNamespacesMatching(CalicoSelector selector) {
        if (selector == null) {
            return null;
        }
        if (namespaceIndex == null) {
            rangeOrder = namespaceGroups.keySet().stream()
                    .sorted(Comparator.comparingInt(n -> namespaceGroups.get(n)[0])).toArray(String[]::new);
            namespaceIndex = new LabelIndex(Arrays.stream(rangeOrder).map(n -> {
                Namespace ns = namespaces.get(n);
                return ns == null ? Map.of(Namespace.NAME_LABEL, n) : ns.labels(); // as namespaceView sees them
            }).toList());
        }
        int[] matching = namespaceIndex.candidates(selector);
        if (matching == null) {
            return null;
        }
        int size = 0;
        for (int n : matching) {
            int[] range = namespaceGroups.get(rangeOrder[n]);
            size += range[1] - range[0];
        }
        int[] out = new int[size];
        int k = 0;
        for (int n : matching) { // ascending: so are their ranges
            int[] range = namespaceGroups.get(rangeOrder[n]);
            for (int g = range[0]; g < range[1]; g++) {
                out[k++] = g;
            }
        }
        return out;
    }

    /** The member groups of one namespace. */
    private int[] groupsOf(String namespace) {
        int[] range = namespaceGroups.get(namespace);
        return range == null ? new int[0] : java.util.stream.IntStream.range(range[0], range[1]).toArray();
    }

    /** The groups both narrowings allow (null: not narrowed). */
    private static int[] narrowest(int[] a, int[] b) {
        return a == null ? b : b == null ? a : intersect(a, b);
    }

    private int[] all() {
        int[] out = new int[groups.size()];
        for (int g = 0; g < out.length; g++) {
            out[g] = g;
        }
        return out;
    }

    private int[] complement(int[] sorted) {
        int[] out = new int[groups.size() - sorted.length];
        int n = 0;
        int i = 0;
        for (int g = 0; g < groups.size(); g++) {
            if (i < sorted.length && sorted[i] == g) {
                i++;
            } else {
                out[n++] = g;
            }
        }
        return Arrays.copyOf(out, n);
    }

    static int[] intersect(int[] a, int[] b) {
        int[] out = new int[Math.min(a.length, b.length)];
        int i = 0;
        int j = 0;
        int n = 0;
        while (i < a.length && j < b.length) {
            if (a[i] == b[j]) {
                out[n++] = a[i];
                i++;
                j++;
            } else if (a[i] < b[j]) {
                i++;
            } else {
                j++;
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** The union of two ascending arrays, ascending (a merge: like {@link #intersect}, in one pass). */
    static int[] union(int[] a, int[] b) {
        int[] out = new int[a.length + b.length];
        int i = 0;
        int j = 0;
        int n = 0;
        while (i < a.length || j < b.length) {
            int next = j == b.length || (i < a.length && a[i] <= b[j]) ? a[i] : b[j];
            if (i < a.length && a[i] == next) {
                i++;
            }
            if (j < b.length && b[j] == next) {
                j++;
            }
            out[n++] = next;
        }
        return Arrays.copyOf(out, n);
    }

    static int[] minus(int[] a, int[] b) {
        return Arrays.stream(a).filter(x -> Arrays.binarySearch(b, x) < 0).toArray();
    }

    private static void set(long[] bits, int[] groups) {
        for (int g : groups) {
            bits[g >>> 6] |= 1L << g;
        }
    }

    private static void fill(long[] bits, int count) {
        Arrays.fill(bits, -1L);
        int rest = count & 63;
        if (rest != 0 && bits.length > 0) {
            bits[bits.length - 1] = (1L << rest) - 1;
        }
    }
}
