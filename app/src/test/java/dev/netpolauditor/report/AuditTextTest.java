package dev.netpolauditor.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.netpolauditor.analysis.AnalysisSettings;
import dev.netpolauditor.analysis.Audit;
import dev.netpolauditor.analysis.AuditReport;
import dev.netpolauditor.analysis.FindingException;
import dev.netpolauditor.analysis.Tenancy;
import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.snapshot.ManifestReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The text report, compared whole with golden files under {@code src/test/resources/report/}.
 * After an intended change of the layout, regenerate them with
 * {@code ./mvnw -pl app test -Dtest=AuditTextTest -Dgolden.update=true} and review the diff.
 */
class AuditTextTest {

    private static final Path GOLDEN = Path.of("src/test/resources/report");
    private static final LocalDate TODAY = LocalDate.of(2026, 1, 15);

    @TempDir
    Path tmp;

    /** Tenants with an allowed flow, an excepted and an expired finding: every section shows. */
    @Test
    void multiTenantClusterWithExceptions() throws Exception {
        Tenancy tenancy = new Tenancy("tenant", Map.of("ledger", "finance"), Set.of(),
                Set.of(new Tenancy.TenantPair("retail", "finance")));
        List<FindingException> exceptions = List.of(
                new FindingException("NP-COV-002", "kube-system/*", "DNS must reach the upstream resolvers.",
                        "platform-team", LocalDate.of(2027, 3, 31)),
                new FindingException("NP-TEN-002", "shop-a", "The web shop moves to its own cluster in"
                        + " January; until then its ingress stays open to the load balancer.", "retail-team",
                        LocalDate.of(2025, 12, 31)));
        AuditReport report = Audit.run(cluster(AuditFixture.writeCluster(tmp)),
                new AnalysisSettings(tenancy, exceptions, TODAY));

        String text = AuditText.render(report, new AuditText.Context("clusters/shop", TODAY, tenancy,
                "tenants.yaml", "exceptions.yaml", exceptions.size()));

        assertGolden("multi-tenant.txt", text);
    }

    /** No tenants, no exceptions: the tenant sections are left out. */
    @Test
    void singleTenantClusterWithoutExceptions() throws Exception {
        Path dir = tmp.resolve("plain");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("all.yaml"), """
                apiVersion: v1
                kind: Pod
                metadata: {name: api, namespace: prod, labels: {app: api}}
                spec:
                  containers:
                  - name: api
                    ports: [{name: http, containerPort: 8080}]
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: web, namespace: prod, labels: {app: web}}
                spec:
                  containers: [{name: web}]
                ---
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: api-from-web, namespace: prod}
                spec:
                  podSelector: {matchLabels: {app: api}}
                  ingress:
                  - from: [{podSelector: {matchLabels: {app: web}}}]
                    ports: [{port: http}]
                """);
        Tenancy tenancy = Tenancy.byLabel("tenant");
        AuditReport report = Audit.run(cluster(dir), new AnalysisSettings(tenancy, List.of(), TODAY));

        String text = AuditText.render(report, new AuditText.Context("prod/", TODAY, tenancy, null, null, 0));

        assertGolden("single-namespace.txt", text);
        assertFalse(text.contains("TENANT"), text);
    }

    @Test
    void everyLineFitsAHundredColumnsInPlainAscii() throws Exception {
        Tenancy tenancy = Tenancy.byLabel("tenant");
        AuditReport report = Audit.run(cluster(AuditFixture.writeCluster(tmp)),
                new AnalysisSettings(tenancy, List.of(), TODAY));

        String text = AuditText.render(report, new AuditText.Context("x", TODAY, tenancy, null, null, 0));

        for (String line : text.split("\n", -1)) {
            assertTrue(line.length() <= AuditText.WIDTH, () -> "too long: " + line);
            assertTrue(line.chars().allMatch(c -> c >= 0x20 && c < 0x7f), () -> "not plain ASCII: " + line);
            assertEquals(line.stripTrailing(), line, "trailing blanks");
        }
    }

    @Test
    void percentagesSayNoneAndAllOnlyWhenTheyMeanIt() {
        assertEquals("0%", AuditText.percent(0, 1000));
        assertEquals("1%", AuditText.percent(1, 1000));
        assertEquals("99%", AuditText.percent(999, 1000));
        assertEquals("100%", AuditText.percent(1000, 1000));
        assertEquals("67%", AuditText.percent(2, 3));
        assertEquals("-", AuditText.percent(0, 0));
    }

    private static ClusterState cluster(Path dir) throws Exception {
        return ManifestReader.read(dir);
    }

    private static void assertGolden(String name, String actual) throws IOException {
        Path file = GOLDEN.resolve(name);
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, actual, StandardCharsets.UTF_8);
            return;
        }
        if (!Files.exists(file)) {
            fail("golden file " + file.toAbsolutePath() + " is missing; create it with -Dgolden.update=true");
        }
        assertEquals(Files.readString(file, StandardCharsets.UTF_8), actual,
                () -> "text report differs from " + file + " (after an intended change, rerun with"
                        + " -Dgolden.update=true and review the diff)");
    }
}
