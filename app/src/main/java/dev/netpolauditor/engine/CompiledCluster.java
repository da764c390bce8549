package dev.netpolauditor.engine;

import dev.netpolauditor.model.ClusterPolicy;
import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.model.LabelSelector;
import dev.netpolauditor.model.Namespace;
import dev.netpolauditor.model.NetworkPolicy;
import dev.netpolauditor.model.Peer;
import dev.netpolauditor.model.PolicyTier;
import dev.netpolauditor.model.PolicyType;
import dev.netpolauditor.model.PortSet;
import dev.netpolauditor.model.Protocol;
import dev.netpolauditor.model.Rule;
import dev.netpolauditor.model.RuleAction;
import dev.netpolauditor.model.TierPeer;
import dev.netpolauditor.model.TierRule;
import dev.netpolauditor.model.TierSubject;
import dev.netpolauditor.model.calico.CalicoPolicy;
import dev.netpolauditor.model.calico.CalicoRule;
import dev.netpolauditor.model.calico.EntityRule;
import dev.netpolauditor.model.cilium.CiliumEntry;
import dev.netpolauditor.model.cilium.CiliumPeer;
import dev.netpolauditor.model.cilium.CiliumPolicy;
import dev.netpolauditor.model.cilium.CiliumRule;
import dev.netpolauditor.model.cilium.CiliumSelector;
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
    /** Cluster-tier policies, Admin tier first, each tier in its order ({@link ClusterPolicy#ORDER}). */
    private final List<CompiledClusterPolicy> clusterPolicies;
    /** Every cluster-tier rule by its dense id (in tier order, then written order within a policy). */
    private final List<CompiledTierRule> tierRules;
    /** The policy (index into {@link #clusterPolicies}) of each cluster-tier rule. */
    private final int[] tierRulePolicy;
    /** Per member group: indexes into {@link #policies} of the policies isolating it, per direction. */
    private final int[][] ingressPolicies;
    private final int[][] egressPolicies;
    /** Per member group: indexes into {@link #clusterPolicies} of those whose subject selects it, in order. */
    private final int[][] ingressClusterPolicies;
    private final int[][] egressClusterPolicies;
    /**
     * Per endpoint group: isolated in the sense of findings.md when every member group is, by a
     * NetworkPolicy or by a cluster-tier policy with a deny-all rule in that direction.
     */
    private final boolean[] ingressIsolated;
    private final boolean[] egressIsolated;
    /** Per endpoint group: every member group isolated by NetworkPolicies alone. */
    private final boolean[] ingressIsolatedByNetworkPolicies;
    private final boolean[] egressIsolatedByNetworkPolicies;

    /** The models that decide the sides (cni-policies.md): the Kubernetes tiers, or the known plugins'. */
    private final List<SideModel> models;
    /** Per model: its pipelines of ingress and egress. */
    private final Map<SideModel, Pipeline[]> pipelines;
    /** The rules whose use is recorded (cluster-tier rules by their ids first, then Calico's), by dense id. */
    private final List<RuleRef> usageRules;
    /** Selections the network plugins' findings ask about (which member groups a Calico policy selects...). */
    private final PipelineBuilder selections;

    private CompiledCluster(Endpoints.Resolution resolution, int[] groupOfEndpoint, List<EndpointGroup> groups,
            List<MemberGroup> memberGroups, int[][] memberGroupOfMember, List<CompiledPolicy> policies,
            List<CompiledClusterPolicy> clusterPolicies, List<SideModel> models, Map<SideModel, Pipeline[]> pipelines,
            List<RuleRef> usageRules, PipelineBuilder selections) {
        this.models = List.copyOf(models);
        this.pipelines = pipelines;
        this.usageRules = usageRules;
        this.selections = selections;
        this.resolution = resolution;
        this.endpoints = resolution.endpoints();
        this.groupOfEndpoint = groupOfEndpoint;
        this.groups = groups;
        this.memberGroups = memberGroups;
        this.memberGroupOfMember = memberGroupOfMember;
        this.policies = policies;
        this.clusterPolicies = clusterPolicies;
        List<CompiledTierRule> rules = new ArrayList<>();
        List<Integer> rulePolicy = new ArrayList<>();
        for (int p = 0; p < clusterPolicies.size(); p++) {
            for (PolicyType direction : PolicyType.values()) {
                for (CompiledTierRule r : clusterPolicies.get(p).rules(direction)) {
                    rules.add(r);
                    rulePolicy.add(p);
                }
            }
        }
        this.tierRules = List.copyOf(rules);
        this.tierRulePolicy = rulePolicy.stream().mapToInt(Integer::intValue).toArray();
        this.endpointByName = new HashMap<>(endpoints.size() * 2);
        for (int i = 0; i < endpoints.size(); i++) {
            endpointByName.put(endpoints.get(i).name(), i);
        }
        this.ingressPolicies = isolation(PolicyType.INGRESS);
        this.egressPolicies = isolation(PolicyType.EGRESS);
        this.ingressClusterPolicies = subjects(PolicyType.INGRESS);
        this.egressClusterPolicies = subjects(PolicyType.EGRESS);
        this.ingressIsolatedByNetworkPolicies = everyMember(ingressPolicies, new boolean[memberGroups.size()]);
        this.egressIsolatedByNetworkPolicies = everyMember(egressPolicies, new boolean[memberGroups.size()]);
        this.ingressIsolated = everyMember(ingressPolicies, denyAll(PolicyType.INGRESS));
        this.egressIsolated = everyMember(egressPolicies, denyAll(PolicyType.EGRESS));
    }

    /** The models that decide the sides, in order (Calico before Cilium when both are known). */
    public List<SideModel> models() {
        return models;
    }

    Pipeline pipeline(SideModel model, PolicyType direction) {
        return pipelines.get(model)[direction == PolicyType.INGRESS ? 0 : 1];
    }

    /** The rules whose use {@link RuleUsage} records, by dense id. */
    List<RuleRef> usageRules() {
        return usageRules;
    }

    /** The compiled cluster's selections of the network plugins' policies. */
    PipelineBuilder selections() {
        return selections;
    }

    // ---------------------------------------------------------------- what the plugins' findings ask

    /** The endpoints a Calico policy selects (host-endpoint-only policies select none). */
    public List<Endpoint.Pod> selectedBy(CalicoPolicy policy) {
        return policy.hostEndpointsOnly() ? List.of() : endpointsOfMembers(selections.calicoSelected(policy));
    }

    /**
     * Whether an entity rule's selection (it has {@code selector}, {@code namespaceSelector} or
     * {@code serviceAccounts}) matches no pod endpoint and no network set: it can never match.
     */
    public boolean selectionMatchesNothing(CalicoPolicy policy, EntityRule side) {
        return selections.entityGroups(side, policy).length == 0 && selections.entitySets(side, policy).isEmpty();
    }

    /** Whether some endpoint on the receiving side of a Calico rule defines a port name (the rule's protocol, or any). */
    public boolean receivingSideDefines(CalicoPolicy policy, PolicyType direction, CalicoRule rule, String portName) {
        int[] receiving = direction == PolicyType.INGRESS
                ? PipelineBuilder.intersect(selections.calicoSelected(policy),
                        selections.entityGroups(rule.destination(), policy))
                : selections.entityGroups(rule.destination(), policy);
        Protocol protocol = rule.protocol() == null ? null : rule.protocol().modelled();
        for (int g : receiving) {
            NamedPorts ports = memberGroups.get(g).namedPorts();
            if (!(protocol == null ? ports.resolveAnyProtocol(portName) : ports.resolve(portName, protocol)).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** The endpoints a rule of a Cilium policy selects. */
    public List<Endpoint.Pod> selectedBy(CiliumPolicy policy, CiliumRule rule) {
        return rule.hostPolicy() ? List.of() : endpointsOfMembers(selections.ciliumSubjects(policy, rule));
    }

    /** Whether a Cilium endpoint peer matches no endpoint (in the policy's namespace unless it names one). */
    public boolean peerMatchesNothing(CiliumPolicy policy, CiliumSelector peer) {
        return selections.ciliumPeers(policy, peer).length == 0;
    }

    /**
     * Whether some endpoint on the receiving side of a Cilium entry defines a port name with one
     * of the protocols: for ingress the endpoints the rule selects, for egress those its endpoint
     * peers match (every endpoint when it names no endpoints).
     */
    public boolean receivingSideDefines(CiliumPolicy policy, CiliumRule rule, PolicyType direction, CiliumEntry entry,
            String portName, List<Protocol> protocols) {
        int[] receiving;
        if (direction == PolicyType.INGRESS) {
            receiving = selections.ciliumSubjects(policy, rule);
        } else {
            receiving = new int[0];
            boolean everything = entry.allPeers();
            for (CiliumPeer peer : entry.peers()) {
                if (peer instanceof CiliumPeer.Endpoints e) {
                    receiving = PipelineBuilder.union(receiving, selections.ciliumPeers(policy, e.selector()));
                } else if (peer instanceof CiliumPeer.Entity e && e.entity().pods()) {
                    everything = true;
                }
            }
            if (everything) {
                receiving = java.util.stream.IntStream.range(0, memberGroups.size()).toArray();
            }
        }
        for (int g : receiving) {
            for (Protocol p : protocols) {
                if (!memberGroups.get(g).namedPorts().resolve(portName, p).isEmpty()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The pod endpoints with a known address inside a CIDR peer. */
    public List<Endpoint.Pod> addressedIn(CiliumPeer.Cidrs peer) {
        List<Endpoint.Pod> out = new ArrayList<>();
        for (Endpoint.Pod e : endpoints) {
            if (e.members().stream().anyMatch(m -> m.addresses().stream().anyMatch(peer::contains))) {
                out.add(e);
            }
        }
        return out;
    }

    /** The endpoints of sorted member groups, each once, in name order. */
    private List<Endpoint.Pod> endpointsOfMembers(int[] memberIds) {
        return endpointsOf(java.util.Arrays.stream(memberIds).map(m -> memberGroups.get(m).endpointGroup())
                .distinct().toArray());
    }

    /**
     * Calico's tiers as they apply in a direction (when Calico is known): each tier's name
     * ({@code Tier/<name>}), the endpoint groups it applies to, and whether it ends in Deny.
     */
    public List<TierUse> calicoTiers(PolicyType direction) {
        if (!models.contains(SideModel.CALICO)) {
            return List.of();
        }
        List<TierUse> out = new ArrayList<>();
        for (Step step : pipeline(SideModel.CALICO, direction).steps) {
            java.util.TreeSet<Integer> groupsApplied = new java.util.TreeSet<>();
            for (int g = 0; g < memberGroups.size(); g++) {
                if (step.appliesTo(g)) {
                    groupsApplied.add(memberGroups.get(g).endpointGroup());
                }
            }
            out.add(new TierUse(step.name(), groupsApplied.stream().mapToInt(Integer::intValue).toArray(),
                    step.denyRest()));
        }
        return out;
    }

    /**
     * The endpoints a Cilium rule selects for which nothing allows anything in a direction: no
     * allow rule or entry of any policy (v1, Cilium, cluster-tier) selects them there.
     */
    public List<Endpoint.Pod> withoutAllows(CiliumPolicy policy, CiliumRule rule, PolicyType direction) {
        if (!models.contains(SideModel.CILIUM) || rule.hostPolicy()) {
            return List.of();
        }
        Pipeline p = pipeline(SideModel.CILIUM, direction);
        java.util.TreeSet<Integer> out = new java.util.TreeSet<>();
        for (int g : selections.ciliumSubjects(policy, rule)) {
            boolean allows = false;
            for (int r : p.bySubject[g]) {
                allows |= p.rules[r].action() == RuleAction.ACCEPT;
            }
            if (!allows) {
                out.add(memberGroups.get(g).endpointGroup());
            }
        }
        return endpointsOf(out.stream().mapToInt(Integer::intValue).toArray());
    }

    /**
     * What a Cilium deny entry overrides: the endpoint pairs (of pod endpoints) between which it
     * denies ports that an allow rule or entry of another policy in Cilium's pool admits, one
     * example pair, and those policies.
     */
    public DenyOverride overridden(CiliumPolicy policy, CiliumRule rule, PolicyType direction, int entryIndex) {
        if (!models.contains(SideModel.CILIUM) || rule.hostPolicy() || !policy.enforced()) {
            return new DenyOverride(0, null, null, List.of());
        }
        Pipeline p = pipeline(SideModel.CILIUM, direction);
        StepRule deny = null;
        for (StepRule r : p.rules) {
            if (r.action() == RuleAction.DENY && r.ref().equals(new RuleRef(policy.id(), direction, entryIndex,
                    rule.location(CiliumRule.denyField(direction))))) {
                deny = r;
            }
        }
        if (deny == null) {
            return new DenyOverride(0, null, null, List.of());
        }
        java.util.Set<String> policies = new java.util.TreeSet<>();
        java.util.Set<Long> pairs = new java.util.TreeSet<>();
        int[] peers = deny.matcher().allPeers() ? java.util.stream.IntStream.range(0, memberGroups.size()).toArray()
                : deny.matcher().peerGroups();
        for (int subject : deny.subjects()) {
            for (int peer : peers) {
                int receiving = direction == PolicyType.INGRESS ? subject : peer;
                PortSet denied = deny.matcher().portsFor(memberGroups.get(receiving).namedPorts());
                if (denied.isEmpty()) {
                    continue;
                }
                for (int r : p.bySubject[subject]) {
                    StepRule allow = p.rules[r];
                    Step step = p.steps.get(p.stepOf[r]);
                    if (allow.action() != RuleAction.ACCEPT || !step.owner() || allow.policy().equals(policy.id())
                            || !allow.matcher().matchesGroup(peer)) {
                        continue;
                    }
                    if (!allow.matcher().portsFor(memberGroups.get(receiving).namedPorts()).intersect(denied).isEmpty()) {
                        policies.add(allow.policy());
                        int from = memberGroups.get(direction == PolicyType.INGRESS ? peer : subject).endpointGroup();
                        int to = memberGroups.get(direction == PolicyType.INGRESS ? subject : peer).endpointGroup();
                        pairs.add(((long) from << 32) | to);
                    }
                }
            }
        }
        long count = 0;
        String exampleFrom = null;
        String exampleTo = null;
        for (long pair : pairs) {
            EndpointGroup from = groups.get((int) (pair >>> 32));
            EndpointGroup to = groups.get((int) pair);
            long n = from.id() == to.id() ? (long) from.size() * (from.size() - 1) : (long) from.size() * to.size();
            if (n > 0 && exampleFrom == null) {
                exampleFrom = endpoints.get(from.members()[0]).name();
                exampleTo = endpoints.get(to.members()[from.id() == to.id() ? 1 : 0]).name();
            }
            count += n;
        }
        return new DenyOverride(count, exampleFrom, exampleTo, List.copyOf(policies));
    }

    /** What a deny entry overrides: endpoint pairs, one of them, and the policies whose allows it overrides. */
    public record DenyOverride(long pairs, String exampleFrom, String exampleTo, List<String> policies) {}

    /** A Calico tier applying in one direction: to these endpoint groups (sorted); {@code deny}: its defaultAction is Deny. */
    public record TierUse(String tier, int[] endpointGroups, boolean deny) {}

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

    List<CompiledClusterPolicy> clusterPolicies() {
        return clusterPolicies;
    }

    List<CompiledTierRule> tierRules() {
        return tierRules;
    }

    int tierRulePolicy(int rule) {
        return tierRulePolicy[rule];
    }

    /** Indexes into {@link #clusterPolicies()} of the cluster-tier policies selecting a member group with rules in the direction. */
    int[] clusterPolicies(int memberGroup, PolicyType direction) {
        return (direction == PolicyType.INGRESS ? ingressClusterPolicies : egressClusterPolicies)[memberGroup];
    }

    /** Whether the cluster has cluster-tier policies at all (without them every side is the v1 union). */
    public boolean hasClusterPolicies() {
        return !clusterPolicies.isEmpty();
    }

    /** Whether the cluster-tier policy at this index (of {@link dev.netpolauditor.model.ClusterState#clusterPolicies()}) selects no endpoint. */
    public boolean clusterPolicySelectsNothing(ClusterPolicy policy) {
        return clusterPolicy(policy).selected().length == 0;
    }

    /** The endpoint groups a cluster-tier policy's subject selects (some member of each). */
    public int[] selectedGroups(ClusterPolicy policy) {
        return clusterPolicy(policy).selectedEndpointGroups();
    }

    /** The endpoints the NetworkPolicy at this index (of {@link dev.netpolauditor.model.ClusterState#policies()}) selects. */
    public List<Endpoint.Pod> selectedBy(int policy) {
        return endpointsOf(policies.get(policy).selectedEndpointGroups());
    }

    /** The endpoints a cluster-tier policy's subject selects. */
    public List<Endpoint.Pod> selectedBy(ClusterPolicy policy) {
        return endpointsOf(selectedGroups(policy));
    }

    private List<Endpoint.Pod> endpointsOf(int[] endpointGroups) {
        List<Endpoint.Pod> out = new java.util.ArrayList<>();
        for (int g : endpointGroups) {
            for (int member : groups.get(g).members()) {
                out.add(endpoints.get(member));
            }
        }
        out.sort(java.util.Comparator.comparing(Endpoint.Pod::name));
        return out;
    }

    /** Whether a namespaces/pods peer of a cluster-tier rule matches no endpoint. */
    public boolean clusterPeerMatchesNothing(ClusterPolicy policy, PolicyType direction, int rule, int peer) {
        int[] matched = clusterPolicy(policy).rules(direction).get(rule).peerGroups[peer];
        return matched == null || matched.length == 0;
    }

    /**
     * Whether some endpoint on the receiving side of a cluster-tier rule defines the port name
     * (with any protocol): for ingress the endpoints the policy's subject selects, for egress the
     * endpoints the rule's peers match.
     */
    public boolean clusterReceivingSideDefines(ClusterPolicy policy, PolicyType direction, int rule, String portName) {
        CompiledClusterPolicy compiled = clusterPolicy(policy);
        int[] receiving = direction == PolicyType.INGRESS ? compiled.selected()
                : compiled.rules(direction).get(rule).groups;
        for (int g : receiving) {
            if (!memberGroups.get(g).namedPorts().resolveAnyProtocol(portName).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private CompiledClusterPolicy clusterPolicy(ClusterPolicy policy) {
        for (CompiledClusterPolicy c : clusterPolicies) {
            if (c.source() == policy || c.source().equals(policy)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown cluster-tier policy " + policy.id());
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

    /**
     * Whether the endpoint is isolated in the direction (findings.md): every one of its members
     * is selected for it by a NetworkPolicy, or by a cluster-tier policy with a deny-all rule in
     * that direction.
     */
    public boolean isolated(Endpoint.Pod endpoint, PolicyType direction) {
        return isolated(groupOfEndpoint[indexOf(endpoint)], direction);
    }

    /** Whether the endpoints of a group are isolated in the direction (see {@link #isolated(Endpoint.Pod, PolicyType)}). */
    public boolean isolated(int group, PolicyType direction) {
        return (direction == PolicyType.INGRESS ? ingressIsolated : egressIsolated)[group];
    }

    /** Whether NetworkPolicies alone isolate the endpoint in the direction (every member). */
    public boolean isolatedByNetworkPolicies(Endpoint.Pod endpoint, PolicyType direction) {
        return (direction == PolicyType.INGRESS ? ingressIsolatedByNetworkPolicies
                : egressIsolatedByNetworkPolicies)[groupOfEndpoint[indexOf(endpoint)]];
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

    /**
     * One side decided step by step by each model that decides the cluster's sides (semantics.md,
     * "Deciding one side of a connection", and cni-policies.md): in the Kubernetes tiers, the Admin
     * tier's rules in order (first match decides, Pass hands on), then the NetworkPolicies when they
     * isolate the endpoint (their union decides everything left), then the Baseline tier's rules;
     * in Calico's walk its tiers in order, each ending in its default action; in Cilium's, its
     * pool between the Admin and Baseline tiers. Whatever is left is allowed. With both plugins
     * known, a port is allowed when both models allow it.
     */
    private SideExplanation side(int memberGroup, PolicyType direction, Party peer) {
        List<SideExplanation> sides = new ArrayList<>(models.size());
        for (SideModel model : models) {
            sides.add(walk(pipeline(model, direction), memberGroup, direction, peer));
        }
        return sides.size() == 1 ? sides.getFirst() : bothPlugins(sides.get(0), sides.get(1));
    }

    /** Ports a step has not decided yet, and the Pass rule that handed them on. */
    private record Pending(PortSet ports, RuleRef passedBy) {}

    /** One model's decision of one side, step by step, over the ports no step has decided yet. */
    private SideExplanation walk(Pipeline pipeline, int memberGroup, PolicyType direction, Party peer) {
        List<String> isolating = new ArrayList<>();
        List<SideExplanation.Contribution> contributions = new ArrayList<>();
        List<SideExplanation.Decision> decisions = new ArrayList<>();
        java.util.LinkedHashSet<String> applying = new java.util.LinkedHashSet<>();
        List<Pending> pending = new ArrayList<>(List.of(new Pending(PortSet.ALL, null)));
        int[] mine = pipeline.bySubject[memberGroup];
        int k = 0;
        for (int s = 0; s < pipeline.steps.size(); s++) {
            Step step = pipeline.steps.get(s);
            int from = k;
            while (k < mine.length && pipeline.stepOf[mine[k]] == s) {
                k++;
            }
            if (!step.appliesTo(memberGroup)) {
                continue;
            }
            for (Step.Policy p : step.policies()) {
                if (p.selects(memberGroup)) {
                    (step.owner() ? isolating : applying).add(p.id());
                }
            }
            if (step.union()) {
                PortSet union = PortSet.EMPTY;
                for (int i = from; i < k; i++) {
                    StepRule rule = pipeline.rules[mine[i]];
                    PortSet ports = rulePorts(rule.matcher(), memberGroup, direction, peer);
                    if (!ports.isEmpty()) {
                        union = union.union(ports);
                        contributions.add(new SideExplanation.Contribution(rule.ref(), ports));
                    }
                }
                List<Pending> next = new ArrayList<>();
                for (Pending left : pending) {
                    add(decisions, left.ports().intersect(union), step.allowedBy(), left.passedBy());
                    PortSet rest = left.ports().minus(union);
                    if (step.denyRest()) {
                        add(decisions, rest, step.deniedBy(), left.passedBy());
                    } else if (!rest.isEmpty()) {
                        next.add(new Pending(rest, left.passedBy()));
                    }
                }
                pending = next;
                continue;
            }
            List<Pending> left = new ArrayList<>(pending);
            List<Pending> passed = new ArrayList<>();
            for (int i = from; i < k; i++) {
                StepRule rule = pipeline.rules[mine[i]];
                PortSet ports = rulePorts(rule.matcher(), memberGroup, direction, peer);
                if (ports.isEmpty()) {
                    continue;
                }
                List<Pending> next = new ArrayList<>();
                for (Pending l : left) {
                    PortSet matched = l.ports().intersect(ports);
                    if (!matched.isEmpty()) {
                        if (rule.action() == RuleAction.PASS) {
                            passed.add(new Pending(matched, rule.ref()));
                        } else {
                            decisions.add(new SideExplanation.Decision(matched, rule.decider(), l.passedBy()));
                            if (rule.action() == RuleAction.ACCEPT && pipeline.model != SideModel.KUBERNETES) {
                                contributions.add(new SideExplanation.Contribution(rule.ref(), matched));
                            }
                        }
                    }
                    PortSet rest = l.ports().minus(ports);
                    if (!rest.isEmpty()) {
                        next.add(new Pending(rest, l.passedBy()));
                    }
                }
                left = next;
            }
            if (step.denyRest()) {
                for (Pending l : left) {
                    add(decisions, l.ports(), step.deniedBy(), l.passedBy());
                }
                left = new ArrayList<>();
            }
            left.addAll(passed);
            pending = left;
        }
        SideExplanation.Decider last = pipeline.model == SideModel.CALICO
                ? new SideExplanation.Decider.Profile(memberGroups.get(memberGroup).namespace())
                : new SideExplanation.Decider.NoPolicy();
        for (Pending left : pending) {
            add(decisions, left.ports(), last, left.passedBy());
        }
        PortSet allowed = PortSet.EMPTY;
        for (SideExplanation.Decision d : decisions) {
            if (d.allows()) {
                allowed = allowed.union(d.ports());
            }
        }
        return new SideExplanation(true, isolating, contributions, allowed, decisions, List.copyOf(applying),
                List.of(pipeline.model));
    }

    /**
     * A side both plugins decide: a port is allowed when both models allow it; a denied port is
     * named by the model that denies it (Calico's first).
     */
    private static SideExplanation bothPlugins(SideExplanation calico, SideExplanation cilium) {
        List<SideExplanation.Decision> decisions = new ArrayList<>();
        for (SideExplanation.Decision a : calico.decisions()) {
            for (SideExplanation.Decision b : cilium.decisions()) {
                PortSet ports = a.ports().intersect(b.ports());
                if (ports.isEmpty()) {
                    continue;
                }
                if (!a.allows()) {
                    decisions.add(new SideExplanation.Decision(ports, a.by(), a.passedBy()));
                } else if (!b.allows()) {
                    decisions.add(new SideExplanation.Decision(ports, b.by(), b.passedBy()));
                } else {
                    decisions.add(new SideExplanation.Decision(ports,
                            new SideExplanation.Decider.BothPlugins(a.by(), b.by()), a.passedBy()));
                }
            }
        }
        java.util.LinkedHashSet<String> isolating = new java.util.LinkedHashSet<>(calico.isolatingPolicies());
        isolating.addAll(cilium.isolatingPolicies());
        java.util.LinkedHashSet<String> applying = new java.util.LinkedHashSet<>(calico.clusterPolicies());
        applying.addAll(cilium.clusterPolicies());
        List<SideExplanation.Contribution> contributions = new ArrayList<>(calico.contributions());
        contributions.addAll(cilium.contributions());
        return new SideExplanation(true, List.copyOf(isolating), contributions,
                calico.allowed().intersect(cilium.allowed()), decisions, List.copyOf(applying),
                List.of(SideModel.CALICO, SideModel.CILIUM));
    }

    private static void add(List<SideExplanation.Decision> decisions, PortSet ports, SideExplanation.Decider by,
            RuleRef passedBy) {
        if (!ports.isEmpty()) {
            decisions.add(new SideExplanation.Decision(ports, by, passedBy));
        }
    }

    /** The ports a rule matches between its member group and a peer; named ports resolve on the receiving side. */
    private PortSet rulePorts(Matcher rule, int memberGroup, PolicyType direction, Party peer) {
        if (peer.memberGroup() < 0) {
            if (!rule.matchesIp(peer.ip().address())) {
                return PortSet.EMPTY;
            }
            return direction == PolicyType.INGRESS ? rule.portsFor(memberGroups.get(memberGroup).namedPorts())
                    : rule.portsTowardIp();
        }
        if (!rule.matchesGroup(peer.memberGroup())) {
            return PortSet.EMPTY;
        }
        int receiving = direction == PolicyType.INGRESS ? memberGroup : peer.memberGroup();
        return rule.portsFor(memberGroups.get(receiving).namedPorts());
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
        for (SideExplanation.Decision d : side.decisions()) {
            if (!d.ports().contains(protocol, port)) {
                continue;
            }
            return switch (d.by()) {
                case SideExplanation.Decider.ClusterRule r -> new SideDecision.DecidedByRule(r.rule(), r.tier(),
                        r.action(), d.passedBy());
                case SideExplanation.Decider.NoPolicy n -> new SideDecision.NotIsolated(d.passedBy());
                case SideExplanation.Decider.NetworkPolicies v1 -> v1.allows()
                        ? new SideDecision.AllowedBy(side.contributions().stream()
                                .filter(c -> c.ports().contains(protocol, port))
                                .map(SideExplanation.Contribution::rule).toList(), d.passedBy())
                        : new SideDecision.Refused(side.isolatingPolicies(), d.passedBy());
                default -> new SideDecision.ByPlugin(d.by(), d.passedBy());
            };
        }
        throw new IllegalStateException("the decisions of a side cover every port");
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

    /** Per member group, the cluster-tier policies whose subject selects it and that have rules in the direction, in order. */
    private int[][] subjects(PolicyType direction) {
        int[] counts = new int[memberGroups.size()];
        for (CompiledClusterPolicy policy : clusterPolicies) {
            if (!policy.rules(direction).isEmpty()) {
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
        for (int p = 0; p < clusterPolicies.size(); p++) {
            CompiledClusterPolicy policy = clusterPolicies.get(p);
            if (!policy.rules(direction).isEmpty()) {
                for (int g : policy.selected()) {
                    out[g][filled[g]++] = p;
                }
            }
        }
        return out;
    }

    /** Per endpoint group: whether every member group is isolated by a NetworkPolicy or {@code alsoIsolated}. */
    private boolean[] everyMember(int[][] isolatingByMember, boolean[] alsoIsolated) {
        boolean[] out = new boolean[groups.size()];
        for (EndpointGroup group : groups) {
            boolean all = true;
            for (int m = group.firstMemberGroup(); m < group.firstMemberGroup() + group.memberGroups(); m++) {
                all &= isolatingByMember[m].length > 0 || alsoIsolated[m];
            }
            out[group.id()] = all;
        }
        return out;
    }

    /**
     * Per member group: whether a cluster-tier policy selecting it has a deny-all rule in the
     * direction, or a network plugin isolates it (cni-policies.md, Findings: a Calico policy selects
     * it with that type in a Deny tier; Cilium's pool isolates it).
     */
    private boolean[] denyAll(PolicyType direction) {
        boolean[] out = new boolean[memberGroups.size()];
        for (CompiledClusterPolicy policy : clusterPolicies) {
            if (policy.source().rules(direction).stream().anyMatch(TierRule::denyAll)) {
                for (int g : policy.selected()) {
                    out[g] = true;
                }
            }
        }
        for (SideModel model : models) {
            if (model == SideModel.KUBERNETES) {
                continue;
            }
            for (Step step : pipeline(model, direction).steps) {
                if (step.denyRest() && step.applies() != null) {
                    for (int g = 0; g < out.length; g++) {
                        out[g] |= step.appliesTo(g);
                    }
                }
            }
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
            for (AddressMatch match : AddressMatches.of(cluster)) {
                addressIndex.putIfAbsent(match, addressIndex.size());
            }
            addressMatches.addAll(addressIndex.keySet());
            byAccount = cluster.plugins().any();
            int[][] memberGroupOfMember = new int[endpoints.size()][];
            int[] groupOfEndpoint = group(endpoints, podSelectorKeys(), memberGroupOfMember);
            List<CompiledPolicy> compiled = new ArrayList<>(cluster.policies().size());
            for (NetworkPolicy policy : cluster.policies()) {
                compiled.add(compile(policy));
            }
            List<ClusterPolicy> ordered = new ArrayList<>();
            for (PolicyTier tier : PolicyTier.values()) {
                cluster.clusterPolicies().stream().filter(p -> p.tier() == tier).sorted(ClusterPolicy.ORDER)
                        .forEach(ordered::add);
            }
            List<CompiledClusterPolicy> compiledTiers = new ArrayList<>(ordered.size());
            int[] ruleIds = {0};
            for (int rank = 0; rank < ordered.size(); rank++) {
                compiledTiers.add(compile(ordered.get(rank), rank, ruleIds));
            }
            List<RuleRef> usage = new ArrayList<>();
            for (CompiledClusterPolicy p : compiledTiers) {
                for (PolicyType direction : PolicyType.values()) {
                    for (CompiledTierRule r : p.rules(direction)) {
                        usage.add(r.ref);
                    }
                }
            }
            PipelineBuilder pipelines = new PipelineBuilder(cluster, memberGroups, namespaces, namespaceGroups,
                    this::addressed, compiled, compiledTiers, namedPorts.size(), usage);
            List<SideModel> models = PipelineBuilder.models(cluster);
            Map<SideModel, Pipeline[]> built = new java.util.EnumMap<>(SideModel.class);
            for (SideModel model : models) {
                built.put(model, new Pipeline[] {pipelines.build(model, PolicyType.INGRESS),
                    pipelines.build(model, PolicyType.EGRESS)});
            }
            return new CompiledCluster(resolution, groupOfEndpoint, List.copyOf(groups), List.copyOf(memberGroups),
                    memberGroupOfMember, List.copyOf(compiled), List.copyOf(compiledTiers), models, built,
                    List.copyOf(usage), pipelines);
        }

        /** The distinct networks that match members by address (AddressMatches): members are grouped by which match them. */
        private final Map<AddressMatch, Integer> addressIndex = new LinkedHashMap<>();
        private final List<AddressMatch> addressMatches = new ArrayList<>();
        /** Whether members are told apart by their ServiceAccount (a network plugin's selectors read it). */
        private boolean byAccount;

        private CompiledClusterPolicy compile(ClusterPolicy policy, int rank, int[] ruleIds) {
            int[] selected = switch (policy.subject()) {
                case TierSubject.Namespaces n -> inNamespaces(n.namespaceSelector(), LabelSelector.EVERYTHING);
                case TierSubject.Pods p -> inNamespaces(p.namespaceSelector(), p.podSelector());
                case TierSubject.Unknown u -> new int[0];
            };
            List<CompiledTierRule> ingress = tierRules(policy, PolicyType.INGRESS, ruleIds);
            List<CompiledTierRule> egress = tierRules(policy, PolicyType.EGRESS, ruleIds);
            return new CompiledClusterPolicy(policy, rank, selected, endpointGroups(selected), ingress, egress);
        }

        private List<CompiledTierRule> tierRules(ClusterPolicy policy, PolicyType direction, int[] ruleIds) {
            List<TierRule> rules = policy.rules(direction);
            List<CompiledTierRule> out = new ArrayList<>(rules.size());
            for (int i = 0; i < rules.size(); i++) {
                TierRule rule = rules.get(i);
                TreeSet<Integer> matched = new TreeSet<>();
                int[][] perPeer = new int[rule.peers().size()][];
                for (int k = 0; k < rule.peers().size(); k++) {
                    perPeer[k] = switch (rule.peers().get(k)) {
                        case TierPeer.Namespaces n -> inNamespaces(n.namespaceSelector(), LabelSelector.EVERYTHING);
                        case TierPeer.Pods p -> inNamespaces(p.namespaceSelector(), p.podSelector());
                        case TierPeer.Networks n -> addressed(new AddressMatch(n.cidrs(), List.of(), true));
                        case TierPeer.Nodes n -> null;
                        case TierPeer.DomainNames d -> null;
                        case TierPeer.Unknown u -> null;
                    };
                    if (perPeer[k] != null) {
                        for (int g : perPeer[k]) {
                            matched.add(g);
                        }
                    }
                }
                int[] ids = matched.stream().mapToInt(Integer::intValue).toArray();
                out.add(new CompiledTierRule(new RuleRef(policy.id(), direction, i), ruleIds[0]++, policy.tier(), rule,
                        ids, endpointGroups(ids), perPeer, namedPorts.size()));
            }
            return out;
        }

        /** Member groups of the namespaces a selector matches (null: every namespace) whose labels match {@code pods}. */
        private int[] inNamespaces(LabelSelector namespaceSelector, LabelSelector pods) {
            List<Object> key = java.util.Arrays.asList("cluster", namespaceSelector, pods);
            return peerSelections.computeIfAbsent(key, k -> {
                List<String> names = namespaceSelector == null ? List.copyOf(namespaces.keySet())
                        : namespacesMatching(namespaceSelector);
                List<int[]> parts = new ArrayList<>();
                int size = 0;
                for (String ns : names) {
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

        /** Member groups whose addresses a network matches (by their address signature); cached. */
        private int[] addressed(AddressMatch match) {
            Integer index = addressIndex.get(match);
            if (index == null) {
                throw new IllegalStateException("a network not collected before grouping: " + match);
            }
            return addressedGroups.computeIfAbsent(index, i -> {
                int[] out = new int[memberGroups.size()];
                int n = 0;
                for (MemberGroup g : memberGroups) {
                    if (g.addresses().charAt(i) == '1') {
                        out[n++] = g.id();
                    }
                }
                return Arrays.copyOf(out, n);
            });
        }

        private final Map<Integer, int[]> addressedGroups = new HashMap<>();

        /**
         * Which networks match a member: one character per distinct network (see {@link AddressMatch}).
         */
        private String addressSignature(Endpoint.Member member) {
            if (addressMatches.isEmpty()) {
                return "";
            }
            StringBuilder sb = new StringBuilder(addressMatches.size());
            for (AddressMatch m : addressMatches) {
                sb.append(m.matches(member.addresses()) ? '1' : '0');
            }
            return sb.toString();
        }

        private Set<String> podSelectorKeys() {
            Set<String> keys = new TreeSet<>(PluginKeys.of(cluster));
            for (ClusterPolicy policy : cluster.clusterPolicies()) {
                if (policy.subject() instanceof TierSubject.Pods p) {
                    keys.addAll(p.podSelector().keys());
                }
                for (PolicyType direction : PolicyType.values()) {
                    for (TierRule rule : policy.rules(direction)) {
                        for (TierPeer peer : rule.peers()) {
                            if (peer instanceof TierPeer.Pods p) {
                                keys.addAll(p.podSelector().keys());
                            }
                        }
                    }
                }
            }
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

        /**
         * What makes members alike: the labels selectors read, the named ports, which networks match
         * them, and (when a network plugin is known) their ServiceAccount.
         */
        private record MemberKind(Map<String, String> labels, NamedPorts namedPorts, String addresses,
                String serviceAccount) {}

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
                        sorted.sort(java.util.Comparator.comparing(k -> k.labels().toString() + "|" + k.namedPorts().id()
                                + "|" + k.addresses() + "|" + k.serviceAccount()));
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
                                kind.namedPorts(), kind.addresses(), kind.serviceAccount()));
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
            String addresses = addressSignature(member);
            String account = byAccount ? member.serviceAccount() : dev.netpolauditor.model.Pod.DEFAULT_SERVICE_ACCOUNT;
            List<String> key = List.of(projected.toString(), Integer.toString(named.id()), addresses, account);
            return interned.computeIfAbsent(key, k -> new MemberKind(Map.copyOf(projected), named, addresses, account));
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

        /**
         * The namespaces a selector matches, in name order: evaluated only on those that carry the
         * labels it requires ({@link LabelIndex}; all 10,000 namespaces of the largest cluster were
         * tested for every distinct selector), cached per selector (policies repeat them).
         */
        private List<String> namespacesMatching(LabelSelector selector) {
            return namespaceSelections.computeIfAbsent(selector, s -> {
                if (namespaceOrder == null) { // the namespaces are all known once policies compile
                    namespaceOrder = namespaces.values().toArray(Namespace[]::new);
                    namespaceIndex = new LabelIndex(Arrays.stream(namespaceOrder).map(Namespace::labels).toList());
                }
                int[] candidates = namespaceIndex.candidates(s);
                List<String> out = new ArrayList<>();
                int count = candidates == null ? namespaceOrder.length : candidates.length;
                for (int i = 0; i < count; i++) {
                    Namespace ns = namespaceOrder[candidates == null ? i : candidates[i]]; // ascending: name order
                    if (s.matches(ns.labels())) {
                        out.add(ns.name());
                    }
                }
                return out;
            });
        }

        /** The namespaces in name order, and indexed by label (built at the first namespace selector). */
        private Namespace[] namespaceOrder;
        private LabelIndex namespaceIndex;

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
