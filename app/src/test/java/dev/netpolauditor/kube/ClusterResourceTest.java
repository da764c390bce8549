package dev.netpolauditor.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netpolauditor.kube.FakeKubernetesApi.Resource;
import dev.netpolauditor.snapshot.kube.ClusterResource;
import dev.netpolauditor.snapshot.kube.ClusterResource.Plugin;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What a snapshot reads, and in which order: the collector decides from what it has read before. */
class ClusterResourceTest {

    @Test
    void whatIsReadOnlyWithAPluginComesAfterEveryResourceThatTellsWhetherThePluginRuns() {
        List<ClusterResource> order = List.of(ClusterResource.values());
        int lastThatTells = order.stream().filter(r -> r.plugin() != null || r == ClusterResource.DAEMON_SETS)
                .mapToInt(order::indexOf).max().orElseThrow();
        for (ClusterResource r : order) {
            if (r.readOnlyWith() != null) {
                assertTrue(order.indexOf(r) > lastThatTells, r + " is read before all its plugin's evidence is");
            }
        }
        assertEquals(Plugin.CALICO, ClusterResource.SERVICE_ACCOUNTS.readOnlyWith());
        assertEquals(Plugin.CILIUM, ClusterResource.CILIUM_CONFIG.readOnlyWith());
    }

    @Test
    void labelsTellEveryResourceApartIncludingCalicosNetworkPolicies() {
        Set<String> labels = Arrays.stream(ClusterResource.values()).map(ClusterResource::label)
                .collect(Collectors.toSet());
        assertEquals(ClusterResource.values().length, labels.size(), labels.toString());
        assertEquals("networkpolicies", ClusterResource.NETWORK_POLICIES.label());
        assertEquals("networkpolicies.projectcalico.org", ClusterResource.CALICO_NETWORK_POLICIES.label());
        assertEquals("ciliumnetworkpolicies.cilium.io", ClusterResource.CILIUM_NETWORK_POLICIES.label());
        assertEquals("clusternetworkpolicies", ClusterResource.CLUSTER_NETWORK_POLICIES.label());
        assertEquals("kube-system/configmaps/cilium-config", ClusterResource.CILIUM_CONFIG.label());
    }

    @Test
    void theFakeServesEveryCollectionAtThePathAndKindTheCollectorReads() {
        for (ClusterResource r : ClusterResource.values()) {
            String collection = r.isObject() ? r.groupVersionPath() + "/" + r.plural() : r.path();
            Resource served = Arrays.stream(Resource.values()).filter(x -> x.path().equals(collection)).findFirst()
                    .orElseThrow(() -> new AssertionError("the fake has no " + collection));
            assertEquals(r.kind(), served.kind, r.toString());
            assertEquals(r.apiVersion(), served.apiVersion, r.toString());
        }
    }

    @Test
    void pluginDaemonSetsAreKnownByNameOrImageAsNpCni001KnowsThem() {
        assertTrue(Plugin.CALICO.runsAs("calico-node", List.of("docker.io/calico/node:v3.30.2")));
        assertTrue(Plugin.CALICO.runsAs("canal", List.of("quay.io/coreos/flannel:v0.15")));
        assertTrue(Plugin.CALICO.runsAs("node", List.of("registry.example/mirror/Calico-node:1")));
        assertTrue(Plugin.CILIUM.runsAs("agent", List.of("quay.io/cilium/cilium:v1.18.1")));
        assertFalse(Plugin.CILIUM.runsAs("calico-node", List.of("docker.io/calico/node:v3.30.2")));
        assertFalse(Plugin.CALICO.runsAs("kube-flannel-ds", List.of("docker.io/flannel/flannel:v0.25")));
    }

    @Test
    void calicosTieredPoliciesNeedTheirTierPseudoResourceToo() {
        assertEquals(Set.of("projectcalico.org/networkpolicies", "projectcalico.org/tier.networkpolicies"),
                ClusterResource.CALICO_NETWORK_POLICIES.permissions().stream()
                        .map(p -> p.apiGroup() + "/" + p.resource()).collect(Collectors.toSet()));
        assertEquals(Set.of("projectcalico.org/stagedkubernetesnetworkpolicies"),
                ClusterResource.CALICO_STAGED_KUBERNETES_NETWORK_POLICIES.permissions().stream()
                        .map(p -> p.apiGroup() + "/" + p.resource()).collect(Collectors.toSet()),
                "staged Kubernetes policies are not tiered");
        assertEquals(List.of(new ClusterResource.Permission("", "configmaps", "cilium-config", "get")),
                ClusterResource.CILIUM_CONFIG.permissions());
    }
}
