package dev.netpolauditor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code explain} on the README's platform example: each side names the deciding tier, policy
 * and rule, the Pass that handed a port on, and who decided which ports when no port is given.
 */
class ExplainCommandTest {
    private static final Path GUARDRAILS = Path.of("..", "examples", "platform-guardrails");
    private static final Path SHOP = Path.of("..", "examples", "web-api-db");

    private record Run(int exit, String out, String err) {}

    private static Run explain(Path manifests, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 3];
        all[0] = "explain";
        all[1] = "--manifests";
        all[2] = manifests.toString();
        System.arraycopy(args, 0, all, 3, args.length);
        int exit = Cli.commandLine(new PrintWriter(out), new PrintWriter(err)).execute(all);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void anAdminDenyDecidesBeforeTheNamespaceOwnersPolicy() {
        Run run = explain(GUARDRAILS, "--from", "globex-web/site", "--to", "acme-shop/web", "--port", "8080");
        assertEquals(0, run.exit(), run.err());
        assertEquals("""
                globex-web/site -> acme-shop/web on TCP 8080: REFUSED
                  egress of globex-web/site: no rule of ClusterNetworkPolicy/always-allow-dns-and-monitoring matches \
                and no network policy isolates it, so it is allowed
                  ingress of acme-shop/web: Admin tier, ClusterNetworkPolicy/tenant-walls-acme ingress[0] Deny
                """, run.out());
    }

    @Test
    void withoutAPortEachSetOfPortsNamesWhoDecidedIt() {
        Run run = explain(GUARDRAILS, "--from", "monitoring/prometheus", "--to", "acme-shop/web");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().startsWith("monitoring/prometheus -> acme-shop/web: allowed TCP:9113\n"), run.out());
        assertTrue(run.out().contains("""
                    TCP:9113: Admin tier, ClusterNetworkPolicy/always-allow-dns-and-monitoring ingress[0] Accept
                    SCTP:1-65535,TCP:1-9112,TCP:9114-65535,UDP:1-65535: isolated by acme-shop/web-and-orders, no rule \
                of theirs admits it
                """), run.out());
    }

    @Test
    void theBaselineDecidesWhatNoNamespacePolicyIsolates() {
        Run run = explain(GUARDRAILS, "--from", "acme-shop/web", "--to", "acme-data/postgres", "--port", "5432");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("acme-shop/web -> acme-data/postgres on TCP 5432: REFUSED"), run.out());
        assertTrue(run.out().contains("ingress of acme-data/postgres: isolated by acme-data/postgres-from-orders, "
                + "no rule of theirs admits it"), run.out());
        Run baseline = explain(GUARDRAILS, "--from", "acme-shop/web", "--to", "globex-web/site", "--port", "8080");
        assertTrue(baseline.out().contains("ingress of globex-web/site: Admin tier, "
                + "ClusterNetworkPolicy/tenant-walls-globex ingress[0] Deny"), baseline.out());
        Run internal = explain(GUARDRAILS, "--from", "kube-system/coredns", "--to", "globex-web/site", "--port", "80");
        assertTrue(internal.out().contains("ingress of globex-web/site: Baseline tier, "
                + "ClusterNetworkPolicy/default-deny ingress[0] Deny"), internal.out());
    }

    @Test
    void theJsonNamesEachDecision() throws Exception {
        Run run = explain(GUARDRAILS, "--from", "monitoring/prometheus", "--to", "acme-shop/web", "--port", "9113",
                "--format", "json");
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertEquals("allowed", json.get("verdict").asText());
        JsonNode decision = json.get("ingress").get("decisions").get(0);
        assertEquals("cluster-tier rule", decision.get("by").asText());
        assertEquals("Admin", decision.get("tier").asText());
        assertEquals("ClusterNetworkPolicy/always-allow-dns-and-monitoring ingress[0]", decision.get("rule").asText());
        assertEquals("Accept", decision.get("action").asText());
        assertEquals(1, json.get("members").size());
    }

    /** A Deployment mid-rollout: its two revisions are admitted on different ports; explain shows each member pair. */
    @Test
    void aWorkloadWhoseMembersDifferShowsEachKindOfMemberPair(@org.junit.jupiter.api.io.TempDir Path tmp)
            throws Exception {
        java.nio.file.Files.writeString(tmp.resolve("rollout.yaml"), """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web, namespace: shop}
                spec: {template: {metadata: {labels: {app: web, version: v2}}, spec: {containers: [{name: c}]}}}
                ---
                apiVersion: v1
                kind: List
                items:
                - apiVersion: v1
                  kind: Pod
                  metadata:
                    name: web-old
                    namespace: shop
                    labels: {app: web, version: v1}
                    ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: web, uid: u, controller: true}]
                - apiVersion: v1
                  kind: Pod
                  metadata:
                    name: web-new
                    namespace: shop
                    labels: {app: web, version: v2}
                    ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: web, uid: u, controller: true}]
                - apiVersion: v1
                  kind: Pod
                  metadata: {name: client, namespace: shop, labels: {app: client}}
                - apiVersion: networking.k8s.io/v1
                  kind: NetworkPolicy
                  metadata: {name: v1, namespace: shop}
                  spec:
                    podSelector: {matchLabels: {version: v1}}
                    ingress: [{ports: [{port: 8080}]}]
                - apiVersion: networking.k8s.io/v1
                  kind: NetworkPolicy
                  metadata: {name: v2, namespace: shop}
                  spec:
                    podSelector: {matchLabels: {version: v2}}
                    ingress: [{ports: [{port: 8443}]}]
                """);
        Run run = explain(tmp, "--from", "shop/client", "--to", "shop/web[Deployment]");
        assertEquals(0, run.exit(), run.err());
        assertEquals("""
                shop/client -> shop/web[Deployment]: allowed TCP:8080,TCP:8443
                  the members differ; what is allowed is the union over these member pairs:
                  shop/client -> shop/web-old: allowed TCP:8080
                    egress of shop/client: not isolated (no policy selects it for this direction), so everything is allowed
                    ingress of shop/web-old: isolated by shop/v1
                      shop/v1 ingress[0] admits TCP:8080
                  shop/client -> shop/web-new: allowed TCP:8443
                    egress of shop/client: not isolated (no policy selects it for this direction), so everything is allowed
                    ingress of shop/web-new: isolated by shop/v2
                      shop/v2 ingress[0] admits TCP:8443
                """, run.out());
    }

    @Test
    void withoutClusterTierPoliciesTheTextIsAsBefore() {
        Run run = explain(SHOP, "--from", "staging/api[Deployment]", "--to", "prod/db[StatefulSet]", "--port", "3306");
        assertEquals("""
                staging/api[Deployment] -> prod/db[StatefulSet] on TCP 3306: REFUSED
                  egress of staging/api[Deployment]: not isolated (no policy selects it for this direction), so everything is allowed
                  ingress of prod/db[StatefulSet]: isolated by prod/default-deny-ingress, prod/db-from-api-and-backup
                    no rule of these policies admits TCP 3306
                """, run.out());
    }
}
