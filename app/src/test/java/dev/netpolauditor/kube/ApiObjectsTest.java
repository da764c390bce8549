package dev.netpolauditor.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netpolauditor.bench.SyntheticCluster;
import dev.netpolauditor.kube.FakeKubernetesApi.Resource;
import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.model.ContainerPort;
import dev.netpolauditor.model.Protocol;
import dev.netpolauditor.model.SourceRef;
import dev.netpolauditor.model.Workload;
import dev.netpolauditor.model.WorkloadKind;
import dev.netpolauditor.snapshot.ManifestReader;
import dev.netpolauditor.snapshot.StoredObjects;
import dev.netpolauditor.store.SnapshotContent.StoredObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the fake serves for a cluster state reads back as that state. */
class ApiObjectsTest {

    @Test
    void aSyntheticClusterReadsBackAsServed() throws Exception {
        ClusterState synthetic = SyntheticCluster.live(3, 2000);
        String ns = synthetic.namespaces().get(2).name();
        List<Workload> workloads = new ArrayList<>(synthetic.workloads());
        for (WorkloadKind kind : WorkloadKind.values()) {
            workloads.add(new Workload(kind, ns, kind.name().toLowerCase(), Map.of("app", kind.name()),
                    List.of(new ContainerPort("http", 8080, Protocol.TCP), new ContainerPort(null, 53, Protocol.UDP)),
                    kind == WorkloadKind.DaemonSet, List.of("registry.example/" + kind + ":1", "sidecar:2"),
                    SourceRef.NONE));
        }
        ClusterState tiers = ManifestReader.fromObjects("test", List.of(
                Map.of("apiVersion", "policy.networking.k8s.io/v1alpha2", "kind", "ClusterNetworkPolicy",
                        "metadata", Map.of("name", "walls"), "spec", Map.of("tier", "Baseline", "priority", 5,
                                "subject", Map.of("namespaces", Map.of()))),
                Map.of("apiVersion", "policy.networking.k8s.io/v1alpha1", "kind", "AdminNetworkPolicy",
                        "metadata", Map.of("name", "walls"), "spec", Map.of("priority", 5,
                                "subject", Map.of("namespaces", Map.of()))),
                Map.of("apiVersion", "policy.networking.k8s.io/v1alpha1", "kind", "BaselineAdminNetworkPolicy",
                        "metadata", Map.of("name", "default"), "spec", Map.of("subject", Map.of("namespaces",
                                Map.of())))));
        ClusterState state = ApiObjects.addressed(new ClusterState(synthetic.namespaces(), synthetic.pods(),
                workloads, synthetic.policies(), tiers.clusterPolicies()));

        // as the collector hands them on: every item with its kind and apiVersion
        List<Map<String, Object>> listed = new ArrayList<>();
        ApiObjects.of(state).forEach((resource, objects) -> objects.forEach(o -> {
            Map<String, Object> item = new LinkedHashMap<>(o);
            item.put("kind", resource.kind);
            item.put("apiVersion", resource.apiVersion);
            listed.add(item);
        }));
        ClusterState read = ManifestReader.fromObjects("Kubernetes API", listed);

        assertEquals(canonical(state), canonical(read));
        assertEquals(state.pods().size(), read.pods().size());
        assertEquals(workloads.size(), read.workloads().size());
        assertEquals(List.of("10.0.0.1"), read.pods().getFirst().podIps());
        assertTrue(read.pods().stream().filter(p -> p.controller() != null).count() > 1900,
                "owner references are served and read back");
        assertEquals(state.namespaces().size(), ApiObjects.of(state).get(Resource.NAMESPACES).size());
        assertEquals(3, read.clusterPolicies().size(), "each cluster-tier kind in its own collection");
        assertEquals(1, ApiObjects.of(state).get(Resource.CLUSTER_NETWORK_POLICIES).size());
        assertEquals(ApiObjects.uid("AdminNetworkPolicy", null, "walls"),
                ApiObjects.uids(state).get("AdminNetworkPolicy/walls"));
    }

    /** The stored form of every object: equal when the states are equal up to where objects were read. */
    private static List<String> canonical(ClusterState state) {
        return StoredObjects.objectsOf(state, Map.of()).stream().map(StoredObject::json).sorted().toList();
    }
}
