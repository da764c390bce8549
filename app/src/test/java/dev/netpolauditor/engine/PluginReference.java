package dev.netpolauditor.engine;

import dev.netpolauditor.engine.ReferenceEvaluator.Party;
import dev.netpolauditor.engine.ReferenceEvaluator.TierMatch;
import dev.netpolauditor.model.Cidr;
import dev.netpolauditor.model.ClusterPolicy;
import dev.netpolauditor.model.ClusterPolicyKind;
import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.model.ContainerPort;
import dev.netpolauditor.model.IpAddress;
import dev.netpolauditor.model.NetworkPlugin;
import dev.netpolauditor.model.NetworkPolicy;
import dev.netpolauditor.model.PolicyTier;
import dev.netpolauditor.model.PolicyType;
import dev.netpolauditor.model.PortSet;
import dev.netpolauditor.model.Protocol;
import dev.netpolauditor.model.Rule;
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
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The brute-force reference for the network plugins' models, written straight from
 * cni-policies.md ("Calico: deciding one side", "Cilium: deciding one side"): one member pair at
 * a time, every tier, policy, rule and entry of the cluster walked again for every question, no
 * grouping, no index. Ports are bits per (protocol, port), as in {@link ReferenceEvaluator}.
 * With both plugins known a side allows what both models allow.
 */
final class PluginReference {
    private static final int PORTS = PortSet.MAX_PORT + 1;

    private PluginReference() {}

    static BitSet[] side(ClusterState cluster, Party subject, Party peer, PolicyType direction) {
        BitSet[] out = ReferenceEvaluator.allPorts();
        if (cluster.plugins().knows(NetworkPlugin.CALICO)) {
            ReferenceEvaluator.and(out, calico(cluster, subject, peer, direction));
        }
        if (cluster.plugins().knows(NetworkPlugin.CILIUM)) {
            ReferenceEvaluator.and(out, cilium(cluster, subject, peer, direction));
        }
        return out;
    }

    // ================================================================ Calico

    /** A policy placed in a Calico tier: its order (null: +infinity), the tie-break text, and how it decides. */
    private record Placed(Double order, String key, Object policy) {}

    private static BitSet[] calico(ClusterState cluster, Party e, Party x, PolicyType direction) {
        // the tiers: built in, given, and those policies name without them (last, Deny)
        Map<String, CalicoTier> tiers = new HashMap<>();
        for (CalicoTier t : CalicoTier.BUILT_IN) {
            tiers.put(t.name(), t);
        }
        for (CalicoTier t : cluster.plugins().calico().tiers()) {
            tiers.put(t.name(), t);
        }
        for (CalicoPolicy p : cluster.plugins().calico().policies()) {
            tiers.putIfAbsent(p.tier(), new CalicoTier(p.tier(), null, CalicoTier.TierDefault.DENY,
                    dev.netpolauditor.model.SourceRef.NONE));
        }
        List<CalicoTier> ordered = new ArrayList<>(tiers.values());
        ordered.sort((a, b) -> {
            double oa = a.order() == null ? Double.POSITIVE_INFINITY : a.order();
            double ob = b.order() == null ? Double.POSITIVE_INFINITY : b.order();
            return oa != ob ? Double.compare(oa, ob) : a.name().compareTo(b.name());
        });
        Party receiving = direction == PolicyType.INGRESS ? e : x;
        BitSet[] undecided = ReferenceEvaluator.allPorts();
        BitSet[] allowed = ReferenceEvaluator.noPorts();
        for (CalicoTier tier : ordered) {
            List<Placed> selecting = new ArrayList<>();
            for (CalicoPolicy p : cluster.plugins().calico().policies()) {
                if (p.tier().equals(tier.name()) && !p.doNotTrack() && !p.preDNAT() && calicoSelects(cluster, p, e)
                        && types(p).contains(direction)) {
                    selecting.add(new Placed(p.order(), p.name() + "/" + (p.namespace() == null ? "" : p.namespace())
                            + "/" + (p.namespace() == null ? "GlobalNetworkPolicy" : "NetworkPolicy"), p));
                }
            }
            if (tier.name().equals("default")) {
                for (NetworkPolicy p : cluster.policies()) {
                    if (ReferenceEvaluator.selects(p, e, direction)) {
                        selecting.add(new Placed(1000.0, p.name() + "/" + p.namespace() + "/KubernetesNetworkPolicy", p));
                    }
                }
            }
            for (ClusterPolicy p : cluster.clusterPolicies()) {
                boolean admin = p.tier() == PolicyTier.ADMIN;
                if ((admin ? "kube-admin" : "kube-baseline").equals(tier.name()) && !p.rules(direction).isEmpty()
                        && selectsByTierRules(cluster, p, e, direction)) {
                    String kind = p.kind() == ClusterPolicyKind.ClusterNetworkPolicy ? "KubernetesClusterNetworkPolicy"
                            : p.kind() == ClusterPolicyKind.AdminNetworkPolicy ? "KubernetesAdminNetworkPolicy"
                            : "KubernetesBaselineAdminNetworkPolicy";
                    double order = p.kind() == ClusterPolicyKind.BaselineAdminNetworkPolicy ? 1000 : p.priority();
                    selecting.add(new Placed(order, p.name() + "//" + kind, p));
                }
            }
            if (selecting.isEmpty()) {
                continue; // the tier does not apply
            }
            selecting.sort((a, b) -> {
                double oa = a.order() == null ? Double.POSITIVE_INFINITY : a.order();
                double ob = b.order() == null ? Double.POSITIVE_INFINITY : b.order();
                return oa != ob ? Double.compare(oa, ob) : a.key().compareTo(b.key());
            });
            BitSet[] passed = ReferenceEvaluator.noPorts();
            for (Placed placed : selecting) {
                switch (placed.policy()) {
                    case CalicoPolicy p -> {
                        for (CalicoRule rule : p.rules(direction)) {
                            if (rule.action() == CalicoAction.LOG) {
                                continue;
                            }
                            BitSet[] taken = calicoRulePorts(cluster, p, rule, e, x, direction, receiving);
                            take(taken, undecided, allowed, passed, switch (rule.action()) {
                                case ALLOW -> RuleAction.ACCEPT;
                                case DENY -> RuleAction.DENY;
                                default -> RuleAction.PASS;
                            });
                        }
                    }
                    case NetworkPolicy p -> {
                        for (Rule rule : p.rules(direction)) {
                            if (ReferenceEvaluator.peerMatches(cluster, p, rule, x)) {
                                take(ReferenceEvaluator.rulePorts(rule, receiving), undecided, allowed, passed,
                                        RuleAction.ACCEPT);
                            }
                        }
                    }
                    case ClusterPolicy p -> {
                        for (TierMatch m : ReferenceEvaluator.tierRules(cluster, p.tier(), e, direction)) {
                            if (m.policy() != p || !ReferenceEvaluator.tierPeerMatches(cluster, m, x)) {
                                continue;
                            }
                            take(ReferenceEvaluator.tierPorts(m, receiving, x), undecided, allowed, passed, m.action());
                        }
                    }
                    default -> throw new IllegalStateException();
                }
            }
            if (tier.defaultAction() == CalicoTier.TierDefault.DENY) {
                undecided = ReferenceEvaluator.noPorts();
            }
            ReferenceEvaluator.or(undecided, passed);
        }
        ReferenceEvaluator.or(allowed, undecided); // the namespace profile allows
        return allowed;
    }

    private static boolean selectsByTierRules(ClusterState cluster, ClusterPolicy p, Party e, PolicyType direction) {
        return ReferenceEvaluator.tierRules(cluster, p.tier(), e, direction).stream().anyMatch(m -> m.policy() == p);
    }

    /** First match over port bits: the rule takes what is undecided of its ports. */
    private static void take(BitSet[] ports, BitSet[] undecided, BitSet[] allowed, BitSet[] passed, RuleAction action) {
        BitSet[] taken = ReferenceEvaluator.copy(ports);
        ReferenceEvaluator.and(taken, undecided);
        ReferenceEvaluator.andNot(undecided, taken);
        switch (action) {
            case ACCEPT -> ReferenceEvaluator.or(allowed, taken);
            case PASS -> ReferenceEvaluator.or(passed, taken);
            case DENY -> { }
        }
    }

    private static List<PolicyType> types(CalicoPolicy p) {
        if (!p.types().isEmpty()) {
            return p.types();
        }
        if (p.egress().isEmpty()) {
            return List.of(PolicyType.INGRESS);
        }
        return p.ingress().isEmpty() ? List.of(PolicyType.EGRESS) : List.of(PolicyType.INGRESS, PolicyType.EGRESS);
    }

    private static boolean calicoSelects(ClusterState cluster, CalicoPolicy p, Party e) {
        if (p.namespace() != null && !p.namespace().equals(e.namespace())) {
            return false;
        }
        if (p.namespace() == null && p.namespaceSelector() != null
                && !p.namespaceSelector().matches(namespaceLabels(cluster, e.namespace()))) {
            return false;
        }
        return p.selector().matches(podLabels(cluster, e))
                && (p.serviceAccountSelector() == null || p.serviceAccountSelector().matches(accountLabels(cluster, e)));
    }

    /** The ports of a Calico rule between E and X when all its criteria hold, else none. */
    private static BitSet[] calicoRulePorts(ClusterState cluster, CalicoPolicy p, CalicoRule r, Party e, Party x,
            PolicyType direction, Party receiving) {
        BitSet[] none = ReferenceEvaluator.noPorts();
        if (r.icmp() != null) {
            return none;
        }
        Party source = direction == PolicyType.INGRESS ? x : e;
        Party destination = direction == PolicyType.INGRESS ? e : x;
        if (!entityMatches(cluster, p, r.source(), source) || !entityMatches(cluster, p, r.destination(), destination)) {
            return none;
        }
        if (r.ipVersion() != null && !ipVersionMatches(r.ipVersion(), e, x)) {
            return none;
        }
        List<Protocol> protocols = new ArrayList<>();
        for (Protocol proto : Protocol.values()) {
            if (r.protocol() != null && r.protocol().modelled() != proto) {
                continue;
            }
            if (r.notProtocol() != null && r.notProtocol().modelled() == proto) {
                continue;
            }
            protocols.add(proto);
        }
        BitSet[] out = ReferenceEvaluator.noPorts();
        EntityRule d = r.destination();
        for (Protocol proto : protocols) {
            BitSet bits = out[proto.ordinal()];
            if (d.ports().isEmpty()) {
                bits.set(PortSet.MIN_PORT, PORTS);
            }
            for (CalicoPort port : d.ports()) {
                switch (port) {
                    case CalicoPort.Range range -> bits.set(range.first(), range.last() + 1);
                    case CalicoPort.Named n -> named(bits, receiving, n.name(), proto);
                }
            }
            for (CalicoPort port : d.notPorts()) {
                switch (port) {
                    case CalicoPort.Range range -> bits.clear(range.first(), range.last() + 1);
                    case CalicoPort.Named n -> {
                        BitSet excluded = new BitSet(PORTS);
                        named(excluded, receiving, n.name(), proto);
                        bits.andNot(excluded);
                    }
                }
            }
        }
        return out;
    }

    /** A named port of the receiving member with this protocol; toward an IP endpoint nothing. */
    private static void named(BitSet bits, Party receiving, String name, Protocol protocol) {
        if (receiving.member() == null) {
            return;
        }
        for (ContainerPort cp : receiving.member().ports()) {
            if (name.equals(cp.name()) && cp.protocol() == protocol && cp.port() >= 1 && cp.port() <= 65535) {
                bits.set(cp.port());
            }
        }
    }

    /** An IP endpoint's family; between pods, one both have an address in, any when either has none. */
    private static boolean ipVersionMatches(int version, Party e, Party x) {
        boolean v4 = version == 4;
        if (x.ip() != null) {
            return x.ip().address().isV4() == v4;
        }
        List<IpAddress> a = e.member().addresses();
        List<IpAddress> b = x.member().addresses();
        if (a.isEmpty() || b.isEmpty()) {
            return true;
        }
        return a.stream().anyMatch(i -> i.isV4() == v4) && b.stream().anyMatch(i -> i.isV4() == v4);
    }

    /** Whether one side (a pod member or an IP endpoint) meets an entity rule's criteria. */
    private static boolean entityMatches(ClusterState cluster, CalicoPolicy p, EntityRule rule, Party side) {
        if (rule.services() != null) {
            return false;
        }
        if (!rule.nets().isEmpty() && !inNets(rule.nets(), side)) {
            return false;
        }
        if (!rule.notNets().isEmpty() && inNets(rule.notNets(), side)) {
            return false;
        }
        boolean endpoints = rule.selector() != null || rule.namespaceSelector() != null
                || rule.serviceAccounts() != null || (p.namespace() != null && rule.notSelector() != null);
        if (side.member() != null) {
            if (endpoints) {
                boolean inScope = rule.namespaceSelector() == null
                        ? p.namespace() == null || p.namespace().equals(side.namespace())
                        : !(rule.namespaceSelector() instanceof CalicoSelector.Global)
                                && rule.namespaceSelector().matches(namespaceLabels(cluster, side.namespace()));
                if (!inScope || (rule.selector() != null && !rule.selector().matches(podLabels(cluster, side)))) {
                    return false;
                }
                if (rule.serviceAccounts() != null) {
                    if (!rule.serviceAccounts().names().isEmpty()
                            && !rule.serviceAccounts().names().contains(side.member().serviceAccount())) {
                        return false;
                    }
                    if (rule.serviceAccounts().selector() != null
                            && !rule.serviceAccounts().selector().matches(accountLabels(cluster, side))) {
                        return false;
                    }
                }
            }
            return rule.notSelector() == null || !rule.notSelector().matches(podLabels(cluster, side));
        }
        IpAddress address = side.ip().address();
        if (endpoints) {
            boolean found = false;
            for (NetworkSet set : cluster.plugins().calico().networkSets()) {
                if (!set.nets().stream().anyMatch(c -> c.contains(address))) {
                    continue;
                }
                boolean inScope = rule.namespaceSelector() == null
                        ? p.namespace() == null || p.namespace().equals(set.namespace())
                        : rule.namespaceSelector() instanceof CalicoSelector.Global ? set.namespace() == null
                        : set.namespace() != null
                                && rule.namespaceSelector().matches(namespaceLabels(cluster, set.namespace()));
                if (inScope && (rule.selector() == null || rule.selector().matches(setLabels(cluster, set)))) {
                    found = true;
                }
            }
            if (!found) {
                return false;
            }
        }
        if (rule.notSelector() != null) {
            for (NetworkSet set : cluster.plugins().calico().networkSets()) {
                if (set.nets().stream().anyMatch(c -> c.contains(address))
                        && rule.notSelector().matches(setLabels(cluster, set))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** A pod counts by its known addresses; without one it is inside 0.0.0.0/0 and ::/0 only. */
    private static boolean inNets(List<Cidr> nets, Party side) {
        if (side.ip() != null) {
            return nets.stream().anyMatch(c -> c.contains(side.ip().address()));
        }
        if (side.member().addresses().isEmpty()) {
            return nets.stream().anyMatch(c -> c.prefix() == 0);
        }
        return side.member().addresses().stream().anyMatch(a -> nets.stream().anyMatch(c -> c.contains(a)));
    }

    /** The labels a pod's selectors see in Calico (cni-policies.md, "Calico: selector expressions"). */
    private static Map<String, String> podLabels(ClusterState cluster, Party pod) {
        Map<String, String> out = new HashMap<>();
        namespaceLabels(cluster, pod.namespace()).forEach((k, v) -> out.put("pcns." + k, v));
        out.put("pcns.projectcalico.org/name", pod.namespace());
        accountLabels(cluster, pod).forEach((k, v) -> out.put("pcsa." + k, v));
        out.putAll(pod.member().labels());
        out.put("projectcalico.org/namespace", pod.namespace());
        out.put("projectcalico.org/orchestrator", "k8s");
        String sa = pod.member().serviceAccount();
        if (sa.length() < 63) {
            out.put("projectcalico.org/serviceaccount", sa);
        } else {
            out.remove("projectcalico.org/serviceaccount");
        }
        return out;
    }

    /** A namespace's labels and {@code projectcalico.org/name}. */
    private static Map<String, String> namespaceLabels(ClusterState cluster, String namespace) {
        Map<String, String> out = new HashMap<>(ReferenceEvaluator.namespaceLabels(cluster, namespace));
        out.put("projectcalico.org/name", namespace);
        return out;
    }

    /** The pod's account's labels (none for an account not given) and {@code projectcalico.org/name}. */
    private static Map<String, String> accountLabels(ClusterState cluster, Party pod) {
        Map<String, String> out = new HashMap<>();
        for (ServiceAccount sa : cluster.plugins().serviceAccounts()) {
            if (sa.namespace().equals(pod.namespace()) && sa.name().equals(pod.member().serviceAccount())) {
                out.putAll(sa.labels());
            }
        }
        out.put("projectcalico.org/name", pod.member().serviceAccount());
        return out;
    }

    private static Map<String, String> setLabels(ClusterState cluster, NetworkSet set) {
        Map<String, String> out = new HashMap<>();
        if (set.namespace() != null) {
            ReferenceEvaluator.namespaceLabels(cluster, set.namespace()).forEach((k, v) -> out.put("pcns." + k, v));
        }
        out.putAll(set.labels());
        if (set.namespace() != null) {
            out.put("projectcalico.org/namespace", set.namespace());
        }
        return out;
    }

    // ================================================================ Cilium

    private static BitSet[] cilium(ClusterState cluster, Party e, Party x, PolicyType direction) {
        CiliumConfig config = cluster.plugins().cilium().config();
        if (config.enforcement() == CiliumConfig.EnforcementMode.NEVER) {
            return ReferenceEvaluator.allPorts();
        }
        Party receiving = direction == PolicyType.INGRESS ? e : x;
        BitSet[] undecided = ReferenceEvaluator.allPorts();
        BitSet[] allowed = ReferenceEvaluator.noPorts();
        BitSet[] passed = ReferenceEvaluator.noPorts();
        for (TierMatch m : ReferenceEvaluator.tierRules(cluster, PolicyTier.ADMIN, e, direction)) {
            if (ReferenceEvaluator.tierPeerMatches(cluster, m, x)) {
                take(ReferenceEvaluator.tierPorts(m, receiving, x), undecided, allowed, passed, m.action());
            }
        }
        ReferenceEvaluator.or(undecided, passed);
        // the pool: deny wins; isolated, the allows decide everything left
        boolean isolated = config.enforcement() == CiliumConfig.EnforcementMode.ALWAYS;
        BitSet[] admitted = ReferenceEvaluator.noPorts();
        if (config.enforcesNetworkPolicies()) {
            for (NetworkPolicy p : cluster.policies()) {
                if (ReferenceEvaluator.selects(p, e, direction)) {
                    isolated = true;
                    for (Rule rule : p.rules(direction)) {
                        if (ReferenceEvaluator.peerMatches(cluster, p, rule, x)) {
                            ReferenceEvaluator.or(admitted, ReferenceEvaluator.rulePorts(rule, receiving));
                        }
                    }
                }
            }
        }
        for (CiliumPolicy p : cluster.plugins().cilium().policies()) {
            if (p.refusal() != null) {
                continue;
            }
            for (CiliumRule rule : p.rules()) {
                if (rule.endpointSelector() == null || !ciliumSelects(cluster, p, rule.endpointSelector(), e)) {
                    continue;
                }
                List<CiliumEntry> allows = direction == PolicyType.INGRESS ? rule.ingress() : rule.egress();
                List<CiliumEntry> denies = direction == PolicyType.INGRESS ? rule.ingressDeny() : rule.egressDeny();
                boolean entries = !allows.isEmpty() || !denies.isEmpty();
                Boolean given = direction == PolicyType.INGRESS ? rule.defaultDenyIngress() : rule.defaultDenyEgress();
                if (entries && (given == null || given || !config.nonDefaultDenyPolicies())) {
                    isolated = true;
                }
                for (CiliumEntry entry : denies) {
                    ReferenceEvaluator.andNot(undecided, entryPorts(cluster, p, entry, x, receiving, config));
                }
                for (CiliumEntry entry : allows) {
                    ReferenceEvaluator.or(admitted, entryPorts(cluster, p, entry, x, receiving, config));
                }
            }
        }
        if (isolated) {
            ReferenceEvaluator.and(admitted, undecided);
            ReferenceEvaluator.or(allowed, admitted);
            return allowed;
        }
        passed = ReferenceEvaluator.noPorts();
        for (TierMatch m : ReferenceEvaluator.tierRules(cluster, PolicyTier.BASELINE, e, direction)) {
            if (ReferenceEvaluator.tierPeerMatches(cluster, m, x)) {
                take(ReferenceEvaluator.tierPorts(m, receiving, x), undecided, allowed, passed, m.action());
            }
        }
        ReferenceEvaluator.or(allowed, undecided);
        ReferenceEvaluator.or(allowed, passed);
        return allowed;
    }

    private static boolean ciliumSelects(ClusterState cluster, CiliumPolicy p, CiliumSelector selector, Party pod) {
        return (p.namespace() == null || p.namespace().equals(pod.namespace()))
                && selector.matches(ciliumLabels(cluster, pod));
    }

    /** The ports of a Cilium entry toward X when one of its peers matches X, else none. */
    private static BitSet[] entryPorts(ClusterState cluster, CiliumPolicy p, CiliumEntry entry, Party x,
            Party receiving, CiliumConfig config) {
        boolean peer = !entry.peerFields() && (entry.toPorts() != null || entry.icmps());
        for (CiliumPeer candidate : entry.peers()) {
            peer |= switch (candidate) {
                case CiliumPeer.Endpoints ep -> x.member() != null
                        && (p.namespace() == null || ep.selector().namesNamespace()
                                || p.namespace().equals(x.namespace()))
                        && ep.selector().matches(ciliumLabels(cluster, x));
                case CiliumPeer.Entity en -> en.entity() == CiliumEntity.ALL
                        || (en.entity() == CiliumEntity.CLUSTER && x.member() != null)
                        || (x.ip() != null && en.entity().ips(x.ip().address().isV4()));
                case CiliumPeer.Cidrs c -> x.ip() != null ? c.contains(x.ip().address())
                        : config.cidrMatchesPods() && !c.wholeFamily()
                                && x.member().addresses().stream().anyMatch(c::contains);
                case CiliumPeer.Unmodelled u -> false;
            };
        }
        BitSet[] out = ReferenceEvaluator.noPorts();
        if (!peer) {
            return out;
        }
        if (entry.toPorts() == null) {
            return entry.icmps() ? out : ReferenceEvaluator.allPorts();
        }
        for (CiliumPortRule rule : entry.toPorts()) {
            if (rule.ports().isEmpty()) {
                return ReferenceEvaluator.allPorts();
            }
            for (CiliumPort port : rule.ports()) {
                for (Protocol proto : port.protocols()) {
                    BitSet bits = out[proto.ordinal()];
                    if (port.name() != null) {
                        named(bits, receiving, port.name(), proto);
                    } else if (port.first() == 0) {
                        bits.set(PortSet.MIN_PORT, PORTS);
                    } else {
                        bits.set(port.first(), port.last() + 1);
                    }
                }
            }
        }
        return out;
    }

    /** A pod's labels for Cilium: its own and the ones Cilium derives. */
    private static Map<String, String> ciliumLabels(ClusterState cluster, Party pod) {
        Map<String, String> out = new HashMap<>(pod.member().labels());
        for (Map.Entry<String, String> l : ReferenceEvaluator.namespaceLabels(cluster, pod.namespace()).entrySet()) {
            out.put("io.cilium.k8s.namespace.labels." + l.getKey(), l.getValue());
        }
        out.put("io.kubernetes.pod.namespace", pod.namespace());
        out.put("io.cilium.k8s.policy.serviceaccount", pod.member().serviceAccount());
        out.put("io.cilium.k8s.policy.cluster", cluster.plugins().cilium().config().clusterName());
        return out;
    }
}
