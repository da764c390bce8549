package dev.netpolauditor.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netpolauditor.api.ApiClient.Answer;
import dev.netpolauditor.cli.Cli;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Evidence never changes after it is issued: the report of a stored snapshot comes from what was
 * stored with it, the settings included. Changing the cluster's exceptions and tenants files
 * after a snapshot leaves that snapshot's reports byte-identical (with SOURCE_DATE_EPOCH fixed)
 * and its API answers as they were; the next snapshot is analysed under the new files.
 */
class FrozenReportsApiTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String CLUSTER = "/api/v1/clusters/shop";

    private static final String EXCEPTIONS_BEFORE = """
            exceptions:
              - rule: NP-COV-002
                subject: prod/*
                owner: platform-team
                justification: Egress lock-down is planned for Q2.
                expires: 2099-12-31
            """;
    private static final String EXCEPTIONS_AFTER = """
            exceptions:
              - rule: NP-COV-002
                subject: prod/*
                owner: security-team
                justification: Re-approved after the Q2 review.
                expires: 2099-12-31
              - rule: NP-COV-004
                subject: staging
                owner: qa-team
                justification: Staging is rebuilt weekly.
                expires: 2099-12-31
            """;
    private static final String TENANTS_BEFORE = """
            tenants:
              retail: [prod]
              quality: [staging]
            """;
    private static final String TENANTS_AFTER = """
            tenants:
              retail: [prod, staging]
            """;

    @TempDir
    static Path tmp;

    private static EmbeddedServer server;
    private static ApiClient api;
    private static Path exceptions;
    private static Path tenants;

    @BeforeAll
    static void startService() throws Exception {
        exceptions = Files.writeString(tmp.resolve("exceptions.yaml"), EXCEPTIONS_BEFORE);
        tenants = Files.writeString(tmp.resolve("tenants.yaml"), TENANTS_BEFORE);
        Map<String, Object> properties = new HashMap<>();
        properties.put("micronaut.server.port", -1);
        properties.put("netpol-auditor.database.embedded-data-dir", tmp.resolve("postgres").toString());
        properties.put("netpol-auditor.scheduler.enabled", "false");
        properties.put("netpol-auditor.clusters.shop.manifests", "classpath:examples/web-api-db");
        properties.put("netpol-auditor.clusters.shop.exceptions-file", exceptions.toString());
        properties.put("netpol-auditor.clusters.shop.tenants-file", tenants.toString());
        properties.put("source.date.epoch", "1775000000");
        server = ApplicationContext.run(EmbeddedServer.class, ApiClient.withAdminToken(properties));
        api = new ApiClient(server.getURI(), ApiClient.ADMIN_TOKEN);
    }

    @AfterAll
    static void stopService() {
        if (server != null) {
            server.getApplicationContext().close();
        }
    }

    @Test
    void changingTheFilesAfterASnapshotChangesNeitherItsReportsNorItsAnswers() throws Exception {
        long first = snapshot();
        Map<String, byte[]> reports = new HashMap<>();
        for (String format : new String[] {"xlsx", "json", "csv"}) {
            reports.put(format, download(CLUSTER + "/snapshots/" + first + "/report." + format));
        }
        JsonNode findings = api.get(CLUSTER + "/snapshots/" + first + "/findings?limit=1000").json();
        JsonNode tenantMatrix = api.get(CLUSTER + "/snapshots/" + first + "/tenants").json();
        JsonNode settings = api.get(CLUSTER + "/snapshots/" + first + "/settings").json();
        JsonNode prodEgress = finding(findings, "NP-COV-002", "prod/web[Deployment]");
        assertEquals("excepted", prodEgress.get("status").asText());
        assertEquals("platform-team", prodEgress.get("exception").get("owner").asText());
        assertEquals("open", finding(findings, "NP-COV-004", "staging").get("status").asText());
        assertEquals("quality", tenantMatrix.get("namespaceTenants").get("staging").asText());

        Files.writeString(exceptions, EXCEPTIONS_AFTER);
        Files.writeString(tenants, TENANTS_AFTER);

        for (Map.Entry<String, byte[]> report : reports.entrySet()) {
            assertArrayEquals(report.getValue(),
                    download(CLUSTER + "/snapshots/" + first + "/report." + report.getKey()),
                    "the " + report.getKey() + " report of snapshot " + first + " is the one issued before");
        }
        assertEquals(findings, api.get(CLUSTER + "/snapshots/" + first + "/findings?limit=1000").json());
        assertEquals(tenantMatrix, api.get(CLUSTER + "/snapshots/" + first + "/tenants").json());
        assertEquals(settings, api.get(CLUSTER + "/snapshots/" + first + "/settings").json());
        String issued = new String(reports.get("json"), StandardCharsets.UTF_8);
        assertTrue(issued.contains("platform-team") && !issued.contains("security-team")
                && !issued.contains("qa-team"), "the first report shows the exceptions in force then");

        long second = snapshot();
        JsonNode after = api.get(CLUSTER + "/snapshots/" + second + "/findings?limit=1000").json();
        JsonNode stagingBaseline = finding(after, "NP-COV-004", "staging");
        assertEquals("excepted", stagingBaseline.get("status").asText());
        assertEquals("qa-team", stagingBaseline.get("exception").get("owner").asText());
        assertEquals("security-team",
                finding(after, "NP-COV-002", "prod/web[Deployment]").get("exception").get("owner").asText());
        assertEquals("retail", api.get(CLUSTER + "/snapshots/" + second + "/tenants").json()
                .get("namespaceTenants").get("staging").asText());
        String next = new String(download(CLUSTER + "/snapshots/" + second + "/report.json"), StandardCharsets.UTF_8);
        assertTrue(next.contains("qa-team") && next.contains("security-team") && !next.contains("platform-team"),
                next);
        JsonNode secondSettings = api.get(CLUSTER + "/snapshots/" + second + "/settings").json();
        assertTrue(secondSettings.get("known").asBoolean());
        assertEquals(2, secondSettings.get("settings").get("exceptions").size());
        assertNotEquals(settings, secondSettings);

        // both snapshots hold the same objects: only the analysis differs
        JsonNode diff = api.get(CLUSTER + "/diff?from=" + first + "&to=" + second).json();
        assertEquals(0, diff.get("objects").size(), diff::toString);

        reanalysisIsAnExplicitActionBesideTheSnapshotsOwnAnalysis(first, reports, findings);
    }

    /** Re-analysing the first snapshot under today's files: a new analysis beside its own, nothing replaced. */
    private void reanalysisIsAnExplicitActionBesideTheSnapshotsOwnAnalysis(long first, Map<String, byte[]> reports,
            JsonNode findings) throws Exception {
        String reanalyses = CLUSTER + "/snapshots/" + first + "/reanalyses";
        Answer same = api.post(reanalyses);
        assertEquals(409, same.status(), same::toString);
        assertTrue(same.json().get("detail").asText().contains("same result"), same::toString);
        assertEquals(400, api.post(reanalyses + "?settings=tomorrow").status());

        Answer created = api.post(reanalyses + "?settings=current");
        assertEquals(201, created.status(), created::toString);
        JsonNode view = created.json();
        assertEquals(first, view.get("snapshot").asLong());
        assertTrue(view.get("actor").asText().startsWith("token:"), view::toString);
        assertEquals(view.get("self").asText(), created.header("Location"));
        JsonNode detail = api.get(view.get("self").asText()).json();
        JsonNode changed = detail.get("statusChanged");
        assertEquals(1, changed.size(), detail::toString);
        assertEquals("NP-COV-004", changed.get(0).get("finding").get("rule").asText());
        assertEquals("excepted", changed.get(0).get("finding").get("status").asText());
        assertEquals("open", changed.get(0).get("ownStatus").asText());
        // staging joined retail in the new tenants file: the leaks between retail and quality are gone
        assertEquals(0, detail.get("added").size(), detail::toString);
        Set<String> removed = new TreeSet<>();
        detail.get("removed").forEach(f -> removed.add(f.get("rule").asText() + " " + f.get("subject").asText()));
        assertEquals(Set.of("NP-TEN-001 quality -> retail", "NP-TEN-001 retail -> quality"), removed);

        Answer again = api.post(reanalyses + "?settings=current");
        assertEquals(200, again.status(), again::toString);
        assertEquals(view.get("id"), again.json().get("id"), "asked again: the same record");
        assertEquals(1, api.get(reanalyses).json().size());
        assertEquals(404, api.get(reanalyses + "/" + (view.get("id").asLong() + 1000)).status());

        // the CLI asks the running service the same
        Path token = Files.writeString(tmp.resolve("token"), ApiClient.ADMIN_TOKEN + "\n");
        String[] cli = {"reanalyse", "--url", server.getURI().toString(), "--cluster", "shop", "--snapshot",
            String.valueOf(first), "--token-file", token.toString(), "--settings", "current"};
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(0, Cli.commandLine(new PrintWriter(out), new PrintWriter(err)).execute(cli), err::toString);
        assertTrue(err.toString().contains("recorded before: " + view.get("self").asText()), err::toString);
        assertEquals(detail, new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.toString()));
        cli[cli.length - 1] = "stored";
        err = new StringWriter();
        assertEquals(2, Cli.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(err)).execute(cli));
        assertTrue(err.toString().contains("a re-analysis would give the same result (HTTP 409)"), err::toString);

        // the snapshot's own analysis is untouched: its reports and answers are those issued before
        for (Map.Entry<String, byte[]> report : reports.entrySet()) {
            assertArrayEquals(report.getValue(),
                    download(CLUSTER + "/snapshots/" + first + "/report." + report.getKey()));
        }
        assertEquals(findings, api.get(CLUSTER + "/snapshots/" + first + "/findings?limit=1000").json());
        JsonNode log = api.get("/api/v1/audit-log?limit=1000").json();
        int recorded = 0;
        for (JsonNode entry : log.get("items")) {
            recorded += entry.get("action").asText().equals("snapshot.reanalysed") ? 1 : 0;
        }
        assertEquals(1, recorded, "the re-analysis is in the audit log once: " + log);
    }

    @Test
    void settingsAreStoredOnceAndSharedWhileTheFilesDoNotChange() {
        long a = snapshot();
        long b = snapshot();
        JsonNode first = api.get(CLUSTER + "/snapshots/" + a).json();
        JsonNode second = api.get(CLUSTER + "/snapshots/" + b).json();
        assertEquals(first.get("analysis"), second.get("analysis"), "one analysis, shared");
        assertFalse(api.get(CLUSTER + "/snapshots/" + a + "/settings").json().get("settings").isNull());
    }

    private static long snapshot() {
        Answer taken = api.post(CLUSTER + "/snapshots?wait=true");
        assertEquals(201, taken.status(), taken::toString);
        assertEquals("complete", taken.json().get("status").asText(), taken::toString);
        return taken.json().get("id").asLong();
    }

    private static JsonNode finding(JsonNode page, String rule, String subject) {
        for (JsonNode f : page.get("items")) {
            if (f.get("rule").asText().equals(rule) && f.get("subject").asText().equals(subject)) {
                return f;
            }
        }
        throw new AssertionError("no " + rule + " on " + subject + " in " + page);
    }

    private static byte[] download(String path) throws Exception {
        HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(server.getURI().resolve(path))
                .header("Authorization", "Bearer " + ApiClient.ADMIN_TOKEN).timeout(Duration.ofSeconds(60)).GET()
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode(), () -> new String(response.body(), StandardCharsets.UTF_8));
        return response.body();
    }
}
