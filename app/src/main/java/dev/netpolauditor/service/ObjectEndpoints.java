package dev.netpolauditor.service;

import dev.netpolauditor.engine.Endpoints;
import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.model.Pod;
import dev.netpolauditor.model.Workload;
import dev.netpolauditor.snapshot.StoredObjects;
import dev.netpolauditor.store.SnapshotContent.StoredObject;
import dev.netpolauditor.store.SnapshotContent;
import dev.netpolauditor.store.SnapshotQueries;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Which endpoint each stored Pod or workload of a snapshot is, or belongs to (semantics.md,
 * Workloads): a pod of its own is its own endpoint, a member pod and a ReplicaSet or Job of a
 * given workload belong to their top owner's, a terminated or host-network pod to none.
 * Owners live in their object's namespace, so the objects of each namespace asked about are
 * read back and resolved alone.
 */
final class ObjectEndpoints {
    private final SnapshotQueries queries;

    ObjectEndpoints(SnapshotQueries queries) {
        this.queries = queries;
    }

    /** For every Pod and workload among {@code objects} that is or belongs to an endpoint: its name, keyed by sha256. */
    Map<String, String> of(long snapshotId, List<StoredObject> objects) {
        TreeSet<String> namespaces = new TreeSet<>();
        for (StoredObject o : objects) {
            if (o.namespace() != null && !o.kind().equals(SnapshotContent.NETWORK_POLICY)) {
                namespaces.add(o.namespace());
            }
        }
        Map<String, String> out = new HashMap<>();
        for (String namespace : namespaces) {
            List<StoredObject> all = queries.objectsIn(snapshotId, namespace).stream()
                    .filter(o -> !o.kind().equals(SnapshotContent.NETWORK_POLICY)).toList();
            ClusterState state = StoredObjects.read(all);
            Endpoints.Resolution resolution = Endpoints.resolve(state);
            Map<String, String> byKey = new HashMap<>();
            for (Pod pod : state.pods()) {
                resolution.endpointOf(pod).ifPresent(e -> byKey.put("Pod/" + pod.name(), e));
            }
            for (Workload w : state.workloads()) {
                resolution.endpointOf(w).ifPresent(e -> byKey.put(w.kind().name() + "/" + w.name(), e));
            }
            for (StoredObject o : objects) {
                if (namespace.equals(o.namespace())) {
                    Optional.ofNullable(byKey.get(o.kind() + "/" + o.name())).ifPresent(e -> out.put(o.sha256(), e));
                }
            }
        }
        return out;
    }
}
