package dev.netpolauditor.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.store.SnapshotContent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The text fixed API objects are stored as, pinned under {@link StoredObjects#CANONICAL_FORM}:
 * a re-snapshot takes the stored hash of an object read at the same resourceVersion, which is
 * right only while the same API object gives the same text. When this fails, reading or writing
 * changed what an object is stored as: raise {@code CANONICAL_FORM} (so that hashes of the older
 * form are no longer taken) and pin the new content hash under it.
 */
class StoredObjectsFormTest {
    /** The content hash of {@link #OBJECTS} by canonical form. */
    private static final Map<Integer, String> PINNED =
            Map.of(1, "9fc0526793fae998b4974957c4ace3d9bc2b616750e4f5ddc8914756fc24c2f1");

    private static final String OBJECTS = """
            [{"apiVersion": "v1", "kind": "Namespace",
              "metadata": {"name": "shop", "uid": "u-ns", "resourceVersion": "11", "labels": {"tenant": "a"}}},
             {"apiVersion": "apps/v1", "kind": "Deployment",
              "metadata": {"name": "web", "namespace": "shop", "uid": "u-deploy", "resourceVersion": "12"},
              "spec": {"selector": {"matchLabels": {"app": "web"}},
                       "template": {"metadata": {"labels": {"app": "web"}},
                                    "spec": {"serviceAccountName": "web",
                                             "containers": [{"name": "c", "image": "web:1",
                                                             "ports": [{"name": "http", "containerPort": 8080}]}]}}}},
             {"apiVersion": "apps/v1", "kind": "ReplicaSet",
              "metadata": {"name": "web-5d8f", "namespace": "shop", "uid": "u-rs", "resourceVersion": "13",
                           "ownerReferences": [{"apiVersion": "apps/v1", "kind": "Deployment", "name": "web",
                                                "uid": "u-deploy", "controller": true}]},
              "spec": {"selector": {"matchLabels": {"app": "web"}},
                       "template": {"metadata": {"labels": {"app": "web"}},
                                    "spec": {"containers": [{"name": "c", "image": "web:1"}]}}}},
             {"apiVersion": "v1", "kind": "Pod",
              "metadata": {"name": "web-5d8f-x1", "namespace": "shop", "uid": "u-pod", "resourceVersion": "14",
                           "labels": {"app": "web"},
                           "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "web-5d8f",
                                                "uid": "u-rs", "controller": true}]},
              "spec": {"serviceAccountName": "web", "hostNetwork": false,
                       "containers": [{"name": "c", "image": "web:1",
                                       "ports": [{"name": "http", "containerPort": 8080, "protocol": "TCP"}]}]},
              "status": {"phase": "Running", "podIP": "10.0.0.7", "podIPs": [{"ip": "10.0.0.7"}]}},
             {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
              "metadata": {"name": "web-in", "namespace": "shop", "uid": "u-np", "resourceVersion": "15"},
              "spec": {"podSelector": {"matchLabels": {"app": "web"}}, "policyTypes": ["Ingress", "Egress"],
                       "ingress": [{"from": [{"namespaceSelector": {"matchLabels": {"tenant": "a"}}},
                                             {"ipBlock": {"cidr": "10.0.0.0/8", "except": ["10.1.0.0/16"]}}],
                                    "ports": [{"port": "http"}, {"port": 9000, "endPort": 9010, "protocol": "UDP"}]}],
                       "egress": [{}]}}]
            """;

    @Test
    void fixedApiObjectsAreStoredAsPinnedUnderTheirCanonicalForm() throws Exception {
        List<Map<String, Object>> objects = new ObjectMapper().readValue(OBJECTS, new TypeReference<>() {});
        ClusterState state = ManifestReader.fromObjects("form test", objects);
        Map<String, String> uids = new HashMap<>();
        for (Map<String, Object> o : objects) {
            @SuppressWarnings("unchecked")
            Map<String, Object> metadata = (Map<String, Object>) o.get("metadata");
            uids.put(StoredObjects.key((String) o.get("kind"), (String) metadata.get("namespace"),
                    (String) metadata.get("name")), (String) metadata.get("uid"));
        }
        List<SnapshotContent.StoredObject> stored = StoredObjects.objectsOf(state, uids);
        assertEquals(5, stored.size(), stored.toString());
        String content = new SnapshotContent(java.time.Instant.EPOCH, java.time.Instant.EPOCH, "manual", "test", null,
                Map.of(), "test", stored, "0".repeat(64), null).contentSha256();
        assertEquals(PINNED.get(StoredObjects.CANONICAL_FORM), content, "the stored form of these objects changed:"
                + " raise StoredObjects.CANONICAL_FORM and pin this hash under it; the objects: " + stored);
    }
}
