package dev.netpolauditor.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.netpolauditor.engine.RandomClusters.GeneratedCluster;
import dev.netpolauditor.model.ClusterPolicy;
import dev.netpolauditor.model.ClusterPolicyKind;
import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.model.PolicySpecs;
import dev.netpolauditor.snapshot.ManifestException;
import dev.netpolauditor.snapshot.ManifestReader;
import dev.netpolauditor.store.CanonicalJson;
import dev.netpolauditor.store.ClusterStates;
import dev.netpolauditor.store.SnapshotContent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * A random cluster stored in canonical form and read back is the same cluster and connects alike.
 * Its cluster-tier policies are built in code, so their specs are written from the model
 * ({@link PolicySpecs#derive(ClusterPolicyKind, dev.netpolauditor.model.PolicyTier, int,
 * dev.netpolauditor.model.TierSubject, List, List)}); the store reads specs back through the
 * manifest reader, as at capture, and so only ever holds policies the API accepts: the generator's
 * others (a domainNames peer in a Deny rule, a named port beside a networks peer, ...) are left out.
 */
class StoredClusterRoundTripProperties {

    @Provide
    Arbitrary<GeneratedCluster> clusters() {
        return RandomClusters.clusters();
    }

    @Property(tries = 200)
    void readingTheStoredObjectsGivesTheClusterBack(@ForAll("clusters") GeneratedCluster generated) {
        ClusterState state = storable(generated.cluster());
        Statistics.label("cluster-tier policies stored of those generated").collect(
                state.clusterPolicies().size() + " of " + generated.cluster().clusterPolicies().size());
        ClusterState read = CanonicalJson.read(SnapshotContent.objectsOf(state, Map.of()));
        assertEquals(ClusterStates.withoutSources(state), read);
        assertEquals(ClusterStates.connectivity(state), ClusterStates.connectivity(read));
    }

    /** The cluster with each cluster-tier policy given its derived spec, those the API would refuse left out. */
    static ClusterState storable(ClusterState cluster) {
        List<ClusterPolicy> policies = new ArrayList<>();
        for (ClusterPolicy p : cluster.clusterPolicies()) {
            ClusterPolicy derived = new ClusterPolicy(p.kind(), p.name(), p.tier(), p.priority(), p.subject(),
                    p.ingress(), p.egress(), p.source(), PolicySpecs.derive(p.kind(), p.tier(), p.priority(),
                            p.subject(), p.ingress(), p.egress()));
            try {
                ManifestReader.fromObjects("generated", List.of(Map.of("kind", p.kind().name(),
                        "apiVersion", ManifestReader.apiVersion(p.kind()), "metadata", Map.of("name", p.name()),
                        "spec", derived.spec())));
                policies.add(derived);
            } catch (ManifestException e) {
                // not valid input: never stored
            }
        }
        return cluster.withClusterPolicies(policies);
    }
}
