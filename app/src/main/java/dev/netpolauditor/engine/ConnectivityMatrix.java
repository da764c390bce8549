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
    /** The models that decide the sides, and their pipelines per direction. */
    private final List<SideModel> models;
    private final Pipeline[] ingress;
    private final Pipeline[] egress;
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
        this.models = cluster.models();
        this.ingress = new Pipeline[models.size()];
        this.egress = new Pipeline[models.size()];
        for (int m = 0; m < models.size(); m++) {
            ingress[m] = cluster.pipeline(models.get(m), PolicyType.INGRESS);
            egress[m] = cluster.pipeline(models.get(m), PolicyType.EGRESS);
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
        int[] sizes = groups.stream().mapToInt(g -> g.members().length).toArray();
        IntStream.range(0, groupCount).parallel().forEach(destination -> {
            long targets = sizes[destination];
            long[] row = new long[2]; // group pairs, source endpoints: counted per row, added once (shared counters contend)
            row(destination, (d, sources, allowed) -> {
                for (int w = 0; w < sources.length; w++) {
                    long word = sources[w];
                    row[0] += Long.bitCount(word);
                    while (word != 0) {
                        row[1] += sizes[(w << 6) + Long.numberOfTrailingZeros(word)];
                        word &= word - 1;
                    }
                }
                if ((sources[d >>> 6] & (1L << d)) != 0) {
                    row[1]--; // a group with itself: targets × (targets − 1), its distinct endpoints only
                }
            });
            groupPairs.add(row[0]);
            endpointPairs.add(row[1] * targets);
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
        if (cluster.usageRules().isEmpty()) {
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

    /**
     * The rules that can admit connections into an endpoint group: the allowing rules of its
     * members' ingress, of every model (the namespace owners' first, then the tiers' in order).
     */
    public List<Admission> ingressAdmissions(int destination) {
        EndpointGroup target = cluster.groups().get(destination);
        Map<RuleRef, Admission> out = new LinkedHashMap<>();
        for (boolean owners : new boolean[] {true, false}) {
            for (Pipeline p : ingress) {
                for (int m = target.firstMemberGroup(); m < target.firstMemberGroup() + target.memberGroups(); m++) {
                    NamedPorts receiving = cluster.memberGroups().get(m).namedPorts();
                    for (int r : p.bySubject[m]) {
                        StepRule rule = p.rules[r];
                        Step step = p.steps.get(p.stepOf[r]);
                        if (rule.action() == RuleAction.ACCEPT && step.owner() == owners && step.appliesTo(m)) {
                            merge(out, new Admission(rule.ref(), rule.matcher().portsFor(receiving),
                                    rule.matcher().allPeers() && step.owner() ? null : endpointGroups(rule.matcher())));
                        }
                    }
                }
            }
        }
        return List.copyOf(out.values());
    }

    /** The rules that can admit connections out of their subjects into an endpoint group (its members among their peers). */
    public List<Admission> egressAdmissions(int destination) {
        EndpointGroup target = cluster.groups().get(destination);
        Map<RuleRef, Admission> out = new LinkedHashMap<>();
        for (boolean owners : new boolean[] {true, false}) {
            for (Pipeline p : egress) {
                for (int m = target.firstMemberGroup(); m < target.firstMemberGroup() + target.memberGroups(); m++) {
                    NamedPorts receiving = cluster.memberGroups().get(m).namedPorts();
                    for (int r : p.towards(m)) {
                        StepRule rule = p.rules[r];
                        Step step = p.steps.get(p.stepOf[r]);
                        if (rule.action() == RuleAction.ACCEPT && step.owner() == owners && rule.subjects().length > 0) {
                            merge(out, new Admission(rule.ref(), rule.matcher().portsFor(receiving),
                                    endpointGroupsOf(rule.subjects())));
                        }
                    }
                }
            }
        }
        return List.copyOf(out.values());
    }

    /** The endpoint groups of a rule's peers (all of them for a rule of every peer). */
    private int[] endpointGroups(Matcher rule) {
        if (rule.allPeers()) {
            int[] all = new int[groupCount];
            for (int g = 0; g < groupCount; g++) {
                all[g] = g;
            }
            return all;
        }
        if (rule instanceof CompiledRule r) {
            return r.endpointGroups;
        }
        if (rule instanceof CompiledTierRule r) {
            return r.endpointGroups;
        }
        return endpointGroupsOf(rule.peerGroups());
    }

    private int[] endpointGroupsOf(int[] memberGroups) {
        if (oneLevel) {
            return memberGroups;
        }
        return Arrays.stream(memberGroups).map(cluster::endpointGroupOf).distinct().sorted().toArray();
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
                PortSet ports = c.in[0].allowed;
                refine(classes, c.bits, inside -> inside.in[0].allowed = inside.in[0].allowed.union(ports));
            }
        }
        Map<PortSet, long[]> results = new LinkedHashMap<>();
        for (SourceClass c : classes) {
            if (!c.in[0].allowed.isEmpty()) {
                or(results.computeIfAbsent(c.in[0].allowed, k -> new long[words]), c.bits);
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
     * One side of the connections from a class of sources to one destination, as one model's
     * steps decide it: what is {@code allowed} so far, what no step has decided yet, what a Pass
     * rule handed on to the next step. While rule usage is recorded, {@code accepted} keeps what
     * rules that may override the namespace owner decided, and {@code owner}/{@code ownerIsolated}
     * what the side's own NetworkPolicies admit and whether they isolate it.
     */
    private static final class SideState {
        PortSet allowed = PortSet.EMPTY;
        PortSet undecided = PortSet.ALL;
        PortSet passed = PortSet.EMPTY;
        PortSet owner = PortSet.EMPTY;
        boolean ownerIsolated;
        List<Accepted> accepted = List.of();

        SideState copy() {
            SideState c = new SideState();
            c.allowed = allowed;
            c.undecided = undecided;
            c.passed = passed;
            c.owner = owner;
            c.ownerIsolated = ownerIsolated;
            c.accepted = accepted;
            return c;
        }

        /** Whether a class in this state and one in {@code o} are decided alike by whatever follows. */
        boolean sameAs(SideState o) {
            return allowed.equals(o.allowed) && undecided.equals(o.undecided) && passed.equals(o.passed)
                    && owner.equals(o.owner) && ownerIsolated == o.ownerIsolated && accepted.equals(o.accepted);
        }

        int stateHash() {
            return ((allowed.hashCode() * 31 + undecided.hashCode()) * 31 + passed.hashCode()) * 31 + owner.hashCode();
        }

        /** The ports a rule takes: still undecided and matched. */
        PortSet apply(StepRule rule, PortSet ports, boolean track) {
            PortSet matched = undecided.intersect(ports);
            if (matched.isEmpty()) {
                return matched;
            }
            undecided = undecided.minus(matched);
            switch (rule.action()) {
                case ACCEPT -> allowed = allowed.union(matched);
                case PASS -> passed = passed.union(matched);
                case DENY -> { }
            }
            if (track && rule.overridesOwner() && rule.action() != RuleAction.DENY) {
                List<Accepted> more = new ArrayList<>(accepted);
                more.add(new Accepted(rule.usage() >= 0 ? rule.usage() : -1, rule.ref(), matched));
                accepted = more;
            }
            return matched;
        }

        /** The end of a step that denies what it did not decide. */
        void denyRest() {
            undecided = PortSet.EMPTY;
        }

        /** The end of a step: what it passed goes on with what it left undecided. */
        void endStep() {
            undecided = undecided.union(passed);
            passed = PortSet.EMPTY;
        }

        /** Nothing left decides: what is undecided is allowed. */
        void finish() {
            allowed = allowed.union(undecided).union(passed);
            undecided = PortSet.EMPTY;
            passed = PortSet.EMPTY;
        }
    }

    /** Ports a rule that may override the namespace owner decided for a class (its usage id, -1 for none). */
    private record Accepted(int usage, RuleRef rule, PortSet ports) {}

    /** A class of source member groups that share how both sides decide toward one destination, per model. */
    private static final class SourceClass {
        long[] bits;
        /** How many groups {@code bits} holds: an atom over a few words tells whether it covers the whole class. */
        int count;
        SideState[] in;
        SideState[] out;

        SourceClass(long[] bits, int count, SideState[] in, SideState[] out) {
            this.bits = bits;
            this.count = count;
            this.in = in;
            this.out = out;
        }

        /** For a class of endpoint groups built from member rows: its ports, kept in {@code in[0].allowed}. */
        SourceClass(long[] bits, PortSet allowed) {
            this(bits, cardinality(bits), new SideState[] {new SideState()}, new SideState[] {new SideState()});
            this.in[0].allowed = allowed;
        }

        static SourceClass fresh(long[] bits, int models) {
            SideState[] in = new SideState[models];
            SideState[] out = new SideState[models];
            for (int m = 0; m < models; m++) {
                in[m] = new SideState();
                out[m] = new SideState();
            }
            return new SourceClass(bits, cardinality(bits), in, out);
        }

        SourceClass split(long[] inside, int insideCount) {
            SideState[] i = new SideState[in.length];
            SideState[] o = new SideState[out.length];
            for (int m = 0; m < in.length; m++) {
                i[m] = in[m].copy();
                o[m] = out[m].copy();
            }
            return new SourceClass(inside, insideCount, i, o);
        }

        /** Whether both sides of every model are in the same state as {@code o}'s. */
        boolean sameState(SourceClass o) {
            for (int m = 0; m < in.length; m++) {
                if (!in[m].sameAs(o.in[m]) || !out[m].sameAs(o.out[m])) {
                    return false;
                }
            }
            return true;
        }

        int stateHash() {
            int h = 0;
            for (int m = 0; m < in.length; m++) {
                h = (h * 31 + in[m].stateHash()) * 31 + out[m].stateHash();
            }
            return h;
        }

        /** What the destination's ingress allows: what every model allows. */
        PortSet ingressAllowed() {
            PortSet out = in[0].allowed;
            for (int m = 1; m < in.length; m++) {
                out = out.intersect(in[m].allowed);
            }
            return out;
        }

        PortSet allowed() {
            PortSet ports = ingressAllowed();
            for (SideState side : out) {
                ports = ports.intersect(side.allowed);
            }
            return ports;
        }
    }

    /**
     * One destination member group's allowed source member groups, grouped by port set. Each
     * side is decided step by step over classes of sources, model by model: a rule (or an atom of
     * a union step) splits the classes by whether it covers their sources, and updates the side's
     * state of those it covers, in the steps' order. {@code usage}, when given, records which
     * rules matched, decided and overrode what.
     */
    private void memberRow(int destination, GroupVisitor visitor, RuleUsage.Part usage) {
        NamedPorts receiving = cluster.memberGroups().get(destination).namedPorts();
        long[] real = usage == null ? null : realSources(destination);
        List<SourceClass> classes = new ArrayList<>();
        classes.add(SourceClass.fresh(allMembers(), models.size()));
        AtomBuilder atoms = new AtomBuilder(memberCount);

        // ---- the destination's ingress
        for (int m = 0; m < models.size(); m++) {
            ingressSide(classes, m, destination, receiving, real, usage, atoms);
        }
        // sources the destination admits nothing from need no egress side; but while rule usage is
        // recorded the egress rules' own side counts whatever the ingress side says
        classes.removeIf(c -> c.ingressAllowed().isEmpty() && usage == null);
        if (classes.isEmpty()) {
            return;
        }

        // ---- the sources' egress
        for (int m = 0; m < models.size(); m++) {
            egressSide(classes, m, destination, receiving, real, usage, atoms);
        }
        Map<PortSet, long[]> results = new LinkedHashMap<>();
        for (SourceClass c : classes) {
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

    /** The destination's ingress in one model: its rules, step by step, split the classes by their peers. */
    private void ingressSide(List<SourceClass> classes, int m, int destination, NamedPorts receiving, long[] real,
            RuleUsage.Part usage, AtomBuilder atoms) {
        Pipeline p = ingress[m];
        if (usage != null) {
            owner(classes, p, m, true, destination, receiving);
        }
        int[] mine = p.bySubject[destination];
        int k = 0;
        for (int s = 0; s < p.steps.size(); s++) {
            Step step = p.steps.get(s);
            int from = k;
            while (k < mine.length && p.stepOf[mine[k]] == s) {
                k++;
            }
            if (!step.appliesTo(destination)) {
                continue;
            }
            if (step.union() && usage == null) {
                StepRule any = from < k ? p.rules[mine[from]] : null;
                applyByPorts(classes, p, mine, from, k, receiving, true, null, new HashMap<>(), atoms,
                        (c, ports) -> c.in[m].apply(any, ports, false));
            } else if (usage == null) {
                firstMatchRuns(classes, p, mine, from, k, receiving, true, null, c -> c.in[m], atoms);
            } else {
                for (int i = from; i < k; i++) {
                    StepRule rule = p.rules[mine[i]];
                    PortSet ports = rule.matcher().portsFor(receiving);
                    if (ports.isEmpty()) {
                        continue;
                    }
                    long[] atom = rule.matcher().allPeers() ? allMembers() : bitsOf(rule.matcher().peerGroups());
                    refineReadingSources(classes, atom, c -> step(c, c.in[m], rule, ports, real, usage));
                }
            }
            for (SourceClass c : classes) {
                if (step.denyRest()) {
                    c.in[m].denyRest();
                }
                c.in[m].endStep();
            }
            mergeSame(classes);
        }
        for (SourceClass c : classes) {
            overrides(c, c.in[m], destination, real, usage);
            c.in[m].finish();
        }
    }

    /** The sources' egress toward the destination in one model: the rules whose peers include it split the classes by their subjects. */
    private void egressSide(List<SourceClass> classes, int m, int destination, NamedPorts receiving, long[] real,
            RuleUsage.Part usage, AtomBuilder atoms) {
        Pipeline p = egress[m];
        if (usage != null) {
            owner(classes, p, m, false, destination, receiving);
        }
        int[] towards = p.towards(destination);
        int k = 0;
        for (int s = 0; s < p.steps.size(); s++) {
            Step step = p.steps.get(s);
            int from = k;
            while (k < towards.length && p.stepOf[towards[k]] == s) {
                k++;
            }
            if (step.union() && usage == null) {
                StepRule any = from < k ? p.rules[towards[from]] : null;
                applyByPorts(classes, p, towards, from, k, receiving, false, step.maskRules() ? step.applies() : null,
                        new HashMap<>(), atoms, (c, ports) -> c.out[m].apply(any, ports, false));
            } else if (usage == null) {
                firstMatchRuns(classes, p, towards, from, k, receiving, false, step.applies(), c -> c.out[m], atoms);
            } else {
                for (int i = from; i < k; i++) {
                    StepRule rule = p.rules[towards[i]];
                    PortSet ports = rule.matcher().portsFor(receiving);
                    if (ports.isEmpty()) {
                        continue;
                    }
                    long[] atom = bitsOf(rule.subjects());
                    if (step.applies() != null) {
                        and(atom, step.applies());
                    }
                    refineReadingSources(classes, atom, c -> step(c, c.out[m], rule, ports, real, usage));
                }
            }
            if (step.denyRest()) {
                if (step.applies() == null) {
                    classes.forEach(c -> c.out[m].denyRest());
                } else {
                    refine(classes, sparse(step.applies()), c -> c.out[m].denyRest());
                }
            }
            for (SourceClass c : classes) {
                c.out[m].endStep();
            }
            mergeSame(classes);
        }
        for (SourceClass c : classes) {
            overrides(c, c.out[m], destination, real, usage);
            c.out[m].finish();
        }
    }

    /**
     * The rules {@code order[from..to)} of a first-match step, in walk order, when rule usage is
     * not recorded. A run of consecutive rules with one action decides for a class as one rule
     * would with the union of the ports of the run's rules that cover the class: of what is still
     * undecided, each takes its ports, and with one action the order within the run does not
     * change what ends allowed, denied or passed. So a run is applied as one atom per distinct
     * port set (its covered groups united), as a union step's rules are, which splits the classes
     * once per port set instead of once per rule. Covered groups: on the ingress side a rule's
     * peers; on the egress side its subjects, where the step applies.
     */
    private void firstMatchRuns(List<SourceClass> classes, Pipeline p, int[] order, int from, int to,
            NamedPorts receiving, boolean ingressSide, long[] applies,
            java.util.function.Function<SourceClass, SideState> side, AtomBuilder atoms) {
        int i = from;
        while (i < to) {
            StepRule first = p.rules[order[i]];
            int end = i + 1;
            while (end < to && p.rules[order[end]].action() == first.action()) {
                end++;
            }
            applyByPorts(classes, p, order, i, end, receiving, ingressSide, applies, new LinkedHashMap<>(), atoms,
                    (c, ports) -> side.apply(c).apply(first, ports, false));
            i = end;
        }
    }

    /**
     * Applies the rules {@code order[from..to)} (a union step's, or a run of one action) as one
     * atom per distinct port set toward the receiver, in {@code portSets}' order: the groups the
     * rules with those ports cover (on the ingress side their peers, on the egress side their
     * subjects within {@code mask}, null: all), each atom refining the classes once.
     */
    private void applyByPorts(List<SourceClass> classes, Pipeline p, int[] order, int from, int to,
            NamedPorts receiving, boolean ingressSide, long[] mask, Map<PortSet, Integer> portSets,
            AtomBuilder atoms, java.util.function.BiConsumer<SourceClass, PortSet> take) {
        int[] portSetOf = new int[to - from];
        for (int r = from; r < to; r++) {
            PortSet ports = p.rules[order[r]].matcher().portsFor(receiving);
            Integer index = ports.isEmpty() ? Integer.valueOf(-1) : portSets.get(ports);
            if (index == null) {
                index = portSets.size();
                portSets.put(ports, index);
            }
            portSetOf[r - from] = index;
        }
        for (Map.Entry<PortSet, Integer> portSet : portSets.entrySet()) {
            int index = portSet.getValue();
            for (int r = from; r < to; r++) {
                if (portSetOf[r - from] == index) {
                    cover(p, order[r], ingressSide, atoms);
                }
            }
            PortSet ports = portSet.getKey();
            refine(classes, atoms.take(mask), c -> take.accept(c, ports));
        }
    }

    /** Adds the groups a rule covers to an atom: on the ingress side its peers, on the egress side its subjects. */
    private void cover(Pipeline p, int rule, boolean ingressSide, AtomBuilder atoms) {
        StepRule r = p.rules[rule];
        if (ingressSide && r.matcher().allPeers()) {
            atoms.addAll();
        } else if (ingressSide) {
            atoms.or(p.peerWordAt[rule], p.peerWords[rule]);
        } else {
            atoms.or(p.subjectWordAt[rule], p.subjectWords[rule]);
        }
    }

    /** A step's mask as an atom, built once per step (the arrays are the steps' own: identity keys). */
    private Atom sparse(long[] mask) {
        return sparseMasks.computeIfAbsent(mask, Atom::of);
    }

    private final Map<long[], Atom> sparseMasks = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * While rule usage is recorded: what each class's own NetworkPolicies admit on this side and
     * whether they isolate it (the ingress side: the destination's; the egress side: the sources').
     */
    private void owner(List<SourceClass> classes, Pipeline p, int m, boolean ingressSide, int destination,
            NamedPorts receiving) {
        if (ingressSide) {
            boolean isolated = p.ownerIsolates(destination);
            for (SourceClass c : classes) {
                c.in[m].ownerIsolated = isolated;
            }
            if (!isolated) {
                return;
            }
            for (StepRule rule : p.ownerRules) {
                if (Arrays.binarySearch(rule.subjects(), destination) < 0) {
                    continue;
                }
                PortSet ports = rule.matcher().portsFor(receiving);
                if (!ports.isEmpty()) {
                    long[] atom = rule.matcher().allPeers() ? allMembers() : bitsOf(rule.matcher().peerGroups());
                    refine(classes, atom, c -> c.in[m].owner = c.in[m].owner.union(ports));
                }
            }
            return;
        }
        refine(classes, p.ownerIsolated, c -> c.out[m].ownerIsolated = true);
        for (StepRule rule : p.ownerRules) {
            if (!rule.matcher().matchesGroup(destination)) {
                continue;
            }
            PortSet ports = rule.matcher().portsFor(receiving);
            if (!ports.isEmpty()) {
                refine(classes, bitsOf(rule.subjects()), c -> c.out[m].owner = c.out[m].owner.union(ports));
            }
        }
    }

    /** A rule taking what it matches of one side of a class; its usage recorded for real connections. */
    private static void step(SourceClass c, SideState side, StepRule rule, PortSet ports, long[] real,
            RuleUsage.Part usage) {
        PortSet decided = side.apply(rule, ports, usage != null);
        if (usage != null && rule.usage() >= 0 && intersects(c.bits, real)) {
            usage.matched(rule.usage());
            if (!decided.isEmpty()) {
                usage.decided(rule.usage());
            }
        }
    }

    /**
     * Decisions of rules ordered before the namespace owner's that allowed what the side's own
     * NetworkPolicies, which isolate it, would have denied: the administrator overrode them.
     */
    private void overrides(SourceClass c, SideState side, int destination, long[] real, RuleUsage.Part usage) {
        if (usage == null || side.accepted.isEmpty() || !side.ownerIsolated || !intersects(c.bits, real)) {
            return;
        }
        for (Accepted a : side.accepted) {
            if (a.usage() >= 0 && !a.ports().minus(side.owner).isEmpty()) {
                long[] sources = c.bits.clone();
                for (int w = 0; w < sources.length; w++) {
                    sources[w] &= real[w];
                }
                usage.overrode(a.usage(), destination, sources);
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

    private static void and(long[] into, long[] mask) {
        for (int w = 0; w < into.length; w++) {
            into[w] &= mask[w];
        }
    }

    /** Splits every class by membership in {@code atom}; {@code inside} updates the part inside it. */
    private static void refine(List<SourceClass> classes, long[] atom, java.util.function.Consumer<SourceClass> inside) {
        refine(classes, Atom.of(atom), inside, false);
    }

    /** As {@link #refine(List, long[], java.util.function.Consumer)}, for an {@code inside} that reads the part's sources. */
    private static void refineReadingSources(List<SourceClass> classes, long[] atom,
            java.util.function.Consumer<SourceClass> inside) {
        refine(classes, Atom.of(atom), inside, true);
    }

    private static void refine(List<SourceClass> classes, Atom atom, java.util.function.Consumer<SourceClass> inside) {
        refine(classes, atom, inside, false);
    }

    /**
     * Splits every class by membership in {@code atom}, reading only the atom's words: a class
     * with as many groups inside as it holds is inside whole; {@code inside} updates the part
     * inside it. A split whose part inside ends in the state of the rest is undone; unless
     * {@code inside} reads the part's sources, the part's set is made only when the split stays
     * (most are undone in a first-match tier, and a set is 711 words at 45,474 member groups).
     */
    private static void refine(List<SourceClass> classes, Atom atom, java.util.function.Consumer<SourceClass> inside,
            boolean insideReadsSources) {
        int[] at = atom.at;
        long[] atomBits = atom.bits;
        int length = atom.length;
        int size = classes.size();
        for (int i = 0; i < size; i++) {
            SourceClass c = classes.get(i);
            int listed = 0; // of the class's groups, those in the atom's words
            for (int k = 0; k < length; k++) {
                listed += Long.bitCount(c.bits[at[k]] & atomBits[k]);
            }
            int insideCount = atom.complement ? c.count - listed : listed;
            if (insideCount == 0) {
                continue;
            }
            if (insideCount == c.count) {
                inside.accept(c);
                continue;
            }
            SourceClass target = null;
            if (!insideReadsSources) {
                target = c.split(null, insideCount);
                inside.accept(target);
                if (target.sameState(c)) { // the atom changed nothing for them: no split
                    continue;
                }
            }
            long[] in;
            if (atom.complement) { // inside: all but the listed groups
                in = c.bits.clone();
                Arrays.fill(c.bits, 0L);
                for (int k = 0; k < length; k++) {
                    int w = at[k];
                    c.bits[w] = in[w] & atomBits[k];
                    in[w] &= ~atomBits[k];
                }
            } else {
                in = new long[c.bits.length]; // only a class that splits needs a new set
                for (int k = 0; k < length; k++) {
                    int w = at[k];
                    in[w] = c.bits[w] & atomBits[k];
                    c.bits[w] &= ~atomBits[k];
                }
            }
            c.count -= insideCount;
            if (target != null) {
                target.bits = in;
                classes.add(target);
                continue;
            }
            target = c.split(in, insideCount);
            inside.accept(target);
            if (target.sameState(c)) { // the atom changed nothing for them: no split
                or(c.bits, in);
                c.count += insideCount;
            } else {
                classes.add(target);
            }
        }
    }

    /**
     * A set of groups as few words: its non-zero words, or for a wide set ({@code complement})
     * the non-zero words of what it leaves out of all groups. A rule's groups (a run's, united
     * per port set) touch few words of the cluster's bitset, or leave few out: refining the
     * classes over those words alone makes a rule cost what it covers, not the cluster's size
     * (711 words at 45,474 member groups, for every run of every first-match tier, per
     * destination, before).
     */
    private static final class Atom {
        /** The indexes of the words ({@code length} of them), and the words. */
        final int[] at;
        final long[] bits;
        int length;
        boolean complement;

        Atom(int[] at, long[] bits, int length) {
            this.at = at;
            this.bits = bits;
            this.length = length;
        }

        static Atom of(long[] dense) {
            int[] at = Pipeline.nonZeroWords(dense);
            long[] bits = new long[at.length];
            for (int k = 0; k < at.length; k++) {
                bits[k] = dense[at[k]];
            }
            return new Atom(at, bits, at.length);
        }
    }

    /**
     * Builds atoms over member groups in one dense scratch set (one per row), whose touched words
     * are cleared as each atom is taken; the atom taken is reused by the next (one refine reads it).
     */
    private static final class AtomBuilder {
        private final int groups;
        private final long[] scratch;
        private final int[] touched;
        private int n;
        private boolean all;
        private final Atom taken;

        AtomBuilder(int groups) {
            this.groups = groups;
            int words = (groups + 63) >>> 6;
            scratch = new long[words];
            touched = new int[words];
            taken = new Atom(new int[words], new long[words], 0);
        }

        /** Adds the groups of the words {@code words} at the indexes {@code at}. */
        void or(int[] at, long[] words) {
            for (int k = 0; k < at.length; k++) {
                int w = at[k];
                if (scratch[w] == 0) {
                    touched[n++] = w;
                }
                scratch[w] |= words[k];
            }
        }

        void addAll() {
            all = true;
        }

        /**
         * The atom of the groups added since the last (within {@code mask}; null: all of them), its
         * words in no particular order: as the complement of what it leaves out when that is
         * fewer words.
         */
        Atom take(long[] mask) {
            int k = 0;
            if (!all && mask == null && 2 * n <= scratch.length) {
                for (int i = 0; i < n; i++) {
                    int w = touched[i];
                    taken.at[k] = w;
                    taken.bits[k++] = scratch[w];
                }
                taken.complement = false;
            } else if (!all && mask != null && 2 * n <= scratch.length) {
                for (int i = 0; i < n; i++) {
                    int w = touched[i];
                    long word = scratch[w] & mask[w];
                    if (word != 0) {
                        taken.at[k] = w;
                        taken.bits[k++] = word;
                    }
                }
                taken.complement = false;
            } else {
                for (int w = 0; w < scratch.length; w++) {
                    long word = all ? -1L : scratch[w];
                    if (mask != null) {
                        word &= mask[w];
                    }
                    long out = ~word & valid(w);
                    if (out != 0) {
                        taken.at[k] = w;
                        taken.bits[k++] = out;
                    }
                }
                taken.complement = true;
            }
            for (int i = 0; i < n; i++) {
                scratch[touched[i]] = 0;
            }
            n = 0;
            all = false;
            taken.length = k;
            return taken;
        }

        /** The bits of word {@code w} that are groups. */
        private long valid(int w) {
            int rest = groups - (w << 6);
            return rest >= 64 ? -1L : (1L << rest) - 1;
        }
    }

    private static int cardinality(long[] bits) {
        int n = 0;
        for (long word : bits) {
            n += Long.bitCount(word);
        }
        return n;
    }

    /**
     * Unites the classes whose sides are in the same state: what follows decides for them alike,
     * so keeping them apart only adds work to every later rule (a first-match tier's Deny, Pass
     * and Allow runs split classes whose states can converge again; about a fifth fewer class
     * visits in the synthetic Calico cluster).
     */
    private static void mergeSame(List<SourceClass> classes) {
        int size = classes.size();
        if (size < 2) {
            return;
        }
        Map<Integer, List<SourceClass>> byHash = new HashMap<>();
        int kept = 0;
        for (int i = 0; i < size; i++) {
            SourceClass c = classes.get(i);
            List<SourceClass> same = byHash.computeIfAbsent(c.stateHash(), h -> new ArrayList<>(1));
            SourceClass into = null;
            for (SourceClass x : same) {
                if (x.sameState(c)) {
                    into = x;
                    break;
                }
            }
            if (into == null) {
                same.add(c);
                classes.set(kept++, c);
            } else {
                or(into.bits, c.bits);
                into.count += c.count;
            }
        }
        classes.subList(kept, size).clear();
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
