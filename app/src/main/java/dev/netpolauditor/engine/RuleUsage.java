package dev.netpolauditor.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What each cluster-tier rule (and each Calico rule, each clusterwide Cilium allow entry) did over
 * every connection between the cluster's pod endpoints,
 * recorded while the engine decided them (no second evaluator): whether it matched some
 * connection (peer and port), whether it decided some (took ports no earlier rule or tier had
 * decided; a Pass counts, it takes them out of its tier), and for an Admin Accept rule, the
 * endpoint pairs where it allowed what the endpoint's own NetworkPolicies would have denied.
 */
public final class RuleUsage {
    static final RuleUsage NONE = new RuleUsage(List.of());

    /**
     * One rule's usage: {@code overriddenPairs} endpoint pairs on the rule's own side, one of
     * them {@code exampleFrom -> exampleTo} (null when none).
     */
    public record TierRuleUsage(RuleRef rule, boolean matched, boolean decided, long overriddenPairs,
            String exampleFrom, String exampleTo) {

        /** Matches some connection but decides none: rules before it decide them all. */
        public boolean shadowed() {
            return matched && !decided;
        }
    }

    private final Map<RuleRef, TierRuleUsage> byRule = new LinkedHashMap<>();

    private RuleUsage(List<TierRuleUsage> rules) {
        rules.forEach(r -> byRule.put(r.rule(), r));
    }

    /** Every cluster-tier rule's usage, in tier order. */
    public List<TierRuleUsage> rules() {
        return List.copyOf(byRule.values());
    }

    /** The usage of one rule (a rule the cluster does not have: unused). */
    public TierRuleUsage of(RuleRef rule) {
        TierRuleUsage u = byRule.get(rule);
        return u != null ? u : new TierRuleUsage(rule, false, false, 0, null, null);
    }

    /** What one part of a walk saw; parts are merged in any order. */
    static final class Part {
        private final CompiledCluster cluster;
        final boolean[] matched;
        final boolean[] decided;
        /** Per rule: destination endpoint group → source endpoint groups whose connections it overrode. */
        final Map<Integer, Map<Integer, long[]>> overrides = new TreeMap<>();

        Part(CompiledCluster cluster) {
            this.cluster = cluster;
            int rules = cluster.usageRules().size();
            this.matched = new boolean[rules];
            this.decided = new boolean[rules];
        }

        void matched(int rule) {
            matched[rule] = true;
        }

        void decided(int rule) {
            decided[rule] = true;
        }

        /** An Admin Accept rule overrode NetworkPolicies toward one destination member group for these sources. */
        void overrode(int rule, int destinationMemberGroup, long[] sourceMemberGroups) {
            int destination = cluster.endpointGroupOf(destinationMemberGroup);
            int words = (cluster.groupCount() + 63) >>> 6;
            long[] sources = overrides.computeIfAbsent(rule, r -> new TreeMap<>())
                    .computeIfAbsent(destination, d -> new long[words]);
            ConnectivityMatrix.forEachBit(sourceMemberGroups, m -> {
                int g = cluster.endpointGroupOf(m);
                sources[g >>> 6] |= 1L << g;
            });
        }

        void merge(Part other) {
            for (int r = 0; r < matched.length; r++) {
                matched[r] |= other.matched[r];
                decided[r] |= other.decided[r];
            }
            other.overrides.forEach((rule, byDestination) -> byDestination.forEach((d, bits) -> {
                long[] mine = overrides.computeIfAbsent(rule, x -> new TreeMap<>()).computeIfAbsent(d,
                        x -> new long[bits.length]);
                for (int w = 0; w < bits.length; w++) {
                    mine[w] |= bits[w];
                }
            }));
        }

        RuleUsage build() {
            List<TierRuleUsage> out = new ArrayList<>();
            List<RuleRef> rules = cluster.usageRules();
            for (int id = 0; id < rules.size(); id++) {
                long pairs = 0;
                String from = null;
                String to = null;
                Map<Integer, long[]> byDestination = overrides.getOrDefault(id, Map.of());
                for (Map.Entry<Integer, long[]> e : byDestination.entrySet()) {
                    EndpointGroup target = cluster.group(e.getKey());
                    long n = target.size();
                    String[] example = {null, null};
                    long[] counted = {0};
                    ConnectivityMatrix.forEachBit(e.getValue(), s -> {
                        EndpointGroup source = cluster.group(s);
                        if (s == target.id()) {
                            counted[0] += n * (n - 1);
                            if (example[0] == null && n > 1) {
                                example[0] = cluster.endpoints().get(source.members()[0]).name();
                                example[1] = cluster.endpoints().get(source.members()[1]).name();
                            }
                        } else {
                            counted[0] += (long) source.size() * n;
                            if (example[0] == null) {
                                example[0] = cluster.endpoints().get(source.members()[0]).name();
                                example[1] = cluster.endpoints().get(target.members()[0]).name();
                            }
                        }
                    });
                    pairs += counted[0];
                    if (from == null && example[0] != null) {
                        from = example[0];
                        to = example[1];
                    }
                }
                out.add(new TierRuleUsage(rules.get(id), matched[id], decided[id], pairs, from, to));
            }
            return new RuleUsage(out);
        }
    }
}
