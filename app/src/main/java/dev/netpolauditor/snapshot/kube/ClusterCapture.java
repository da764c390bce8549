package dev.netpolauditor.snapshot.kube;

import dev.netpolauditor.model.ClusterState;
import java.util.List;
import java.util.Map;

/**
 * Everything one snapshot attempt listed: the cluster's identity (the uid of its
 * {@code kube-system} namespace, or null when it has none), the resourceVersion of every list,
 * the raw objects (each with kind and apiVersion, for storage) and the cluster state read from them.
 */
public record ClusterCapture(String clusterUid, Map<ClusterResource, String> listVersions,
        List<Map<String, Object>> objects, ClusterState state) {
    public ClusterCapture {
        listVersions = Map.copyOf(listVersions);
        objects = List.copyOf(objects);
    }
}
