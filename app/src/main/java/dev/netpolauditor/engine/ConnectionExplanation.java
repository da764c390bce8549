package dev.netpolauditor.engine;

import dev.netpolauditor.model.PortSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Why {@code from} may (or may not) connect to {@code to}: for each distinct kind of member
 * pair (one pair for endpoints whose members are alike, several for a workload mid-rollout),
 * each side's rules and the ports they admit. {@code allowed} is the union over the pairs of
 * the intersection of both sides.
 */
public record ConnectionExplanation(Endpoint from, Endpoint to, List<MemberPair> pairs) {

    public ConnectionExplanation {
        pairs = List.copyOf(pairs);
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException("an explanation has at least one member pair");
        }
    }

    /**
     * One kind of member pair: a member of {@code from} and one of {@code to} (named by a
     * representative: {@code ns/pod}, a template's endpoint name, or {@code ip:...}), and how
     * each side decides between them.
     */
    public record MemberPair(String fromMember, String toMember, SideExplanation egress, SideExplanation ingress) {
        public PortSet allowed() {
            return egress.allowed().intersect(ingress.allowed());
        }
    }

    public PortSet allowed() {
        PortSet out = PortSet.EMPTY;
        for (MemberPair p : pairs) {
            out = out.union(p.allowed());
        }
        return out;
    }

    /** Whether the endpoints' members all behave alike, so one pair tells everything. */
    public boolean single() {
        return pairs.size() == 1;
    }

    /** The source's egress, merged over the member pairs (the only pair's, for endpoints of alike members). */
    public SideExplanation egress() {
        return merged(pairs.stream().map(MemberPair::egress).toList());
    }

    /** The destination's ingress, merged over the member pairs. */
    public SideExplanation ingress() {
        return merged(pairs.stream().map(MemberPair::ingress).toList());
    }

    /** One side over several member pairs: every isolating policy and contribution, the union of what is allowed. */
    private static SideExplanation merged(List<SideExplanation> sides) {
        if (sides.size() == 1) {
            return sides.getFirst();
        }
        Set<String> isolating = new LinkedHashSet<>();
        Map<RuleRef, PortSet> contributions = new LinkedHashMap<>();
        PortSet allowed = PortSet.EMPTY;
        boolean applicable = false;
        for (SideExplanation s : sides) {
            applicable |= s.applicable();
            isolating.addAll(s.isolatingPolicies());
            s.contributions().forEach(c -> contributions.merge(c.rule(), c.ports(), PortSet::union));
            allowed = allowed.union(s.allowed());
        }
        List<SideExplanation.Contribution> out = new ArrayList<>();
        contributions.forEach((rule, ports) -> out.add(new SideExplanation.Contribution(rule, ports)));
        boolean everyIsolated = sides.stream().allMatch(SideExplanation::isolated);
        Set<String> tiered = new LinkedHashSet<>();
        List<SideExplanation.Decision> decisions = new ArrayList<>();
        for (SideExplanation s : sides) {
            tiered.addAll(s.clusterPolicies());
            decisions.addAll(s.decisions());
        }
        return new SideExplanation(applicable, everyIsolated ? List.copyOf(isolating) : List.of(), out, allowed,
                decisions, List.copyOf(tiered));
    }
}
