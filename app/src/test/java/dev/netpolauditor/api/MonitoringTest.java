package dev.netpolauditor.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netpolauditor.analysis.AnalysisSettings;
import dev.netpolauditor.analysis.Audit;
import dev.netpolauditor.analysis.AuditInput;
import dev.netpolauditor.analysis.AuditReport;
import dev.netpolauditor.analysis.Tenancy;
import dev.netpolauditor.mail.ReportDeliveries;
import dev.netpolauditor.ops.AnalysisMetrics;
import dev.netpolauditor.snapshot.ManifestReader;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code deploy/monitoring/}: the Grafana dashboard and the PrometheusRule parse, and every
 * metric they use is one a running service exports at {@code /prometheus} (scraped after a
 * snapshot, as Prometheus would). The per-cluster figures equal the audit of the same
 * manifests.
 */
class MonitoringTest {
    private static final Path MONITORING = Path.of("../deploy/monitoring");
    private static final Path DEMO = Path.of("../examples/web-api-db");
    private static final Pattern METRIC = Pattern.compile("\\bnetpol_auditor_[a-z_]+");

    @TempDir
    static Path tmp;

    private static EmbeddedServer server;
    private static ApiClient api;
    private static String scraped;

    @BeforeAll
    static void startScrapeAfterASnapshot() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("micronaut.server.port", -1);
        properties.put("netpol-auditor.database.embedded-data-dir", tmp.resolve("postgres").toString());
        properties.put("netpol-auditor.scheduler.enabled", "false");
        properties.put("netpol-auditor.clusters.demo.manifests", DEMO.toAbsolutePath().toString());
        properties.put("netpol-auditor.clusters.demo.schedule", "*/30 * * * *");
        server = ApplicationContext.run(EmbeddedServer.class, ApiClient.withAdminToken(properties));
        api = new ApiClient(server.getURI(), ApiClient.ADMIN_TOKEN);
        assertEquals(201, api.post("/api/v1/clusters/demo/snapshots?wait=true").status());
        server.getApplicationContext().getBean(ReportDeliveries.class); // the mail deliveries, as the scheduler makes them
        server.getApplicationContext().getBean(AnalysisMetrics.class).refresh();
        ApiClient.Answer answer = api.get("/prometheus", "text/plain");
        assertEquals(200, answer.status(), answer::toString);
        scraped = answer.text();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.getApplicationContext().close();
        }
    }

    /** Metric names of the scrape: each sample line's name. */
    private static Set<String> exported() {
        Set<String> names = new TreeSet<>();
        for (String line : scraped.lines().toList()) {
            Matcher m = METRIC.matcher(line);
            if (!line.startsWith("#") && m.lookingAt()) {
                names.add(m.group());
            }
        }
        return names;
    }

    private static Set<String> used(String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = METRIC.matcher(text);
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }

    @Test
    void theDashboardUsesOnlyExportedMetrics() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(MONITORING.resolve("grafana-dashboard.json").toFile());
        assertEquals("netpol-auditor", dashboard.get("uid").asText());
        List<String> expressions = new ArrayList<>();
        for (JsonNode panel : dashboard.get("panels")) {
            assertFalse(panel.get("targets").isEmpty(), panel.get("title").asText());
            panel.get("targets").forEach(t -> expressions.add(t.get("expr").asText()));
        }
        expressions.add(dashboard.path("templating").toString());
        Set<String> used = used(String.join("\n", expressions));
        assertTrue(used.size() >= 9, used.toString());
        Set<String> missing = new TreeSet<>(used);
        missing.removeAll(exported());
        assertTrue(missing.isEmpty(), "the dashboard uses metrics the service does not export: " + missing
                + "\nexported: " + exported());
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyAlertUsesOnlyExportedMetricsAndSaysWhatHappened() throws Exception {
        Map<String, Object> rule = new Yaml().load(Files.readString(MONITORING.resolve("prometheus-rule.yaml")));
        assertEquals("PrometheusRule", rule.get("kind"));
        List<String> alerts = new ArrayList<>();
        Set<String> used = new TreeSet<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) ((Map<String, Object>) rule.get("spec")).get("groups")) {
            for (Map<String, Object> alert : (List<Map<String, Object>>) group.get("rules")) {
                alerts.add((String) alert.get("alert"));
                used.addAll(used((String) alert.get("expr")));
                assertTrue(((Map<String, Object>) alert.get("labels")).containsKey("severity"), alert.toString());
                assertTrue(((Map<String, Object>) alert.get("annotations")).containsKey("summary"), alert.toString());
            }
        }
        assertTrue(alerts.containsAll(List.of("NetpolAuditorNoCompleteSnapshot", "NetpolAuditorScoreDropped",
                "NetpolAuditorNewHighFinding", "NetpolAuditorMailDeliveriesFailing")), alerts.toString());
        Set<String> missing = new TreeSet<>(used);
        missing.removeAll(exported());
        assertTrue(missing.isEmpty(), "alerts use metrics the service does not export: " + missing);
    }

    @Test
    void theFiguresAreThoseOfTheAudit() throws Exception {
        Tenancy tenancy = Tenancy.byLabel("tenant");
        AuditReport audit = Audit.run(AuditInput.of(ManifestReader.read(DEMO), tenancy),
                new AnalysisSettings(tenancy, List.of(), LocalDate.now(ZoneOffset.UTC)));
        assertEquals((double) audit.score(), value("netpol_auditor_score{cluster=\"demo\"}"));
        long open = audit.findings().stream().filter(f -> f.open()).count();
        double sum = 0;
        for (String line : scraped.lines().filter(l -> l.startsWith("netpol_auditor_findings{")).toList()) {
            sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
        assertEquals((double) open, sum);
        assertEquals(1.0, value("netpol_auditor_findings{cluster=\"demo\",rule=\"NP-COV-001\",severity=\"high\"}"));
        assertEquals(0.0, value("netpol_auditor_findings{cluster=\"demo\",rule=\"NP-PERM-004\",severity=\"high\"}"));
        // the first snapshot brings every open finding
        assertEquals((double) audit.openBySeverity().get(dev.netpolauditor.analysis.Severity.HIGH),
                value("netpol_auditor_findings_new{cluster=\"demo\",severity=\"high\"}"));
        assertEquals(0.75, value("netpol_auditor_isolated_ratio{cluster=\"demo\",direction=\"ingress\"}"), 1e-9);
        assertEquals(1800.0, value("netpol_auditor_snapshot_period_seconds{cluster=\"demo\"}"));
        assertEquals(0.0, value("netpol_auditor_tenant_pairs_open{cluster=\"demo\"}"));
        assertEquals(0.0, value("netpol_auditor_mail_deliveries_total{outcome=\"failed\"}"));
    }

    private static double value(String series) {
        return scraped.lines().filter(l -> l.startsWith(series + " ")).findFirst()
                .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .orElseThrow(() -> new AssertionError(series + " not in\n" + scraped));
    }
}
