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
     * Per rule, its peers (null for a rule of every peer) and its subjects as the non-zero words
     * of a bitset over member groups: the indexes of the words ({@code ...WordAt}) and the words
     * ({@code ...Words}). A step unites many rules' groups per destination; a namespace's groups
     * are consecutive, so a rule is a few words where it was one bit per group.
     */
    final int[][] peerWordAt;
    final long[][] peerWords;
    final int[][] subjectWordAt;
    final long[][] subjectWords;
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
        this.peerWordAt = new int[rules.length][];
        this.peerWords = new long[rules.length][];
        this.subjectWordAt = new int[rules.length][];
        this.subjectWords = new long[rules.length][];
        for (int i = 0; i < rules.length; i++) {
            if (!rules[i].matcher().allPeers()) {
                peerWordAt[i] = wordsAt(rules[i].matcher().peerGroups());
                peerWords[i] = words(rules[i].matcher().peerGroups(), peerWordAt[i]);
            }
            subjectWordAt[i] = wordsAt(rules[i].subjects());
            subjectWords[i] = words(rules[i].subjects(), subjectWordAt[i]);
        }
    }

    /** The distinct words (ascending) that ascending group ids fall in. */
    private static int[] wordsAt(int[] groups) {
        int n = 0;
        int last = -1;
        for (int g : groups) {
            if (g >>> 6 != last) {
                last = g >>> 6;
                n++;
            }
        }
        int[] out = new int[n];
        n = 0;
        last = -1;
        for (int g : groups) {
            if (g >>> 6 != last) {
                last = g >>> 6;
                out[n++] = last;
            }
        }
        return out;
    }

    private static long[] words(int[] groups, int[] at) {
        long[] out = new long[at.length];
        int k = -1;
        int last = -1;
        for (int g : groups) {
            if (g >>> 6 != last) {
                last = g >>> 6;
                k++;
            }
            out[k] |= 1L << g;
        }
        return out;
    }

    static int[] nonZeroWords(long[] bits) {
        int n = 0;
        for (long word : bits) {
            n += word != 0 ? 1 : 0;
        }
        int[] out = new int[n];
        n = 0;
        for (int w = 0; w < bits.length; w++) {
            if (bits[w] != 0) {
                out[n++] = w;
            }
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
