package dev.netpolauditor.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netpolauditor.engine.RandomClusters.GeneratedCluster;
import dev.netpolauditor.model.ClusterState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * What the engine records of each cluster-tier rule while it decides the connectivity matrix
 * (the source of NP-TIER-003 and NP-TIER-004) equals a brute-force walk of every endpoint and
 * member pair in the reference evaluator: matched, decided, and the number of endpoint pairs
 * an Admin Accept rule overrode NetworkPolicies on.
 */
class RuleUsageProperties {

    @Provide
    Arbitrary<GeneratedCluster> clusters() {
        return RandomClusters.clusters();
    }

    /**
     * 1,500 tries: overrides need an Admin Accept rule where NetworkPolicies isolate, about 2.4 %
     * of random clusters. With 500 tries the coverage check (more than 1 %) failed about one run
     * in forty by chance alone (5 of 500 in one CI run); with 1,500 it needs a deviation of over
     * three standard deviations.
     */
    @Property(tries = 1500)
    void usageRecordedWhileDecidingEqualsABruteForceWalk(@ForAll("clusters") GeneratedCluster generated) {
        ClusterState cluster = generated.cluster();
        RuleUsage engine = CompiledCluster.compile(cluster).connectivity(List.of()).ruleUsage();
        Map<RuleRef, long[]> reference = ReferenceEvaluator.ruleUsage(cluster);
        List<String> problems = new ArrayList<>();
        boolean shadowed = false;
        boolean overridden = false;
        for (Map.Entry<RuleRef, long[]> e : reference.entrySet()) {
            RuleUsage.TierRuleUsage actual = engine.of(e.getKey());
            long[] expected = e.getValue();
            boolean matched = expected[0] > 0;
            boolean decided = expected[1] > 0;
            if (actual.matched() != matched || actual.decided() != decided || actual.overriddenPairs() != expected[2]) {
                problems.add(e.getKey() + ": reference matched=" + matched + " decided=" + decided + " overrode "
                        + expected[2] + " pairs; engine " + actual);
            }
            shadowed |= matched && !decided;
            overridden |= expected[2] > 0;
        }
        Statistics.label("a shadowed rule").collect(shadowed);
        Statistics.label("an admin override").collect(overridden);
        Statistics.label("a shadowed rule").coverage(c -> c.check(true).percentage(p -> p > 1));
        Statistics.label("an admin override").coverage(c -> c.check(true).percentage(p -> p > 1));
        assertTrue(problems.isEmpty(), () -> "rule usage differs from the reference:\n  " + String.join("\n  ", problems)
                + generated);
    }
}
