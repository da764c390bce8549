package dev.netpolauditor.engine;

import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.model.ContainerPort;
import dev.netpolauditor.model.LabelSelector;
import dev.netpolauditor.model.Namespace;
import dev.netpolauditor.model.NetworkPolicy;
import dev.netpolauditor.model.Peer;
import dev.netpolauditor.model.PolicyType;
import dev.netpolauditor.model.PortMatch;
import dev.netpolauditor.model.PortRule;
import dev.netpolauditor.model.Protocol;
import dev.netpolauditor.model.Rule;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A brute-force evaluator written straight from {@code semantics.md}, to check the engine
 * against. It shares nothing with {@link CompiledCluster}: no grouping, no indexes, no
 * caching. Every question walks every policy of the cluster again. Ports are kept as one
 * bit per (protocol, port), so PortSet's algebra is not used either: the answer is turned
 * into a PortSet only at the end, from runs of set bits.
 *
 * <p>Slow on purpose; fine for the small random clusters of the property tests and for a
 * timed comparison in the benchmark.
 */
public final class ReferenceEvaluator {
    private static final int PORTS = PortSet.MAX_PORT + 1;
    private static final Protocol[] PROTOCOLS = Protocol.values();

    private ReferenceEvaluator() {}

    /**
     * Ports on which {@code from} may open a connection to {@code to}. A pod to itself and an
     * IP to an IP are outside the model: empty.
     */
    public static PortSet allowed(ClusterState cluster, Endpoint from, Endpoint to) {
        if (from instanceof Endpoint.Ip && to instanceof Endpoint.Ip) {
            return PortSet.EMPTY;
        }
        if (from.name().equals(to.name())) {
            return PortSet.EMPTY;
        }
        BitSet[] ports = allPorts();
        if (from instanceof Endpoint.Pod source) {
            and(ports, sidePorts(cluster, source, to, PolicyType.EGRESS));
        }
        if (to instanceof Endpoint.Pod destination) {
            and(ports, sidePorts(cluster, destination, from, PolicyType.INGRESS));
        }
        return toPortSet(ports);
    }

    /**
     * Every ordered pair with something allowed among the endpoints of the cluster and the
     * given IP endpoints, keyed {@code "<from> -> <to>"}: no pair of an endpoint with itself,
     * no pair of two IPs. Sorted by key.
     */
    public static Map<String, PortSet> connectivity(ClusterState cluster, List<Endpoint.Ip> externalIps) {
        List<Endpoint> all = new ArrayList<>(Endpoints.of(cluster));
        all.addAll(externalIps);
        Map<String, PortSet> out = new TreeMap<>();
        for (Endpoint from : all) {
            for (Endpoint to : all) {
                if (from == to) {
                    continue;
                }
                PortSet allowed = allowed(cluster, from, to);
                if (!allowed.isEmpty()) {
                    out.put(key(from, to), allowed);
                }
            }
        }
        return out;
    }

    public static String key(Endpoint from, Endpoint to) {
        return from.name() + " -> " + to.name();
    }

    /**
     * The verdict for one (protocol, port), in the engine's vocabulary: for each side,
     * NotApplicable (an IP), NotIsolated, AllowedBy (every admitting rule, in policy input
     * order then rule order) or Refused (every isolating policy, in input order). Rule
     * indexes are zero-based positions in the policy's ingress or egress list.
     */
    public static Verdict explain(ClusterState cluster, Endpoint from, Endpoint to, Protocol protocol, int port) {
        SideDecision egress = from instanceof Endpoint.Pod source
                ? decide(cluster, source, to, PolicyType.EGRESS, protocol, port)
                : new SideDecision.NotApplicable();
        SideDecision ingress = to instanceof Endpoint.Pod destination
                ? decide(cluster, destination, from, PolicyType.INGRESS, protocol, port)
                : new SideDecision.NotApplicable();
        return new Verdict(from, to, protocol, port, egress, ingress);
    }

    private static SideDecision decide(ClusterState cluster, Endpoint.Pod subject, Endpoint peer,
            PolicyType direction, Protocol protocol, int port) {
        List<String> isolating = new ArrayList<>();
        List<RuleRef> admitting = new ArrayList<>();
        Endpoint receiving = direction == PolicyType.INGRESS ? subject : peer;
        for (NetworkPolicy policy : cluster.policies()) {
            if (!selects(policy, subject, direction)) {
                continue;
            }
            isolating.add(policy.id());
            List<Rule> rules = policy.rules(direction);
            for (int i = 0; i < rules.size(); i++) {
                Rule rule = rules.get(i);
                if (peerMatches(cluster, policy, rule, peer)
                        && rulePorts(rule, receiving)[protocol.ordinal()].get(port)) {
                    admitting.add(new RuleRef(policy.id(), direction, i));
                }
            }
        }
        if (isolating.isEmpty()) {
            return new SideDecision.NotIsolated();
        }
        return admitting.isEmpty() ? new SideDecision.Refused(isolating) : new SideDecision.AllowedBy(admitting);
    }

    /** What {@code subject}'s policies of one direction allow with {@code peer}. */
    private static BitSet[] sidePorts(ClusterState cluster, Endpoint.Pod subject, Endpoint peer,
            PolicyType direction) {
        boolean isolated = false;
        BitSet[] allowed = noPorts();
        Endpoint receiving = direction == PolicyType.INGRESS ? subject : peer;
        for (NetworkPolicy policy : cluster.policies()) {
            if (!selects(policy, subject, direction)) {
                continue;
            }
            isolated = true;
            for (Rule rule : policy.rules(direction)) {
                if (peerMatches(cluster, policy, rule, peer)) {
                    or(allowed, rulePorts(rule, receiving));
                }
            }
        }
        return isolated ? allowed : allPorts();
    }

    /** The policy lives in the pod's namespace, its podSelector matches, and it governs the direction. */
    private static boolean selects(NetworkPolicy policy, Endpoint.Pod pod, PolicyType direction) {
        return policy.namespace().equals(pod.namespace())
                && policy.podSelector().matches(pod.labels())
                && effectiveTypes(policy).contains(direction);
    }

    /** Written out here rather than calling {@link NetworkPolicy#effectiveTypes()}. */
    private static List<PolicyType> effectiveTypes(NetworkPolicy policy) {
        if (!policy.policyTypes().isEmpty()) {
            return policy.policyTypes();
        }
        return policy.egress().isEmpty()
                ? List.of(PolicyType.INGRESS)
                : List.of(PolicyType.INGRESS, PolicyType.EGRESS);
    }

    private static boolean peerMatches(ClusterState cluster, NetworkPolicy policy, Rule rule, Endpoint peer) {
        if (rule.peers().isEmpty()) {
            return true;
        }
        for (Peer p : rule.peers()) {
            if (peerEntryMatches(cluster, policy, p, peer)) {
                return true;
            }
        }
        return false;
    }

    private static boolean peerEntryMatches(ClusterState cluster, NetworkPolicy policy, Peer entry, Endpoint peer) {
        return switch (entry) {
            case Peer.IpBlock block -> peer instanceof Endpoint.Ip ip && inBlock(block, ip);
            case Peer.Selectors selectors -> peer instanceof Endpoint.Pod pod && selectorsMatch(cluster, policy, selectors, pod);
        };
    }

    private static boolean inBlock(Peer.IpBlock block, Endpoint.Ip ip) {
        if (!block.cidr().contains(ip.address())) {
            return false;
        }
        for (var except : block.except()) {
            if (except.contains(ip.address())) {
                return false;
            }
        }
        return true;
    }

    private static boolean selectorsMatch(ClusterState cluster, NetworkPolicy policy, Peer.Selectors selectors,
            Endpoint.Pod pod) {
        LabelSelector podSelector = selectors.podSelector();
        LabelSelector namespaceSelector = selectors.namespaceSelector();
        boolean namespaceOk = namespaceSelector == null
                ? pod.namespace().equals(policy.namespace())
                : namespaceSelector.matches(namespaceLabels(cluster, pod.namespace()));
        boolean podOk = podSelector == null || podSelector.matches(pod.labels());
        return namespaceOk && podOk;
    }

    /** The labels of the named namespace; one not listed is implied and has only its name label. */
    private static Map<String, String> namespaceLabels(ClusterState cluster, String name) {
        for (Namespace ns : cluster.namespaces()) {
            if (ns.name().equals(name)) {
                return ns.labels();
            }
        }
        return Map.of(Namespace.NAME_LABEL, name);
    }

    /** The ports a rule names, named ports resolved on the receiving endpoint. */
    private static BitSet[] rulePorts(Rule rule, Endpoint receiving) {
        if (rule.ports().isEmpty()) {
            return allPorts();
        }
        BitSet[] out = noPorts();
        for (PortRule entry : rule.ports()) {
            BitSet bits = out[entry.protocol().ordinal()];
            switch (entry.match()) {
                case PortMatch.AnyPort any -> bits.set(PortSet.MIN_PORT, PORTS);
                case PortMatch.Range range -> bits.set(range.first(), range.last() + 1);
                case PortMatch.Named named -> {
                    if (receiving instanceof Endpoint.Pod pod) {
                        for (ContainerPort cp : pod.ports()) {
                            if (named.name().equals(cp.name()) && cp.protocol() == entry.protocol()) {
                                bits.set(cp.port());
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    private static BitSet[] noPorts() {
        return new BitSet[] {new BitSet(PORTS), new BitSet(PORTS), new BitSet(PORTS)};
    }

    private static BitSet[] allPorts() {
        BitSet[] out = noPorts();
        for (BitSet b : out) {
            b.set(PortSet.MIN_PORT, PORTS);
        }
        return out;
    }

    private static void and(BitSet[] into, BitSet[] other) {
        for (int p = 0; p < into.length; p++) {
            into[p].and(other[p]);
        }
    }

    private static void or(BitSet[] into, BitSet[] other) {
        for (int p = 0; p < into.length; p++) {
            into[p].or(other[p]);
        }
    }

    /** Runs of set bits, each a {@link PortSet#range}, unioned. */
    static PortSet toPortSet(BitSet[] bits) {
        PortSet out = PortSet.EMPTY;
        for (Protocol protocol : PROTOCOLS) {
            BitSet b = bits[protocol.ordinal()];
            for (int lo = b.nextSetBit(PortSet.MIN_PORT); lo >= 0 && lo < PORTS; lo = b.nextSetBit(lo)) {
                int end = b.nextClearBit(lo);
                out = out.union(PortSet.range(protocol, lo, end - 1));
                lo = end;
            }
        }
        return out;
    }
}
