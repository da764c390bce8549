package dev.netpolauditor.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.netpolauditor.api.ApiClient.Answer;
import dev.netpolauditor.mail.ComplianceReminders;
import dev.netpolauditor.mail.ReportDeliveries;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Periodic reviews (PCI DSS v4 1.2.7), end to end on the embedded PostgreSQL with GreenMail and a
 * clock the test moves: the control fails without a review, passes from the snapshot after one is
 * recorded, still on the last day of the interval and fails the day after; the review joins the
 * evidence hash chain; the Summary and the API show the last review; the recipients are reminded
 * once when a review is due.
 */
class ReviewsApiTest {
    private static final Instant START = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(250))
            .plus(Duration.ofHours(10));
    private static final String SECOPS = "secops@example.com";
    private static final String CONTROL = "PCI DSS v4.0 1.2.7";

    @TempDir
    static Path tmp;

    private static final MovableClock CLOCK = new MovableClock(START);
    private static ApplicationContext context;
    private static ApiClient admin;
    private static ApiClient alice;
    private static ApiClient viewer;
    private static GreenMail smtp;

    @BeforeAll
    static void startService() throws Exception {
        int smtpPort;
        try (ServerSocket free = new ServerSocket(0)) {
            smtpPort = free.getLocalPort();
        }
        smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        Map<String, Object> properties = new HashMap<>();
        properties.put("micronaut.server.port", -1);
        properties.put("netpol-auditor.database.embedded-data-dir", tmp.resolve("postgres").toString());
        properties.put("netpol-auditor.scheduler.enabled", "false");
        properties.put("netpol-auditor.clusters.demo.manifests", "classpath:examples/web-api-db");
        properties.put("netpol-auditor.mail.smtp.host", "127.0.0.1");
        properties.put("netpol-auditor.mail.smtp.port", smtpPort);
        properties.put("netpol-auditor.mail.smtp.tls", "none");
        properties.put("netpol-auditor.mail.from", "netpol-auditor@example.com");
        context = ApplicationContext.builder().properties(ApiClient.withAdminToken(properties)).singletons(CLOCK)
                .start();
        EmbeddedServer server = context.getBean(EmbeddedServer.class).start();
        admin = new ApiClient(server.getURI(), ApiClient.ADMIN_TOKEN);
        alice = admin.as(token("alice", "auditor"));
        viewer = admin.as(token("reader", "viewer"));
    }

    @AfterAll
    static void stop() {
        if (context != null) {
            context.close();
        }
        if (smtp != null) {
            smtp.stop();
        }
    }

    private static String token(String name, String role) {
        Answer created = admin.post("/api/v1/tokens", "{\"name\": \"" + name + "\", \"role\": \"" + role + "\"}");
        assertEquals(201, created.status(), created::toString);
        return created.json().get("token").asText();
    }

    private static long snapshot() {
        Answer taken = admin.post("/api/v1/clusters/demo/snapshots?wait=true");
        assertEquals(201, taken.status(), taken::toString);
        return taken.json().get("id").asLong();
    }

    private static JsonNode summary(long snapshot) {
        Answer report = admin.get("/api/v1/clusters/demo/snapshots/" + snapshot + "/report.json");
        assertEquals(200, report.status(), report::toString);
        return report.json().get("summary");
    }

    /** The review control's row, or null when the report has none. */
    private static JsonNode control(long snapshot) {
        for (JsonNode c : summary(snapshot).get("controls")) {
            if (c.get("control").asText().equals(CONTROL)) {
                return c;
            }
        }
        return null;
    }

    private static List<MimeMessage> mailTo(String address) throws Exception {
        List<MimeMessage> out = new ArrayList<>();
        for (MimeMessage m : smtp.getReceivedMessages()) {
            if (m.getAllRecipients()[0].toString().equals(address)) {
                out.add(m);
            }
        }
        return out;
    }

    @Test
    void theReviewControlPassesWithinTheIntervalAfterAReviewAndFailsTheDayAfterItRunsOut() throws Exception {
        CLOCK.set(START);
        long untracked = snapshot();
        assertEquals(null, control(untracked), "reviews not tracked: no review control");
        assertFalse(summary(untracked).has("lastReview"));

        Answer on = admin.send("PUT", "/api/v1/clusters/demo/compliance", "{\"reviews\": true,"
                + " \"reviewRecipients\": [\"" + SECOPS + "\"]}");
        assertEquals(200, on.status(), on::toString);
        assertTrue(on.json().get("reviewOverdue").asBoolean());
        assertEquals(400, admin.send("PUT", "/api/v1/clusters/demo/compliance", "{\"reviews\": true,"
                + " \"reviewRecipients\": [\"secops\"]}").status());

        long never = snapshot();
        JsonNode failing = control(never);
        assertFalse(failing.get("passed").asBoolean(), failing::toString);
        assertTrue(failing.get("basis").asText().contains("none recorded"), failing::toString);

        // due at once: the recipients are reminded, once
        ComplianceReminders reminders = context.getBean(ComplianceReminders.class);
        ReportDeliveries deliveries = context.getBean(ReportDeliveries.class);
        assertEquals(1, reminders.run(CLOCK.instant()));
        assertEquals(0, reminders.run(CLOCK.instant()));
        deliveries.run(CLOCK.instant());
        assertEquals(1, mailTo(SECOPS).size());
        assertEquals("netpol-auditor: the periodic review of demo is due", mailTo(SECOPS).getFirst().getSubject());

        assertEquals(403, viewer.post("/api/v1/clusters/demo/reviews", "{\"snapshot\": \"" + never
                + "\", \"outcome\": \"confirmed\"}").status(), "a viewer cannot record a review");
        Answer bad = alice.post("/api/v1/clusters/demo/reviews", "{\"snapshot\": \"" + never
                + "\", \"outcome\": \"fine\"}");
        assertEquals(400, bad.status());
        assertEquals("outcome 'fine': use confirmed or changes-required", bad.json().get("detail").asText());
        Answer recorded = alice.post("/api/v1/clusters/demo/reviews", "{\"snapshot\": \"" + never
                + "\", \"outcome\": \"confirmed\", \"notes\": \"Every rule still has its owner.\"}");
        assertEquals(201, recorded.status(), recorded::toString);
        long reportId = recorded.json().get("reportId").asLong();

        // the review is evidence in the cluster's hash chain
        Answer evidence = alice.get("/api/v1/reports/" + reportId);
        assertEquals("review", evidence.json().get("kind").asText());
        assertEquals(List.of(never), List.of(evidence.json().get("snapshotIds").get(0).asLong()));
        Answer file = alice.get("/api/v1/reports/" + reportId + "/file");
        assertTrue(file.text().contains("\"outcome\":\"confirmed\"") && file.text().contains("Every rule still has"),
                file::toString);
        Answer verified = alice.post("/api/v1/reports/verify?sha256=" + evidence.json().get("sha256").asText());
        assertTrue(verified.json().get("known").asBoolean(), verified::toString);
        assertTrue(verified.json().toString().contains("\"intact\":true"), verified::toString);

        LocalDate reviewed = LocalDate.ofInstant(CLOCK.instant(), ZoneOffset.UTC);
        long after = snapshot();
        assertTrue(control(after).get("passed").asBoolean(), () -> control(after).toString());
        JsonNode last = summary(after).get("lastReview");
        assertTrue(last.get("reviewer").asText().endsWith(":alice"), last::toString);
        assertEquals(reviewed.plusMonths(6).toString(), last.get("due").asText());
        assertFalse(control(never).get("passed").asBoolean(), "the snapshot before keeps its answer");

        JsonNode state = viewer.get("/api/v1/clusters/demo/compliance").json();
        assertEquals(recorded.json().get("id").asLong(), state.get("lastReview").get("id").asLong());
        assertEquals(reviewed.plusMonths(6).toString(), state.get("reviewDue").asText());
        assertFalse(state.get("reviewOverdue").asBoolean());
        assertEquals(1, viewer.get("/api/v1/clusters/demo/reviews").json().get("total").asLong());

        // the last day of the interval still passes, without a reminder; the day after fails, with one
        CLOCK.set(reviewed.plusMonths(6).atTime(12, 0).toInstant(ZoneOffset.UTC));
        assertTrue(control(snapshot()).get("passed").asBoolean());
        CLOCK.set(reviewed.plusMonths(6).minusDays(1).atTime(12, 0).toInstant(ZoneOffset.UTC));
        assertEquals(0, reminders.run(CLOCK.instant()), "not due yet");
        CLOCK.set(reviewed.plusMonths(6).plusDays(1).atTime(9, 0).toInstant(ZoneOffset.UTC));
        long runOut = snapshot();
        JsonNode lapsed = control(runOut);
        assertFalse(lapsed.get("passed").asBoolean(), lapsed::toString);
        assertTrue(lapsed.get("basis").asText().contains("the next was due by " + reviewed.plusMonths(6)),
                lapsed::toString);
        assertTrue(summary(runOut).get("lastReview").get("overdue").asBoolean());
        assertEquals(1, reminders.run(CLOCK.instant()));
        deliveries.run(CLOCK.instant());
        assertEquals(2, mailTo(SECOPS).size(), "one more reminder: the review ran out");
        String body = ManagedExceptionsApiTest.text(mailTo(SECOPS).get(1).getContent());
        assertTrue(body.contains("it counts through " + reviewed.plusMonths(6)), body);

        // the Summary sheet of the snapshot after the review names it
        java.net.http.HttpResponse<byte[]> xlsx = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(context.getBean(EmbeddedServer.class).getURI()
                        .resolve("/api/v1/clusters/demo/snapshots/" + after + "/report.xlsx"))
                        .header("Authorization", "Bearer " + ApiClient.ADMIN_TOKEN).GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, xlsx.statusCode());
        Map<String, String> facts = new HashMap<>();
        try (var workbook = new org.apache.poi.xssf.usermodel.XSSFWorkbook(
                new java.io.ByteArrayInputStream(xlsx.body()))) {
            for (var row : workbook.getSheet("Summary")) {
                if (row.getCell(0) != null && row.getCell(1) != null
                        && row.getCell(0).getCellType() == org.apache.poi.ss.usermodel.CellType.STRING) {
                    facts.put(row.getCell(0).getStringCellValue(), row.getCell(1).toString());
                }
            }
        }
        assertTrue(facts.getOrDefault("Last periodic review", "").contains(":alice: confirmed (snapshot " + never
                + ")"), facts::toString);
        assertTrue(facts.containsKey("Next review due by"), facts::toString);
    }
}
