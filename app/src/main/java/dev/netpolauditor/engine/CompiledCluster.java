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
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A cluster state compiled once for many questions.
 *
 * <p>Endpoints that every selector sees alike — same namespace, same values for every label
 * key any pod selector reads, same named ports — form one {@linkplain EndpointGroup group};
 * every selector, rule and port is decided per group, never per pod. Groups of one
 * namespace get consecutive ids. Each policy knows the groups it selects, each rule the
 * groups its peers match, and each group the policies that isolate it per direction.
 */
public final class CompiledCluster {
    private final List<Endpoint.Pod> endpoints;
    private final Map<String, Integer> endpointByName;
    private final int[] groupOfEndpoint;
    private final List<EndpointGroup> groups;
    private final List<CompiledPolicy> policies;
    /** Per group: indexes into {@link #policies} of the policies isolating it, per direction. */
    private final int[][] ingressPolicies;
    private final int[][] egressPolicies;

    private CompiledCluster(List<Endpoint.Pod> endpoints, int[] groupOfEndpoint, List<EndpointGroup> groups,
            List<CompiledPolicy> policies) {
        this.endpoints = endpoints;
        this.groupOfEndpoint = groupOfEndpoint;
        this.groups = groups;
        this.policies = policies;
        this.endpointByName = new HashMap<>(endpoints.size() * 2);
        for (int i = 0; i < endpoints.size(); i++) {
            endpointByName.put(endpoints.get(i).name(), i);
        }
        this.ingressPolicies = isolation(PolicyType.INGRESS);
        this.egressPolicies = isolation(PolicyType.EGRESS);
    }

    public static CompiledCluster compile(ClusterState cluster) {
        return new Compiler(cluster).compile();
    }

    /** Endpoints of the cluster (pods, workload templates), input order. */
    public List<Endpoint.Pod> endpoints() {
        return endpoints;
    }

    /** Number of endpoint groups (endpoints every selector sees alike). */
    public int groupCount() {
        return groups.size();
    }

    List<EndpointGroup> groups() {
        return groups;
    }

    List<CompiledPolicy> policies() {
        return policies;
    }

    int[] ingressPolicies(int group) {
        return ingressPolicies[group];
    }

    int[] egressPolicies(int group) {
        return egressPolicies[group];
    }

    int groupOf(Endpoint.Pod endpoint) {
        Integer index = endpointByName.get(endpoint.name());
        if (index == null) {
            throw new IllegalArgumentException("unknown endpoint " + endpoint.name());
        }
        return groupOfEndpoint[index];
    }

    /** The endpoint named {@code ns/name} or {@code ns/name[Kind]}, if any. */
    public java.util.Optional<Endpoint.Pod> endpoint(String name) {
        Integer index = endpointByName.get(name);
        return index == null ? java.util.Optional.empty() : java.util.Optional.of(endpoints.get(index));
    }

    /** Whether any policy isolates this endpoint in the direction. */
    public boolean isolated(Endpoint.Pod endpoint, PolicyType direction) {
        int group = groupOf(endpoint);
        return (direction == PolicyType.INGRESS ? ingressPolicies[group] : egressPolicies[group]).length > 0;
    }

    /** Whether the policy at this index selects no endpoint at all. */
    public boolean selectsNothing(int policy) {
        return policies.get(policy).selected().length == 0;
    }

    /** Whether one selector peer of a rule matches no endpoint (an ipBlock peer never matches one). */
    public boolean peerMatchesNothing(int policy, PolicyType direction, int rule, int peer) {
        int[] groups = policies.get(policy).rules(direction).get(rule).peerGroups[peer];
        return groups == null || groups.length == 0;
    }

    /**
     * Whether some endpoint on the receiving side of a rule defines the named port with this
     * protocol: for ingress the endpoints the policy selects, for egress the endpoints the
     * rule's peers match (every endpoint when its peers are empty).
     */
    public boolean receivingSideDefines(int policy, PolicyType direction, int rule, String portName,
            Protocol protocol) {
        CompiledPolicy compiled = policies.get(policy);
        CompiledRule r = compiled.rules(direction).get(rule);
        if (direction == PolicyType.EGRESS && r.allPeers) {
            for (EndpointGroup group : groups) {
                if (!group.namedPorts().resolve(portName, protocol).isEmpty()) {
                    return true;
                }
            }
            return false;
        }
        for (int g : direction == PolicyType.INGRESS ? compiled.selected() : r.groups) {
            if (!groups.get(g).namedPorts().resolve(portName, protocol).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** The group of an endpoint: endpoints of one group are alike for every policy. */
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

    /** Ports on which {@code from} may open a connection to {@code to}. */
    public PortSet allowed(Endpoint from, Endpoint to) {
        if (from.equals(to) || (from instanceof Endpoint.Ip && to instanceof Endpoint.Ip)) {
            return PortSet.EMPTY;
        }
        PortSet egress = from instanceof Endpoint.Pod source ? sidePorts(groupOf(source), PolicyType.EGRESS, to)
                : PortSet.ALL;
        if (egress.isEmpty()) {
            return egress;
        }
        PortSet ingress = to instanceof Endpoint.Pod target ? sidePorts(groupOf(target), PolicyType.INGRESS, from)
                : PortSet.ALL;
        return egress.intersect(ingress);
    }

    /** What {@code group}'s policies of one direction allow toward/from {@code peer}. */
    PortSet sidePorts(int group, PolicyType direction, Endpoint peer) {
        return side(group, direction, peer).allowed();
    }

    /**
     * The ports one rule admits for the connection between the rule's own {@code group} and
     * {@code peer}; named ports resolve on the receiving side.
     */
    private PortSet rulePorts(CompiledRule rule, int group, PolicyType direction, Endpoint peer) {
        return switch (peer) {
            case Endpoint.Ip ip -> rule.matchesIp(ip.address())
                    ? (direction == PolicyType.INGRESS ? rule.portsFor(groups.get(group).namedPorts())
                            : rule.portsTowardIp())
                    : PortSet.EMPTY;
            case Endpoint.Pod pod -> {
                int peerGroup = groupOf(pod);
                if (!rule.matchesGroup(peerGroup)) {
                    yield PortSet.EMPTY;
                }
                int receiving = direction == PolicyType.INGRESS ? group : peerGroup;
                yield rule.portsFor(groups.get(receiving).namedPorts());
            }
        };
    }

    /** Why {@code from} may connect to {@code to} on which ports: the admitting rules of each side. */
    public ConnectionExplanation explain(Endpoint from, Endpoint to) {
        SideExplanation egress = from instanceof Endpoint.Pod source
                ? side(groupOf(source), PolicyType.EGRESS, to)
                : SideExplanation.notApplicable();
        SideExplanation ingress = to instanceof Endpoint.Pod target
                ? side(groupOf(target), PolicyType.INGRESS, from)
                : SideExplanation.notApplicable();
        return new ConnectionExplanation(from, to, egress, ingress);
    }

    private SideExplanation side(int group, PolicyType direction, Endpoint peer) {
        int[] isolating = direction == PolicyType.INGRESS ? ingressPolicies[group] : egressPolicies[group];
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
                PortSet ports = rulePorts(rule, group, direction, peer);
                if (!ports.isEmpty()) {
                    contributions.add(new SideExplanation.Contribution(rule.ref, ports));
                    allowed = allowed.union(ports);
                }
            }
        }
        return new SideExplanation(true, ids, contributions, allowed);
    }

    /** The verdict for one protocol/port, with the deciding rules or isolating policies of each side. */
    public Verdict explain(Endpoint from, Endpoint to, Protocol protocol, int port) {
        SideDecision egress = from instanceof Endpoint.Pod source
                ? decide(groupOf(source), PolicyType.EGRESS, to, protocol, port)
                : new SideDecision.NotApplicable();
        SideDecision ingress = to instanceof Endpoint.Pod target
                ? decide(groupOf(target), PolicyType.INGRESS, from, protocol, port)
                : new SideDecision.NotApplicable();
        return new Verdict(from, to, protocol, port, egress, ingress);
    }

    private SideDecision decide(int group, PolicyType direction, Endpoint peer, Protocol protocol, int port) {
        SideExplanation side = side(group, direction, peer);
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
        List<List<Integer>> byGroup = new ArrayList<>(groups.size());
        for (int g = 0; g < groups.size(); g++) {
            byGroup.add(new ArrayList<>(2));
        }
        for (int p = 0; p < policies.size(); p++) {
            CompiledPolicy policy = policies.get(p);
            if (policy.governs(direction)) {
                for (int g : policy.selected()) {
                    byGroup.get(g).add(p);
                }
            }
        }
        int[][] out = new int[groups.size()][];
        for (int g = 0; g < out.length; g++) {
            out[g] = byGroup.get(g).stream().mapToInt(Integer::intValue).toArray();
        }
        return out;
    }

    /** Builds groups, then decides every selector once per group (cached per distinct selector). */
    private static final class Compiler {
        private final ClusterState cluster;
        private final Map<String, Namespace> namespaces = new TreeMap<>();
        private final NamedPorts.Registry namedPorts = new NamedPorts.Registry();
        private final List<EndpointGroup> groups = new ArrayList<>();
        /** Namespace name → [first group id, end) of its consecutive groups. */
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
            List<Endpoint.Pod> endpoints = Endpoints.of(cluster);
            for (Endpoint.Pod e : endpoints) {
                namespaces.computeIfAbsent(e.namespace(), Namespace::implied);
            }
            for (NetworkPolicy p : cluster.policies()) {
                namespaces.computeIfAbsent(p.namespace(), Namespace::implied);
            }
            int[] groupOfEndpoint = group(endpoints, podSelectorKeys());
            List<CompiledPolicy> compiled = new ArrayList<>(cluster.policies().size());
            for (NetworkPolicy policy : cluster.policies()) {
                compiled.add(compile(policy));
            }
            return new CompiledCluster(endpoints, groupOfEndpoint, List.copyOf(groups), List.copyOf(compiled));
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

        /** Assigns groups, namespace by namespace in name order, so a namespace's ids are consecutive. */
        private int[] group(List<Endpoint.Pod> endpoints, Set<String> keys) {
            Map<String, List<Integer>> byNamespace = new TreeMap<>();
            for (int i = 0; i < endpoints.size(); i++) {
                byNamespace.computeIfAbsent(endpoints.get(i).namespace(), n -> new ArrayList<>()).add(i);
            }
            int[] groupOf = new int[endpoints.size()];
            for (Map.Entry<String, List<Integer>> ns : byNamespace.entrySet()) {
                int first = groups.size();
                Map<List<Object>, List<Integer>> members = new LinkedHashMap<>();
                Map<List<Object>, Map<String, String>> projections = new HashMap<>();
                Map<List<Object>, NamedPorts> ports = new HashMap<>();
                for (int i : ns.getValue()) {
                    Endpoint.Pod e = endpoints.get(i);
                    Map<String, String> projected = new TreeMap<>();
                    for (String key : keys) {
                        String value = e.labels().get(key);
                        if (value != null) {
                            projected.put(key, value);
                        }
                    }
                    NamedPorts named = namedPorts.of(e.ports());
                    List<Object> key = List.of(projected, named.id());
                    members.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
                    projections.putIfAbsent(key, projected);
                    ports.putIfAbsent(key, named);
                }
                for (Map.Entry<List<Object>, List<Integer>> m : members.entrySet()) {
                    int id = groups.size();
                    int[] memberIds = m.getValue().stream().mapToInt(Integer::intValue).toArray();
                    for (int i : memberIds) {
                        groupOf[i] = id;
                    }
                    groups.add(new EndpointGroup(id, ns.getKey(), Map.copyOf(projections.get(m.getKey())),
                            ports.get(m.getKey()), memberIds));
                }
                namespaceGroups.put(ns.getKey(), new int[] {first, groups.size()});
            }
            return groupOf;
        }

        private CompiledPolicy compile(NetworkPolicy policy) {
            int[] selected = podsIn(policy.namespace(), policy.podSelector());
            return new CompiledPolicy(policy, selected, policy.governs(PolicyType.INGRESS),
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
                    out.add(new CompiledRule(ref, true, new int[0], List.of(), rule.ports(), namedPorts.size(), new int[0][]));
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
                out.add(new CompiledRule(ref, false, matchedIds, blocks, rule.ports(), namedPorts.size(), perPeer));
            }
            return out;
        }

        /** Groups a selector peer matches, cached per (policy namespace, selectors). */
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

        /** Ids of the groups of one namespace whose labels match (ascending). */
        private int[] podsIn(String namespace, LabelSelector selector) {
            int[] range = namespaceGroups.get(namespace);
            if (range == null) {
                return new int[0];
            }
            int[] out = new int[range[1] - range[0]];
            int n = 0;
            for (int g = range[0]; g < range[1]; g++) {
                if (selector.matches(groups.get(g).labels())) {
                    out[n++] = g;
                }
            }
            return Arrays.copyOf(out, n);
        }
    }
}
