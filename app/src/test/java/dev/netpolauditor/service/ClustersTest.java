package dev.netpolauditor.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netpolauditor.snapshot.kube.KubernetesCollector;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

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

    @Test
    void aKubeconfigAloneNamesTheClusterAfterItsContext() {
        Clusters clusters = of(List.of(), new Clusters.Shortcuts("/home/me/.kube/config", "GKE_prod-eu/west",
                false, "", "*/15 * * * *"));
        ClusterSpec spec = clusters.specs().getFirst();
        assertEquals("gke-prod-eu-west", spec.name());
        assertEquals(new ClusterSpec.Source.Kubernetes(Path.of("/home/me/.kube/config"), "GKE_prod-eu/west"),
                spec.source());
        assertEquals("0 */15 * * * *", spec.schedule(), "a crontab line runs at second 0");
    }

    @Test
    void inClusterWithAName() {
        ClusterSpec spec = of(List.of(), new Clusters.Shortcuts("", "", true, "prod", "")).specs().getFirst();
        assertEquals("prod", spec.name());
        assertTrue(((ClusterSpec.Source.Kubernetes) spec.source()).inCluster());
    }

    @Test
    void listedClustersWinOverShortcuts() {
        ClusterProperties a = new ClusterProperties("prod-eu");
        a.setKubeconfig("/etc/kube/prod");
        a.setContext("prod");
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
        twoSources.setKubeconfig("/k");
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
}
