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
 * Every allowed connection of a compiled cluster, computed per destination group.
 *
 * <p>For a destination group D, each rule that can admit traffic into D contributes an
 * <em>atom</em>: a set of source groups and the ports it admits toward D. Ingress atoms come
 * from the rules of the policies isolating D (sources: the rule's peers); egress atoms from
 * every egress rule whose peers include D (sources: the groups its policy selects), plus
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
 * <p>Sets of groups are dense bitsets over group ids; the work per destination is
 * (atoms × classes × groups/64) word operations, independent of the number of pods.
 */
public final class ConnectivityMatrix {
    private final CompiledCluster cluster;
    private final List<Endpoint.Ip> ips;
    private final int groupCount;
    private final int words;
    /** Egress rules of egress-isolating policies, flattened; and the policy of each. */
    private final CompiledRule[] egressRules;
    private final int[] egressRulePolicy;
    /** Per destination group: indexes into egressRules of the rules whose peers include it. */
    private final int[][] egressRulesTo;
    /** Egress rules whose peers include every group (listed for no group in egressRulesTo). */
    private final int[] universalEgressRules;
    private final long[] notEgressIsolated;

    /** Receives one allowed ordered pair (never a pod with itself, never two IP endpoints). */
    @FunctionalInterface
    public interface PairVisitor {
        void visit(Endpoint from, Endpoint to, PortSet allowed);
    }

    /**
     * Receives, for one destination group, a set of source groups (a bitset over group ids,
     * read-only and valid only during the call; see {@link #forEachBit}) that share one
     * non-empty allowed port set. Self pairs are included at group level: a group "reaching
     * itself" means its distinct members reach each other.
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
        List<CompiledRule> rules = new ArrayList<>();
        List<Integer> rulePolicy = new ArrayList<>();
        int[] perGroup = new int[groupCount];
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
                if (rule.allPeers || rule.groups.length == groupCount) {
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
        this.egressRulesTo = new int[groupCount][];
        for (int g = 0; g < groupCount; g++) {
            egressRulesTo[g] = new int[perGroup[g]];
        }
        int[] filled = new int[groupCount];
        for (int r = 0; r < egressRules.length; r++) {
            CompiledRule rule = egressRules[r];
            if (!(rule.allPeers || rule.groups.length == groupCount)) {
                for (int g : rule.groups) {
                    egressRulesTo[g][filled[g]++] = r;
                }
            }
        }
        this.notEgressIsolated = new long[words];
        for (int g = 0; g < groupCount; g++) {
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

    /** An IP endpoint's non-empty flow with a group: into it (INGRESS) or out of it (EGRESS). */
    private interface IpFlowVisitor {
        void visit(Endpoint.Ip ip, EndpointGroup group, PolicyType direction, PortSet allowed);
    }

    /** The IP side needs no grouping of sources: the group's own policies alone decide. */
    private void forEachIpFlow(IpFlowVisitor visitor) {
        for (Endpoint.Ip ip : ips) {
            for (EndpointGroup group : cluster.groups()) {
                for (PolicyType direction : PolicyType.values()) {
                    PortSet allowed = cluster.sidePorts(group.id(), direction, ip);
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

    /** The ingress rules that can admit connections into a group (empty when it is not isolated for ingress). */
    public List<Admission> ingressAdmissions(int destination) {
        NamedPorts receiving = cluster.groups().get(destination).namedPorts();
        List<Admission> out = new ArrayList<>();
        for (int p : cluster.ingressPolicies(destination)) {
            for (CompiledRule rule : cluster.policies().get(p).ingress()) {
                out.add(new Admission(rule.ref, p, rule.portsFor(receiving), rule.allPeers ? null : rule.groups));
            }
        }
        return out;
    }

    /** The egress rules (of egress-isolating policies) whose peers include a group. */
    public List<Admission> egressAdmissions(int destination) {
        NamedPorts receiving = cluster.groups().get(destination).namedPorts();
        List<Admission> out = new ArrayList<>();
        for (int[] rules : new int[][] {egressRulesTo[destination], universalEgressRules}) {
            for (int r : rules) {
                CompiledRule rule = egressRules[r];
                int policy = egressRulePolicy[r];
                out.add(new Admission(rule.ref, policy, rule.portsFor(receiving),
                        cluster.policies().get(policy).selected()));
            }
        }
        return out;
    }

    /** Whether any policy isolates the group in the direction. */
    public boolean isolated(int group, PolicyType direction) {
        return (direction == PolicyType.INGRESS ? cluster.ingressPolicies(group) : cluster.egressPolicies(group))
                .length > 0;
    }

    /** Visits every destination group's allowed sources, grouped by allowed port set. */
    public void forEachGroupRow(GroupVisitor visitor) {
        forEachGroupRow(0, groupCount, visitor);
    }

    /**
     * Visits the destination groups {@code from} (inclusive) to {@code to} (exclusive), in
     * order. Disjoint ranges may be walked concurrently, each with its own visitor.
     */
    public void forEachGroupRow(int from, int to, GroupVisitor visitor) {
        for (int destination = from; destination < to; destination++) {
            row(destination, visitor);
        }
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

    private void row(int destination, GroupVisitor visitor) {
        EndpointGroup target = cluster.groups().get(destination);
        NamedPorts receiving = target.namedPorts();
        int[] isolating = cluster.ingressPolicies(destination);
        List<SourceClass> classes = new ArrayList<>();
        if (isolating.length == 0) {
            classes.add(new SourceClass(allGroups(), PortSet.EMPTY, PortSet.ALL));
        } else {
            Map<PortSet, long[]> atoms = new HashMap<>();
            for (int p : isolating) {
                for (CompiledRule rule : cluster.policies().get(p).ingress()) {
                    PortSet ports = rule.portsFor(receiving);
                    if (ports.isEmpty()) {
                        continue;
                    }
                    long[] bits = atoms.computeIfAbsent(ports, k -> new long[words]);
                    if (rule.allPeers) {
                        fillAll(bits);
                    } else {
                        for (int g : rule.groups) {
                            bits[g >>> 6] |= 1L << g;
                        }
                    }
                }
            }
            long[] any = new long[words];
            for (long[] bits : atoms.values()) {
                or(any, bits);
            }
            if (isEmpty(any)) {
                return;
            }
            classes.add(new SourceClass(any, PortSet.EMPTY, PortSet.EMPTY));
            for (Map.Entry<PortSet, long[]> atom : atoms.entrySet()) {
                refine(classes, atom.getValue(), atom.getKey(), false);
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
            refine(classes, atom.getValue(), atom.getKey(), true);
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
        long[] bits = atoms.computeIfAbsent(ports, k -> new long[words]);
        for (int g : cluster.policies().get(egressRulePolicy[ruleIndex]).selected()) {
            bits[g >>> 6] |= 1L << g;
        }
    }

    /** Splits every class by membership in {@code atom}; the members gain {@code ports} on one side. */
    private void refine(List<SourceClass> classes, long[] atom, PortSet ports, boolean egressSide) {
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

    private long[] allGroups() {
        long[] bits = new long[words];
        fillAll(bits);
        return bits;
    }

    private void fillAll(long[] bits) {
        Arrays.fill(bits, -1L);
        int rest = groupCount & 63;
        if (rest != 0) {
            bits[words - 1] = (1L << rest) - 1;
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
