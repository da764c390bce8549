package dev.netpolauditor.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netpolauditor.bench.SyntheticCluster;
import dev.netpolauditor.canonical.CanonicalJson;
import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.model.Pod;
import dev.netpolauditor.store.SnapshotContent.ReadAt;
import dev.netpolauditor.store.SnapshotContent.StoredObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A re-snapshot takes the hash of an object read at the uid and resourceVersion of a stored
 * version instead of writing the object again ({@link StoredObjects#objectsOf(ClusterState, Map, Map)}):
 * what it gives must be what writing everything gives, whenever the API server keeps its word.
 */
class StoredObjectsReuseTest {
    private static final ClusterState CLUSTER = SyntheticCluster.live(3, 200);

    @Test
    void objectsReadAtTheirStoredResourceVersionsAreTheStoredVersionsWithTheHashesWritingGives() {
        Map<String, ReadAt> readAt = readAt(CLUSTER, "7");
        List<StoredObject> written = StoredObjects.objectsOf(CLUSTER, readAt, Map.of());
        assertTrue(written.stream().noneMatch(StoredObject::textOmitted));

        List<StoredObject> again = StoredObjects.objectsOf(CLUSTER, readAt, stored(written, readAt));

        assertTrue(again.stream().allMatch(StoredObject::textOmitted), "every object was taken as stored");
        assertEquals(identities(written), identities(again));
    }

    @Test
    void anObjectWithANewResourceVersionIsWrittenAgainAndOnlyIt() {
        Map<String, ReadAt> readAt = readAt(CLUSTER, "7");
        Map<ReadAt, StoredObject> stored = stored(StoredObjects.objectsOf(CLUSTER, readAt, Map.of()), readAt);
        ClusterState changed = withFirstPodRelabelled(CLUSTER);
        Pod pod = changed.pods().getFirst();
        Map<String, ReadAt> newVersion = new HashMap<>(readAt);
        String key = StoredObjects.key("Pod", pod.namespace(), pod.name());
        newVersion.put(key, new ReadAt(readAt.get(key).uid(), "8"));

        List<StoredObject> objects = StoredObjects.objectsOf(changed, newVersion, stored);

        assertEquals(identities(StoredObjects.objectsOf(changed, newVersion, Map.of())), identities(objects));
        List<StoredObject> written = objects.stream().filter(o -> !o.textOmitted()).toList();
        assertEquals(1, written.size(), "only the changed pod is written");
        assertEquals(pod.name(), written.getFirst().name());
        assertEquals(CanonicalJson.sha256(written.getFirst().json()), written.getFirst().sha256());
    }

    @Test
    void aChangedObjectServedAtItsOldResourceVersionKeepsItsOldHash() {
        // This is no guard but the assumption made plain: the API server gives an object a new
        // resourceVersion whenever it writes it (metadata.resourceVersion, "changes on every
        // update"), and nothing here can tell a changed object that kept its resourceVersion from
        // an unchanged one. A server breaking that promise would get the old content recorded.
        Map<String, ReadAt> readAt = readAt(CLUSTER, "7");
        List<StoredObject> before = StoredObjects.objectsOf(CLUSTER, readAt, Map.of());
        ClusterState changed = withFirstPodRelabelled(CLUSTER);

        List<StoredObject> stale = StoredObjects.objectsOf(changed, readAt, stored(before, readAt));

        assertEquals(identities(before), identities(stale));
        assertNotEquals(identities(StoredObjects.objectsOf(changed, readAt, Map.of())), identities(stale));
    }

    @Test
    void objectsWithoutResourceVersionOrOfAnotherIdentityAreAlwaysWritten() {
        Map<String, ReadAt> readAt = readAt(CLUSTER, "7");
        Map<ReadAt, StoredObject> stored = stored(StoredObjects.objectsOf(CLUSTER, readAt, Map.of()), readAt);
        // without a resourceVersion (what manifests and the CLI read): nothing to match
        Map<String, ReadAt> uidsOnly = new HashMap<>();
        readAt.forEach((key, at) -> uidsOnly.put(key, new ReadAt(at.uid(), null)));
        assertTrue(StoredObjects.objectsOf(CLUSTER, uidsOnly, stored).stream().noneMatch(StoredObject::textOmitted));
        // a stored version read at the same uid and resourceVersion but naming another object
        // (which a real server cannot give) is not taken
        Map<ReadAt, StoredObject> misnamed = new HashMap<>();
        stored.forEach((at, o) -> misnamed.put(at, new StoredObject(o.kind(), o.namespace(), o.name() + "-x", o.uid(),
                null, o.sha256())));
        assertTrue(StoredObjects.objectsOf(CLUSTER, readAt, misnamed).stream().noneMatch(StoredObject::textOmitted));
    }

    /** Every object of {@code state} read at a uid of its own and at {@code resourceVersion}. */
    private static Map<String, ReadAt> readAt(ClusterState state, String resourceVersion) {
        Map<String, ReadAt> out = new HashMap<>();
        for (StoredObject o : StoredObjects.objectsOf(state, Map.of())) {
            String key = StoredObjects.key(o.kind(), o.namespace(), o.name());
            out.put(key, new ReadAt("uid-" + key, resourceVersion));
        }
        return out;
    }

    /** The versions as the store gives them back: by where they were read, without their text. */
    private static Map<ReadAt, StoredObject> stored(List<StoredObject> written, Map<String, ReadAt> readAt) {
        Map<ReadAt, StoredObject> out = new HashMap<>();
        for (StoredObject o : written) {
            out.put(readAt.get(StoredObjects.key(o.kind(), o.namespace(), o.name())),
                    new StoredObject(o.kind(), o.namespace(), o.name(), o.uid(), null, o.sha256()));
        }
        return out;
    }

    /** Kind, namespace, name, uid and hash of each object, in order: what a snapshot stores of it besides text. */
    private static List<String> identities(List<StoredObject> objects) {
        return objects.stream().map(o -> o.kind() + "/" + o.namespace() + "/" + o.name() + " " + o.uid() + " "
                + o.sha256()).toList();
    }

    private static ClusterState withFirstPodRelabelled(ClusterState state) {
        List<Pod> pods = new ArrayList<>(state.pods());
        Pod p = pods.getFirst();
        Map<String, String> labels = new TreeMap<>(p.labels());
        labels.put("changed", "yes");
        pods.set(0, new Pod(p.namespace(), p.name(), labels, p.ports(), p.hostNetwork(), p.phase(), p.podIps(),
                p.controller(), p.source(), p.serviceAccount()));
        ClusterState changed = new ClusterState(state.namespaces(), pods, state.workloads(), state.policies(),
                state.clusterPolicies(), state.plugins());
        assertFalse(changed.equals(state));
        return changed;
    }
}
