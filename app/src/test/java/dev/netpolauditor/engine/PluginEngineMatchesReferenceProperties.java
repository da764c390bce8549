package dev.netpolauditor.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netpolauditor.engine.RandomClusters.GeneratedCluster;
import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.model.NetworkPlugin;
import dev.netpolauditor.model.PortSet;
import dev.netpolauditor.model.Protocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * The grouped engine and the brute-force {@link PluginReference} agree on random small clusters
 * with Calico and Cilium policies (cni-policies.md): on the whole connectivity matrix, on
 * {@code allowed} for every ordered pair, and on {@code explain}: its decisions cover every port
 * once, and allow exactly what the reference allows.
 */
class PluginEngineMatchesReferenceProperties {
    private static final int TRIES = 300;

    @Provide
    Arbitrary<GeneratedCluster> clusters() {
        return RandomPluginClusters.clusters();
    }

    @Property(tries = TRIES)
    void connectivityMatrixEqualsReference(@ForAll("clusters") GeneratedCluster generated) {
        ClusterState cluster = generated.cluster();
        Statistics.label("Calico policies").collect(cluster.plugins().knows(NetworkPlugin.CALICO)
                && !cluster.plugins().calico().policies().isEmpty());
        Statistics.label("Cilium policies").collect(cluster.plugins().knows(NetworkPlugin.CILIUM)
                && !cluster.plugins().cilium().policies().isEmpty());
        Statistics.label("Calico policies").coverage(c -> c.check(true).percentage(p -> p > 30));
        Statistics.label("Cilium policies").coverage(c -> c.check(true).percentage(p -> p > 30));
        CompiledCluster engine = CompiledCluster.compile(cluster);
        assertEquals(ReferenceEvaluator.endpoints(cluster), engine.endpoints());
        Map<String, String> actual = new TreeMap<>();
        engine.connectivity(generated.externalIps()).forEachPair((from, to, allowed) ->
                actual.put(ReferenceEvaluator.key(from, to), allowed.toString()));
        Map<String, String> expected = new TreeMap<>();
        ReferenceEvaluator.connectivity(cluster, generated.externalIps())
                .forEach((key, allowed) -> expected.put(key, allowed.toString()));
        // the generator must produce plugin objects that matter: the connectivity differs from the Kubernetes tiers'
        Map<String, String> kubernetes = new TreeMap<>();
        ReferenceEvaluator.connectivity(cluster.withPlugins(dev.netpolauditor.model.PluginObjects.NONE),
                generated.externalIps()).forEach((key, allowed) -> kubernetes.put(key, allowed.toString()));
        Statistics.label("the plugin's model changes the connectivity").collect(!kubernetes.equals(expected));
        Statistics.label("the plugin's model changes the connectivity")
                .coverage(c -> c.check(true).percentage(p -> p > 40));
        List<String> problems = EngineMatchesReferenceProperties.differences(expected, actual);
        assertTrue(problems.isEmpty(), () -> "connectivity matrix differs from the reference:\n  "
                + String.join("\n  ", problems));
    }

    @Property(tries = TRIES)
    void allowedAndExplainEqualTheReferenceForEveryOrderedPair(@ForAll("clusters") GeneratedCluster generated) {
        ClusterState cluster = generated.cluster();
        CompiledCluster engine = CompiledCluster.compile(cluster);
        List<Endpoint> all = new ArrayList<>(ReferenceEvaluator.endpoints(cluster));
        all.addAll(generated.externalIps());
        List<String> problems = new ArrayList<>();
        for (Endpoint from : all) {
            for (Endpoint to : all) {
                if (from == to || (from instanceof Endpoint.Ip && to instanceof Endpoint.Ip)) {
                    continue;
                }
                PortSet expected = ReferenceEvaluator.allowed(cluster, from, to);
                PortSet actual = engine.allowed(from, to);
                String key = ReferenceEvaluator.key(from, to);
                if (!expected.equals(actual)) {
                    problems.add(key + ": reference '" + expected + "', engine '" + actual + "'");
                }
                ConnectionExplanation explanation = engine.explain(from, to);
                if (!explanation.allowed().equals(expected)) {
                    problems.add(key + ": explain allows '" + explanation.allowed() + "', reference '" + expected + "'");
                }
                for (ConnectionExplanation.MemberPair pair : explanation.pairs()) {
                    for (SideExplanation side : List.of(pair.egress(), pair.ingress())) {
                        PortSet covered = PortSet.EMPTY;
                        for (SideExplanation.Decision d : side.decisions()) {
                            if (!covered.intersect(d.ports()).isEmpty()) {
                                problems.add(key + ": two decisions of one side share ports " + d.ports());
                            }
                            covered = covered.union(d.ports());
                        }
                        if (!covered.isAll()) {
                            problems.add(key + ": the decisions of a side leave ports undecided");
                        }
                    }
                }
                for (Protocol protocol : Protocol.values()) {
                    for (int port : new int[] {53, 80, 8080}) {
                        Verdict verdict = engine.explain(from, to, protocol, port);
                        if (verdict.allowed() != expected.contains(protocol, port)) {
                            problems.add(key + " " + protocol + ":" + port + ": the verdict says " + verdict.allowed());
                        }
                    }
                }
            }
        }
        assertTrue(problems.isEmpty(), () -> "the engine differs from the reference:\n  "
                + String.join("\n  ", problems));
    }
}
