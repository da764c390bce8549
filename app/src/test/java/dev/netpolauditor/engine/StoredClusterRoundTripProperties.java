package dev.netpolauditor.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.netpolauditor.engine.RandomClusters.GeneratedCluster;
import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.snapshot.StoredObjects;
import dev.netpolauditor.store.ClusterStates;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** A random cluster stored in canonical form and read back is the same cluster and connects alike. */
class StoredClusterRoundTripProperties {

    @Provide
    Arbitrary<GeneratedCluster> clusters() {
        return RandomClusters.clusters();
    }

    @Property(tries = 200)
    void readingTheStoredObjectsGivesTheClusterBack(@ForAll("clusters") GeneratedCluster generated) {
        ClusterState state = generated.cluster();
        ClusterState read = StoredObjects.read(StoredObjects.objectsOf(state, Map.of()));
        assertEquals(ClusterStates.withoutSources(state), read);
        assertEquals(ClusterStates.connectivity(state), ClusterStates.connectivity(read));
    }
}
