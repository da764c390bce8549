package dev.netpolauditor.engine;

import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.model.LabelSelector;
import dev.netpolauditor.model.Namespace;
import dev.netpolauditor.model.NetworkPolicy;
import dev.netpolauditor.model.Peer;
import dev.netpolauditor.model.PolicyType;
import dev.netpolauditor.model.Protocol;
import dev.netpolauditor.model.Rule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A cluster state compiled once for many questions.
 *
 * <p>Two levels of grouping keep the work independent of the number of pods. Members (pods,
 * or a workload's template) that every selector sees alike — same namespace, same values for
 * every label key any pod selector reads, same named ports — and that belong to endpoints of
 * one {@linkplain EndpointGroup endpoint group} form one {@linkplain MemberGroup member group}:
 * every selector, rule and port is decided per member group, never per pod. Endpoints whose
 * members fall into the same kinds of member form one endpoint group: a Deployment's replicas
 * are alike, so its endpoint has one member group, and so does every plain pod; a Deployment
 * mid-rollout has one member group per distinct revision. What an endpoint allows is the union
 * over its members (semantics.md, Workloads).
 *
 * <p>Member groups of an endpoint group have consecutive ids, and endpoint groups of one
 * namespace have consecutive ids, so a namespace's member groups are one range too. When every
 * endpoint group has one member group (no workload mid-rollout), the two numberings coincide.
 */
public final class CompiledCluster {
    private final Endpoints.Resolution resolution;
    private final List<Endpoint.Pod> endpoints;
    private final Map<String, Integer> endpointByName;
    private final int[] groupOfEndpoint;
    private final List<EndpointGroup> groups;
    private final List<MemberGroup> memberGroups;
    /** Per endpoint, per member: its member group. */
    private final int[][] memberGroupOfMember;
    private final List<CompiledPolicy> policies;
    /** Per member group: indexes into {@link #policies} of the policies isolating it, per direction. */
    private final int[][] ingressPolicies;
    private final int[][] egressPolicies;
    /** Per endpoint group: isolated when every member group is. */
    private final boolean[] ingressIsolated;
    private final boolean[] egressIsolated;

    private CompiledCluster(Endpoints.Resolution resolution, int[] groupOfEndpoint, List<EndpointGroup> groups,
            List<MemberGroup> memberGroups, int[][] memberGroupOfMember, List<CompiledPolicy> policies) {
        this.resolution = resolution;
        this.endpoints = resolution.endpoints();
        this.groupOfEndpoint = groupOfEndpoint;
        this.groups = groups;
        this.memberGroups = memberGroups;
        this.memberGroupOfMember = memberGroupOfMember;
        this.policies = policies;
        this.endpointByName = new HashMap<>(endpoints.size() * 2);
        for (int i = 0; i < endpoints.size(); i++) {
            endpointByName.put(endpoints.get(i).name(), i);
        }
        this.ingressPolicies = isolation(PolicyType.INGRESS);
        this.egressPolicies = isolation(PolicyType.EGRESS);
        this.ingressIsolated = everyMemberIsolated(ingressPolicies);
        this.egressIsolated = everyMemberIsolated(egressPolicies);
    }

    public static CompiledCluster compile(ClusterState cluster) {
        return new Compiler(cluster).compile();
    }

    /** Endpoints of the cluster (pods of their own, then workloads), in {@link Endpoints} order. */
    public List<Endpoint.Pod> endpoints() {
        return endpoints;
    }

    /** Which object is (or belongs to) which endpoint, and the objects that use the host network. */
    public Endpoints.Resolution resolution() {
        return resolution;
    }

    /** Number of endpoint groups (endpoints that behave alike). */
    public int groupCount() {
        return groups.size();
    }

    /** Number of member groups (members every rule sees alike): the engine's unit of work. */
    public int memberGroupCount() {
        return memberGroups.size();
    }

    List<EndpointGroup> groups() {
        return groups;
    }

    List<MemberGroup> memberGroups() {
        return memberGroups;
    }

    List<CompiledPolicy> policies() {
        return policies;
    }

    int[] ingressPolicies(int memberGroup) {
        return ingressPolicies[memberGroup];
    }

    int[] egressPolicies(int memberGroup) {
        return egressPolicies[memberGroup];
    }

    /** The endpoint group of each member group. */
    int endpointGroupOf(int memberGroup) {
        return memberGroups.get(memberGroup).endpointGroup();
    }

    private int indexOf(Endpoint.Pod endpoint) {
        Integer index = endpointByName.get(endpoint.name());
        if (index == null) {
            throw new IllegalArgumentException("unknown endpoint " + endpoint.name());
        }
        return index;
    }

    /** The endpoint named {@code ns/name} or {@code ns/name[Kind]}, if any. */
    public Optional<Endpoint.Pod> endpoint(String name) {
        Integer index = endpointByName.get(name);
        return index == null ? Optional.empty() : Optional.of(endpoints.get(index));
    }

    /** Whether the endpoint is isolated in the direction: every one of its members is. */
    public boolean isolated(Endpoint.Pod endpoint, PolicyType direction) {
        return isolated(groupOfEndpoint[indexOf(endpoint)], direction);
    }

    /** Whether the endpoints of a group are isolated in the direction. */
    public boolean isolated(int group, PolicyType direction) {
        return (direction == PolicyType.INGRESS ? ingressIsolated : egressIsolated)[group];
    }

    /** Whether the policy at this index selects no endpoint at all (no member of any). */
    public boolean selectsNothing(int policy) {
        return policies.get(policy).selected().length == 0;
    }

    /** Whether one selector peer of a rule matches no endpoint (an ipBlock peer never matches one). */
    public boolean peerMatchesNothing(int policy, PolicyType direction, int rule, int peer) {
        int[] matched = policies.get(policy).rules(direction).get(rule).peerGroups[peer];
        return matched == null || matched.length == 0;
    }

    /**
     * Whether some endpoint on the receiving side of a rule defines the named port with this
     * protocol (some member of it does): for ingress the endpoints the policy selects, for
     * egress the endpoints the rule's peers match (every endpoint when its peers are empty).
     */
    public boolean receivingSideDefines(int policy, PolicyType direction, int rule, String portName,
            Protocol protocol) {
        CompiledPolicy compiled = policies.get(policy);
        CompiledRule r = compiled.rules(direction).get(rule);
        if (direction == PolicyType.EGRESS && r.allPeers) {
            for (MemberGroup group : memberGroups) {
                if (!group.namedPorts().resolve(portName, protocol).isEmpty()) {
                    return true;
                }
            }
            return false;
        }
        for (int g : direction == PolicyType.INGRESS ? compiled.selected() : r.groups) {
            if (!memberGroups.get(g).namedPorts().resolve(portName, protocol).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** The group of an endpoint: endpoints of one group behave alike. */
    public EndpointGroup groupOf(String endpointName) {
        Integer index = endpointByName.get(endpointName);
        if (index == null) {
            throw new IllegalArgumentException("unknown endpoint " + endpointName);
        }
        return groups.get(groupOfEndpoint[index]);
    }

    /** The group with this id. */
    public EndpointGroup group(int id) {
        return groups.get(id);
    }

    /** The first endpoint of a group, which answers for all of them. */
    public Endpoint.Pod representative(EndpointGroup group) {
        return endpoints.get(group.members()[0]);
    }

    /** Ports on which {@code from} may open a connection to {@code to}: the union over their members. */
    public PortSet allowed(Endpoint from, Endpoint to) {
        if (from.equals(to) || (from instanceof Endpoint.Ip && to instanceof Endpoint.Ip)) {
            return PortSet.EMPTY;
        }
        PortSet out = PortSet.EMPTY;
        for (Party source : parties(from)) {
            for (Party target : parties(to)) {
                PortSet egress = source.memberGroup() >= 0
                        ? sidePorts(source.memberGroup(), PolicyType.EGRESS, target) : PortSet.ALL;
                if (egress.isEmpty()) {
                    continue;
                }
                PortSet ingress = target.memberGroup() >= 0
                        ? sidePorts(target.memberGroup(), PolicyType.INGRESS, source) : PortSet.ALL;
                out = out.union(egress.intersect(ingress));
            }
        }
        return out;
    }

    /**
     * One kind of member of an endpoint, as the other side of a connection sees it: a member
     * group (with a representative member's name), or an IP address ({@code memberGroup} -1).
     */
    record Party(int memberGroup, String member, Endpoint.Ip ip) {}

    /** The distinct kinds of member of an endpoint, each with its first member's name; an IP is one. */
    private List<Party> parties(Endpoint endpoint) {
        if (endpoint instanceof Endpoint.Ip ip) {
            return List.of(new Party(-1, ip.name(), ip));
        }
        Endpoint.Pod pod = (Endpoint.Pod) endpoint;
        int index = indexOf(pod);
        Map<Integer, Party> out = new TreeMap<>();
        int[] groupsOfMembers = memberGroupOfMember[index];
        for (int m = 0; m < groupsOfMembers.length; m++) {
            out.putIfAbsent(groupsOfMembers[m], new Party(groupsOfMembers[m], pod.members().get(m).name(), null));
        }
        return List.copyOf(out.values());
    }

    /** What one member group's policies of one direction allow toward/from a peer (a member group or an IP). */
    PortSet sidePorts(int memberGroup, PolicyType direction, Party peer) {
        return side(memberGroup, direction, peer).allowed();
    }

    /** What one member group's policies of one direction allow toward/from an IP. */
    PortSet sidePorts(int memberGroup, PolicyType direction, Endpoint.Ip ip) {
        return sidePorts(memberGroup, direction, new Party(-1, ip.name(), ip));
    }

    /**
     * The ports one rule admits for the connection between the rule's own member group and
     * {@code peer}; named ports resolve on the receiving side.
     */
    private PortSet rulePorts(CompiledRule rule, int memberGroup, PolicyType direction, Party peer) {
        if (peer.memberGroup() < 0) {
            return rule.matchesIp(peer.ip().address())
                    ? (direction == PolicyType.INGRESS ? rule.portsFor(memberGroups.get(memberGroup).namedPorts())
                            : rule.portsTowardIp())
                    : PortSet.EMPTY;
        }
        if (!rule.matchesGroup(peer.memberGroup())) {
            return PortSet.EMPTY;
        }
        int receiving = direction == PolicyType.INGRESS ? memberGroup : peer.memberGroup();
        return rule.portsFor(memberGroups.get(receiving).namedPorts());
    }

    /** Why {@code from} may connect to {@code to} on which ports: the admitting rules of each side, per kind of member pair. */
    public ConnectionExplanation explain(Endpoint from, Endpoint to) {
        List<ConnectionExplanation.MemberPair> pairs = new ArrayList<>();
        for (Party source : parties(from)) {
            for (Party target : parties(to)) {
                SideExplanation egress = source.memberGroup() >= 0
                        ? side(source.memberGroup(), PolicyType.EGRESS, target) : SideExplanation.notApplicable();
                SideExplanation ingress = target.memberGroup() >= 0
                        ? side(target.memberGroup(), PolicyType.INGRESS, source) : SideExplanation.notApplicable();
                pairs.add(new ConnectionExplanation.MemberPair(source.member(), target.member(), egress, ingress));
            }
        }
        return new ConnectionExplanation(from, to, pairs);
    }

    private SideExplanation side(int memberGroup, PolicyType direction, Party peer) {
        int[] isolating = direction == PolicyType.INGRESS ? ingressPolicies[memberGroup] : egressPolicies[memberGroup];
        if (isolating.length == 0) {
            return new SideExplanation(true, List.of(), List.of(), PortSet.ALL);
        }
        List<String> ids = new ArrayList<>();
        List<SideExplanation.Contribution> contributions = new ArrayList<>();
        PortSet allowed = PortSet.EMPTY;
        for (int p : isolating) {
            CompiledPolicy policy = policies.get(p);
            ids.add(policy.id());
            for (CompiledRule rule : policy.rules(direction)) {
                PortSet ports = rulePorts(rule, memberGroup, direction, peer);
                if (!ports.isEmpty()) {
                    contributions.add(new SideExplanation.Contribution(rule.ref, ports));
                    allowed = allowed.union(ports);
                }
            }
        }
        return new SideExplanation(true, ids, contributions, allowed);
    }

    /** The verdict for one protocol/port, with the deciding rules or isolating policies of each side, per kind of member pair. */
    public Verdict explain(Endpoint from, Endpoint to, Protocol protocol, int port) {
        List<Verdict.MemberVerdict> out = new ArrayList<>();
        for (Party source : parties(from)) {
            for (Party target : parties(to)) {
                SideDecision egress = source.memberGroup() >= 0
                        ? decide(source.memberGroup(), PolicyType.EGRESS, target, protocol, port)
                        : new SideDecision.NotApplicable();
                SideDecision ingress = target.memberGroup() >= 0
                        ? decide(target.memberGroup(), PolicyType.INGRESS, source, protocol, port)
                        : new SideDecision.NotApplicable();
                out.add(new Verdict.MemberVerdict(source.member(), target.member(), egress, ingress));
            }
        }
        return new Verdict(from, to, protocol, port, out);
    }

    private SideDecision decide(int memberGroup, PolicyType direction, Party peer, Protocol protocol, int port) {
        SideExplanation side = side(memberGroup, direction, peer);
        if (!side.isolated()) {
            return new SideDecision.NotIsolated();
        }
        List<RuleRef> admitting = side.contributions().stream()
                .filter(c -> c.ports().contains(protocol, port)).map(SideExplanation.Contribution::rule).toList();
        return admitting.isEmpty() ? new SideDecision.Refused(side.isolatingPolicies())
                : new SideDecision.AllowedBy(admitting);
    }

    /** Every allowed ordered pair among the endpoints and the given IP endpoints. */
    public ConnectivityMatrix connectivity(List<Endpoint.Ip> externalIps) {
        Map<String, Endpoint.Ip> unique = new LinkedHashMap<>();
        for (Endpoint.Ip ip : externalIps) {
            unique.putIfAbsent(ip.address().text(), ip);
        }
        return new ConnectivityMatrix(this, List.copyOf(unique.values()));
    }

    private int[][] isolation(PolicyType direction) {
        int[] counts = new int[memberGroups.size()];
        for (CompiledPolicy policy : policies) {
            if (policy.governs(direction)) {
                for (int g : policy.selected()) {
                    counts[g]++;
                }
            }
        }
        int[][] out = new int[memberGroups.size()][];
        for (int g = 0; g < out.length; g++) {
            out[g] = new int[counts[g]];
        }
        int[] filled = new int[memberGroups.size()];
        for (int p = 0; p < policies.size(); p++) {
            CompiledPolicy policy = policies.get(p);
            if (policy.governs(direction)) {
                for (int g : policy.selected()) {
                    out[g][filled[g]++] = p;
                }
            }
        }
        return out;
    }

    private boolean[] everyMemberIsolated(int[][] isolatingByMember) {
        boolean[] out = new boolean[groups.size()];
        for (EndpointGroup group : groups) {
            boolean all = true;
            for (int m = group.firstMemberGroup(); m < group.firstMemberGroup() + group.memberGroups(); m++) {
                all &= isolatingByMember[m].length > 0;
            }
            out[group.id()] = all;
        }
        return out;
    }

    /** Builds member and endpoint groups, then decides every selector once per member group (cached per distinct selector). */
    private static final class Compiler {
        private final ClusterState cluster;
        private final Map<String, Namespace> namespaces = new TreeMap<>();
        private final NamedPorts.Registry namedPorts = new NamedPorts.Registry();
        private final List<EndpointGroup> groups = new ArrayList<>();
        private final List<MemberGroup> memberGroups = new ArrayList<>();
        /** Namespace name → [first member group id, end) of its consecutive member groups. */
        private final Map<String, int[]> namespaceGroups = new HashMap<>();
        private final Map<LabelSelector, List<String>> namespaceSelections = new HashMap<>();
        private final Map<List<Object>, int[]> peerSelections = new HashMap<>();

        Compiler(ClusterState cluster) {
            this.cluster = cluster;
            for (Namespace ns : cluster.namespaces()) {
                namespaces.put(ns.name(), ns);
            }
        }

        CompiledCluster compile() {
            Endpoints.Resolution resolution = Endpoints.resolve(cluster);
            List<Endpoint.Pod> endpoints = resolution.endpoints();
            for (Endpoint.Pod e : endpoints) {
                namespaces.computeIfAbsent(e.namespace(), Namespace::implied);
            }
            for (NetworkPolicy p : cluster.policies()) {
                namespaces.computeIfAbsent(p.namespace(), Namespace::implied);
            }
            int[][] memberGroupOfMember = new int[endpoints.size()][];
            int[] groupOfEndpoint = group(endpoints, podSelectorKeys(), memberGroupOfMember);
            List<CompiledPolicy> compiled = new ArrayList<>(cluster.policies().size());
            for (NetworkPolicy policy : cluster.policies()) {
                compiled.add(compile(policy));
            }
            return new CompiledCluster(resolution, groupOfEndpoint, List.copyOf(groups), List.copyOf(memberGroups),
                    memberGroupOfMember, List.copyOf(compiled));
        }

        private Set<String> podSelectorKeys() {
            Set<String> keys = new TreeSet<>();
            for (NetworkPolicy policy : cluster.policies()) {
                keys.addAll(policy.podSelector().keys());
                for (List<Rule> rules : List.of(policy.ingress(), policy.egress())) {
                    for (Rule rule : rules) {
                        for (Peer peer : rule.peers()) {
                            if (peer instanceof Peer.Selectors s && s.podSelector() != null) {
                                keys.addAll(s.podSelector().keys());
                            }
                        }
                    }
                }
            }
            return keys;
        }

        /** What makes members alike: the labels selectors read, and the named ports. */
        private record MemberKind(Map<String, String> labels, NamedPorts namedPorts) {}

        /**
         * Assigns endpoint groups, namespace by namespace in name order (first seen first within
         * one), and within each its member groups, so that a namespace's ids are consecutive at
         * both levels.
         */
        private int[] group(List<Endpoint.Pod> endpoints, Set<String> keys, int[][] memberGroupOfMember) {
            Map<String, List<Integer>> byNamespace = new TreeMap<>();
            for (int i = 0; i < endpoints.size(); i++) {
                byNamespace.computeIfAbsent(endpoints.get(i).namespace(), n -> new ArrayList<>()).add(i);
            }
            int[] groupOf = new int[endpoints.size()];
            Map<List<String>, MemberKind> interned = new HashMap<>();
            for (Map.Entry<String, List<Integer>> ns : byNamespace.entrySet()) {
                int firstMember = memberGroups.size();
                // endpoints by the distinct kinds of their members, in first-seen order
                Map<List<MemberKind>, List<Integer>> byKinds = new LinkedHashMap<>();
                Map<Integer, int[]> kindOfMember = new HashMap<>();
                for (int i : ns.getValue()) {
                    Endpoint.Pod e = endpoints.get(i);
                    List<MemberKind> distinct = new ArrayList<>(1);
                    int[] kindIndex = new int[e.members().size()];
                    for (int m = 0; m < e.members().size(); m++) {
                        MemberKind kind = kind(e.members().get(m), keys, interned);
                        int at = distinct.indexOf(kind);
                        if (at < 0) {
                            at = distinct.size();
                            distinct.add(kind);
                        }
                        kindIndex[m] = at;
                    }
                    List<MemberKind> sorted = new ArrayList<>(distinct);
                    if (sorted.size() > 1) {
                        sorted.sort(java.util.Comparator.comparing(k -> k.labels().toString() + "|" + k.namedPorts().id()));
                        int[] remap = new int[distinct.size()];
                        for (int k = 0; k < distinct.size(); k++) {
                            remap[k] = sorted.indexOf(distinct.get(k));
                        }
                        for (int m = 0; m < kindIndex.length; m++) {
                            kindIndex[m] = remap[kindIndex[m]];
                        }
                    }
                    byKinds.computeIfAbsent(List.copyOf(sorted), k -> new ArrayList<>()).add(i);
                    kindOfMember.put(i, kindIndex);
                }
                for (Map.Entry<List<MemberKind>, List<Integer>> g : byKinds.entrySet()) {
                    int id = groups.size();
                    int first = memberGroups.size();
                    List<MemberKind> kinds = g.getKey();
                    for (MemberKind kind : kinds) {
                        memberGroups.add(new MemberGroup(memberGroups.size(), id, ns.getKey(), kind.labels(),
                                kind.namedPorts()));
                    }
                    int[] members = g.getValue().stream().mapToInt(Integer::intValue).toArray();
                    for (int i : members) {
                        groupOf[i] = id;
                        int[] kindIndex = kindOfMember.get(i);
                        int[] memberGroup = new int[kindIndex.length];
                        for (int m = 0; m < kindIndex.length; m++) {
                            memberGroup[m] = first + kindIndex[m];
                        }
                        memberGroupOfMember[i] = memberGroup;
                    }
                    groups.add(new EndpointGroup(id, ns.getKey(), common(kinds), members, first, kinds.size()));
                }
                namespaceGroups.put(ns.getKey(), new int[] {firstMember, memberGroups.size()});
            }
            return groupOf;
        }

        private MemberKind kind(Endpoint.Member member, Set<String> keys, Map<List<String>, MemberKind> interned) {
            Map<String, String> projected = new TreeMap<>();
            for (String key : keys) {
                String value = member.labels().get(key);
                if (value != null) {
                    projected.put(key, value);
                }
            }
            NamedPorts named = namedPorts.of(member.ports());
            List<String> key = List.of(projected.toString(), Integer.toString(named.id()));
            return interned.computeIfAbsent(key, k -> new MemberKind(Map.copyOf(projected), named));
        }

        /** The labels every kind of member shares. */
        private static Map<String, String> common(List<MemberKind> kinds) {
            Map<String, String> out = new TreeMap<>(kinds.getFirst().labels());
            for (MemberKind kind : kinds.subList(1, kinds.size())) {
                out.entrySet().removeIf(e -> !e.getValue().equals(kind.labels().get(e.getKey())));
            }
            return Map.copyOf(out);
        }

        private CompiledPolicy compile(NetworkPolicy policy) {
            int[] selected = podsIn(policy.namespace(), policy.podSelector());
            return new CompiledPolicy(policy, selected, endpointGroups(selected), policy.governs(PolicyType.INGRESS),
                    policy.governs(PolicyType.EGRESS), rules(policy, PolicyType.INGRESS),
                    rules(policy, PolicyType.EGRESS));
        }

        private List<CompiledRule> rules(NetworkPolicy policy, PolicyType direction) {
            List<Rule> rules = policy.rules(direction);
            List<CompiledRule> out = new ArrayList<>(rules.size());
            for (int i = 0; i < rules.size(); i++) {
                Rule rule = rules.get(i);
                RuleRef ref = new RuleRef(policy.id(), direction, i);
                if (rule.allPeers()) {
                    out.add(new CompiledRule(ref, true, new int[0], new int[0], List.of(), rule.ports(),
                            namedPorts.size(), new int[0][]));
                    continue;
                }
                TreeSet<Integer> matched = new TreeSet<>();
                List<Peer.IpBlock> blocks = new ArrayList<>();
                int[][] perPeer = new int[rule.peers().size()][];
                for (int k = 0; k < rule.peers().size(); k++) {
                    switch (rule.peers().get(k)) {
                        case Peer.IpBlock block -> blocks.add(block);
                        case Peer.Selectors s -> {
                            perPeer[k] = peerGroups(policy.namespace(), s);
                            for (int g : perPeer[k]) {
                                matched.add(g);
                            }
                        }
                    }
                }
                int[] matchedIds = matched.stream().mapToInt(Integer::intValue).toArray();
                out.add(new CompiledRule(ref, false, matchedIds, endpointGroups(matchedIds), blocks, rule.ports(),
                        namedPorts.size(), perPeer));
            }
            return out;
        }

        /** The endpoint groups of sorted member groups, sorted and each once (the same array when the levels coincide). */
        private int[] endpointGroups(int[] memberIds) {
            if (memberGroups.size() == groups.size()) {
                return memberIds;
            }
            return Arrays.stream(memberIds).map(m -> memberGroups.get(m).endpointGroup()).distinct().toArray();
        }

        /** Member groups a selector peer matches, cached per (policy namespace, selectors). */
        private int[] peerGroups(String policyNamespace, Peer.Selectors peer) {
            List<Object> key = peer.namespaceSelector() == null
                    ? List.of(policyNamespace, peer.podSelector())
                    : List.of(peer.namespaceSelector(),
                            peer.podSelector() == null ? LabelSelector.EVERYTHING : peer.podSelector());
            return peerSelections.computeIfAbsent(key, k -> {
                LabelSelector pods = peer.podSelector() == null ? LabelSelector.EVERYTHING : peer.podSelector();
                if (peer.namespaceSelector() == null) {
                    return podsIn(policyNamespace, pods);
                }
                List<int[]> parts = new ArrayList<>();
                int size = 0;
                for (String ns : namespacesMatching(peer.namespaceSelector())) {
                    int[] part = podsIn(ns, pods);
                    parts.add(part);
                    size += part.length;
                }
                int[] out = new int[size];
                int n = 0;
                for (int[] part : parts) {
                    System.arraycopy(part, 0, out, n, part.length);
                    n += part.length;
                }
                Arrays.sort(out);
                return out;
            });
        }

        private List<String> namespacesMatching(LabelSelector selector) {
            return namespaceSelections.computeIfAbsent(selector, s -> {
                List<String> out = new ArrayList<>();
                for (Namespace ns : namespaces.values()) {
                    if (s.matches(ns.labels())) {
                        out.add(ns.name());
                    }
                }
                return out;
            });
        }

        /** Ids of the member groups of one namespace whose labels match (ascending). */
        private int[] podsIn(String namespace, LabelSelector selector) {
            int[] range = namespaceGroups.get(namespace);
            if (range == null) {
                return new int[0];
            }
            int[] out = new int[range[1] - range[0]];
            int n = 0;
            for (int g = range[0]; g < range[1]; g++) {
                if (selector.matches(memberGroups.get(g).labels())) {
                    out[n++] = g;
                }
            }
            return Arrays.copyOf(out, n);
        }
    }
}
