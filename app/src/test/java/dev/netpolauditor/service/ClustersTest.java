package dev.netpolauditor.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netpolauditor.model.NetworkPlugin;
import dev.netpolauditor.snapshot.ManifestSource;
import dev.netpolauditor.snapshot.kube.KubernetesCollector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which clusters a configuration means, and the messages a wrong one gets. */
class ClustersTest {
    private static final Clusters.Shortcuts NONE = new Clusters.Shortcuts("", "", false, "", "");

    private static Clusters of(List<ClusterProperties> listed, Clusters.Shortcuts shortcuts) {
        return Clusters.fromConfiguration(listed, shortcuts, KubernetesCollector.Settings.DEFAULTS);
    }

    @Test
    void nothingConfiguredMeansTheDemoManifestsHourly() {
        Clusters clusters = of(List.of(), NONE);
        ClusterSpec demo = clusters.spec("demo").orElseThrow();
        assertEquals(new ClusterSpec.Source.Manifests("classpath:examples/web-api-db"), demo.source());
        assertEquals("0 0 * * * *", demo.schedule());
        assertEquals("tenant", demo.tenantLabel());
        assertInstanceOf(ManifestSource.class, clusters.source("demo"));
    }

    @Test
    void theDemoManifestsAreReadFromInsideTheApplication() throws Exception {
        var capture = of(List.of(), NONE).source("demo").capture();
        assertEquals(4, capture.state().policies().size(), "examples/web-api-db has four policies");
        assertNull(capture.clusterUid());
    }

    @TempDir
    Path tmp;

    /** A kubeconfig with two contexts, the current one first. */
    private Path kubeconfig() throws IOException {
        Path file = tmp.resolve("config");
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                current-context: kind-shop
                clusters:
                - name: kind-shop
                  cluster: {server: "https://127.0.0.1:6443"}
                - name: gke
                  cluster: {server: "https://10.0.0.1"}
                contexts:
                - name: kind-shop
                  context: {cluster: kind-shop, user: me}
                - name: GKE_prod-eu/west
                  context: {cluster: gke, user: me}
                users:
                - name: me
                  user: {token: not-a-secret}
                """);
        return file;
    }

    @Test
    void aKubeconfigAloneNamesTheClusterAfterItsContext() throws IOException {
        Path config = kubeconfig();
        Clusters clusters = of(List.of(), new Clusters.Shortcuts(config.toString(), "GKE_prod-eu/west",
                false, "", "*/15 * * * *"));
        ClusterSpec spec = clusters.specs().getFirst();
        assertEquals("gke-prod-eu-west", spec.name());
        assertEquals(new ClusterSpec.Source.Kubernetes(config, "GKE_prod-eu/west"), spec.source());
        assertEquals("0 */15 * * * *", spec.schedule(), "a crontab line runs at second 0");
        assertEquals("https://10.0.0.1 (kubeconfig " + config + ", context GKE_prod-eu/west)",
                clusters.source(spec.name()).describe());
    }

    @Test
    void withoutAContextTheClusterIsNamedAfterTheCurrentContext() throws IOException {
        Path config = kubeconfig();
        Clusters clusters = of(List.of(), new Clusters.Shortcuts(config.toString(), "", false, "", ""));
        ClusterSpec spec = clusters.specs().getFirst();
        assertEquals("kind-shop", spec.name(), "not 'default'");
        assertEquals(new ClusterSpec.Source.Kubernetes(config, "kind-shop"), spec.source());
        assertEquals("https://127.0.0.1:6443 (kubeconfig " + config + ", context kind-shop)",
                clusters.source("kind-shop").describe(), "fixed at start, the same before and after any snapshot");
    }

    @Test
    void aKubeconfigThatDoesNotExistStopsTheStartNamingTheSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> of(List.of(),
                new Clusters.Shortcuts(tmp.resolve("no-such-config").toString(), "", false, "", "")));
        assertTrue(e.getMessage().contains("netpol-auditor.kubeconfig (NETPOL_AUDITOR_KUBECONFIG): file not found: "
                + tmp.resolve("no-such-config")), e.getMessage());
        ClusterProperties listed = new ClusterProperties("prod");
        listed.setKubeconfig(tmp.resolve("gone").toString());
        e = assertThrows(IllegalArgumentException.class, () -> of(List.of(listed), NONE));
        assertTrue(e.getMessage().contains("netpol-auditor.clusters.prod.kubeconfig: file not found"), e.getMessage());
    }

    @Test
    void aContextTheKubeconfigLacksStopsTheStart() throws IOException {
        ClusterProperties listed = new ClusterProperties("prod");
        listed.setKubeconfig(kubeconfig().toString());
        listed.setContext("prod-eu");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> of(List.of(listed), NONE));
        assertTrue(e.getMessage().contains("netpol-auditor.clusters.prod.kubeconfig: " + tmp.resolve("config")
                + " has no context 'prod-eu'"), e.getMessage());
    }

    @Test
    void inClusterWithAName() {
        ClusterSpec spec = of(List.of(), new Clusters.Shortcuts("", "", true, "prod", "")).specs().getFirst();
        assertEquals("prod", spec.name());
        assertTrue(((ClusterSpec.Source.Kubernetes) spec.source()).inCluster());
    }

    @Test
    void listedClustersWinOverShortcuts() throws IOException {
        ClusterProperties a = new ClusterProperties("prod-eu");
        a.setKubeconfig(kubeconfig().toString());
        a.setContext("kind-shop");
        a.setSchedule("0 30 2 * * *");
        a.setTenantLabel("team");
        ClusterProperties b = new ClusterProperties("gitops");
        b.setManifests("/srv/gitops/cluster");
        Clusters clusters = of(List.of(a, b), new Clusters.Shortcuts("/ignored", "", false, "", ""));
        assertEquals(List.of("prod-eu", "gitops"), clusters.specs().stream().map(ClusterSpec::name).toList());
        assertEquals("0 30 2 * * *", clusters.spec("prod-eu").orElseThrow().schedule());
        assertEquals("team", clusters.spec("prod-eu").orElseThrow().tenantLabel());
        assertEquals("/srv/gitops/cluster", clusters.source("gitops").describe());
    }

    @Test
    void everyProblemIsNamedWithItsSetting() {
        ClusterProperties twoSources = new ClusterProperties("prod");
        twoSources.setKubeconfig(tmp.resolve("k").toString());
        twoSources.setManifests("/m");
        ClusterProperties badName = new ClusterProperties("Prod_EU");
        badName.setManifests("/m");
        ClusterProperties badCron = new ClusterProperties("staging");
        badCron.setManifests("/m");
        badCron.setSchedule("every hour");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> of(List.of(twoSources, badName, badCron), NONE));
        String message = e.getMessage();
        assertTrue(message.contains("netpol-auditor.clusters.prod: set exactly one of"), message);
        assertTrue(message.contains("netpol-auditor.clusters.Prod_EU: the name must be a DNS label"), message);
        assertTrue(message.contains("netpol-auditor.clusters.staging.schedule: 'every hour' is not a cron"
                + " expression"), message);
    }

    @Test
    void aBadDefaultScheduleNamesTheSettingTheUserSet() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> of(List.of(), new Clusters.Shortcuts("", "", false, "", "hourly")));
        assertTrue(e.getMessage().contains("netpol-auditor.schedule (NETPOL_AUDITOR_SCHEDULE): 'hourly'"),
                e.getMessage());
    }

    @Test
    void theNetworkPluginSettingMakesThePluginsKindsCount() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("gitops"));
        Files.writeString(dir.resolve("cluster.yaml"), """
                apiVersion: v1
                kind: Namespace
                metadata: {name: shop}
                ---
                apiVersion: projectcalico.org/v3
                kind: GlobalNetworkPolicy
                metadata: {name: default-deny}
                spec: {selector: all(), types: [Ingress]}
                """);
        ClusterProperties named = new ClusterProperties("named");
        named.setManifests(dir.toString());
        named.setNetworkPlugin(List.of("calico"));
        ClusterProperties unnamed = new ClusterProperties("unnamed");
        unnamed.setManifests(dir.toString());
        Clusters clusters = of(List.of(named, unnamed), NONE);
        assertEquals(java.util.Set.of(NetworkPlugin.CALICO), clusters.spec("named").orElseThrow().networkPlugins());
        assertEquals(1, clusters.source("named").capture().state().plugins().calico().policies().size());
        var skipped = clusters.source("unnamed").capture().state();
        assertEquals(0, skipped.plugins().calico().policies().size());
        assertEquals(1, skipped.plugins().skipped().size(), "counted as not analysed");
    }

    @Test
    void anUnknownNetworkPluginIsNamedWithItsSetting() {
        ClusterProperties p = new ClusterProperties("prod");
        p.setManifests("/m");
        p.setNetworkPlugin(List.of("calico", "weave"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> of(List.of(p), NONE));
        assertTrue(e.getMessage().contains("netpol-auditor.clusters.prod.network-plugin: unknown plugin 'weave'"),
                e.getMessage());
    }
}
