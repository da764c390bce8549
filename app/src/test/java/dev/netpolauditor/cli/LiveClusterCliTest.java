package dev.netpolauditor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netpolauditor.kube.ApiObjects;
import dev.netpolauditor.kube.FakeKubernetesApi;
import dev.netpolauditor.kube.FakeKubernetesApi.Resource;
import dev.netpolauditor.snapshot.ManifestReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code connectivity}, {@code explain}, {@code audit} and {@code diff --to-cluster} reading a
 * live cluster through a kubeconfig, against the fake Kubernetes API serving the demo cluster:
 * the answers equal those for the same objects as manifests, read page by page (with an
 * expired continue token on the way), with progress on stderr unless {@code --quiet}.
 */
class LiveClusterCliTest {
    private static final Path DEMO = Path.of("../examples/web-api-db");

    @TempDir
    Path tmp;
    FakeKubernetesApi api;
    Path kubeconfig;

    @BeforeEach
    void serveTheDemo() throws Exception {
        api = FakeKubernetesApi.start();
        ApiObjects.serve(api, ManifestReader.read(DEMO));
        kubeconfig = Files.writeString(tmp.resolve("config"), """
                apiVersion: v1
                kind: Config
                current-context: other
                clusters:
                - name: fake
                  cluster: {server: "%s"}
                - name: nowhere
                  cluster: {server: "http://127.0.0.1:1"}
                contexts:
                - name: other
                  context: {cluster: nowhere, user: me}
                - name: demo
                  context: {cluster: fake, user: me}
                users:
                - name: me
                  user: {token: not-a-secret}
                """.formatted(api.baseUrl()));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Cli.commandLine(new PrintWriter(out), new PrintWriter(err)).execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private String[] live(String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.addAll(List.of("--kubeconfig", kubeconfig.toString(), "--context", "demo", "--page-size", "2"));
        return all.toArray(String[]::new);
    }

    @Test
    void auditOfTheClusterEqualsAuditOfItsManifestsReadPageByPageThroughAnExpiredToken() {
        api.expireNextContinue(Resource.PODS);
        api.expireNextContinue(Resource.DEPLOYMENTS);
        Run fromCluster = run(live("audit"));
        Run fromManifests = run("audit", "--manifests", DEMO.toString());
        assertEquals(0, fromCluster.exit(), fromCluster.err());
        assertFalse(fromManifests.out().isEmpty());
        assertEquals(fromManifests.out(), fromCluster.out());

        // paged: limit=2 with continue tokens, then after the 410 one list without a limit
        List<FakeKubernetesApi.Request> deployments = api.requests().stream()
                .filter(r -> r.path().equals(Resource.DEPLOYMENTS.path())).toList();
        assertEquals("2", deployments.getFirst().query().get("limit"));
        assertTrue(deployments.stream().anyMatch(r -> r.status() == 410), deployments.toString());
        assertFalse(deployments.getLast().query().containsKey("limit"), deployments.toString());
        assertTrue(api.requests().stream().anyMatch(r -> r.query().containsKey("continue") && r.status() == 200),
                "some page was continued");

        // progress: objects listed so far per kind, then the totals
        String err = fromCluster.err();
        assertTrue(err.startsWith("netpol-auditor: reading " + api.baseUrl() + " (kubeconfig " + kubeconfig
                + ", context demo)\n"), err);
        assertTrue(err.contains("  deployments: 2 listed so far\n"), err);
        assertTrue(err.contains("  deployments: 3 listed\n"), err);
        assertTrue(err.contains("  namespaces: 2 listed\n"), err);
        assertTrue(err.lines().toList().getLast().matches(
                "netpol-auditor: read 2 namespaces, 0 pods, 4 workloads, 4 policies in \\d+\\.\\d s"), err);
    }

    @Test
    void aClusterRunningCalicoShowsItsKindsByGroupAndItsServiceAccounts() {
        api.installCalicoApi()
                .add(Resource.CALICO_TIERS, "{\"metadata\":{\"name\":\"security\"},\"spec\":{\"order\":100}}")
                .add(Resource.SERVICE_ACCOUNTS, "{\"metadata\":{\"name\":\"default\",\"namespace\":\"prod\"}}");

        Run run = run(live("audit"));

        assertEquals(0, run.exit(), run.err());
        assertTrue(run.err().contains("  tiers.projectcalico.org: 1 listed\n"), run.err());
        assertTrue(run.err().contains("  networkpolicies.projectcalico.org: 0 listed\n"), run.err());
        assertTrue(run.err().contains("  networkpolicies: 4 listed\n"), run.err());
        assertTrue(run.err().contains("  serviceaccounts: 1 listed\n"), run.err());
        assertFalse(run.err().contains("cilium"), "Cilium does not run: nothing of it is read");
    }

    @Test
    void quietPrintsNothingOnStderr() {
        Run run = run(live("connectivity", "--external-ip", "10.9.198.2", "--quiet"));
        assertEquals(0, run.exit(), run.err());
        assertEquals("", run.err());
        assertEquals(run("connectivity", "--manifests", DEMO.toString(), "--external-ip", "10.9.198.2").out(),
                run.out());
    }

    @Test
    void explainReadsTheClusterToo() {
        Run run = run(live("explain", "--from", "staging/api[Deployment]", "--to", "prod/db[StatefulSet]",
                "--port", "3306", "-q"));
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().startsWith("staging/api[Deployment] -> prod/db[StatefulSet] on TCP 3306: REFUSED"),
                run.out());
    }

    @Test
    void diffComparesAGitCheckoutWithTheCluster() throws IOException {
        Run same = run(live("diff", "--from", DEMO.toString(), "--to-cluster", "-q"));
        assertEquals(0, same.exit(), same.err());
        assertEquals("", same.out(), "the cluster runs what the directory holds");

        // what runs lost a policy the checkout has: the diff says so, and the gate fails on the new flows
        api.clear(Resource.NETWORK_POLICIES);
        Run drift = run(live("diff", "--from", DEMO.toString(), "--to-cluster", "-q", "--fail-on", "high"));
        assertEquals(3, drift.exit(), drift.err());
        assertTrue(drift.out().contains("{\"section\":\"object\",\"change\":\"removed\",\"kind\":\"NetworkPolicy\""),
                drift.out());
        assertTrue(drift.err().startsWith("netpol-auditor diff: gate failed: "), drift.err());
    }

    @Test
    void aKubeconfigProblemIsInvalidInputInOneLine() {
        Run missing = run("audit", "--kubeconfig", tmp.resolve("nope").toString());
        assertEquals(2, missing.exit());
        assertEquals("netpol-auditor audit: --kubeconfig: file not found: " + tmp.resolve("nope") + "\n",
                missing.err());

        Run context = run("connectivity", "--kubeconfig", kubeconfig.toString(), "--context", "prod");
        assertEquals(2, context.exit());
        assertTrue(context.err().contains("has no context 'prod'"), context.err());

        Run both = run("audit", "--manifests", DEMO.toString(), "--kubeconfig", kubeconfig.toString());
        assertEquals(2, both.exit());
        assertTrue(both.err().contains("give one input"), both.err());

        Run none = run("audit");
        assertEquals(2, none.exit());
        assertTrue(none.err().contains("no input: give --manifests DIR, or --kubeconfig"), none.err());

        Run diffWithoutFlag = run("diff", "--from", DEMO.toString(), "--context", "demo",
                "--kubeconfig", kubeconfig.toString());
        assertEquals(2, diffWithoutFlag.exit());
        assertTrue(diffWithoutFlag.err().contains("add --to-cluster"), diffWithoutFlag.err());
    }

    @Test
    void aClusterThatRefusesIsInvalidInputWithTheServersWords() {
        api.failNext(Resource.NAMESPACES, 403, null);
        Run run = run(live("audit", "-q"));
        assertEquals(2, run.exit());
        assertEquals("", run.out());
        assertTrue(run.err().startsWith("netpol-auditor audit: cannot read the cluster at " + api.baseUrl()), run.err());
        assertTrue(run.err().contains("HTTP 403"), run.err());
    }
}
