package dev.netpolauditor.api;

import static dev.netpolauditor.report.xlsx.SummaryCells.number;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netpolauditor.api.ApiClient.Answer;
import dev.netpolauditor.store.Database;
import dev.netpolauditor.store.ReportStore;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reports of stored snapshots through the API: the files downloaded, their numbers against
 * the API's, the evidence kept of them, its hash chain, and verification of a file.
 */
class ReportsApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path tmp;

    private static EmbeddedServer server;
    private static ApiClient api;
    private static ApiClient auditor;
    private static String auditorToken;

    @BeforeAll
    static void startService() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("micronaut.server.port", -1);
        properties.put("netpol-auditor.database.embedded-data-dir", tmp.resolve("postgres").toString());
        properties.put("netpol-auditor.scheduler.enabled", "false");
        properties.put("netpol-auditor.clusters.demo.manifests", "classpath:examples/web-api-db");
        properties.put("netpol-auditor.clusters.tampered.manifests", "classpath:examples/web-api-db");
        server = ApplicationContext.run(EmbeddedServer.class, ApiClient.withAdminToken(properties));
        api = new ApiClient(server.getURI(), ApiClient.ADMIN_TOKEN);
        for (String cluster : new String[] {"demo", "demo", "tampered"}) {
            Answer taken = api.post("/api/v1/clusters/" + cluster + "/snapshots?wait=true");
            assertEquals(201, taken.status(), taken::toString);
        }
        Answer created = api.post("/api/v1/tokens", "{\"name\": \"reports\", \"role\": \"auditor\"}");
        assertEquals(201, created.status(), created::toString);
        auditorToken = created.json().get("token").asText();
        auditor = api.as(auditorToken);
    }

    @AfterAll
    static void stopService() {
        if (server != null) {
            server.getApplicationContext().close();
        }
    }

    private record Download(int status, String contentType, Map<String, java.util.List<String>> headers,
            byte[] body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst().orElse(null);
        }
    }

    private static Download download(String path) throws Exception {
        HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(server.getURI().resolve(path))
                .header("Authorization", "Bearer " + auditorToken).timeout(Duration.ofSeconds(60)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        return new Download(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                response.headers().map(), response.body());
    }

    private static JsonNode verify(byte[] file, String contentType) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                        server.getURI().resolve("/api/v1/reports/verify"))
                .header("Authorization", "Bearer " + auditorToken).header("Content-Type", contentType)
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(file)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response::body);
        return JSON.readTree(response.body());
    }

    @Test
    void theWorkbookHasTheNumbersTheApiShowsAndIsKeptAsEvidence() throws Exception {
        JsonNode snapshot = api.get("/api/v1/clusters/demo/snapshots/latest").json();
        long id = snapshot.get("id").asLong();
        Download file = download("/api/v1/clusters/demo/snapshots/" + id + "/report.xlsx");
        assertEquals(200, file.status(), () -> new String(file.body(), StandardCharsets.UTF_8));
        assertTrue(file.contentType().startsWith(ReportDownloadController.XLSX), file.contentType());
        assertEquals("attachment; filename=\"netpol-compliance-demo-snapshot-" + id + ".xlsx\"",
                file.header("Content-Disposition"));
        assertEquals(ReportStore.sha256(file.body()), file.header("X-Report-SHA256"));

        JsonNode analysis = snapshot.get("analysis");
        JsonNode open = analysis.get("openFindings");
        long openFindings = open.get("high").asLong() + open.get("medium").asLong() + open.get("low").asLong()
                + open.get("info").asLong();
        long findings = api.get("/api/v1/clusters/demo/snapshots/" + id + "/findings?limit=1").json()
                .get("total").asLong();
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(file.body()))) {
            XSSFSheet summary = workbook.getSheet("Summary");
            assertEquals(analysis.get("score").asInt(), (int) number(summary, "Score (out of 100)"));
            assertEquals(analysis.get("endpoints").asLong(), (long) number(summary, "Endpoints"));
            assertEquals(openFindings, (long) number(summary, "Open findings"));
            assertEquals(findings, workbook.getSheet("Findings").getLastRowNum());
        }

        long reportId = Long.parseLong(file.header("X-Report-Id"));
        JsonNode report = auditor.get("/api/v1/reports/" + reportId).json();
        assertEquals("demo", report.get("cluster").asText());
        assertEquals("compliance", report.get("kind").asText());
        assertEquals("xlsx", report.get("format").asText());
        assertEquals(id, report.get("snapshotIds").get(0).asLong());
        assertEquals(2, report.get("snapshotIds").size(), "the reported snapshot and the earlier one of the trend");
        assertEquals(file.body().length, report.get("size").asLong());
        assertTrue(report.get("createdBy").asText().startsWith("token:"), report::toString);
        Download stored = download("/api/v1/reports/" + reportId + "/file");
        assertEquals(200, stored.status());
        assertArrayEquals(file.body(), stored.body());
    }

    @Test
    void csvAndJsonDownloadsAreStoredToo() throws Exception {
        Download csv = download("/api/v1/clusters/demo/snapshots/latest/report.csv");
        assertEquals(200, csv.status());
        assertTrue(csv.contentType().startsWith("text/csv"), csv.contentType());
        assertTrue(new String(csv.body(), StandardCharsets.UTF_8).startsWith("rule,"));
        Download json = download("/api/v1/clusters/demo/snapshots/latest/report.json");
        assertEquals(200, json.status());
        JsonNode parsed = JSON.readTree(json.body());
        assertNotNull(parsed);
        JsonNode listed = auditor.get("/api/v1/reports?cluster=demo").json();
        assertTrue(listed.get("total").asLong() >= 2, listed::toString);
        assertTrue(api.get("/api/v1/reports").json().get("total").asLong() >= listed.get("total").asLong());
        assertEquals(404, auditor.get("/api/v1/clusters/demo/snapshots/999999/report.csv").status());
        assertEquals(404, auditor.get("/api/v1/reports/999999").status());
        assertEquals(400, auditor.get("/api/v1/reports/abc").status());
    }

    @Test
    void theChainVerifiesAndATamperedFileIsUnknown() throws Exception {
        byte[] first = download("/api/v1/clusters/demo/snapshots/latest/report.json").body();
        byte[] second = download("/api/v1/clusters/demo/snapshots/latest/report.xlsx").body();
        JsonNode reports = auditor.get("/api/v1/reports?cluster=demo&limit=1000").json().get("items");
        for (int i = 0; i + 1 < reports.size(); i++) {
            assertEquals(reports.get(i + 1).get("sha256").asText(), reports.get(i).get("previousSha256").asText(),
                    "each report names its predecessor's hash");
        }
        assertTrue(reports.get(reports.size() - 1).get("previousSha256").isNull(), "the first names none");
        assertEquals(first.length, reports.get(1).get("size").asLong());

        JsonNode verified = verify(second, "application/octet-stream");
        assertTrue(verified.get("known").asBoolean(), verified::toString);
        assertEquals(ReportStore.sha256(second), verified.get("sha256").asText());
        assertEquals("xlsx", verified.get("report").get("format").asText());
        assertTrue(verified.get("chain").get("intact").asBoolean(), verified::toString);
        JsonNode asJson = verify(first, "application/json");
        assertTrue(asJson.get("known").asBoolean(), "a JSON report sent as application/json: " + asJson);
        JsonNode byHash = auditor.post("/api/v1/reports/verify?sha256=" + ReportStore.sha256(first)).json();
        assertTrue(byHash.get("known").asBoolean(), byHash::toString);

        byte[] tampered = second.clone();
        tampered[tampered.length / 2] ^= 1;
        JsonNode unknown = verify(tampered, "application/octet-stream");
        assertFalse(unknown.get("known").asBoolean(), unknown::toString);
        assertTrue(unknown.get("report").isNull());

        Answer badHash = auditor.post("/api/v1/reports/verify?sha256=xyz");
        assertEquals(400, badHash.status(), badHash::toString);
        assertTrue(badHash.contentType().startsWith(Problem.MEDIA_TYPE));
        assertEquals(400, auditor.post("/api/v1/reports/verify").status(), "no file, no hash");
    }

    @Test
    void aStoredReportAlteredInTheDatabaseBreaksTheChain() throws Exception {
        long first = Long.parseLong(download("/api/v1/clusters/tampered/snapshots/latest/report.csv")
                .header("X-Report-Id"));
        // the same file again (a CSV carries no generation time): equal hashes, distinct reports
        download("/api/v1/clusters/tampered/snapshots/latest/report.csv");
        byte[] third = download("/api/v1/clusters/tampered/snapshots/latest/report.json").body();
        assertTrue(verify(third, "application/octet-stream").get("chain").get("intact").asBoolean());

        // what only someone with the database's owner rights could do: the row trigger forbids it otherwise
        var dsl = server.getApplicationContext().getBean(Database.class).dsl();
        try {
            dsl.execute("UPDATE report SET content = 'x'::bytea WHERE cluster = 'tampered'"
                    + " AND id = (SELECT min(id) FROM report WHERE cluster = 'tampered')");
            fail("the report table took an UPDATE");
        } catch (org.jooq.exception.DataAccessException expected) {
            assertTrue(expected.getMessage().contains("append-only"), expected::getMessage);
        }
        dsl.execute("ALTER TABLE report DISABLE TRIGGER report_no_update_delete");
        dsl.execute("UPDATE report SET content = 'x'::bytea WHERE id = (SELECT min(id) FROM report"
                + " WHERE cluster = 'tampered')");
        dsl.execute("ALTER TABLE report ENABLE TRIGGER report_no_update_delete");

        JsonNode verified = verify(third, "application/octet-stream");
        assertTrue(verified.get("known").asBoolean());
        JsonNode chain = verified.get("chain");
        assertFalse(chain.get("intact").asBoolean(), chain::toString);
        assertEquals(3, chain.get("reports").asInt());
        assertEquals(first, chain.get("brokenAt").asLong());
    }
}
