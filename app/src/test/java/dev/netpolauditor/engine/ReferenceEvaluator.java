package dev.netpolauditor.engine;

import dev.netpolauditor.model.ClusterPolicy;
import dev.netpolauditor.model.ClusterPolicyKind;
import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.model.ContainerPort;
import dev.netpolauditor.model.IpAddress;
import dev.netpolauditor.model.LabelSelector;
import dev.netpolauditor.model.Namespace;
import dev.netpolauditor.model.NetworkPolicy;
import dev.netpolauditor.model.OwnerRef;
import dev.netpolauditor.model.Peer;
import dev.netpolauditor.model.Pod;
import dev.netpolauditor.model.PolicyTier;
import dev.netpolauditor.model.PolicyType;
import dev.netpolauditor.model.PortMatch;
import dev.netpolauditor.model.PortRule;
import dev.netpolauditor.model.PortSet;
import dev.netpolauditor.model.Protocol;
import dev.netpolauditor.model.Rule;
import dev.netpolauditor.model.RuleAction;
import dev.netpolauditor.model.TierPeer;
import dev.netpolauditor.model.TierPort;
import dev.netpolauditor.model.TierRule;
import dev.netpolauditor.model.TierSubject;
import dev.netpolauditor.model.Workload;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A brute-force evaluator written straight from {@code semantics.md}, to check the engine
 * against. It shares nothing with {@link CompiledCluster}: no grouping, no indexes, no
 * caching. Every question walks every policy of the cluster again. Ports are kept as one
 * bit per (protocol, port), so PortSet's algebra is not used either: the answer is turned
 * into a PortSet only at the end, from runs of set bits.
 *
 * <p>Endpoints and their members are worked out here too, straight from semantics.md
 * (Objects → Workloads), by following each object's controller through the lists: no index,
 * nothing shared with {@link Endpoints}. What an endpoint allows is the union over its members,
 * each member pair evaluated pod by pod.
 *
 * <p>Slow on purpose; fine for the small random clusters of the property tests and for a
 * timed comparison in the benchmark.
 */
public final class ReferenceEvaluator {
    private static final int PORTS = PortSet.MAX_PORT + 1;
    private static final Protocol[] PROTOCOLS = Protocol.values();

    private ReferenceEvaluator() {}

    // ---------------------------------------------------------------- endpoints and members

    /**
     * The endpoints of the cluster: pods of their own (neither terminated nor on the host
     * network, without a given controller) in input order, then each workload that no given
     * workload controls, in input order, with its members (its running pod-network pods), its
     * template when it has no pods at all, or nothing when its pods are all terminated or on the
     * host network. A controller loop is not followed.
     */
    public static List<Endpoint.Pod> endpoints(ClusterState cluster) {
        List<Endpoint.Pod> out = new ArrayList<>();
        for (Pod pod : cluster.pods()) {
            if (controllerOf(cluster, pod.namespace(), pod.controller()) == null && memberLike(pod)) {
                out.add(new Endpoint.Pod(pod.namespace() + "/" + pod.name(), pod.namespace(), null,
                        List.of(member(pod)), pod.source()));
            }
        }
        for (Workload w : cluster.workloads()) {
            if (parent(cluster, w) != null) {
                continue;
            }
            String name = w.namespace() + "/" + w.name() + "[" + w.kind().name() + "]";
            List<Endpoint.Member> members = new ArrayList<>();
            boolean anyPod = false;
            for (Pod pod : cluster.pods()) {
                Workload owner = controllerOf(cluster, pod.namespace(), pod.controller());
                if (owner != null && top(cluster, owner) == w) {
                    anyPod = true;
                    if (memberLike(pod)) {
                        members.add(member(pod));
                    }
                }
            }
            if (!anyPod && !w.hostNetwork()) {
                members.add(new Endpoint.Member(name, w.templateLabels(), w.ports(), List.of(), true, w.serviceAccount()));
            }
            if (!members.isEmpty()) {
                out.add(new Endpoint.Pod(name, w.namespace(), w.kind(), members, w.source()));
            }
        }
        return out;
    }

    private static boolean memberLike(Pod pod) {
        return !pod.hostNetwork() && pod.phase() != dev.netpolauditor.model.PodPhase.SUCCEEDED
                && pod.phase() != dev.netpolauditor.model.PodPhase.FAILED;
    }

    private static Endpoint.Member member(Pod pod) {
        List<IpAddress> addresses = new ArrayList<>();
        for (String ip : pod.podIps()) {
            try {
                addresses.add(IpAddress.parse(ip));
            } catch (IllegalArgumentException e) {
                // not an address: ignored
            }
        }
        return new Endpoint.Member(pod.namespace() + "/" + pod.name(), pod.labels(), pod.ports(), addresses, false,
                pod.serviceAccount());
    }

    /** The given workload a reference names in a namespace, by a walk over every workload. */
    private static Workload controllerOf(ClusterState cluster, String namespace, OwnerRef controller) {
        if (controller == null) {
            return null;
        }
        for (Workload w : cluster.workloads()) {
            if (w.namespace().equals(namespace) && w.kind().name().equals(controller.kind())
                    && w.name().equals(controller.name())) {
                return w;
            }
        }
        return null;
    }

    /** A workload's controller, unless the workload is on a controller loop. */
    private static Workload parent(ClusterState cluster, Workload w) {
        Workload p = controllerOf(cluster, w.namespace(), w.controller());
        if (p == null || p == w) {
            return null;
        }
        Set<Workload> seen = new HashSet<>();
        for (Workload at = p; at != null && seen.add(at); at = controllerOf(cluster, at.namespace(), at.controller())) {
            if (at == w) {
                return null; // w is on a loop
            }
        }
        return p;
    }

    private static Workload top(ClusterState cluster, Workload w) {
        Workload at = w;
        for (Workload p = parent(cluster, at); p != null; p = parent(cluster, at)) {
            at = p;
        }
        return at;
    }

    // ---------------------------------------------------------------- connectivity

    /**
     * Ports on which {@code from} may open a connection to {@code to}: the union over every
     * member of one and every member of the other. An endpoint to itself and an IP to an IP are
     * outside the model: empty.
     */
    public static PortSet allowed(ClusterState cluster, Endpoint from, Endpoint to) {
        if (from instanceof Endpoint.Ip && to instanceof Endpoint.Ip) {
            return PortSet.EMPTY;
        }
        if (from.name().equals(to.name())) {
            return PortSet.EMPTY;
        }
        BitSet[] union = noPorts();
        for (Party a : parties(from)) {
            for (Party b : parties(to)) {
                or(union, memberAllowed(cluster, a, b));
            }
        }
        return toPortSet(union);
    }

    /** One end of a member pair: a member of a pod endpoint (and its namespace), or an IP. */
    record Party(String namespace, Endpoint.Member member, Endpoint.Ip ip) {}

    private static List<Party> parties(Endpoint endpoint) {
        return switch (endpoint) {
            case Endpoint.Ip ip -> List.of(new Party(null, null, ip));
            case Endpoint.Pod pod -> pod.members().stream().map(m -> new Party(pod.namespace(), m, null)).toList();
        };
    }

    private static BitSet[] memberAllowed(ClusterState cluster, Party from, Party to) {
        BitSet[] ports = allPorts();
        if (from.member() != null) {
            and(ports, side(cluster, from, to, PolicyType.EGRESS));
        }
        if (to.member() != null) {
            and(ports, side(cluster, to, from, PolicyType.INGRESS));
        }
        return ports;
    }

    /** One side: the Kubernetes tiers, or each known plugin's model (both must allow) ({@link PluginReference}). */
    private static BitSet[] side(ClusterState cluster, Party subject, Party peer, PolicyType direction) {
        if (!cluster.plugins().any()) {
            return sidePorts(cluster, subject, peer, direction);
        }
        return PluginReference.side(cluster, subject, peer, direction);
    }

    /**
     * Every ordered pair with something allowed among the endpoints of the cluster and the
     * given IP endpoints, keyed {@code "<from> -> <to>"}: no pair of an endpoint with itself,
     * no pair of two IPs. Sorted by key.
     */
    public static Map<String, PortSet> connectivity(ClusterState cluster, List<Endpoint.Ip> externalIps) {
        List<Endpoint> all = new ArrayList<>(endpoints(cluster));
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
     * The verdict for one (protocol, port), in the engine's vocabulary, for every member pair:
     * for each side, NotApplicable (an IP), NotIsolated, AllowedBy (every admitting rule, in
     * policy input order then rule order) or Refused (every isolating policy, in input order).
     * Rule indexes are zero-based positions in the policy's ingress or egress list.
     */
    public static Verdict explain(ClusterState cluster, Endpoint from, Endpoint to, Protocol protocol, int port) {
        List<Verdict.MemberVerdict> out = new ArrayList<>();
        for (Party a : parties(from)) {
            for (Party b : parties(to)) {
                out.add(memberVerdict(cluster, a, b, protocol, port));
            }
        }
        return new Verdict(from, to, protocol, port, out);
    }

    private static Verdict.MemberVerdict memberVerdict(ClusterState cluster, Party from, Party to, Protocol protocol,
            int port) {
        SideDecision egress = from.member() != null
                ? decide(cluster, from, to, PolicyType.EGRESS, protocol, port)
                : new SideDecision.NotApplicable();
        SideDecision ingress = to.member() != null
                ? decide(cluster, to, from, PolicyType.INGRESS, protocol, port)
                : new SideDecision.NotApplicable();
        return new Verdict.MemberVerdict(name(from), name(to), egress, ingress);
    }

    private static String name(Party party) {
        return party.member() != null ? party.member().name() : party.ip().name();
    }

    /**
     * One side for one port, tier by tier (semantics.md, "Deciding one side of a connection"):
     * the Admin tier's rules first match, then the NetworkPolicies if they isolate the subject,
     * then the Baseline tier's rules, else allowed. A Pass hands the port on to the next step.
     */
    private static SideDecision decide(ClusterState cluster, Party subject, Party peer,
            PolicyType direction, Protocol protocol, int port) {
        Party receiving = direction == PolicyType.INGRESS ? subject : peer;
        RuleRef passedBy = null;
        for (TierMatch m : tierRules(cluster, PolicyTier.ADMIN, subject, direction)) {
            if (tierRuleMatches(cluster, m, peer, receiving, protocol, port)) {
                if (m.action() == RuleAction.PASS) {
                    passedBy = m.ref();
                    break;
                }
                return new SideDecision.DecidedByRule(m.ref(), PolicyTier.ADMIN, m.action(), null);
            }
        }
        List<String> isolating = new ArrayList<>();
        List<RuleRef> admitting = new ArrayList<>();
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
        if (!isolating.isEmpty()) {
            return admitting.isEmpty() ? new SideDecision.Refused(isolating, passedBy)
                    : new SideDecision.AllowedBy(admitting, passedBy);
        }
        for (TierMatch m : tierRules(cluster, PolicyTier.BASELINE, subject, direction)) {
            if (tierRuleMatches(cluster, m, peer, receiving, protocol, port)) {
                if (m.action() == RuleAction.PASS) {
                    return new SideDecision.NotIsolated(m.ref());
                }
                return new SideDecision.DecidedByRule(m.ref(), PolicyTier.BASELINE, m.action(), passedBy);
            }
        }
        return new SideDecision.NotIsolated(passedBy);
    }

    /** What {@code subject}'s side allows with {@code peer}: every port decided as {@link #decide} does, as bits. */
    private static BitSet[] sidePorts(ClusterState cluster, Party subject, Party peer, PolicyType direction) {
        Party receiving = direction == PolicyType.INGRESS ? subject : peer;
        BitSet[] undecided = allPorts();
        BitSet[] passed = noPorts();
        BitSet[] allowed = noPorts();
        firstMatch(cluster, tierRules(cluster, PolicyTier.ADMIN, subject, direction), peer, receiving, undecided,
                passed, allowed);
        or(undecided, passed);
        boolean isolated = false;
        BitSet[] v1 = noPorts();
        for (NetworkPolicy policy : cluster.policies()) {
            if (!selects(policy, subject, direction)) {
                continue;
            }
            isolated = true;
            for (Rule rule : policy.rules(direction)) {
                if (peerMatches(cluster, policy, rule, peer)) {
                    or(v1, rulePorts(rule, receiving));
                }
            }
        }
        if (isolated) {
            and(undecided, v1);
            or(allowed, undecided);
            return allowed;
        }
        BitSet[] passedOn = noPorts();
        firstMatch(cluster, tierRules(cluster, PolicyTier.BASELINE, subject, direction), peer, receiving, undecided,
                passedOn, allowed);
        or(allowed, undecided);
        or(allowed, passedOn);
        return allowed;
    }

    /** A first-match tier over port bits: each matching rule takes the undecided ports it matches. */
    static void firstMatch(ClusterState cluster, List<TierMatch> rules, Party peer, Party receiving,
            BitSet[] undecided, BitSet[] passed, BitSet[] allowed) {
        for (TierMatch m : rules) {
            if (!tierPeerMatches(cluster, m, peer)) {
                continue;
            }
            BitSet[] taken = tierPorts(m, receiving, peer);
            and(taken, undecided);
            andNot(undecided, taken);
            switch (m.action()) {
                case ACCEPT -> or(allowed, taken);
                case PASS -> or(passed, taken);
                case DENY -> { }
            }
        }
    }

    /**
     * What each cluster-tier rule did, by brute force over every ordered pair of distinct pod
     * endpoints and every pair of their members, side by side: matched (its peer and some of its
     * ports match), decided (it took ports still undecided; a Pass counts), and for an Admin
     * Accept rule the endpoint pairs where it took ports the side's own NetworkPolicies would
     * deny (only when they isolate that side). Keyed by rule.
     */
    public static Map<RuleRef, long[]> ruleUsage(ClusterState cluster) {
        Map<RuleRef, long[]> out = new TreeMap<>(java.util.Comparator.comparing(RuleRef::toString));
        List<Endpoint.Pod> endpoints = endpoints(cluster);
        for (Endpoint.Pod from : endpoints) {
            for (Endpoint.Pod to : endpoints) {
                if (from == to) {
                    continue;
                }
                java.util.Set<RuleRef> overrodeHere = new java.util.HashSet<>();
                for (Party a : parties(from)) {
                    for (Party b : parties(to)) {
                        usage(cluster, a, b, PolicyType.EGRESS, a, out, overrodeHere);
                        usage(cluster, b, a, PolicyType.INGRESS, b, out, overrodeHere);
                    }
                }
                for (RuleRef r : overrodeHere) {
                    out.computeIfAbsent(r, k -> new long[3])[2]++;
                }
            }
        }
        return out;
    }

    /** One side's walk over port bits, recording per rule [matched, decided, overriding pairs]. */
    private static void usage(ClusterState cluster, Party subject, Party peer, PolicyType direction, Party self,
            Map<RuleRef, long[]> out, java.util.Set<RuleRef> overrodeHere) {
        Party receiving = direction == PolicyType.INGRESS ? subject : peer;
        BitSet[] undecided = allPorts();
        BitSet[] passed = noPorts();
        Map<RuleRef, BitSet[]> accepted = new java.util.LinkedHashMap<>();
        walk(cluster, tierRules(cluster, PolicyTier.ADMIN, subject, direction), peer, receiving, undecided, passed,
                out, accepted);
        or(undecided, passed);
        boolean isolated = false;
        BitSet[] v1 = noPorts();
        for (NetworkPolicy policy : cluster.policies()) {
            if (selects(policy, subject, direction)) {
                isolated = true;
                for (Rule rule : policy.rules(direction)) {
                    if (peerMatches(cluster, policy, rule, peer)) {
                        or(v1, rulePorts(rule, receiving));
                    }
                }
            }
        }
        if (isolated) {
            for (Map.Entry<RuleRef, BitSet[]> e : accepted.entrySet()) {
                BitSet[] over = copy(e.getValue());
                andNot(over, v1);
                if (!isEmpty(over)) {
                    overrodeHere.add(e.getKey());
                }
            }
            undecided = noPorts(); // the NetworkPolicies decide everything left: Baseline rules can only match
        }
        walk(cluster, tierRules(cluster, PolicyTier.BASELINE, subject, direction), peer, receiving, undecided,
                noPorts(), out, new java.util.LinkedHashMap<>());
    }

    private static void walk(ClusterState cluster, List<TierMatch> rules, Party peer, Party receiving,
            BitSet[] undecided, BitSet[] passed, Map<RuleRef, long[]> out, Map<RuleRef, BitSet[]> accepted) {
        for (TierMatch m : rules) {
            long[] counts = out.computeIfAbsent(m.ref(), k -> new long[3]);
            if (!tierPeerMatches(cluster, m, peer)) {
                continue;
            }
            BitSet[] ports = tierPorts(m, receiving, peer);
            if (isEmpty(ports)) {
                continue;
            }
            counts[0] = 1;
            BitSet[] taken = copy(ports);
            and(taken, undecided);
            if (isEmpty(taken)) {
                continue;
            }
            counts[1] = 1;
            andNot(undecided, taken);
            if (m.action() == RuleAction.PASS) {
                or(passed, taken);
            } else if (m.action() == RuleAction.ACCEPT && m.policy().tier() == PolicyTier.ADMIN) {
                accepted.put(m.ref(), taken);
            }
        }
    }

    static BitSet[] copy(BitSet[] bits) {
        BitSet[] out = noPorts();
        or(out, bits);
        return out;
    }

    static boolean isEmpty(BitSet[] bits) {
        for (BitSet b : bits) {
            if (!b.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** A cluster-tier rule as the decision sees it: what fails closed is Deny on every peer and port. */
    record TierMatch(RuleRef ref, ClusterPolicy policy, TierRule rule, RuleAction action, boolean closed) {}

    /**
     * The rules of one tier that apply to {@code subject} in a direction, in order: its policies
     * whose subject selects it, by priority, then ClusterNetworkPolicy before AdminNetworkPolicy
     * before BaselineAdminNetworkPolicy, then name; each policy's rules as written.
     */
    static List<TierMatch> tierRules(ClusterState cluster, PolicyTier tier, Party subject,
            PolicyType direction) {
        List<ClusterPolicy> selecting = new ArrayList<>();
        for (ClusterPolicy p : cluster.clusterPolicies()) {
            if (p.tier() == tier && subject.member() != null && subjectSelects(cluster, p.subject(), subject)) {
                selecting.add(p);
            }
        }
        selecting.sort((a, b) -> {
            int pa = a.kind() == ClusterPolicyKind.BaselineAdminNetworkPolicy ? Integer.MAX_VALUE : a.priority();
            int pb = b.kind() == ClusterPolicyKind.BaselineAdminNetworkPolicy ? Integer.MAX_VALUE : b.priority();
            if (pa != pb) {
                return Integer.compare(pa, pb);
            }
            if (a.kind() != b.kind()) {
                return Integer.compare(a.kind().ordinal(), b.kind().ordinal());
            }
            return a.name().compareTo(b.name());
        });
        List<TierMatch> out = new ArrayList<>();
        for (ClusterPolicy p : selecting) {
            List<TierRule> rules = p.rules(direction);
            for (int i = 0; i < rules.size(); i++) {
                TierRule r = rules.get(i);
                boolean unknownEntry = r.peers().stream().anyMatch(x -> x instanceof TierPeer.Unknown)
                        || r.ports().stream().anyMatch(x -> x instanceof TierPort.Unknown);
                boolean closed = r.action() != RuleAction.ACCEPT && unknownEntry;
                out.add(new TierMatch(new RuleRef(p.kind().name() + "/" + p.name(), direction, i), p, r,
                        closed ? RuleAction.DENY : r.action(), closed));
            }
        }
        return out;
    }

    private static boolean subjectSelects(ClusterState cluster, TierSubject subject, Party pod) {
        return switch (subject) {
            case TierSubject.Namespaces n -> n.namespaceSelector().matches(namespaceLabels(cluster, pod.namespace()));
            case TierSubject.Pods p -> (p.namespaceSelector() == null
                    || p.namespaceSelector().matches(namespaceLabels(cluster, pod.namespace())))
                    && p.podSelector().matches(pod.member().labels());
            case TierSubject.Unknown u -> false;
        };
    }

    private static boolean tierRuleMatches(ClusterState cluster, TierMatch m, Party peer, Party receiving,
            Protocol protocol, int port) {
        return tierPeerMatches(cluster, m, peer) && tierPorts(m, receiving, peer)[protocol.ordinal()].get(port);
    }

    static boolean tierPeerMatches(ClusterState cluster, TierMatch m, Party peer) {
        if (m.closed()) {
            return true;
        }
        for (TierPeer p : m.rule().peers()) {
            boolean match = switch (p) {
                case TierPeer.Namespaces n -> peer.member() != null
                        && n.namespaceSelector().matches(namespaceLabels(cluster, peer.namespace()));
                case TierPeer.Pods pods -> peer.member() != null
                        && (pods.namespaceSelector() == null
                                || pods.namespaceSelector().matches(namespaceLabels(cluster, peer.namespace())))
                        && pods.podSelector().matches(peer.member().labels());
                case TierPeer.Networks n -> peer.ip() != null
                        ? n.cidrs().stream().anyMatch(c -> c.contains(peer.ip().address()))
                        : peer.member().addresses().isEmpty()
                                ? n.cidrs().stream().anyMatch(c -> c.prefix() == 0)
                                : peer.member().addresses().stream()
                                        .anyMatch(a -> n.cidrs().stream().anyMatch(c -> c.contains(a)));
                case TierPeer.Nodes n -> false;
                case TierPeer.DomainNames d -> false;
                case TierPeer.Unknown u -> false;
            };
            if (match) {
                return true;
            }
        }
        return false;
    }

    /** A rule's ports; a named port resolves on the receiving member to each container port of that name. */
    static BitSet[] tierPorts(TierMatch m, Party receiving, Party other) {
        if (m.closed() || m.rule().ports().isEmpty()) {
            return allPorts();
        }
        BitSet[] out = noPorts();
        for (TierPort entry : m.rule().ports()) {
            switch (entry) {
                case TierPort.Range r -> out[r.protocol().ordinal()].set(r.first(), r.last() + 1);
                case TierPort.Named n -> {
                    if (receiving.member() != null) {
                        for (ContainerPort cp : receiving.member().ports()) {
                            if (n.name().equals(cp.name()) && cp.port() >= 1 && cp.port() <= 65535) {
                                out[cp.protocol().ordinal()].set(cp.port());
                            }
                        }
                    }
                }
                case TierPort.Unknown u -> { }
            }
        }
        return out;
    }

    static void andNot(BitSet[] into, BitSet[] other) {
        for (int p = 0; p < into.length; p++) {
            into[p].andNot(other[p]);
        }
    }

    /** The policy lives in the pod's namespace, its podSelector matches, and it governs the direction. */
    static boolean selects(NetworkPolicy policy, Party pod, PolicyType direction) {
        return policy.namespace().equals(pod.namespace())
                && policy.podSelector().matches(pod.member().labels())
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

    static boolean peerMatches(ClusterState cluster, NetworkPolicy policy, Rule rule, Party peer) {
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

    private static boolean peerEntryMatches(ClusterState cluster, NetworkPolicy policy, Peer entry, Party peer) {
        return switch (entry) {
            case Peer.IpBlock block -> peer.ip() != null && inBlock(block, peer.ip());
            case Peer.Selectors selectors -> peer.member() != null && selectorsMatch(cluster, policy, selectors, peer);
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
            Party pod) {
        LabelSelector podSelector = selectors.podSelector();
        LabelSelector namespaceSelector = selectors.namespaceSelector();
        boolean namespaceOk = namespaceSelector == null
                ? pod.namespace().equals(policy.namespace())
                : namespaceSelector.matches(namespaceLabels(cluster, pod.namespace()));
        boolean podOk = podSelector == null || podSelector.matches(pod.member().labels());
        return namespaceOk && podOk;
    }

    /** The labels of the named namespace; one not listed is implied and has only its name label. */
    static Map<String, String> namespaceLabels(ClusterState cluster, String name) {
        for (Namespace ns : cluster.namespaces()) {
            if (ns.name().equals(name)) {
                return ns.labels();
            }
        }
        return Map.of(Namespace.NAME_LABEL, name);
    }

    /** The ports a rule names, named ports resolved on the receiving endpoint. */
    static BitSet[] rulePorts(Rule rule, Party receiving) {
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
                    if (receiving.member() != null) {
                        for (ContainerPort cp : receiving.member().ports()) {
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

    static BitSet[] noPorts() {
        return new BitSet[] {new BitSet(PORTS), new BitSet(PORTS), new BitSet(PORTS)};
    }

    static BitSet[] allPorts() {
        BitSet[] out = noPorts();
        for (BitSet b : out) {
            b.set(PortSet.MIN_PORT, PORTS);
        }
        return out;
    }

    static void and(BitSet[] into, BitSet[] other) {
        for (int p = 0; p < into.length; p++) {
            into[p].and(other[p]);
        }
    }

    static void or(BitSet[] into, BitSet[] other) {
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
