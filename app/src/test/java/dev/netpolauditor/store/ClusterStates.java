package dev.netpolauditor.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.netpolauditor.engine.CompiledCluster;
import dev.netpolauditor.engine.Endpoint;
import dev.netpolauditor.model.ClusterPolicy;
import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.model.Namespace;
import dev.netpolauditor.model.NetworkPolicy;
import dev.netpolauditor.model.Pod;
import dev.netpolauditor.model.SourceRef;
import dev.netpolauditor.model.Workload;
import java.util.Map;
import java.util.TreeMap;

/** Comparisons of cluster states read back from the store with the states that were stored. */
public final class ClusterStates {
    private ClusterStates() {}

    /** The state with every {@code SourceRef} set to {@link SourceRef#NONE}: what storing keeps. */
    public static ClusterState withoutSources(ClusterState s) {
        return new ClusterState(
                s.namespaces().stream().map(n -> new Namespace(n.name(), n.labels(), n.declared(), SourceRef.NONE))
                        .toList(),
                s.pods().stream().map(p -> new Pod(p.namespace(), p.name(), p.labels(), p.ports(), p.hostNetwork(),
                        p.phase(), p.podIps(), p.controller(), SourceRef.NONE, p.serviceAccount())).toList(),
                s.workloads().stream().map(w -> new Workload(w.kind(), w.namespace(), w.name(), w.templateLabels(),
                        w.ports(), w.hostNetwork(), w.images(), w.controller(), SourceRef.NONE, w.serviceAccount()))
                        .toList(),
                s.policies().stream().map(p -> new NetworkPolicy(p.namespace(), p.name(), p.podSelector(),
                        p.policyTypes(), p.ingress(), p.egress(), SourceRef.NONE, p.spec())).toList(),
                s.clusterPolicies().stream().map(p -> new ClusterPolicy(p.kind(), p.name(), p.tier(), p.priority(),
                        p.subject(), p.ingress(), p.egress(), SourceRef.NONE, p.spec())).toList(),
                s.plugins().withoutSources());
    }

    /** Every ordered pair of endpoints and the ports allowed between them, by endpoint names. */
    public static Map<String, String> connectivity(ClusterState state) {
        CompiledCluster compiled = CompiledCluster.compile(state);
        Map<String, String> out = new TreeMap<>();
        for (Endpoint.Pod from : compiled.endpoints()) {
            for (Endpoint.Pod to : compiled.endpoints()) {
                if (!from.name().equals(to.name())) {
                    out.put(from.name() + " -> " + to.name(), compiled.allowed(from, to).toString());
                }
            }
        }
        return out;
    }

    /** Read back equals stored, modulo sources and order within a kind, and connects alike. */
    public static void assertSameCluster(ClusterState stored, ClusterState read) {
        assertEquals(sorted(withoutSources(stored)), sorted(read));
        assertEquals(connectivity(stored), connectivity(read));
    }

    /** Each kind sorted by namespace and name (cluster-tier policies by kind and name), as the store lists objects. */
    public static ClusterState sorted(ClusterState s) {
        return new ClusterState(
                s.namespaces().stream().sorted(java.util.Comparator.comparing(Namespace::name)).toList(),
                s.pods().stream().sorted(java.util.Comparator.comparing((Pod p) -> p.namespace())
                        .thenComparing(Pod::name)).toList(),
                s.workloads().stream().sorted(java.util.Comparator.comparing((Workload w) -> w.kind().name())
                        .thenComparing(Workload::namespace).thenComparing(Workload::name)).toList(),
                s.policies().stream().sorted(java.util.Comparator.comparing(NetworkPolicy::namespace)
                        .thenComparing(NetworkPolicy::name)).toList(),
                s.clusterPolicies().stream().sorted(java.util.Comparator.comparing((ClusterPolicy p) -> p.kind().name())
                        .thenComparing(ClusterPolicy::name)).toList(), s.plugins());
    }
}
