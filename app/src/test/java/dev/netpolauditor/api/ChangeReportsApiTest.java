package dev.netpolauditor.api;

import static dev.netpolauditor.report.xlsx.SummaryCells.number;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netpolauditor.api.ApiClient.Answer;
import dev.netpolauditor.service.Snapshot;
import dev.netpolauditor.service.SnapshotCatalog;
import dev.netpolauditor.service.StoredReports;
import dev.netpolauditor.store.ReportStore;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Change reports between stored snapshots through the API: two snapshots of the golden diff
 * case diff-scope-changes (from/, then to/, tenants by label team). The files' numbers and rows
 * against the API's diff of the same snapshots, the evidence kept ([to, from]) and verified, a
 * cluster with one snapshot (nothing to compare), and the subscription entry point
 * {@link StoredReports#changeSincePreviousReport}.
 */
class ChangeReportsApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Path CASE = Path.of("src/test/resources/golden/diff-scope-changes");

    @TempDir
    static Path tmp;

    private static EmbeddedServer server;
    private static ApiClient api;
    private static String auditorToken;
    private static long before;
    private static long after;

    @BeforeAll
    static void startService() throws Exception {
        Path live = Files.createDirectories(tmp.resolve("chg"));
        Map<String, Object> properties = new HashMap<>();
        properties.put("micronaut.server.port", -1);
        properties.put("netpol-auditor.database.embedded-data-dir", tmp.resolve("postgres").toString());
        properties.put("netpol-auditor.scheduler.enabled", "false");
        properties.put("netpol-auditor.clusters.chg.manifests", live.toString());
        properties.put("netpol-auditor.clusters.chg.tenant-label", "team");
        properties.put("netpol-auditor.clusters.solo.manifests", "classpath:examples/web-api-db");
        server = ApplicationContext.run(EmbeddedServer.class, ApiClient.withAdminToken(properties));
        api = new ApiClient(server.getURI(), ApiClient.ADMIN_TOKEN);
        before = take(live, "from", "chg");
        after = take(live, "to", "chg");
        assertEquals(201, api.post("/api/v1/clusters/solo/snapshots?wait=true").status());
        Answer created = api.post("/api/v1/tokens", "{\"name\": \"changes\", \"role\": \"auditor\"}");
        assertEquals(201, created.status(), created::toString);
        auditorToken = created.json().get("token").asText();
    }

    private static long take(Path live, String side, String cluster) throws Exception {
        for (String file : List.of("namespaces.yaml", "pods.yaml", "policy.yaml")) {
            Files.copy(CASE.resolve(side).resolve(file), live.resolve(file),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Answer taken = api.post("/api/v1/clusters/" + cluster + "/snapshots?wait=true");
        assertEquals(201, taken.status(), taken::toString);
        Thread.sleep(20);
        return taken.json().get("id").asLong();
    }

    @AfterAll
    static void stopService() {
        if (server != null) {
            server.getApplicationContext().close();
        }
    }

    private record Download(int status, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst().orElse(null);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private static Download download(String path) throws Exception {
        HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(server.getURI().resolve(path))
                .header("Authorization", "Bearer " + auditorToken).timeout(Duration.ofSeconds(60)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        return new Download(response.statusCode(), response.headers().map(), response.body());
    }

    private static JsonNode diff() {
        Answer answer = api.get("/api/v1/clusters/chg/diff?from=" + before + "&to=" + after
                + "&withCauses=true&limit=1000");
        assertEquals(200, answer.status(), answer::toString);
        return answer.json();
    }

    private static long count(JsonNode changes, String change) {
        long n = 0;
        for (JsonNode c : changes) {
            n += c.get("change").asText().equals(change) ? 1 : 0;
        }
        return n;
    }

    @Test
    void theWorkbookHasTheDiffsNumbersAndIsVerifiableEvidence() throws Exception {
        Download file = download("/api/v1/clusters/chg/changes/report.xlsx?from=" + before + "&to=" + after);
        assertEquals(200, file.status(), file::text);
        assertEquals("attachment; filename=\"netpol-change-chg-" + before + "-" + after + ".xlsx\"",
                file.header("Content-Disposition"));
        JsonNode diff = diff();
        JsonNode flows = diff.get("connectivity");
        assertTrue(flows.size() > 0);
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(file.body()))) {
            XSSFSheet summary = workbook.getSheet("Change summary");
            assertEquals(count(diff.get("objects"), "changed"), (long) number(summary, "Objects changed"));
            assertEquals(count(diff.get("objects"), "added"), (long) number(summary, "Objects added"));
            assertEquals(count(flows, "added"), (long) number(summary, "Flows newly allowed"));
            assertEquals(count(flows, "removed"), (long) number(summary, "Flows no longer allowed"));
            assertEquals(count(flows, "changed"), (long) number(summary, "Flows allowed on other ports"));
            assertEquals(count(diff.get("findings"), "new"), (long) number(summary, "Findings new"));
            assertEquals(count(diff.get("findings"), "resolved"), (long) number(summary, "Findings resolved"));
            assertEquals(count(diff.get("findings"), "incomparable"),
                    (long) number(summary, "Findings incomparable (subject gone)"));
            XSSFSheet sheet = workbook.getSheet("Connectivity changes");
            assertEquals(diff.get("connectivityTotal").asInt(), sheet.getLastRowNum());
            for (int i = 0; i < flows.size(); i++) {
                Row row = sheet.getRow(i + 1);
                JsonNode flow = flows.get(i);
                assertEquals(flow.get("from").asText() + " -> " + flow.get("to").asText(),
                        row.getCell(1).getStringCellValue() + " -> " + row.getCell(2).getStringCellValue());
                assertEquals(flow.get("causes").get(0).get("text").asText(),
                        row.getCell(6).getStringCellValue().split("; ")[0]);
            }
            assertEquals(diff.get("findings").size(), workbook.getSheet("Finding changes").getLastRowNum());
            assertEquals(diff.get("tenantPairs").size(), workbook.getSheet("Tenant pairs").getLastRowNum());
        }

        long id = Long.parseLong(file.header("X-Report-Id"));
        JsonNode report = api.get("/api/v1/reports/" + id).json();
        assertEquals("change", report.get("kind").asText());
        assertEquals(List.of(after, before), List.of(report.get("snapshotIds").get(0).asLong(),
                report.get("snapshotIds").get(1).asLong()));
        JsonNode verified = api.as(auditorToken).send("POST", "/api/v1/reports/verify?sha256="
                + ReportStore.sha256(file.body()), null).json();
        assertTrue(verified.get("known").asBoolean(), verified::toString);
        assertEquals(id, verified.get("report").get("id").asLong());
        assertTrue(verified.get("chain").get("intact").asBoolean(), verified::toString);
        Download stored = download("/api/v1/reports/" + id + "/file");
        assertEquals(ReportStore.sha256(file.body()), ReportStore.sha256(stored.body()));
    }

    /** Without from and to: the latest snapshot and the one before it; the JSON's sections are the diff's. */
    @Test
    void jsonByDefaultComparesTheLatestWithTheSnapshotBeforeIt() throws Exception {
        Download file = download("/api/v1/clusters/chg/changes/report.json");
        assertEquals(200, file.status(), file::text);
        JsonNode json = JSON.readTree(file.body());
        assertEquals(before, json.get("header").get("from").get("snapshot").asLong());
        assertEquals(after, json.get("header").get("to").get("snapshot").asLong());
        JsonNode diff = diff();
        for (String section : List.of("connectivity", "findings", "relabelled", "namespacePairs", "tenantPairs")) {
            assertEquals(diff.get(section), json.get(section), section);
        }
        assertEquals(diff.get("objects").size(), json.get("objects").size());
    }

    @Test
    void csvHasOneRowPerChangedFlow() throws Exception {
        Download file = download("/api/v1/clusters/chg/changes/report.csv?from=" + before + "&to=latest");
        assertEquals(200, file.status(), file::text);
        List<String> lines = file.text().lines().toList();
        assertEquals("change,from,to,before,after,cause_kinds,causes", lines.getFirst());
        assertEquals(diff().get("connectivityTotal").asInt() + 1, lines.size());
    }

    @Test
    void aClusterWithOneSnapshotHasNothingToCompare() throws Exception {
        Download file = download("/api/v1/clusters/solo/changes/report.json");
        assertEquals(200, file.status(), file::text);
        JsonNode json = JSON.readTree(file.body());
        assertTrue(json.get("header").get("from").isNull(), json::toString);
        assertTrue(json.get("header").get("note").asText().contains("nothing to compare with"));
        assertEquals(0, json.get("connectivity").size());
        long id = Long.parseLong(file.header("X-Report-Id"));
        assertEquals(1, api.get("/api/v1/reports/" + id).json().get("snapshotIds").size());
        assertTrue(file.header("Content-Disposition").contains("netpol-change-solo-none-"), file.headers()::toString);
    }

    @Test
    void mistakesAreProblems() throws Exception {
        assertEquals(400, download("/api/v1/clusters/chg/changes/report.xlsx?from=" + after + "&to=" + before)
                .status(), "from later than to");
        assertEquals(400, download("/api/v1/clusters/chg/changes/report.xlsx?from=abc").status());
        assertEquals(400, download("/api/v1/clusters/chg/changes/report.xlsx?from=" + before
                + "&fromAt=2026-01-01T00:00:00Z").status());
        assertEquals(404, download("/api/v1/clusters/nope/changes/report.xlsx").status());
        assertEquals(404, download("/api/v1/clusters/chg/changes/report.xlsx?from=999999").status());
    }

    /** What a subscription of kind change delivers, call after call. */
    @Test
    void changeSincePreviousReportStartsWhereTheSubscriptionsLastReportEnded() {
        StoredReports reports = server.getApplicationContext().getBean(StoredReports.class);
        SnapshotCatalog catalog = server.getApplicationContext().getBean(SnapshotCatalog.class);
        Snapshot first = catalog.snapshot("chg", before).orElseThrow();
        Snapshot second = catalog.snapshot("chg", after).orElseThrow();
        long subscription = 4242;

        // no report of the subscription yet and nothing before the first snapshot
        StoredReports.Generated none = reports.changeSincePreviousReport(subscription, "chg", first, "json",
                "subscription:" + subscription);
        assertEquals(List.of(before), none.report().snapshotIds());
        assertEquals(subscription, none.report().subscriptionId());
        // from the snapshot the previous report was about
        StoredReports.Generated next = reports.changeSincePreviousReport(subscription, "chg", second, "xlsx",
                "subscription:" + subscription);
        assertEquals(List.of(after, before), next.report().snapshotIds());
        assertEquals("netpol-change-chg-" + before + "-" + after + ".xlsx", next.filename());
        // nothing new since: an empty change report, honestly
        StoredReports.Generated same = reports.changeSincePreviousReport(subscription, "chg", second, "json",
                "subscription:" + subscription);
        assertEquals(List.of(after, after), same.report().snapshotIds());
        assertTrue(new String(same.content(), StandardCharsets.UTF_8).contains("\"flowsNewlyAllowed\" : 0"));

        // another subscription without reports: from the snapshot just before
        StoredReports.Generated fresh = reports.changeSincePreviousReport(4343, "chg", second, "csv", "test");
        assertEquals(List.of(after, before), fresh.report().snapshotIds());
    }
}
