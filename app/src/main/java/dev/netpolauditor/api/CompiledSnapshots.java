package dev.netpolauditor.api;

import dev.netpolauditor.engine.CompiledCluster;
import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.snapshot.StoredObjects;
import dev.netpolauditor.store.SnapshotStore;
import dev.netpolauditor.store.StoredSnapshot;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Complete snapshots compiled for connectivity questions. Compiling a large cluster takes
 * seconds, and questions come in runs about one snapshot, so the last {@value #KEPT} object
 * sets compiled are kept, by content hash (snapshots of unchanged content share one).
 */
public final class CompiledSnapshots {
    static final int KEPT = 2;

    private final SnapshotStore store;
    /** A stored state as read back, and compiled. */
    public record Compiled(ClusterState state, CompiledCluster compiled) {}

    private final Map<String, Compiled> recent = new LinkedHashMap<>(4, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Compiled> eldest) {
            return size() > KEPT;
        }
    };

    CompiledSnapshots(SnapshotStore store) {
        this.store = store;
    }

    public CompiledCluster of(StoredSnapshot snapshot) {
        return stateOf(snapshot).compiled();
    }

    /** The snapshot's state and its compilation (a diff needs both sides' states). */
    public Compiled stateOf(StoredSnapshot snapshot) {
        String key = snapshot.contentSha256();
        synchronized (recent) {
            Compiled cached = recent.get(key);
            if (cached != null) {
                return cached;
            }
        }
        // compiled outside the lock: a question about another snapshot need not wait for this one
        ClusterState state = StoredObjects.read(store.objectsOf(snapshot.id()));
        Compiled compiled = new Compiled(state, CompiledCluster.compile(state));
        synchronized (recent) {
            recent.put(key, compiled);
        }
        return compiled;
    }
}
