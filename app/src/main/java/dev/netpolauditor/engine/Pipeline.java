package dev.netpolauditor.engine;

import dev.netpolauditor.model.PolicyType;
import java.util.ArrayList;
import java.util.List;

/**
 * How one model (the Kubernetes tiers, Calico's tier walk, Cilium's pool) decides one direction
 * of every side: its steps in order, their rules flattened in that order (a rule's index is its
 * place in the walk), and per member group the rules that decide for it ({@link #bySubject}: the
 * group is among their subjects) and the rules whose peers include it ({@link #byPeer}, with the
 * {@link #universal} rules whose peers are everything), both sorted, so a side's rules are read
 * in walk order without scanning the others.
 */
final class Pipeline {
    final SideModel model;
    final PolicyType direction;
    final List<Step> steps;
    final StepRule[] rules;
    final int[] stepOf;
    final int[][] bySubject;
    final int[][] byPeer;
    final int[] universal;
    /**
     * Per rule of a first-match step, its peers and its subjects as bitsets over member groups,
     * for the rules whose id arrays are longer than such a bitset (so at most twice the memory of
     * those arrays); null for the others. A first-match step unites many rules' groups per
     * destination, and a wide rule (every pod, a tenant's namespaces) is then one word-wise OR.
     */
    final long[][] peerSets;
    final long[][] subjectSets;
    /** The NetworkPolicy rules of this direction (owner's rules), for NP-TIER-003's comparison; and where they isolate. */
    final List<StepRule> ownerRules;
    final long[] ownerIsolated;

    Pipeline(SideModel model, PolicyType direction, List<Step> steps, int memberGroups, List<StepRule> ownerRules,
            long[] ownerIsolated) {
        this.model = model;
        this.direction = direction;
        this.steps = List.copyOf(steps);
        this.ownerRules = List.copyOf(ownerRules);
        this.ownerIsolated = ownerIsolated;
        List<StepRule> flat = new ArrayList<>();
        List<Integer> step = new ArrayList<>();
        for (int s = 0; s < steps.size(); s++) {
            for (StepRule r : steps.get(s).rules()) {
                flat.add(r);
                step.add(s);
            }
        }
        this.rules = flat.toArray(StepRule[]::new);
        this.stepOf = step.stream().mapToInt(Integer::intValue).toArray();
        int[] subjectCounts = new int[memberGroups];
        int[] peerCounts = new int[memberGroups];
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < rules.length; i++) {
            for (int g : rules[i].subjects()) {
                subjectCounts[g]++;
            }
            if (rules[i].matcher().allPeers()) {
                all.add(i);
            } else {
                for (int g : rules[i].matcher().peerGroups()) {
                    peerCounts[g]++;
                }
            }
        }
        this.bySubject = new int[memberGroups][];
        this.byPeer = new int[memberGroups][];
        for (int g = 0; g < memberGroups; g++) {
            bySubject[g] = new int[subjectCounts[g]];
            byPeer[g] = new int[peerCounts[g]];
        }
        int[] s = new int[memberGroups];
        int[] p = new int[memberGroups];
        for (int i = 0; i < rules.length; i++) {
            for (int g : rules[i].subjects()) {
                bySubject[g][s[g]++] = i;
            }
            if (!rules[i].matcher().allPeers()) {
                for (int g : rules[i].matcher().peerGroups()) {
                    byPeer[g][p[g]++] = i;
                }
            }
        }
        this.universal = all.stream().mapToInt(Integer::intValue).toArray();
        int words = (memberGroups + 63) >>> 6;
        this.peerSets = new long[rules.length][];
        this.subjectSets = new long[rules.length][];
        for (int i = 0; i < rules.length; i++) {
            if (steps.get(stepOf[i]).union()) {
                continue;
            }
            if (!rules[i].matcher().allPeers() && rules[i].matcher().peerGroups().length > 2 * words) {
                peerSets[i] = bits(rules[i].matcher().peerGroups(), words);
            }
            if (rules[i].subjects().length > 2 * words) {
                subjectSets[i] = bits(rules[i].subjects(), words);
            }
        }
    }

    private static long[] bits(int[] groups, int words) {
        long[] out = new long[words];
        for (int g : groups) {
            out[g >>> 6] |= 1L << g;
        }
        return out;
    }

    /** The rules whose peers include the member group, in walk order. */
    int[] towards(int memberGroup) {
        int[] own = byPeer[memberGroup];
        if (universal.length == 0) {
            return own;
        }
        int[] out = new int[own.length + universal.length];
        int i = 0;
        int j = 0;
        int n = 0;
        while (i < own.length || j < universal.length) {
            out[n++] = j >= universal.length || (i < own.length && own[i] < universal[j]) ? own[i++] : universal[j++];
        }
        return out;
    }

    /** Whether the owner's NetworkPolicies isolate the member group in this direction. */
    boolean ownerIsolates(int memberGroup) {
        return (ownerIsolated[memberGroup >>> 6] & (1L << memberGroup)) != 0;
    }
}
