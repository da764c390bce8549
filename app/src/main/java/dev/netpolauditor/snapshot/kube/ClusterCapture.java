package dev.netpolauditor.snapshot.kube;

import dev.netpolauditor.model.ClusterState;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything one snapshot attempt listed: the cluster's identity (the uid of its
 * {@code kube-system} namespace, or null when it has none), the resourceVersion of every list,
 * the collections the cluster does not serve (API discovery: optional, recorded), the raw
 * objects (each with kind and apiVersion, for storage) and the cluster state read from them.
 */
public record ClusterCapture(String clusterUid, Map<ClusterResource, String> listVersions,
        Set<ClusterResource> absent, List<Map<String, Object>> objects, ClusterState state) {
    public ClusterCapture {
        listVersions = Map.copyOf(listVersions);
        absent = Set.copyOf(absent);
        objects = List.copyOf(objects);
    }

    /** A capture of something other than a live cluster (manifests): every collection present. */
    public ClusterCapture(String clusterUid, Map<ClusterResource, String> listVersions,
            List<Map<String, Object>> objects, ClusterState state) {
        this(clusterUid, listVersions, Set.of(), objects, state);
    }
}
