package dev.netpolauditor.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.model.NetworkPlugin;
import dev.netpolauditor.model.SkippedGroup;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which network plugin kinds count (cni-policies.md, "Which kinds count"): a plugin is known when
 * its DaemonSet is among the manifests (anywhere in path order) or the caller names it; the kinds
 * of a plugin not known are skipped unexamined and counted per API group.
 */
class PluginGroupsReadTest {

    private static final String CALICO_POLICIES = """
            apiVersion: projectcalico.org/v3
            kind: NetworkPolicy
            metadata: {name: deny, namespace: prod}
            spec: {selector: all(), types: [Ingress]}
            ---
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkSet
            metadata: {name: partners}
            spec: {nets: [198.51.100.0/24]}
            ---
            apiVersion: crd.projectcalico.org/v1
            kind: NetworkPolicy
            metadata: {name: old-api, namespace: prod}
            spec: {selector: all()}
            """;

    private static final String CILIUM_POLICY = """
            apiVersion: cilium.io/v2
            kind: CiliumNetworkPolicy
            metadata: {name: l7, namespace: prod}
            spec:
              endpointSelector: {}
              ingress: [{}]
            """;

    private static String daemonSet(String name, String image) {
        return """
                apiVersion: apps/v1
                kind: DaemonSet
                metadata: {name: %s, namespace: kube-system}
                spec:
                  template:
                    metadata: {labels: {k8s-app: %s}}
                    spec:
                      containers: [{name: agent, image: '%s'}]
                """.formatted(name, name, image);
    }

    @TempDir
    Path tmp;
    ManifestDir dir;

    @BeforeEach
    void setUp() {
        dir = new ManifestDir(tmp);
    }

    @Test
    void kindsOfAPluginNotKnownAreCountedPerGroupNotRead() throws Exception {
        // an invalid Cilium policy is not examined: its plugin is not known
        dir.file("a-calico.yaml", CALICO_POLICIES).file("b-cilium.yaml", CILIUM_POLICY.replace("ingress: [{}]",
                "ingress: 42"));
        ClusterState state = dir.read();
        assertEquals(Set.of(), state.plugins().known());
        assertEquals(List.of(new SkippedGroup(NetworkPlugin.CALICO, 2, 1), new SkippedGroup(NetworkPlugin.CILIUM, 1, 1)),
                state.plugins().skipped(), "crd.projectcalico.org/v1 is no kind of ours: not counted");
        assertEquals("2 objects of projectcalico.org/v3 were not analysed: Calico is not known to run (no calico or"
                + " canal DaemonSet among the inputs)", state.plugins().skipped().getFirst().describe());
    }

    @Test
    void aDaemonSetAfterThePoliciesMakesItsPluginKnown() throws Exception {
        dir.file("a-calico.yaml", CALICO_POLICIES).file("z-system/canal.yaml",
                daemonSet("canal", "docker.io/calico/node:v3.30.2"));
        ClusterState state = dir.read();
        assertEquals(Set.of(NetworkPlugin.CALICO), state.plugins().known());
        assertEquals(List.of(), state.plugins().skipped());
    }

    @Test
    void aDaemonSetIsKnownByItsImageToo() throws Exception {
        dir.file("agent.yaml", daemonSet("network-agent", "quay.io/cilium/cilium:v1.19.1")).file("p.yaml",
                CILIUM_POLICY);
        assertEquals(Set.of(NetworkPlugin.CILIUM), dir.read().plugins().known());
    }

    @Test
    void aNamedPluginIsKnownWithoutItsDaemonSet() throws Exception {
        dir.file("a-calico.yaml", CALICO_POLICIES).file("b-cilium.yaml", CILIUM_POLICY);
        ClusterState state = ManifestReader.read(tmp, Set.of(NetworkPlugin.CILIUM));
        assertEquals(Set.of(NetworkPlugin.CILIUM), state.plugins().known());
        assertEquals(List.of(new SkippedGroup(NetworkPlugin.CALICO, 2, 1)), state.plugins().skipped());
    }

    @Test
    void pluginNamesAreCaseInsensitiveAndOnlyTheTwo() {
        assertEquals(NetworkPlugin.CALICO, NetworkPlugin.byName("Calico"));
        assertEquals(NetworkPlugin.CILIUM, NetworkPlugin.byName("cilium"));
        assertEquals(null, NetworkPlugin.byName("antrea"));
    }
}
