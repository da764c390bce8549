package dev.netpolauditor.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netpolauditor.engine.RandomClusters.GeneratedCluster;
import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.model.ContainerPort;
import dev.netpolauditor.model.PortSet;
import dev.netpolauditor.model.Protocol;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * The engine and the brute-force {@link ReferenceEvaluator} agree on random small clusters:
 * on the whole connectivity matrix, on {@code allowed} for every ordered pair, and on
 * {@code explain} for sampled ports (the verdict and each side's reasons).
 */
class EngineMatchesReferenceProperties {
    private static final int TRIES = 200;

    /** Ports every explain check samples, besides the container ports of both ends. */
    private static final List<ProtocolPort> SAMPLED = sampled();

    @Provide
    Arbitrary<GeneratedCluster> clusters() {
        return RandomClusters.clusters();
    }

    @Property(tries = TRIES)
    void connectivityMatrixEqualsReference(@ForAll("clusters") GeneratedCluster generated) {
        ClusterState cluster = generated.cluster();
        CompiledCluster engine = CompiledCluster.compile(cluster);
        assertEquals(ReferenceEvaluator.endpoints(cluster), engine.endpoints(),
                "the engine's endpoints and members are the reference's");
        boolean withMembers = engine.endpoints().stream().anyMatch(e -> e.workloadKind() != null && !e.template());
        boolean midRollout = engine.memberGroupCount() > engine.groupCount();
        Statistics.label("a workload with members").collect(withMembers);
        Statistics.label("cluster-tier policies").collect(!cluster.clusterPolicies().isEmpty());
        Statistics.label("cluster-tier policies").coverage(c -> c.check(true).percentage(p -> p > 50));
        Statistics.label("an endpoint whose members differ").collect(midRollout);
        // the generator must keep producing what this property is about
        Statistics.label("a workload with members").coverage(c -> c.check(true).percentage(p -> p > 20));
        Statistics.label("an endpoint whose members differ").coverage(c -> c.check(true).percentage(p -> p > 10));

        ConnectivityMatrix matrix = engine.connectivity(generated.externalIps());
        Map<String, String> actual = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        matrix.forEachPair((from, to, allowed) -> {
            String key = ReferenceEvaluator.key(from, to);
            if (from.name().equals(to.name())) {
                problems.add("visited a pair of an endpoint with itself: " + key);
            }
            if (from instanceof Endpoint.Ip && to instanceof Endpoint.Ip) {
                problems.add("visited a pair of two IP endpoints: " + key);
            }
            if (allowed.isEmpty()) {
                problems.add("visited a pair with nothing allowed: " + key);
            }
            if (actual.put(key, allowed.toString()) != null) {
                problems.add("visited twice: " + key);
            }
        });
        Map<String, String> expected = new TreeMap<>();
        ReferenceEvaluator.connectivity(cluster, generated.externalIps())
                .forEach((key, allowed) -> expected.put(key, allowed.toString()));
        problems.addAll(differences(expected, actual));
        assertNoProblems(problems, "connectivity matrix differs from the reference");
        assertEquals(actual.size(), matrix.stats().endpointPairs(),
                "stats().endpointPairs() counts the pairs forEachPair visits");
    }

    @Property(tries = TRIES)
    void allowedEqualsReferenceForEveryOrderedPair(@ForAll("clusters") GeneratedCluster generated) {
        ClusterState cluster = generated.cluster();
        CompiledCluster engine = CompiledCluster.compile(cluster);
        List<String> problems = new ArrayList<>();
        for (Endpoint[] pair : pairs(generated)) {
            String expected = ReferenceEvaluator.allowed(cluster, pair[0], pair[1]).toString();
            String actual = engine.allowed(pair[0], pair[1]).toString();
            if (!expected.equals(actual)) {
                problems.add(ReferenceEvaluator.key(pair[0], pair[1]) + ": reference '" + expected
                        + "', engine '" + actual + "'");
            }
        }
        assertNoProblems(problems, "allowed(from, to) differs from the reference");
    }

    @Property(tries = TRIES)
    void explainAllowsExactlyTheAllowedPorts(@ForAll("clusters") GeneratedCluster generated) {
        ClusterState cluster = generated.cluster();
        CompiledCluster engine = CompiledCluster.compile(cluster);
        List<String> problems = new ArrayList<>();
        for (Endpoint[] pair : pairs(generated)) {
            PortSet allowed = ReferenceEvaluator.allowed(cluster, pair[0], pair[1]);
            for (ProtocolPort p : samples(pair[0], pair[1])) {
                Verdict verdict = engine.explain(pair[0], pair[1], p.protocol(), p.port());
                if (verdict.allowed() != allowed.contains(p.protocol(), p.port())) {
                    problems.add(ReferenceEvaluator.key(pair[0], pair[1]) + " " + p + ": explain says "
                            + (verdict.allowed() ? "allowed" : "refused") + ", reference allows '" + allowed
                            + "'; verdict " + verdict.members());
                }
            }
        }
        assertNoProblems(problems, "explain(...).allowed() differs from the reference port set");
    }

    /**
     * Each side of a verdict is the reference's decision for the members the verdict names:
     * NotApplicable for an IP, NotIsolated, AllowedBy every admitting rule, or Refused naming
     * every isolating policy (order aside). The engine gives one verdict per kind of member pair;
     * the reference evaluates every member pair, so every pair the engine names is among them.
     */
    @Property(tries = TRIES)
    void explainGivesEachSideTheReferenceReasons(@ForAll("clusters") GeneratedCluster generated) {
        ClusterState cluster = generated.cluster();
        CompiledCluster engine = CompiledCluster.compile(cluster);
        List<String> problems = new ArrayList<>();
        for (Endpoint[] pair : pairs(generated)) {
            for (ProtocolPort p : samples(pair[0], pair[1])) {
                Verdict actual = engine.explain(pair[0], pair[1], p.protocol(), p.port());
                Verdict expected = ReferenceEvaluator.explain(cluster, pair[0], pair[1], p.protocol(), p.port());
                for (Verdict.MemberVerdict a : actual.members()) {
                    String where = ReferenceEvaluator.key(pair[0], pair[1]) + " " + p + " members " + a.fromMember()
                            + " -> " + a.toMember();
                    Verdict.MemberVerdict e = expected.members().stream()
                            .filter(m -> m.fromMember().equals(a.fromMember()) && m.toMember().equals(a.toMember()))
                            .findFirst().orElse(null);
                    if (e == null) {
                        problems.add(where + ": the reference has no such member pair");
                        continue;
                    }
                    if (!Verdicts.sameReasons(e.egress(), a.egress())) {
                        problems.add(where + " egress: reference " + e.egress() + ", engine " + a.egress());
                    }
                    if (!Verdicts.sameReasons(e.ingress(), a.ingress())) {
                        problems.add(where + " ingress: reference " + e.ingress() + ", engine " + a.ingress());
                    }
                }
            }
        }
        assertNoProblems(problems, "explain(...) reasons differ from the reference");
    }

    // ---- helpers

    private static void assertNoProblems(List<String> problems, String what) {
        assertTrue(problems.isEmpty(), () -> what + ":\n  " + String.join("\n  ", problems));
    }

    /** Every ordered pair of the model: no endpoint with itself, no two IPs. */
    private static List<Endpoint[]> pairs(GeneratedCluster generated) {
        List<Endpoint> all = new ArrayList<>(ReferenceEvaluator.endpoints(generated.cluster()));
        all.addAll(generated.externalIps());
        List<Endpoint[]> out = new ArrayList<>();
        for (Endpoint from : all) {
            for (Endpoint to : all) {
                if (from != to && !(from instanceof Endpoint.Ip && to instanceof Endpoint.Ip)) {
                    out.add(new Endpoint[] {from, to});
                }
            }
        }
        return out;
    }

    record ProtocolPort(Protocol protocol, int port) {
        @Override
        public String toString() {
            return protocol + ":" + port;
        }
    }

    private static List<ProtocolPort> sampled() {
        List<ProtocolPort> out = new ArrayList<>();
        for (int port : new int[] {1, 52, 53, 54, 79, 80, 81, 1024, 1025, 5432, 7999, 8000, 8080, 8081, 9000,
                9001, 9090, 9091, 9092, 65534, 65535}) {
            out.add(new ProtocolPort(Protocol.TCP, port));
        }
        for (int port : new int[] {1, 53, 80, 8080, 9090, 65535}) {
            out.add(new ProtocolPort(Protocol.UDP, port));
            out.add(new ProtocolPort(Protocol.SCTP, port));
        }
        return List.copyOf(out);
    }

    /** The fixed sample plus the container ports of both ends (named ports resolve to those). */
    private static Set<ProtocolPort> samples(Endpoint from, Endpoint to) {
        Set<ProtocolPort> out = new TreeSet<>(
                Comparator.comparing(ProtocolPort::protocol).thenComparingInt(ProtocolPort::port));
        out.addAll(SAMPLED);
        for (Endpoint e : List.of(from, to)) {
            if (e instanceof Endpoint.Pod pod) {
                for (Endpoint.Member m : pod.members()) {
                    for (ContainerPort cp : m.ports()) {
                        out.add(new ProtocolPort(cp.protocol(), cp.port()));
                    }
                }
            }
        }
        return out;
    }

    /** Lines naming each pair missing from, extra in or different in {@code actual}. */
    static List<String> differences(Map<String, String> expected, Map<String, String> actual) {
        List<String> out = new ArrayList<>();
        Set<String> keys = new TreeSet<>(expected.keySet());
        keys.addAll(actual.keySet());
        for (String key : keys) {
            String e = expected.get(key);
            String a = actual.get(key);
            if (a == null) {
                out.add("missing " + key + ": " + e);
            } else if (e == null) {
                out.add("extra   " + key + ": " + a);
            } else if (!e.equals(a)) {
                out.add("differs " + key + ": expected " + e + ", actual " + a);
            }
        }
        return out;
    }
}
