package dev.netpolauditor.analysis.diff;

import dev.netpolauditor.analysis.Locations;
import dev.netpolauditor.engine.ConnectionExplanation;
import dev.netpolauditor.engine.Endpoint;
import dev.netpolauditor.engine.RuleRef;
import dev.netpolauditor.engine.SideExplanation;
import dev.netpolauditor.model.ClusterPolicy;
import dev.netpolauditor.model.ContainerPort;
import dev.netpolauditor.model.LabelSelector;
import dev.netpolauditor.model.Namespace;
import dev.netpolauditor.model.NetworkPolicy;
import dev.netpolauditor.model.Peer;
import dev.netpolauditor.model.PolicyType;
import dev.netpolauditor.model.PortMatch;
import dev.netpolauditor.model.PortRule;
import dev.netpolauditor.model.PortSet;
import dev.netpolauditor.model.Protocol;
import dev.netpolauditor.model.Rule;
import dev.netpolauditor.model.TierRule;
import dev.netpolauditor.model.calico.CalicoPolicy;
import dev.netpolauditor.model.calico.CalicoTier;
import dev.netpolauditor.model.cilium.CiliumPolicy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Names the object changes behind each connectivity change, from the explanations of both
 * sides rather than from a list of everything that changed.
 *
 * <p>For a changed pair (from, to): if an end exists on one side only, that is the cause (pod
 * added, removed, terminated, moved to the host network; IP given on one side). Otherwise
 * each side of the connection (the source's egress, the destination's ingress) whose allowed
 * set changed in a way that changes the intersection is compared rule by rule:
 *
 * <ul>
 *   <li>The end became isolated or stopped being isolated: each policy that isolates it on
 *       one side only is a cause, for the reason it selects the end on one side only —
 *       the policy was added or removed, its podSelector or policyTypes changed, or the
 *       end's labels changed (the keys the podSelector reads).</li>
 *   <li>A rule (policy, direction, rule content) admits other ports on each side, and the
 *       difference is part of the side's difference: if its policy isolates the end on one
 *       side only, as above; if the rule's content exists on one side only, the rule was
 *       added, removed or (same index, other content) changed; if the same rule is on both
 *       sides, it now matches the peer or stops — the peer's labels or its namespace's
 *       labels changed (the keys the selector reads) — or a named port of the receiving end
 *       resolves to other numbers.</li>
 * </ul>
 *
 * <p>Rules are matched by content, not index, so a rule inserted in front of others is one
 * rule added, not every rule changed. The explanations and their comparison are cached per
 * pair of endpoint classes (endpoints alike for every selector of both sides share them), the
 * naming per item and the endpoints it names. Thread-safe.
 */
public final class ChangeAttribution {
    private final State before;
    private final State after;
    private final EndpointClasses classes;
    private final Map<PairKey, Plan> plans = new ConcurrentHashMap<>();
    private final Map<Naming, List<Cause>> names = new ConcurrentHashMap<>();

    ChangeAttribution(Side from, Side to, EndpointClasses classes) {
        this.before = new State(from);
        this.after = new State(to);
        this.classes = classes;
    }

    public static ChangeAttribution of(Side from, Side to) {
        return new ChangeAttribution(from, to, EndpointClasses.of(from.compiled(), to.compiled()));
    }

    /** The causes of one connectivity change, without duplicates; never empty. */
    public List<Cause> causes(ConnectivityChange change) {
        Set<Cause> out = new LinkedHashSet<>();
        presence(change.from(), out);
        presence(change.to(), out);
        if (out.isEmpty()) {
            PairKey key = new PairKey(classKey(change.from()), classKey(change.to()));
            Plan plan = plans.computeIfAbsent(key, k -> plan(change.from(), change.to()));
            name(plan.egress(), PolicyType.EGRESS, change.from(), change.to(), out);
            name(plan.ingress(), PolicyType.INGRESS, change.to(), change.from(), out);
        }
        if (out.isEmpty()) {
            out.add(new Cause(Cause.Kind.UNATTRIBUTED, null, null, null, null,
                    "no single object change explains it"));
        }
        return List.copyOf(out);
    }

    /** What differs on each side of the connection between two endpoint classes (empty: that side is no cause). */
    private record Plan(List<Item> egress, List<Item> ingress) {}

    private record PairKey(Object from, Object to) {}

    private Plan plan(String from, String to) {
        Endpoint fromB = before.side.endpoint(from).orElseThrow();
        Endpoint toB = before.side.endpoint(to).orElseThrow();
        Endpoint fromA = after.side.endpoint(from).orElseThrow();
        Endpoint toA = after.side.endpoint(to).orElseThrow();
        ConnectionExplanation b = before.side.compiled().explain(fromB, toB);
        ConnectionExplanation a = after.side.compiled().explain(fromA, toA);
        List<Item> egress = fromA instanceof Endpoint.Pod && matters(b.egress(), a.egress(), b.ingress(), a.ingress())
                ? items(PolicyType.EGRESS, b.egress(), a.egress()) : List.of();
        List<Item> ingress = toA instanceof Endpoint.Pod && matters(b.ingress(), a.ingress(), b.egress(), a.egress())
                ? items(PolicyType.INGRESS, b.ingress(), a.ingress()) : List.of();
        return new Plan(egress, ingress);
    }

    /** Whether replacing one side's allowed set by its new value changes the connection, whichever the other side's. */
    private static boolean matters(SideExplanation sb, SideExplanation sa, SideExplanation ob, SideExplanation oa) {
        PortSet b = sb.allowed();
        PortSet a = sa.allowed();
        if (b.equals(a)) {
            return false;
        }
        return !b.intersect(ob.allowed()).equals(a.intersect(ob.allowed()))
                || !b.intersect(oa.allowed()).equals(a.intersect(oa.allowed()));
    }

    // ---------------------------------------------------------------- an end on one side only

    private void presence(String name, Set<Cause> out) {
        boolean was = before.side.endpoint(name).isPresent();
        boolean is = after.side.endpoint(name).isPresent();
        if (was == is) {
            return;
        }
        Cause.Kind kind = is ? Cause.Kind.ENDPOINT_ADDED : Cause.Kind.ENDPOINT_REMOVED;
        if (name.startsWith("ip:")) {
            out.add(new Cause(kind, null, null, name, null, "external IP " + name.substring(3) + " given on the "
                    + (is ? "to" : "from") + " side only"));
            return;
        }
        ObjectRef ref = ObjectRef.of(name);
        State other = is ? before : after;
        String text;
        if (!other.objects.contains(name)) {
            text = ref.text() + (is ? " added" : " removed");
        } else if (!is) {
            text = ref.text() + (after.terminated.contains(name) ? " terminated" : " now on the host network");
        } else {
            text = ref.text() + (before.terminated.contains(name) ? " no longer terminated"
                    : " no longer on the host network");
        }
        out.add(new Cause(kind, ref.kind(), ref.namespace(), ref.name(), null, text));
    }

    // ---------------------------------------------------------------- one side of the connection

    /** What differs on one side, before naming objects: shared by every pair of the same endpoint classes. */
    private sealed interface Item {}

    /** A policy isolates the end on one side only. */
    private record Isolation(String policy) implements Item {}

    /** A rule admits other ports; {@code rule} is its content, present on both sides or one. */
    private record RuleDelta(String policy, PolicyType direction, Rule rule) implements Item {}

    /** A cluster-tier rule decided (or passed) some of the changed ports on one side or the other. */
    private record TierRuleDelta(RuleRef rule) implements Item {}

    /**
     * In a network plugin's model (cni-policies.md): a rule or entry that decided, passed or admitted
     * some of the changed ports on one side or the other, a tier whose default action denied some,
     * or a policy that isolates the end on one side only.
     */
    private record PluginDelta(RuleRef rule, String tier, String isolating) implements Item {}

    private record RuleKey(String policy, PolicyType direction, Rule rule) {}

    private record Naming(String policy, PolicyType direction, String subject) {}

    /**
     * Names the objects behind each item. Why a policy isolates an end is cached per (policy,
     * direction, end); a rule's naming is cheap and depends on both ends, so it is not.
     */
    private void name(List<Item> found, PolicyType direction, String subject, String peer, Set<Cause> out) {
        for (Item item : found) {
            switch (item) {
                case Isolation i -> out.addAll(names.computeIfAbsent(new Naming(i.policy(), direction, subject), k -> {
                    Set<Cause> causes = new LinkedHashSet<>();
                    isolation(i.policy(), direction, subject, causes);
                    return List.copyOf(causes);
                }));
                case RuleDelta r -> rule(r, subject, peer, out);
                case PluginDelta d -> out.addAll(names.computeIfAbsent(new Naming(String.valueOf(d.rule()) + "|"
                        + d.tier() + "|" + d.isolating(), direction, "plugin"), k -> {
                            Set<Cause> causes = new LinkedHashSet<>();
                            pluginDelta(d, causes);
                            return List.copyOf(causes);
                        }));
                case TierRuleDelta t -> out.addAll(names.computeIfAbsent(new Naming(t.rule().toString(),
                        t.rule().direction(), "tier"), k -> {
                            Set<Cause> causes = new LinkedHashSet<>();
                            tierRule(t.rule(), causes);
                            return List.copyOf(causes);
                        }));
            }
        }
    }

    private Object classKey(String endpoint) {
        EndpointClasses.EndpointClass c = classes.of(endpoint);
        return c == null ? endpoint : c.id();
    }

    private List<Item> items(PolicyType direction, SideExplanation b, SideExplanation a) {
        List<Item> out = new ArrayList<>();
        if (b.plugin() || a.plugin()) {
            pluginItems(b, a, out);
            return out;
        }
        if (b.clusterTier() || a.clusterTier()) {
            tierItems(b, a, out);
        }
        Set<String> isoB = Set.copyOf(b.isolatingPolicies());
        Set<String> isoA = Set.copyOf(a.isolatingPolicies());
        if (isoB.isEmpty() != isoA.isEmpty()) {
            // Isolated on one side only: every policy isolating it there is a cause.
            for (String p : isoA.isEmpty() ? b.isolatingPolicies() : a.isolatingPolicies()) {
                out.add(new Isolation(p));
            }
            return out;
        }
        PortSet sideDelta = symmetricDifference(b.allowed(), a.allowed());
        Map<RuleKey, PortSet> rulesB = contributions(before, b);
        Map<RuleKey, PortSet> rulesA = contributions(after, a);
        Set<RuleKey> keys = new LinkedHashSet<>(rulesA.keySet());
        keys.addAll(rulesB.keySet());
        Set<String> isolationDone = new LinkedHashSet<>();
        for (RuleKey k : keys) {
            PortSet pb = rulesB.getOrDefault(k, PortSet.EMPTY);
            PortSet pa = rulesA.getOrDefault(k, PortSet.EMPTY);
            if (pb.equals(pa) || symmetricDifference(pb, pa).intersect(sideDelta).isEmpty()) {
                continue;
            }
            if (isoB.contains(k.policy()) != isoA.contains(k.policy())) {
                if (isolationDone.add(k.policy())) {
                    out.add(new Isolation(k.policy()));
                }
            } else {
                out.add(new RuleDelta(k.policy(), direction, k.rule()));
            }
        }
        return out;
    }

    /** The cluster-tier rules that decided or passed, on either side, some of the ports whose verdict changed. */
    private static void tierItems(SideExplanation b, SideExplanation a, List<Item> out) {
        PortSet changed = symmetricDifference(b.allowed(), a.allowed());
        Set<RuleRef> rules = new LinkedHashSet<>();
        for (SideExplanation side : List.of(b, a)) {
            for (SideExplanation.Decision d : side.decisions()) {
                if (d.ports().intersect(changed).isEmpty()) {
                    continue;
                }
                if (d.by() instanceof SideExplanation.Decider.ClusterRule r) {
                    rules.add(r.rule());
                }
                if (d.passedBy() != null) {
                    rules.add(d.passedBy());
                }
            }
        }
        rules.forEach(r -> out.add(new TierRuleDelta(r)));
    }

    /** The rules, tiers and isolating policies of a plugin's model behind the ports whose verdict changed. */
    private static void pluginItems(SideExplanation b, SideExplanation a, List<Item> out) {
        PortSet changed = symmetricDifference(b.allowed(), a.allowed());
        Set<Item> items = new LinkedHashSet<>();
        for (SideExplanation side : List.of(b, a)) {
            for (SideExplanation.Decision d : side.decisions()) {
                if (d.ports().intersect(changed).isEmpty()) {
                    continue;
                }
                deciders(d.by(), side, d.ports().intersect(changed), items);
                if (d.passedBy() != null) {
                    items.add(new PluginDelta(d.passedBy(), null, null));
                }
            }
        }
        // policies that isolate the end, or make a tier apply to it, on one side only
        for (List<String> policies : List.of(b.isolatingPolicies(), b.clusterPolicies())) {
            for (String p : policies) {
                if (!a.isolatingPolicies().contains(p) && !a.clusterPolicies().contains(p)) {
                    items.add(new PluginDelta(null, null, p));
                }
            }
        }
        for (List<String> policies : List.of(a.isolatingPolicies(), a.clusterPolicies())) {
            for (String p : policies) {
                if (!b.isolatingPolicies().contains(p) && !b.clusterPolicies().contains(p)) {
                    items.add(new PluginDelta(null, null, p));
                }
            }
        }
        out.addAll(items);
    }

    private static void deciders(SideExplanation.Decider by, SideExplanation side, PortSet ports, Set<Item> items) {
        switch (by) {
            case SideExplanation.Decider.TierRule r -> items.add(new PluginDelta(r.rule(), null, null));
            case SideExplanation.Decider.ClusterRule r -> items.add(new PluginDelta(r.rule(), null, null));
            case SideExplanation.Decider.CiliumDeny r -> items.add(new PluginDelta(r.rule(), null, null));
            case SideExplanation.Decider.TierDefault t -> items.add(new PluginDelta(null, t.tier(), null));
            case SideExplanation.Decider.Pool p -> {
                for (SideExplanation.Contribution c : side.contributions()) {
                    if (!c.ports().intersect(ports).isEmpty()) {
                        items.add(new PluginDelta(c.rule(), null, null));
                    }
                }
            }
            case SideExplanation.Decider.BothPlugins both -> {
                deciders(both.calico(), side, ports, items);
                deciders(both.cilium(), side, ports, items);
            }
            default -> { } // no policy, the profile: what changed shows in the other items
        }
    }

    /** What changed about one rule, tier or isolating policy of a plugin's model between the sides. */
    private void pluginDelta(PluginDelta d, Set<Cause> out) {
        if (d.tier() != null) {
            tierChange(d.tier(), out);
            return;
        }
        String policy = d.rule() != null ? d.rule().policy() : d.isolating();
        Object pb = before.policy(policy);
        Object pa = after.policy(policy);
        String[] kind = objectKind(pb != null ? pb : pa, policy);
        if (pb == null || pa == null) {
            out.add(new Cause(pb == null ? Cause.Kind.POLICY_ADDED : Cause.Kind.POLICY_REMOVED, kind[0], kind[1],
                    kind[2], d.rule(), policy + (pb == null ? " added" : " removed")));
            return;
        }
        if (pb instanceof CalicoPolicy cb && pa instanceof CalicoPolicy ca) {
            if (!cb.tier().equals(ca.tier()) || !java.util.Objects.equals(cb.order(), ca.order())) {
                out.add(new Cause(Cause.Kind.PRIORITY_CHANGED, kind[0], kind[1], kind[2], null, policy
                        + (cb.tier().equals(ca.tier()) ? "" : " tier " + cb.tier() + " -> " + ca.tier())
                        + (java.util.Objects.equals(cb.order(), ca.order()) ? ""
                                : " order " + order(cb.order()) + " -> " + order(ca.order()))));
            }
            tierChange("Tier/" + ca.tier(), out);
        }
        if (d.isolating() != null) {
            out.add(new Cause(Cause.Kind.POLICY_SELECTION, kind[0], kind[1], kind[2], null, policy
                    + " applies to the endpoint on one side only (its selection, or the endpoint's labels, changed)"));
            return;
        }
        Object was = before.rule(d.rule());
        Object now = after.rule(d.rule());
        if (java.util.Objects.equals(was, now)) {
            return;
        }
        Cause.Kind change = was == null ? Cause.Kind.RULE_ADDED : now == null ? Cause.Kind.RULE_REMOVED
                : Cause.Kind.RULE_CHANGED;
        out.add(new Cause(change, kind[0], kind[1], kind[2], d.rule(), d.rule() + (was == null ? " added"
                : now == null ? " removed" : " changed")));
    }

    /** A Calico tier added or removed, or its order or default action changed. */
    private void tierChange(String tier, Set<Cause> out) {
        CalicoTier tb = before.tiers.get(tier);
        CalicoTier ta = after.tiers.get(tier);
        String name = tier.substring("Tier/".length());
        if (tb == null || ta == null) {
            if (tb != null || ta != null) {
                out.add(new Cause(tb == null ? Cause.Kind.POLICY_ADDED : Cause.Kind.POLICY_REMOVED, "Tier", null, name,
                        null, tier + (tb == null ? " added" : " removed")));
            }
            return;
        }
        if (!java.util.Objects.equals(tb.order(), ta.order())) {
            out.add(new Cause(Cause.Kind.PRIORITY_CHANGED, "Tier", null, name, null, tier + " order "
                    + order(tb.order()) + " -> " + order(ta.order())));
        }
        if (tb.defaultAction() != ta.defaultAction()) {
            out.add(new Cause(Cause.Kind.ACTION_CHANGED, "Tier", null, name, null, tier + " defaultAction "
                    + tb.defaultAction().wireName() + " -> " + ta.defaultAction().wireName()));
        }
    }

    private static String order(Double order) {
        if (order == null) {
            return "none";
        }
        return order == Math.rint(order) && Math.abs(order) < 1e15 ? Long.toString(order.longValue())
                : order.toString();
    }

    /** {kind, namespace, name} of a policy as causes name it. */
    private static String[] objectKind(Object policy, String id) {
        return switch (policy) {
            case NetworkPolicy p -> new String[] {"NetworkPolicy", p.namespace(), p.name()};
            case ClusterPolicy p -> new String[] {p.kind().name(), null, p.name()};
            case CalicoPolicy p -> new String[] {p.kind().outputKind(), p.namespace(), p.name()};
            case CiliumPolicy p -> new String[] {p.clusterwide() ? "CiliumClusterwideNetworkPolicy" : "CiliumNetworkPolicy",
                p.namespace(), p.name()};
            default -> new String[] {null, null, id};
        };
    }

    /** What changed about one cluster-tier rule between the sides, if anything: its policy, order, action or content. */
    private void tierRule(RuleRef ref, Set<Cause> out) {
        ClusterPolicy pb = before.clusterPolicies.get(ref.policy());
        ClusterPolicy pa = after.clusterPolicies.get(ref.policy());
        ClusterPolicy p = pa != null ? pa : pb;
        if (pb == null || pa == null) {
            out.add(new Cause(pb == null ? Cause.Kind.POLICY_ADDED : Cause.Kind.POLICY_REMOVED, p.kind().name(), null,
                    p.name(), ref, p.id() + (pb == null ? " added" : " removed")));
            return;
        }
        if (pb.priority() != pa.priority() || pb.tier() != pa.tier()) {
            out.add(new Cause(Cause.Kind.PRIORITY_CHANGED, p.kind().name(), null, p.name(), null, p.id()
                    + (pb.tier() != pa.tier() ? " tier " + pb.tier().wireName() + " -> " + pa.tier().wireName() : "")
                    + (pb.priority() != pa.priority() ? " priority " + priority(pb) + " -> " + priority(pa) : "")));
        }
        if (!pb.subject().equals(pa.subject())) {
            out.add(new Cause(Cause.Kind.POLICY_SELECTION, p.kind().name(), null, p.name(), null,
                    p.id() + " subject changed"));
        }
        List<TierRule> rb = pb.rules(ref.direction());
        List<TierRule> ra = pa.rules(ref.direction());
        TierRule was = ref.index() < rb.size() ? rb.get(ref.index()) : null;
        TierRule now = ref.index() < ra.size() ? ra.get(ref.index()) : null;
        if (java.util.Objects.equals(was, now)) {
            return;
        }
        if (was != null && now != null && was.action() != now.action() && was.peers().equals(now.peers())
                && was.ports().equals(now.ports())) {
            out.add(new Cause(Cause.Kind.ACTION_CHANGED, p.kind().name(), null, p.name(), ref, ref + " action "
                    + was.action().wireName(p.kind()) + " -> " + now.action().wireName(p.kind())));
        } else if (was != null && ra.contains(was) || now != null && rb.contains(now)) {
            out.add(new Cause(Cause.Kind.RULE_REORDERED, p.kind().name(), null, p.name(), ref, ref
                    + " is another rule now: " + p.id() + "'s " + Locations.lower(ref.direction())
                    + " rules were reordered"));
        } else {
            Cause.Kind kind = was == null ? Cause.Kind.RULE_ADDED : now == null ? Cause.Kind.RULE_REMOVED
                    : Cause.Kind.RULE_CHANGED;
            out.add(new Cause(kind, p.kind().name(), null, p.name(), ref, ref + (was == null ? " added"
                    : now == null ? " removed" : " changed")));
        }
    }

    private static String priority(ClusterPolicy p) {
        return p.priority() == ClusterPolicy.NO_PRIORITY ? "none" : Integer.toString(p.priority());
    }

    private static PortSet symmetricDifference(PortSet x, PortSet y) {
        return x.minus(y).union(y.minus(x));
    }

    /** Each contributing rule by content (equal rules of one policy merged), with the ports it admits. */
    private static Map<RuleKey, PortSet> contributions(State state, SideExplanation side) {
        Map<RuleKey, PortSet> out = new LinkedHashMap<>();
        for (SideExplanation.Contribution c : side.contributions()) {
            RuleRef ref = c.rule();
            Rule rule = state.policies.get(ref.policy()).rules(ref.direction()).get(ref.index());
            out.merge(new RuleKey(ref.policy(), ref.direction(), rule), c.ports(), PortSet::union);
        }
        return out;
    }

    // ---------------------------------------------------------------- naming: isolation

    /** Why a policy isolates {@code subject} in one direction on one side only. */
    private void isolation(String policyId, PolicyType direction, String subject, Set<Cause> out) {
        NetworkPolicy pb = before.policies.get(policyId);
        NetworkPolicy pa = after.policies.get(policyId);
        String what = subject + " for " + direction.wireName().toLowerCase(java.util.Locale.ROOT);
        if (pb == null || pa == null) {
            NetworkPolicy p = pb == null ? pa : pb;
            out.add(new Cause(pb == null ? Cause.Kind.POLICY_ADDED : Cause.Kind.POLICY_REMOVED, "NetworkPolicy",
                    p.namespace(), p.name(), null, "policy " + policyId + (pb == null ? " added: isolates "
                            : " removed: no longer isolates ") + what));
            return;
        }
        Map<String, String> labelsB = before.labels(subject);
        Map<String, String> labelsA = after.labels(subject);
        boolean selB = selects(pb, labelsB, direction);
        boolean specOnly = selects(pa, labelsB, direction);
        boolean selA = selects(pa, labelsA, direction);
        String now = selA ? "now isolates " : "no longer isolates ";
        if (specOnly != selB) {
            List<String> parts = new ArrayList<>();
            if (!pb.podSelector().equals(pa.podSelector())) {
                parts.add("podSelector");
            }
            if (pb.governs(direction) != pa.governs(direction)) {
                parts.add("policyTypes");
            }
            out.add(new Cause(Cause.Kind.POLICY_SELECTION, "NetworkPolicy", pa.namespace(), pa.name(), null,
                    "policy " + policyId + " " + String.join(" and ", parts) + " changed: " + now + what));
        }
        if (selA != specOnly) {
            ObjectRef ref = ObjectRef.of(subject);
            out.add(new Cause(Cause.Kind.POD_LABELS, ref.kind(), ref.namespace(), ref.name(), null,
                    ref.text() + " " + ref.labelsWord() + " " + labelChanges(labelsB, labelsA, pa.podSelector().keys())
                            + ": policy " + policyId + " " + now + "it for "
                            + direction.wireName().toLowerCase(java.util.Locale.ROOT)));
        }
    }

    private static boolean selects(NetworkPolicy p, Map<String, String> labels, PolicyType direction) {
        return p.governs(direction) && p.podSelector().matches(labels);
    }

    // ---------------------------------------------------------------- naming: rules

    private void rule(RuleDelta delta, String subject, String peer, Set<Cause> out) {
        NetworkPolicy pb = before.policies.get(delta.policy());
        NetworkPolicy pa = after.policies.get(delta.policy());
        List<Rule> rb = pb.rules(delta.direction());
        List<Rule> ra = pa.rules(delta.direction());
        int ib = rb.indexOf(delta.rule());
        int ia = ra.indexOf(delta.rule());
        if (ib < 0 || ia < 0) {
            int at = ib < 0 ? ia : ib;
            List<Rule> other = ib < 0 ? rb : ra;
            List<Rule> own = ib < 0 ? ra : rb;
            boolean edited = at < other.size() && !own.contains(other.get(at));
            Cause.Kind kind = edited ? Cause.Kind.RULE_CHANGED : ib < 0 ? Cause.Kind.RULE_ADDED : Cause.Kind.RULE_REMOVED;
            RuleRef ref = new RuleRef(delta.policy(), delta.direction(), at);
            out.add(new Cause(kind, "NetworkPolicy", pa.namespace(), pa.name(), ref,
                    "policy " + ref + (edited ? " changed" : ib < 0 ? " added" : " removed")));
            return;
        }
        RuleRef ref = new RuleRef(delta.policy(), delta.direction(), ia);
        Rule rule = delta.rule();
        boolean matchB = before.matches(rule, pa.namespace(), peer);
        boolean matchA = after.matches(rule, pa.namespace(), peer);
        if (matchB != matchA) {
            peerMatch(rule, ref, pa.namespace(), peer, matchA, out);
            return;
        }
        String receiving = delta.direction() == PolicyType.INGRESS ? subject : peer;
        namedPorts(rule, ref, receiving, out);
    }

    /** Which peer of the rule flipped, and whether the pod's or its namespace's labels flipped it. */
    private void peerMatch(Rule rule, RuleRef ref, String policyNamespace, String peer, boolean now, Set<Cause> out) {
        ObjectRef pod = ObjectRef.of(peer);
        String verb = now ? "now matches " : "no longer matches ";
        for (Peer p : rule.peers()) {
            if (!(p instanceof Peer.Selectors s)) {
                continue;
            }
            boolean wasMatch = before.matches(s, policyNamespace, peer);
            boolean isMatch = after.matches(s, policyNamespace, peer);
            if (wasMatch == isMatch || isMatch != now) {
                continue;
            }
            if (s.podSelector() != null) {
                Map<String, String> lb = before.labels(peer);
                Map<String, String> la = after.labels(peer);
                if (s.podSelector().matches(lb) != s.podSelector().matches(la)) {
                    out.add(new Cause(Cause.Kind.POD_LABELS, pod.kind(), pod.namespace(), pod.name(), ref,
                            pod.text() + " " + pod.labelsWord() + " " + labelChanges(lb, la, s.podSelector().keys())
                                    + ": " + verb + "policy " + ref));
                }
            }
            LabelSelector namespaces = s.namespaceSelector();
            if (namespaces != null) {
                Map<String, String> nb = before.namespaceLabels(pod.namespace());
                Map<String, String> na = after.namespaceLabels(pod.namespace());
                if (namespaces.matches(nb) != namespaces.matches(na)) {
                    out.add(new Cause(Cause.Kind.NAMESPACE_LABELS, "Namespace", null, pod.namespace(), ref,
                            "namespace " + pod.namespace() + " labels " + labelChanges(nb, na, namespaces.keys())
                                    + ": " + verb + "policy " + ref));
                }
            }
        }
    }

    /** The rule's named ports that resolve to other numbers on the receiving end. */
    private void namedPorts(Rule rule, RuleRef ref, String receiving, Set<Cause> out) {
        if (receiving.startsWith("ip:")) {
            return;
        }
        ObjectRef pod = ObjectRef.of(receiving);
        List<ContainerPort> pb = before.ports(receiving);
        List<ContainerPort> pa = after.ports(receiving);
        for (PortRule port : rule.ports()) {
            if (port.match() instanceof PortMatch.Named named) {
                String b = resolve(pb, named.name(), port.protocol());
                String a = resolve(pa, named.name(), port.protocol());
                if (!b.equals(a)) {
                    String what = named.name() + "/" + port.protocol().name();
                    String change = b.isEmpty() ? what + " added (" + a + ")"
                            : a.isEmpty() ? what + " removed (was " + b + ")" : what + " " + b + " -> " + a;
                    out.add(new Cause(Cause.Kind.NAMED_PORT, pod.kind(), pod.namespace(), pod.name(), ref,
                            pod.text() + " named port " + change + " (policy " + ref + ")"));
                }
            }
        }
    }

    private static String resolve(List<ContainerPort> ports, String name, Protocol protocol) {
        List<String> numbers = new ArrayList<>();
        for (ContainerPort p : ports) {
            if (name.equals(p.name()) && p.protocol() == protocol && p.port() >= PortSet.MIN_PORT
                    && p.port() <= PortSet.MAX_PORT) {
                numbers.add(Integer.toString(p.port()));
            }
        }
        return String.join(",", numbers.stream().sorted().distinct().toList());
    }

    /** {@code app=dbb -> app=db, tier=db added}: changes of the keys a selector reads (all keys when none differ there). */
    static String labelChanges(Map<String, String> before, Map<String, String> after, Set<String> keys) {
        Map<String, String> b = new TreeMap<>();
        Map<String, String> a = new TreeMap<>();
        for (String key : keys) {
            if (before.containsKey(key)) {
                b.put(key, before.get(key));
            }
            if (after.containsKey(key)) {
                a.put(key, after.get(key));
            }
        }
        String changes = ObjectComparison.labelChanges(b, a);
        return changes.isEmpty() ? ObjectComparison.labelChanges(before, after) : changes;
    }

    // ---------------------------------------------------------------- one side's objects, by name

    /** An endpoint's object: Pod {@code ns/name}, or workload {@code ns/name[Kind]}. */
    private record ObjectRef(String kind, String namespace, String name) {
        static ObjectRef of(String endpoint) {
            int slash = endpoint.indexOf('/');
            String ns = endpoint.substring(0, slash);
            String rest = endpoint.substring(slash + 1);
            int bracket = rest.indexOf('[');
            return bracket < 0 ? new ObjectRef("Pod", ns, rest)
                    : new ObjectRef(rest.substring(bracket + 1, rest.length() - 1), ns, rest.substring(0, bracket));
        }

        String text() {
            return (kind.equals("Pod") ? "pod " : kind + " ") + namespace + "/" + name;
        }

        String labelsWord() {
            return kind.equals("Pod") ? "labels" : "template labels";
        }
    }

    /** What the naming reads of one side. */
    private static final class State {
        final Side side;
        final Map<String, NetworkPolicy> policies = new HashMap<>();
        final Map<String, ClusterPolicy> clusterPolicies = new HashMap<>();
        final Map<String, Namespace> namespaces = new HashMap<>();
        /** Endpoint names of every pod and workload given, endpoint or not; and of the terminated pods. */
        final Set<String> objects = new java.util.HashSet<>();
        final Set<String> terminated = new java.util.HashSet<>();

        final Map<String, CalicoPolicy> calicoPolicies = new HashMap<>();
        final Map<String, CiliumPolicy> ciliumPolicies = new HashMap<>();
        final Map<String, CalicoTier> tiers = new HashMap<>();

        State(Side side) {
            this.side = side;
            side.cluster().plugins().calico().policies().forEach(p -> calicoPolicies.put(p.id(), p));
            side.cluster().plugins().cilium().policies().forEach(p -> ciliumPolicies.put(p.id(), p));
            CalicoTier.BUILT_IN.forEach(t -> tiers.put(t.id(), t));
            side.cluster().plugins().calico().tiers().forEach(t -> tiers.put(t.id(), t));
            side.cluster().policies().forEach(p -> policies.put(p.id(), p));
            side.cluster().clusterPolicies().forEach(p -> clusterPolicies.put(p.id(), p));
            side.cluster().namespaces().forEach(n -> namespaces.put(n.name(), n));
            side.cluster().pods().forEach(p -> {
                String name = p.namespace() + "/" + p.name();
                objects.add(name);
                if (p.phase().terminated()) {
                    terminated.add(name);
                }
            });
            side.cluster().workloads().forEach(w -> objects.add(w.namespace() + "/" + w.name() + "[" + w.kind().name() + "]"));
        }

        /** A policy of any kind by its id, or null. */
        Object policy(String id) {
            Object p = policies.get(id);
            if (p == null) {
                p = clusterPolicies.get(id);
            }
            if (p == null) {
                p = calicoPolicies.get(id);
            }
            if (p == null) {
                p = ciliumPolicies.get(id);
            }
            return p;
        }

        /** The rule or entry a reference names on this side (compared as data), or null. */
        Object rule(RuleRef ref) {
            Object p = policy(ref.policy());
            return switch (p) {
                case null -> null;
                case NetworkPolicy v1 -> at(v1.rules(ref.direction()), ref.index());
                case ClusterPolicy c -> at(c.rules(ref.direction()), ref.index());
                case CalicoPolicy c -> at(c.rules(ref.direction()), ref.index());
                case CiliumPolicy c -> {
                    for (var rule : c.rules()) {
                        for (boolean deny : new boolean[] {false, true}) {
                            String field = deny ? dev.netpolauditor.model.cilium.CiliumRule.denyField(ref.direction())
                                    : dev.netpolauditor.model.cilium.CiliumRule.allowField(ref.direction());
                            if (rule.location(field).equals(ref.field())) {
                                yield at(deny ? rule.denies(ref.direction()) : rule.allows(ref.direction()), ref.index());
                            }
                        }
                    }
                    yield null;
                }
                default -> null;
            };
        }

        private static Object at(List<?> list, int index) {
            return index < list.size() ? list.get(index) : null;
        }

        /** An endpoint's labels: its members' (for members that differ mid-rollout, the first member's value of each key). */
        Map<String, String> labels(String endpoint) {
            Map<String, String> out = new LinkedHashMap<>();
            side.compiled().endpoint(endpoint).ifPresent(e -> e.members().forEach(m -> m.labels().forEach(out::putIfAbsent)));
            return out;
        }

        /** An endpoint's container ports: every member's. */
        List<ContainerPort> ports(String endpoint) {
            List<ContainerPort> out = new ArrayList<>();
            side.compiled().endpoint(endpoint).ifPresent(e -> e.members().forEach(m -> out.addAll(m.ports())));
            return out;
        }

        Map<String, String> namespaceLabels(String namespace) {
            Namespace ns = namespaces.get(namespace);
            return ns == null ? Namespace.implied(namespace).labels() : ns.labels();
        }

        /** Whether a rule of a policy of {@code policyNamespace} matches the peer on this side (ipBlocks: IPs only). */
        boolean matches(Rule rule, String policyNamespace, String peer) {
            if (rule.allPeers()) {
                return true;
            }
            for (Peer p : rule.peers()) {
                boolean match = switch (p) {
                    case Peer.Selectors s -> matches(s, policyNamespace, peer);
                    case Peer.IpBlock block -> side.endpoint(peer).orElse(null) instanceof Endpoint.Ip ip
                            && block.contains(ip.address());
                };
                if (match) {
                    return true;
                }
            }
            return false;
        }

        boolean matches(Peer.Selectors s, String policyNamespace, String peer) {
            if (peer.startsWith("ip:")) {
                return false;
            }
            String namespace = peer.substring(0, peer.indexOf('/'));
            Map<String, String> labels = labels(peer);
            if (s.namespaceSelector() == null) {
                return namespace.equals(policyNamespace) && s.podSelector().matches(labels);
            }
            return s.namespaceSelector().matches(namespaceLabels(namespace))
                    && (s.podSelector() == null || s.podSelector().matches(labels));
        }
    }
}
