package dev.netpolauditor.engine;

import dev.netpolauditor.model.PolicyType;
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
        for (int g = 0; g < memberCount; g++) {
            if (cluster.egressPolicies(g).length == 0) {
                notEgressIsolated[g >>> 6] |= 1L << g;
            }
        }
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

    /** The ingress rules that can admit connections into an endpoint group (none when no member is isolated for ingress). */
    public List<Admission> ingressAdmissions(int destination) {
        EndpointGroup target = cluster.groups().get(destination);
        Map<RuleRef, Admission> out = new LinkedHashMap<>();
        for (int m = target.firstMemberGroup(); m < target.firstMemberGroup() + target.memberGroups(); m++) {
            NamedPorts receiving = cluster.memberGroups().get(m).namedPorts();
            for (int p : cluster.ingressPolicies(m)) {
                for (CompiledRule rule : cluster.policies().get(p).ingress()) {
                    merge(out, new Admission(rule.ref, p, rule.portsFor(receiving),
                            rule.allPeers ? null : rule.endpointGroups));
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
                    merge(out, new Admission(rule.ref, policy, rule.portsFor(receiving),
                            cluster.policies().get(policy).selectedEndpointGroups()));
                }
            }
        }
        return List.copyOf(out.values());
    }

    /** One admission per rule: a rule seen from several member groups admits the union of their ports. */
    private static void merge(Map<RuleRef, Admission> out, Admission admission) {
        out.merge(admission.rule(), admission, (a, b) -> new Admission(a.rule(), a.policy(),
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
            memberRow(destination, visitor);
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
                rowOfMember.add(new SourceClass(translated, PortSet.EMPTY, allowed));
                for (int k = 0; k < severalKinds.length; k++) {
                    EndpointGroup g = cluster.groups().get(severalKinds[k]);
                    if (anyBit(sources, g.firstMemberGroup(), g.memberGroups())) {
                        fromSeveral[k] = fromSeveral[k] == null ? allowed : fromSeveral[k].union(allowed);
                    }
                }
            });
            if (target.memberGroups() == 1) {
                classes = rowOfMember;
                break;
            }
            if (classes.isEmpty() && m == target.firstMemberGroup()) {
                classes.add(new SourceClass(allGroups(), PortSet.EMPTY, PortSet.EMPTY));
            }
            for (SourceClass c : rowOfMember) {
                refine(classes, c.bits, c.ingress, false, words);
            }
        }
        Map<PortSet, long[]> results = new LinkedHashMap<>();
        for (SourceClass c : classes) {
            if (!c.ingress.isEmpty()) {
                or(results.computeIfAbsent(c.ingress, k -> new long[words]), c.bits);
            }
        }
        for (int k = 0; k < severalKinds.length; k++) {
            if (fromSeveral[k] != null) {
                int g = severalKinds[k];
                results.computeIfAbsent(fromSeveral[k], p -> new long[words])[g >>> 6] |= 1L << g;
            }
        }
        for (Map.Entry<PortSet, long[]> result : results.entrySet()) {
            visitor.visit(destination, result.getValue(), result.getKey());
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

    /** A class of source groups that share their egress and ingress port sets toward one destination. */
    private static final class SourceClass {
        final long[] bits;
        PortSet egress;
        PortSet ingress;

        SourceClass(long[] bits, PortSet egress, PortSet ingress) {
            this.bits = bits;
            this.egress = egress;
            this.ingress = ingress;
        }
    }

    /** One destination member group's allowed source member groups, grouped by port set. */
    private void memberRow(int destination, GroupVisitor visitor) {
        NamedPorts receiving = cluster.memberGroups().get(destination).namedPorts();
        int[] isolating = cluster.ingressPolicies(destination);
        List<SourceClass> classes = new ArrayList<>();
        if (isolating.length == 0) {
            classes.add(new SourceClass(allMembers(), PortSet.EMPTY, PortSet.ALL));
        } else {
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
            long[] any = new long[memberWords];
            for (long[] bits : atoms.values()) {
                or(any, bits);
            }
            if (isEmpty(any)) {
                return;
            }
            classes.add(new SourceClass(any, PortSet.EMPTY, PortSet.EMPTY));
            for (Map.Entry<PortSet, long[]> atom : atoms.entrySet()) {
                refine(classes, atom.getValue(), atom.getKey(), false, memberWords);
            }
        }
        Map<PortSet, long[]> egressAtoms = new HashMap<>();
        egressAtoms.put(PortSet.ALL, notEgressIsolated.clone());
        for (int r : egressRulesTo[destination]) {
            addEgressAtom(egressAtoms, r, receiving);
        }
        for (int r : universalEgressRules) {
            addEgressAtom(egressAtoms, r, receiving);
        }
        for (Map.Entry<PortSet, long[]> atom : egressAtoms.entrySet()) {
            refine(classes, atom.getValue(), atom.getKey(), true, memberWords);
        }
        Map<PortSet, long[]> results = new LinkedHashMap<>();
        for (SourceClass c : classes) {
            PortSet allowed = c.egress.intersect(c.ingress);
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

    /** Splits every class by membership in {@code atom}; the members gain {@code ports} on one side. */
    private static void refine(List<SourceClass> classes, long[] atom, PortSet ports, boolean egressSide, int words) {
        int size = classes.size();
        for (int i = 0; i < size; i++) {
            SourceClass c = classes.get(i);
            long[] inside = new long[words];
            boolean anyInside = false;
            boolean anyOutside = false;
            for (int w = 0; w < words; w++) {
                long in = c.bits[w] & atom[w];
                inside[w] = in;
                anyInside |= in != 0;
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
                target = new SourceClass(inside, c.egress, c.ingress);
                classes.add(target);
            }
            if (egressSide) {
                target.egress = target.egress.union(ports);
            } else {
                target.ingress = target.ingress.union(ports);
            }
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
