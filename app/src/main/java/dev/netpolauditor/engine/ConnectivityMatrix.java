package dev.netpolauditor.engine;

import dev.netpolauditor.model.PolicyTier;
import dev.netpolauditor.model.PolicyType;
import dev.netpolauditor.model.PortSet;
import dev.netpolauditor.model.RuleAction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.IntStream;

/**
 * Every allowed connection of a compiled cluster, computed per destination member group and
 * gathered per destination endpoint group.
 *
 * <p>For a destination member group D, each rule that can admit traffic into D contributes an
 * <em>atom</em>: a set of source member groups and the ports it admits toward D. Ingress atoms
 * come from the rules of the policies isolating D (sources: the rule's peers); egress atoms
 * from every egress rule whose peers include D (sources: the groups its policy selects), plus
 * one atom "every group not isolated for egress, all ports". Atoms with equal ports are
 * merged, then the source groups are partitioned so that each class shares one ingress and
 * one egress port set; a class's allowed ports are their intersection.
 *
 * <p>Worked example: D = db, isolated by a policy admitting api on TCP 3306 and monitoring on
 * TCP 9090. Ingress atoms: {api}:TCP 3306, {monitoring}:TCP 9090. If api is egress-isolated
 * with a rule to db on TCP 3306-3310 and monitoring is not isolated, egress atoms are
 * {api}:TCP 3306-3310 and {monitoring, everyone else not isolated}:ALL. Classes: {api} →
 * 3306 ∩ 3306-3310 = TCP 3306; {monitoring} → TCP 9090 ∩ ALL = TCP 9090; the rest have no
 * ingress and are dropped.
 *
 * <p>An endpoint allows the union over its members (semantics.md, Workloads). When every
 * endpoint group has one member group the two levels coincide and rows pass through as they
 * are; otherwise a destination's rows are united over its member groups and the source sets
 * are translated to endpoint groups, word by word over the runs of one-member groups.
 *
 * <p>Sets of groups are dense bitsets over group ids; the work per destination is
 * (atoms × classes × groups/64) word operations, independent of the number of pods.
 */
public final class ConnectivityMatrix {
    private final CompiledCluster cluster;
    private final List<Endpoint.Ip> ips;
    private final int groupCount;
    private final int words;
    private final int memberCount;
    private final int memberWords;
    /** Whether member groups and endpoint groups are the same (no endpoint with several kinds of member). */
    private final boolean oneLevel;
    /** Runs of one-member endpoint groups: member start, endpoint start, length. */
    private final int[][] runs;
    /** Endpoint groups with several member groups. */
    private final int[] severalKinds;
    /** Egress rules of egress-isolating policies, flattened; and the policy of each. */
    private final CompiledRule[] egressRules;
    private final int[] egressRulePolicy;
    /** Per destination member group: indexes into egressRules of the rules whose peers include it. */
    private final int[][] egressRulesTo;
    /** Egress rules whose peers include every member group (listed for no group in egressRulesTo). */
    private final int[] universalEgressRules;
    private final long[] notEgressIsolated;
    /** Member groups a NetworkPolicy isolates for egress. */
    private final long[] egressIsolated;
    /** Per destination member group: ids of the cluster-tier egress rules whose peers include it, in order. */
    private final int[][] tierEgressTo;
    /** Cluster-tier egress rules whose peers include everything (rules that fail closed), in order. */
    private final int[] universalTierEgress;
    private volatile RuleUsage usage;

    /** Receives one allowed ordered pair (never an endpoint with itself, never two IP endpoints). */
    @FunctionalInterface
    public interface PairVisitor {
        void visit(Endpoint from, Endpoint to, PortSet allowed);
    }

    /**
     * Receives, for one destination endpoint group, a set of source endpoint groups (a bitset
     * over group ids, read-only and valid only during the call; see {@link #forEachBit}) that
     * share one non-empty allowed port set; each port set at most once per destination. Self
     * pairs are included at group level: a group "reaching itself" means its distinct
     * endpoints reach each other.
     */
    @FunctionalInterface
    public interface GroupVisitor {
        void visit(int destination, long[] sources, PortSet allowed);
    }

    ConnectivityMatrix(CompiledCluster cluster, List<Endpoint.Ip> ips) {
        this.cluster = cluster;
        this.ips = ips;
        this.groupCount = cluster.groupCount();
        this.words = (groupCount + 63) >>> 6;
        this.memberCount = cluster.memberGroupCount();
        this.memberWords = (memberCount + 63) >>> 6;
        this.oneLevel = memberCount == groupCount;
        List<int[]> runList = new ArrayList<>();
        List<Integer> several = new ArrayList<>();
        for (EndpointGroup g : cluster.groups()) {
            if (g.memberGroups() > 1) {
                several.add(g.id());
                continue;
            }
            int[] last = runList.isEmpty() ? null : runList.getLast();
            if (last != null && last[0] + last[2] == g.firstMemberGroup() && last[1] + last[2] == g.id()) {
                last[2]++;
            } else {
                runList.add(new int[] {g.firstMemberGroup(), g.id(), 1});
            }
        }
        this.runs = runList.toArray(int[][]::new);
        this.severalKinds = several.stream().mapToInt(Integer::intValue).toArray();
        List<CompiledRule> rules = new ArrayList<>();
        List<Integer> rulePolicy = new ArrayList<>();
        int[] perGroup = new int[memberCount];
        List<Integer> universal = new ArrayList<>();
        List<CompiledPolicy> policies = cluster.policies();
        for (int p = 0; p < policies.size(); p++) {
            CompiledPolicy policy = policies.get(p);
            if (!policy.isolatesEgress() || policy.selected().length == 0) {
                continue;
            }
            for (CompiledRule rule : policy.egress()) {
                int index = rules.size();
                rules.add(rule);
                rulePolicy.add(p);
                if (rule.allPeers || rule.groups.length == memberCount) {
                    universal.add(index);
                } else {
                    for (int g : rule.groups) {
                        perGroup[g]++;
                    }
                }
            }
        }
        this.egressRules = rules.toArray(CompiledRule[]::new);
        this.egressRulePolicy = rulePolicy.stream().mapToInt(Integer::intValue).toArray();
        this.universalEgressRules = universal.stream().mapToInt(Integer::intValue).toArray();
        this.egressRulesTo = new int[memberCount][];
        for (int g = 0; g < memberCount; g++) {
            egressRulesTo[g] = new int[perGroup[g]];
        }
        int[] filled = new int[memberCount];
        for (int r = 0; r < egressRules.length; r++) {
            CompiledRule rule = egressRules[r];
            if (!(rule.allPeers || rule.groups.length == memberCount)) {
                for (int g : rule.groups) {
                    egressRulesTo[g][filled[g]++] = r;
                }
            }
        }
        this.notEgressIsolated = new long[memberWords];
        this.egressIsolated = new long[memberWords];
        for (int g = 0; g < memberCount; g++) {
            if (cluster.egressPolicies(g).length == 0) {
                notEgressIsolated[g >>> 6] |= 1L << g;
            } else {
                egressIsolated[g >>> 6] |= 1L << g;
            }
        }
        List<List<Integer>> towards = new ArrayList<>(memberCount);
        for (int g = 0; g < memberCount; g++) {
            towards.add(new ArrayList<>(0));
        }
        List<Integer> universalTier = new ArrayList<>();
        List<CompiledTierRule> tierRules = cluster.tierRules();
        for (CompiledTierRule rule : tierRules) {
            if (rule.ref.direction() != PolicyType.EGRESS
                    || cluster.clusterPolicies().get(cluster.tierRulePolicy(rule.id)).selected().length == 0) {
                continue;
            }
            if (rule.allPeers) {
                universalTier.add(rule.id);
            } else {
                for (int g : rule.groups) {
                    towards.get(g).add(rule.id);
                }
            }
        }
        this.tierEgressTo = new int[memberCount][];
        for (int g = 0; g < memberCount; g++) {
            tierEgressTo[g] = towards.get(g).stream().mapToInt(Integer::intValue).toArray();
        }
        this.universalTierEgress = universalTier.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Visits every ordered pair with a non-empty allowed port set, in no particular order. */
    public void forEachPair(PairVisitor visitor) {
        List<Endpoint.Pod> endpoints = cluster.endpoints();
        List<EndpointGroup> groups = cluster.groups();
        forEachGroupRow((destination, sources, allowed) -> {
            int[] targets = groups.get(destination).members();
            forEachBit(sources, source -> {
                for (int s : groups.get(source).members()) {
                    Endpoint.Pod from = endpoints.get(s);
                    for (int t : targets) {
                        if (s != t) {
                            visitor.visit(from, endpoints.get(t), allowed);
                        }
                    }
                }
            });
        });
        forEachIpFlow((ip, group, direction, allowed) -> {
            for (int m : group.members()) {
                if (direction == PolicyType.INGRESS) {
                    visitor.visit(ip, endpoints.get(m), allowed);
                } else {
                    visitor.visit(endpoints.get(m), ip, allowed);
                }
            }
        });
    }

    /** An IP endpoint's non-empty flow with an endpoint group: into it (INGRESS) or out of it (EGRESS). */
    private interface IpFlowVisitor {
        void visit(Endpoint.Ip ip, EndpointGroup group, PolicyType direction, PortSet allowed);
    }

    /** The IP side needs no grouping of sources: the group's own members' policies alone decide. */
    private void forEachIpFlow(IpFlowVisitor visitor) {
        for (Endpoint.Ip ip : ips) {
            for (EndpointGroup group : cluster.groups()) {
                for (PolicyType direction : PolicyType.values()) {
                    PortSet allowed = PortSet.EMPTY;
                    for (int m = group.firstMemberGroup(); m < group.firstMemberGroup() + group.memberGroups(); m++) {
                        allowed = allowed.union(cluster.sidePorts(m, direction, ip));
                    }
                    if (!allowed.isEmpty()) {
                        visitor.visit(ip, group, direction, allowed);
                    }
                }
            }
        }
    }

    /** Counts of the matrix without materialising endpoint pairs: allowed group pairs, allowed endpoint pairs. */
    public record Stats(int groups, long groupPairs, long endpointPairs) {}

    /** Walks the grouped matrix once, destinations in parallel, and counts (the benchmark's unit of work). */
    public Stats stats() {
        List<EndpointGroup> groups = cluster.groups();
        LongAdder groupPairs = new LongAdder();
        LongAdder endpointPairs = new LongAdder();
        IntStream.range(0, groupCount).parallel().forEach(destination -> {
            long targets = groups.get(destination).members().length;
            row(destination, (d, sources, allowed) -> forEachBit(sources, source -> {
                groupPairs.increment();
                long from = groups.get(source).members().length;
                endpointPairs.add(source == d ? targets * (targets - 1) : from * targets);
            }));
        });
        forEachIpFlow((ip, group, direction, allowed) -> {
            groupPairs.increment();
            endpointPairs.add(group.members().length);
        });
        return new Stats(groupCount, groupPairs.sum(), endpointPairs.sum());
    }

    /**
     * What every cluster-tier rule did over the connections between the cluster's pod
     * endpoints (matched, decided, overrode NetworkPolicies), from one walk of every member row
     * in parallel; computed once. Without cluster-tier policies: nothing to walk.
     */
    public RuleUsage ruleUsage() {
        RuleUsage done = usage;
        if (done != null) {
            return done;
        }
        if (cluster.tierRules().isEmpty()) {
            usage = RuleUsage.NONE;
            return RuleUsage.NONE;
        }
        int parts = Math.max(1, Math.min(memberCount, 4 * (java.util.concurrent.ForkJoinPool.getCommonPoolParallelism() + 1)));
        RuleUsage.Part merged = IntStream.range(0, parts).parallel().mapToObj(p -> {
            RuleUsage.Part part = new RuleUsage.Part(cluster);
            for (int d = (int) ((long) memberCount * p / parts); d < (int) ((long) memberCount * (p + 1) / parts); d++) {
                memberRow(d, (x, sources, allowed) -> { }, part);
            }
            return part;
        }).reduce((a, b) -> {
            a.merge(b);
            return a;
        }).orElseGet(() -> new RuleUsage.Part(cluster));
        done = merged.build();
        usage = done;
        return done;
    }

    /** The ingress rules that can admit connections into an endpoint group (none when no member is isolated for ingress). */
    public List<Admission> ingressAdmissions(int destination) {
        EndpointGroup target = cluster.groups().get(destination);
        Map<RuleRef, Admission> out = new LinkedHashMap<>();
        for (int m = target.firstMemberGroup(); m < target.firstMemberGroup() + target.memberGroups(); m++) {
            NamedPorts receiving = cluster.memberGroups().get(m).namedPorts();
            for (int p : cluster.ingressPolicies(m)) {
                for (CompiledRule rule : cluster.policies().get(p).ingress()) {
                    merge(out, new Admission(rule.ref, rule.portsFor(receiving),
                            rule.allPeers ? null : rule.endpointGroups));
                }
            }
            for (int p : cluster.clusterPolicies(m, PolicyType.INGRESS)) {
                for (CompiledTierRule rule : cluster.clusterPolicies().get(p).ingress()) {
                    if (rule.action == RuleAction.ACCEPT) {
                        merge(out, new Admission(rule.ref, rule.portsFor(receiving), rule.endpointGroups));
                    }
                }
            }
        }
        return List.copyOf(out.values());
    }

    /** The egress rules (of egress-isolating policies) whose peers include a member of an endpoint group. */
    public List<Admission> egressAdmissions(int destination) {
        EndpointGroup target = cluster.groups().get(destination);
        Map<RuleRef, Admission> out = new LinkedHashMap<>();
        for (int m = target.firstMemberGroup(); m < target.firstMemberGroup() + target.memberGroups(); m++) {
            NamedPorts receiving = cluster.memberGroups().get(m).namedPorts();
            for (int[] rules : new int[][] {egressRulesTo[m], universalEgressRules}) {
                for (int r : rules) {
                    CompiledRule rule = egressRules[r];
                    int policy = egressRulePolicy[r];
                    merge(out, new Admission(rule.ref, rule.portsFor(receiving),
                            cluster.policies().get(policy).selectedEndpointGroups()));
                }
            }
            for (int r : tierEgressRulesTo(m)) {
                CompiledTierRule rule = cluster.tierRules().get(r);
                if (rule.action == RuleAction.ACCEPT) {
                    merge(out, new Admission(rule.ref, rule.portsFor(receiving),
                            cluster.clusterPolicies().get(cluster.tierRulePolicy(r)).selectedEndpointGroups()));
                }
            }
        }
        return List.copyOf(out.values());
    }

    /** One admission per rule: a rule seen from several member groups admits the union of their ports. */
    private static void merge(Map<RuleRef, Admission> out, Admission admission) {
        out.merge(admission.rule(), admission, (a, b) -> new Admission(a.rule(),
                a.ports().union(b.ports()), a.sourceGroups()));
    }

    /** Whether the endpoints of a group are isolated in the direction (every member is). */
    public boolean isolated(int group, PolicyType direction) {
        return cluster.isolated(group, direction);
    }

    /** Visits every destination endpoint group's allowed sources, grouped by allowed port set. */
    public void forEachGroupRow(GroupVisitor visitor) {
        forEachGroupRow(0, groupCount, visitor);
    }

    /**
     * Visits the destination endpoint groups {@code from} (inclusive) to {@code to} (exclusive),
     * in order. Disjoint ranges may be walked concurrently, each with its own visitor.
     */
    public void forEachGroupRow(int from, int to, GroupVisitor visitor) {
        for (int destination = from; destination < to; destination++) {
            row(destination, visitor);
        }
    }

    /** One destination endpoint group's row: its member group's row as it is, or united over its members. */
    private void row(int destination, GroupVisitor visitor) {
        if (oneLevel) {
            memberRow(destination, visitor, null);
            return;
        }
        EndpointGroup target = cluster.groups().get(destination);
        PortSet[] fromSeveral = new PortSet[severalKinds.length];
        List<SourceClass> classes = new ArrayList<>();
        for (int m = target.firstMemberGroup(); m < target.firstMemberGroup() + target.memberGroups(); m++) {
            List<SourceClass> rowOfMember = new ArrayList<>();
            memberRow(m, (d, sources, allowed) -> {
                long[] translated = new long[words];
                translate(sources, translated);
                rowOfMember.add(new SourceClass(translated, allowed));
                for (int k = 0; k < severalKinds.length; k++) {
                    EndpointGroup g = cluster.groups().get(severalKinds[k]);
                    if (anyBit(sources, g.firstMemberGroup(), g.memberGroups())) {
                        fromSeveral[k] = fromSeveral[k] == null ? allowed : fromSeveral[k].union(allowed);
                    }
                }
            }, null);
            if (target.memberGroups() == 1) {
                classes = rowOfMember;
                break;
            }
            if (classes.isEmpty() && m == target.firstMemberGroup()) {
                classes.add(new SourceClass(allGroups(), PortSet.EMPTY));
            }
            for (SourceClass c : rowOfMember) {
                PortSet ports = c.in.allowed;
                refine(classes, c.bits, inside -> inside.in.allowed = inside.in.allowed.union(ports));
            }
        }
        Map<PortSet, long[]> results = new LinkedHashMap<>();
        for (SourceClass c : classes) {
            if (!c.in.allowed.isEmpty()) {
                or(results.computeIfAbsent(c.in.allowed, k -> new long[words]), c.bits);
            }
        }
        for (int k = 0; k < severalKinds.length; k++) {
            if (fromSeveral[k] != null) {
                int g = severalKinds[k];
                results.computeIfAbsent(fromSeveral[k], p -> new long[words])[g >>> 6] |= 1L << g;
            }
        }
        for (Map.Entry<PortSet, long[]> result : results.entrySet()) {
            if (!isEmpty(result.getValue())) { // sources only of endpoints with several kinds of member
                visitor.visit(destination, result.getValue(), result.getKey());
            }
        }
    }

    /** Copies the bits of one-member endpoint groups from a member-group set into an endpoint-group set. */
    private void translate(long[] memberBits, long[] endpointBits) {
        for (int[] run : runs) {
            copyBits(memberBits, run[0], endpointBits, run[1], run[2]);
        }
    }

    /** ORs {@code length} bits of {@code from} starting at {@code fromBit} into {@code into} at {@code intoBit}. */
    static void copyBits(long[] from, int fromBit, long[] into, int intoBit, int length) {
        for (int done = 0; done < length; done += 64) {
            int n = Math.min(64, length - done);
            long bits = read64(from, fromBit + done);
            if (n < 64) {
                bits &= (1L << n) - 1;
            }
            int w = (intoBit + done) >>> 6;
            int s = (intoBit + done) & 63;
            into[w] |= bits << s;
            if (s != 0 && s + n > 64) {
                into[w + 1] |= bits >>> (64 - s);
            }
        }
    }

    private static long read64(long[] bits, int position) {
        int w = position >>> 6;
        int s = position & 63;
        long out = bits[w] >>> s;
        if (s != 0 && w + 1 < bits.length) {
            out |= bits[w + 1] << (64 - s);
        }
        return out;
    }

    private static boolean anyBit(long[] bits, int first, int count) {
        for (int b = first; b < first + count; b++) {
            if ((bits[b >>> 6] & (1L << b)) != 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * One side of the connections from a class of sources to one destination, as the tiers
     * decide it: what is {@code allowed} so far, what no tier has decided yet, what a Pass rule
     * handed on to the next tier, and the NetworkPolicy tier's union ({@code v1}; with
     * {@code v1Isolated} for the egress side, where isolation is the source's). {@code accepted}
     * keeps what Admin Accept rules decided, only while rule usage is recorded.
     */
    private static final class SideState {
        PortSet allowed = PortSet.EMPTY;
        PortSet undecided = PortSet.ALL;
        PortSet passed = PortSet.EMPTY;
        PortSet v1 = PortSet.EMPTY;
        boolean v1Isolated;
        List<Accepted> accepted = List.of();

        SideState copy() {
            SideState c = new SideState();
            c.allowed = allowed;
            c.undecided = undecided;
            c.passed = passed;
            c.v1 = v1;
            c.v1Isolated = v1Isolated;
            c.accepted = accepted;
            return c;
        }

        /** The ports a first-match rule takes: still undecided and matched. */
        PortSet apply(CompiledTierRule rule, PortSet ports, boolean track) {
            PortSet matched = undecided.intersect(ports);
            if (matched.isEmpty()) {
                return matched;
            }
            undecided = undecided.minus(matched);
            switch (rule.action) {
                case ACCEPT -> {
                    allowed = allowed.union(matched);
                    if (track && rule.tier == PolicyTier.ADMIN) {
                        List<Accepted> more = new ArrayList<>(accepted);
                        more.add(new Accepted(rule.id, matched));
                        accepted = more;
                    }
                }
                case PASS -> passed = passed.union(matched);
                case DENY -> { }
            }
            return matched;
        }

        /** The end of a first-match tier: what it passed goes on with what it left undecided. */
        void endTier() {
            undecided = undecided.union(passed);
            passed = PortSet.EMPTY;
        }

        /** The NetworkPolicy tier of an isolated side: its union decides everything still undecided. */
        void applyNetworkPolicies() {
            allowed = allowed.union(undecided.intersect(v1));
            undecided = PortSet.EMPTY;
        }

        /** Nothing left decides: what is undecided is allowed. */
        void finish() {
            allowed = allowed.union(undecided).union(passed);
            undecided = PortSet.EMPTY;
            passed = PortSet.EMPTY;
        }
    }

    /** Ports an Admin Accept rule decided for a class. */
    private record Accepted(int rule, PortSet ports) {}

    /** A class of source member groups that share how both sides decide toward one destination. */
    private static final class SourceClass {
        final long[] bits;
        SideState in;
        SideState out;

        SourceClass(long[] bits, SideState in, SideState out) {
            this.bits = bits;
            this.in = in;
            this.out = out;
        }

        /** For a class of endpoint groups built from member rows: its ports, kept in {@code in.allowed}. */
        SourceClass(long[] bits, PortSet allowed) {
            this(bits, new SideState(), new SideState());
            this.in.allowed = allowed;
        }

        PortSet allowed() {
            return in.allowed.intersect(out.allowed);
        }
    }

    /**
     * One destination member group's allowed source member groups, grouped by port set. Each
     * side is decided tier by tier over classes of sources: a rule (or an atom of the
     * NetworkPolicy union) splits the classes by whether it covers their sources, and updates
     * the side's state of those it covers, in the tiers' order. {@code usage}, when given,
     * records which cluster-tier rules matched, decided and overrode what.
     */
    private void memberRow(int destination, GroupVisitor visitor, RuleUsage.Part usage) {
        NamedPorts receiving = cluster.memberGroups().get(destination).namedPorts();
        long[] real = usage == null ? null : realSources(destination);
        List<SourceClass> classes = new ArrayList<>();
        classes.add(new SourceClass(allMembers(), new SideState(), new SideState()));

        // ---- the destination's ingress
        int[] tiered = cluster.clusterPolicies(destination, PolicyType.INGRESS);
        tierRules(classes, tiered, PolicyTier.ADMIN, receiving, real, usage);
        int[] isolating = cluster.ingressPolicies(destination);
        if (isolating.length > 0) {
            Map<PortSet, long[]> atoms = new HashMap<>();
            for (int p : isolating) {
                for (CompiledRule rule : cluster.policies().get(p).ingress()) {
                    PortSet ports = rule.portsFor(receiving);
                    if (ports.isEmpty()) {
                        continue;
                    }
                    long[] bits = atoms.computeIfAbsent(ports, k -> new long[memberWords]);
                    if (rule.allPeers) {
                        fillAll(bits, memberCount);
                    } else {
                        for (int g : rule.groups) {
                            bits[g >>> 6] |= 1L << g;
                        }
                    }
                }
            }
            for (Map.Entry<PortSet, long[]> atom : atoms.entrySet()) {
                PortSet ports = atom.getKey();
                refine(classes, atom.getValue(), c -> c.in.v1 = c.in.v1.union(ports));
            }
            for (SourceClass c : classes) {
                overrides(c, c.in, destination, real, usage);
                c.in.applyNetworkPolicies();
            }
        }
        tierRules(classes, tiered, PolicyTier.BASELINE, receiving, real, usage);
        // sources the destination admits nothing from need no egress side; but while rule usage is
        // recorded the egress rules' own side counts whatever the ingress side says
        classes.removeIf(c -> {
            c.in.finish();
            return c.in.allowed.isEmpty() && usage == null;
        });
        if (classes.isEmpty()) {
            return;
        }

        // ---- the sources' egress
        int[] towards = tierEgressRulesTo(destination);
        egressTier(classes, towards, PolicyTier.ADMIN, receiving, real, usage);
        refine(classes, egressIsolated, c -> c.out.v1Isolated = true);
        Map<PortSet, long[]> egressAtoms = new HashMap<>();
        for (int r : egressRulesTo[destination]) {
            addEgressAtom(egressAtoms, r, receiving);
        }
        for (int r : universalEgressRules) {
            addEgressAtom(egressAtoms, r, receiving);
        }
        for (Map.Entry<PortSet, long[]> atom : egressAtoms.entrySet()) {
            PortSet ports = atom.getKey();
            refine(classes, atom.getValue(), c -> c.out.v1 = c.out.v1.union(ports));
        }
        for (SourceClass c : classes) {
            if (c.out.v1Isolated) {
                overrides(c, c.out, destination, real, usage);
                c.out.applyNetworkPolicies();
            }
        }
        egressTier(classes, towards, PolicyTier.BASELINE, receiving, real, usage);
        Map<PortSet, long[]> results = new LinkedHashMap<>();
        for (SourceClass c : classes) {
            c.out.finish();
            PortSet allowed = c.allowed();
            if (!allowed.isEmpty()) {
                long[] bits = results.get(allowed);
                if (bits == null) {
                    results.put(allowed, c.bits);
                } else {
                    or(bits, c.bits);
                }
            }
        }
        for (Map.Entry<PortSet, long[]> result : results.entrySet()) {
            visitor.visit(destination, result.getValue(), result.getKey());
        }
    }

    /** The destination's ingress rules of one tier, in order: each splits the classes by its peers. */
    private void tierRules(List<SourceClass> classes, int[] tiered, PolicyTier tier, NamedPorts receiving,
            long[] real, RuleUsage.Part usage) {
        for (int p : tiered) {
            CompiledClusterPolicy policy = cluster.clusterPolicies().get(p);
            if (policy.source().tier() != tier) {
                continue;
            }
            for (CompiledTierRule rule : policy.ingress()) {
                PortSet ports = rule.portsFor(receiving);
                if (ports.isEmpty()) {
                    continue;
                }
                long[] atom = rule.allPeers ? allMembers() : bitsOf(rule.groups);
                refine(classes, atom, c -> step(c, c.in, rule, ports, real, usage));
            }
        }
        for (SourceClass c : classes) {
            c.in.endTier();
        }
    }

    /** The egress rules of one tier whose peers include the destination, in order: each splits the classes by its policy's subject. */
    private void egressTier(List<SourceClass> classes, int[] towards, PolicyTier tier, NamedPorts receiving,
            long[] real, RuleUsage.Part usage) {
        for (int r : towards) {
            CompiledTierRule rule = cluster.tierRules().get(r);
            if (rule.tier != tier) {
                continue;
            }
            PortSet ports = rule.portsFor(receiving);
            if (ports.isEmpty()) {
                continue;
            }
            long[] atom = bitsOf(cluster.clusterPolicies().get(cluster.tierRulePolicy(r)).selected());
            refine(classes, atom, c -> step(c, c.out, rule, ports, real, usage));
        }
        for (SourceClass c : classes) {
            c.out.endTier();
        }
    }

    /** A rule taking what it matches of one side of a class; its usage recorded for real connections. */
    private static void step(SourceClass c, SideState side, CompiledTierRule rule, PortSet ports, long[] real,
            RuleUsage.Part usage) {
        PortSet decided = side.apply(rule, ports, usage != null);
        if (usage != null && intersects(c.bits, real)) {
            usage.matched(rule.id);
            if (!decided.isEmpty()) {
                usage.decided(rule.id);
            }
        }
    }

    /** Admin Accept decisions of a side that its NetworkPolicies would have denied: the administrator overrode them. */
    private void overrides(SourceClass c, SideState side, int destination, long[] real, RuleUsage.Part usage) {
        if (usage == null || side.accepted.isEmpty() || !intersects(c.bits, real)) {
            return;
        }
        for (Accepted a : side.accepted) {
            if (!a.ports().minus(side.v1).isEmpty()) {
                long[] sources = c.bits.clone();
                for (int w = 0; w < sources.length; w++) {
                    sources[w] &= real[w];
                }
                usage.overrode(a.rule(), destination, sources);
            }
        }
    }

    /** Sources that make a connection of the model with the destination: not only the destination's own (single) endpoint. */
    private long[] realSources(int destination) {
        long[] bits = allMembers();
        EndpointGroup own = cluster.groups().get(cluster.endpointGroupOf(destination));
        if (own.size() == 1) {
            for (int m = own.firstMemberGroup(); m < own.firstMemberGroup() + own.memberGroups(); m++) {
                bits[m >>> 6] &= ~(1L << m);
            }
        }
        return bits;
    }

    private static boolean intersects(long[] a, long[] b) {
        for (int w = 0; w < a.length; w++) {
            if ((a[w] & b[w]) != 0) {
                return true;
            }
        }
        return false;
    }

    private long[] bitsOf(int[] groups) {
        long[] bits = new long[memberWords];
        for (int g : groups) {
            bits[g >>> 6] |= 1L << g;
        }
        return bits;
    }

    /** The cluster-tier egress rules whose peers include a member group, in tier order (by rule id). */
    private int[] tierEgressRulesTo(int destination) {
        int[] own = tierEgressTo[destination];
        if (universalTierEgress.length == 0) {
            return own;
        }
        int[] out = new int[own.length + universalTierEgress.length];
        int i = 0;
        int j = 0;
        int n = 0;
        while (i < own.length || j < universalTierEgress.length) {
            out[n++] = j >= universalTierEgress.length || (i < own.length && own[i] < universalTierEgress[j])
                    ? own[i++] : universalTierEgress[j++];
        }
        return out;
    }

    private void addEgressAtom(Map<PortSet, long[]> atoms, int ruleIndex, NamedPorts receiving) {
        PortSet ports = egressRules[ruleIndex].portsFor(receiving);
        if (ports.isEmpty()) {
            return;
        }
        long[] bits = atoms.computeIfAbsent(ports, k -> new long[memberWords]);
        for (int g : cluster.policies().get(egressRulePolicy[ruleIndex]).selected()) {
            bits[g >>> 6] |= 1L << g;
        }
    }

    /** Splits every class by membership in {@code atom}; {@code inside} updates the part inside it. */
    private static void refine(List<SourceClass> classes, long[] atom, java.util.function.Consumer<SourceClass> inside) {
        int size = classes.size();
        int words = atom.length;
        for (int i = 0; i < size; i++) {
            SourceClass c = classes.get(i);
            long[] in = new long[words];
            boolean anyInside = false;
            boolean anyOutside = false;
            for (int w = 0; w < words; w++) {
                long bits = c.bits[w] & atom[w];
                in[w] = bits;
                anyInside |= bits != 0;
                anyOutside |= (c.bits[w] & ~atom[w]) != 0;
            }
            if (!anyInside) {
                continue;
            }
            SourceClass target = c;
            if (anyOutside) {
                for (int w = 0; w < words; w++) {
                    c.bits[w] &= ~atom[w];
                }
                target = new SourceClass(in, c.in.copy(), c.out.copy());
                classes.add(target);
            }
            inside.accept(target);
        }
    }

    private long[] allMembers() {
        long[] bits = new long[memberWords];
        fillAll(bits, memberCount);
        return bits;
    }

    private long[] allGroups() {
        long[] bits = new long[words];
        fillAll(bits, groupCount);
        return bits;
    }

    private static void fillAll(long[] bits, int count) {
        Arrays.fill(bits, -1L);
        int rest = count & 63;
        if (rest != 0) {
            bits[bits.length - 1] = (1L << rest) - 1;
        }
    }

    private static void or(long[] into, long[] bits) {
        for (int w = 0; w < into.length; w++) {
            into[w] |= bits[w];
        }
    }

    private static boolean isEmpty(long[] bits) {
        for (long w : bits) {
            if (w != 0) {
                return false;
            }
        }
        return true;
    }

    /** Calls {@code action} with each group id set in {@code bits}, ascending. */
    public static void forEachBit(long[] bits, java.util.function.IntConsumer action) {
        for (int w = 0; w < bits.length; w++) {
            long word = bits[w];
            while (word != 0) {
                action.accept((w << 6) + Long.numberOfTrailingZeros(word));
                word &= word - 1;
            }
        }
    }
}
