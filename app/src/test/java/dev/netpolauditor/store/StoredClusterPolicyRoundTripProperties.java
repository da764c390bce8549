package dev.netpolauditor.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.netpolauditor.model.ClusterPolicy;
import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.model.SourceRef;
import dev.netpolauditor.snapshot.ManifestReader;
import dev.netpolauditor.snapshot.RandomClusterPolicies.GeneratedPolicy;
import dev.netpolauditor.snapshot.RandomClusterPolicies;
import dev.netpolauditor.snapshot.StoredObjects;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Random cluster-tier policies stored as objects of their kind and read back are the policies that were read. */
class StoredClusterPolicyRoundTripProperties {

    @Provide
    Arbitrary<List<GeneratedPolicy>> policies() {
        return RandomClusterPolicies.policies().list().ofMaxSize(5);
    }

    @Property(tries = 200)
    void storingAndReadingBackKeepsEveryClusterTierPolicy(@ForAll("policies") List<GeneratedPolicy> generated)
            throws Exception {
        Set<String> seen = new HashSet<>();
        List<Map<String, Object>> manifests = generated.stream()
                .filter(g -> seen.add(g.expected().id())).map(GeneratedPolicy::manifest).toList();
        ClusterState state = ManifestReader.fromObjects("generated", manifests);

        ClusterState read = StoredObjects.read(StoredObjects.objectsOf(state, Map.of()));

        assertEquals(state.clusterPolicies().stream().map(p -> new ClusterPolicy(p.kind(), p.name(), p.tier(),
                p.priority(), p.subject(), p.ingress(), p.egress(), SourceRef.NONE, p.spec())).toList(),
                read.clusterPolicies());
        assertEquals(StoredObjects.objectsOf(state, Map.of()), StoredObjects.objectsOf(read, Map.of()),
                "the same canonical text, hence the same hashes");
    }
}
