package dev.netpolauditor.api;

import static dev.netpolauditor.report.xlsx.SummaryCells.number;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.netpolauditor.api.ApiClient.Answer;
import dev.netpolauditor.mail.MailSettings;
import dev.netpolauditor.mail.ReportDeliveries;
import dev.netpolauditor.report.ReportTemplates;
import dev.netpolauditor.service.StoredReports;
import dev.netpolauditor.store.DeliveryStore;
import dev.netpolauditor.store.ReportStore;
import dev.netpolauditor.store.SnapshotStore;
import dev.netpolauditor.store.SubscriptionStore;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Subscribed reports by mail, end to end: the service on the embedded PostgreSQL, a real SMTP
 * server (GreenMail) in this JVM, started and stopped to play a mail relay that is down. The
 * delivery runs are called with chosen instants (the schedule's fire times and the retry
 * times), as the every-minute chore would call them, rather than waiting for the clock.
 */
class MailDeliveryTest {
    private static final String FROM = "netpol-auditor@example.com";

    @TempDir
    static Path tmp;

    private static int smtpPort;
    private static EmbeddedServer server;
    private static ApiClient api;
    private static ReportDeliveries deliveries;
    private GreenMail smtp;

    @BeforeAll
    static void startService() throws Exception {
        try (ServerSocket free = new ServerSocket(0)) {
            smtpPort = free.getLocalPort();
        }
        Map<String, Object> properties = new HashMap<>();
        properties.put("micronaut.server.port", -1);
        properties.put("netpol-auditor.database.embedded-data-dir", tmp.resolve("postgres").toString());
        properties.put("netpol-auditor.scheduler.enabled", "false");
        properties.put("netpol-auditor.clusters.demo.manifests", "classpath:examples/web-api-db");
        properties.put("netpol-auditor.mail.smtp.host", "127.0.0.1");
        properties.put("netpol-auditor.mail.smtp.port", smtpPort);
        properties.put("netpol-auditor.mail.smtp.tls", "none");
        properties.put("netpol-auditor.mail.smtp.user", "reports");
        properties.put("netpol-auditor.mail.smtp.password", "secret");
        properties.put("netpol-auditor.mail.smtp.timeout", "5s");
        properties.put("netpol-auditor.mail.from", FROM);
        properties.put("netpol-auditor.mail.max-attempts", 3);
        server = ApplicationContext.run(EmbeddedServer.class, ApiClient.withAdminToken(properties));
        api = new ApiClient(server.getURI(), ApiClient.ADMIN_TOKEN);
        Answer taken = api.post("/api/v1/clusters/demo/snapshots?wait=true");
        assertEquals(201, taken.status(), taken::toString);
        deliveries = server.getApplicationContext().getBean(ReportDeliveries.class);
    }

    @AfterAll
    static void stopService() {
        if (server != null) {
            server.getApplicationContext().close();
        }
    }

    private SmtpRelay relay;

    @AfterEach
    void stopSmtp() throws Exception {
        if (relay != null) {
            relay.close();
            relay = null;
        }
        if (smtp != null) {
            smtp.stop();
            smtp = null;
        }
    }

    /** A mail server that differs from GreenMail as the relay makes it: GreenMail behind a line relay. */
    private void smtpBehindRelay(java.util.function.UnaryOperator<String> fromServer, SmtpRelay.Answer fromClient)
            throws Exception {
        int behind;
        try (ServerSocket free = new ServerSocket(0)) {
            behind = free.getLocalPort();
        }
        smtp = new GreenMail(new ServerSetup(behind, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
                .withConfiguration(GreenMailConfiguration.aConfig().withUser("reports", "secret"));
        smtp.start();
        relay = new SmtpRelay(smtpPort, behind, fromServer, fromClient);
    }

    /** The mail relay comes up (a fresh one: it has received nothing). */
    private void smtpUp() {
        smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
                .withConfiguration(GreenMailConfiguration.aConfig().withUser("reports", "secret"));
        smtp.start();
    }

    private record Subscribed(long id, Instant fire) {}

    /**
     * A subscription due once a day, at the first whole minute at least a minute from now
     * (UTC): its first fire time is one no other test's run reaches before it deletes it.
     */
    private static Subscribed subscribe(String... recipients) {
        Instant fire = Instant.now().truncatedTo(ChronoUnit.MINUTES).plus(2, ChronoUnit.MINUTES);
        ZonedDateTime at = fire.atZone(ZoneOffset.UTC);
        String body = "{\"cluster\": \"demo\", \"recipients\": [\"" + String.join("\", \"", recipients)
                + "\"], \"schedule\": \"" + at.getMinute() + " " + at.getHour() + " * * *\", \"timeZone\": \"UTC\"}";
        Answer created = api.post("/api/v1/subscriptions", body);
        assertEquals(201, created.status(), created::toString);
        return new Subscribed(created.json().get("id").asLong(), fire);
    }

    private static void unsubscribe(Subscribed s) {
        assertEquals(204, api.delete("/api/v1/subscriptions/" + s.id()).status());
    }

    private static JsonNode deliveriesOf(Subscribed s) {
        Answer answer = api.get("/api/v1/subscriptions/" + s.id() + "/deliveries");
        assertEquals(200, answer.status(), answer::toString);
        return answer.json().get("items");
    }

    private static JsonNode deliveryTo(Subscribed s, String recipient) {
        for (JsonNode d : deliveriesOf(s)) {
            if (d.get("recipient").asText().equals(recipient)) {
                return d;
            }
        }
        return fail("no delivery to " + recipient + " in " + deliveriesOf(s));
    }

    private List<MimeMessage> received(String recipient) throws Exception {
        List<MimeMessage> out = new ArrayList<>();
        for (MimeMessage m : smtp.getReceivedMessages()) {
            if (Arrays.stream(m.getRecipients(Message.RecipientType.TO)).anyMatch(a -> a.toString().equals(recipient))) {
                out.add(m);
            }
        }
        return out;
    }

    private static List<JsonNode> reportsOf(Subscribed s) {
        List<JsonNode> out = new ArrayList<>();
        api.get("/api/v1/reports?cluster=demo&limit=1000").json().get("items").forEach(r -> {
            if (r.get("subscriptionId").asLong() == s.id()) {
                out.add(r);
            }
        });
        return out;
    }

    private static BodyPart attachment(MimeMessage mail, String suffix) throws Exception {
        Multipart parts = (Multipart) mail.getContent();
        for (int i = 0; i < parts.getCount(); i++) {
            BodyPart part = parts.getBodyPart(i);
            if (part.getFileName() != null && part.getFileName().endsWith(suffix)) {
                return part;
            }
        }
        return fail("no " + suffix + " attached");
    }

    @Test
    void theScheduledMailArrivesWithTheWorkbookAndItsNumbersAreTheApis() throws Exception {
        smtpUp();
        Subscribed s = subscribe("secops@example.com", "audit@example.org");
        try {
            assertEquals(new ReportDeliveries.Run(0, 0, 0, 0, 0), deliveries.run(s.fire().minusSeconds(1)),
                    "not due before its fire time");
            ReportDeliveries.Run run = deliveries.run(s.fire());
            assertEquals(new ReportDeliveries.Run(2, 1, 2, 0, 0), run, "recorded 2, one report, sent 2");

            JsonNode analysis = api.get("/api/v1/clusters/demo/snapshots/latest").json().get("analysis");
            JsonNode open = analysis.get("openFindings");
            String title = ReportTemplates.bundled().text("branding.title");
            for (String recipient : List.of("secops@example.com", "audit@example.org")) {
                List<MimeMessage> mails = received(recipient);
                assertEquals(1, mails.size(), recipient);
                MimeMessage mail = mails.getFirst();
                assertEquals(title + ": demo scores " + analysis.get("score").asInt() + "/100 ("
                        + open.get("high").asInt() + " high, " + open.get("medium").asInt() + " medium open)",
                        mail.getSubject());
                assertEquals(FROM, mail.getFrom()[0].toString());
                JsonNode delivery = deliveryTo(s, recipient);
                assertEquals("sent", delivery.get("status").asText(), delivery::toString);
                assertEquals(1, delivery.get("attempts").asInt());
                assertEquals(s.fire().toString(), delivery.get("dueAt").asText());
                assertEquals(delivery.get("messageId").asText(), mail.getMessageID());
                assertTrue(mail.getMessageID().matches("<report\\.\\d+\\.\\d+\\.[0-9a-f]{16}@netpol-auditor>"),
                        mail.getMessageID());

                BodyPart xlsx = attachment(mail, ".xlsx");
                long reportId = delivery.get("reportId").asLong();
                long snapshotId = api.get("/api/v1/reports/" + reportId).json().get("snapshotIds").get(0).asLong();
                assertEquals("netpol-compliance-demo-snapshot-" + snapshotId + ".xlsx", xlsx.getFileName());
                assertTrue(xlsx.getContentType().startsWith("application/vnd.openxmlformats"), xlsx.getContentType());
                byte[] file = xlsx.getInputStream().readAllBytes();
                assertEquals(api.get("/api/v1/reports/" + reportId).json().get("sha256").asText(),
                        ReportStore.sha256(file), "the file mailed is the stored evidence, byte for byte");
                try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(file))) {
                    XSSFSheet summary = workbook.getSheet("Summary");
                    assertEquals(analysis.get("score").asInt(), (int) number(summary, "Score (out of 100)"));
                    assertEquals(analysis.get("endpoints").asLong(), (long) number(summary, "Endpoints"));
                    for (String severity : List.of("high", "medium", "low", "info")) {
                        assertEquals(open.get(severity).asLong(), (long) number(summary, severity), severity);
                    }
                    long findings = api.get("/api/v1/clusters/demo/snapshots/" + snapshotId + "/findings?limit=1")
                            .json().get("total").asLong();
                    assertEquals(findings, workbook.getSheet("Findings").getLastRowNum());
                }
            }
            List<JsonNode> reports = reportsOf(s);
            assertEquals(1, reports.size(), "one report for both recipients");
            assertEquals("subscription:" + s.id(), reports.getFirst().get("createdBy").asText());

            assertEquals(new ReportDeliveries.Run(0, 0, 0, 0, 0), deliveries.run(s.fire().plusSeconds(90)),
                    "a due time is recorded once");
            assertEquals(1, received("secops@example.com").size());
        } finally {
            unsubscribe(s);
        }
    }

    @Test
    void smtpDownThenUpDeliversEachDueReportExactlyOnceWithOneMessageId() throws Exception {
        Subscribed s = subscribe("ops@example.com", "cto@example.com");
        try {
            ReportDeliveries.Run down = deliveries.run(s.fire());
            assertEquals(new ReportDeliveries.Run(2, 1, 0, 2, 0), down, "recorded, generated, both to retry");
            JsonNode failed = deliveryTo(s, "ops@example.com");
            assertEquals("pending", failed.get("status").asText());
            assertEquals(1, failed.get("attempts").asInt());
            assertEquals(s.fire().plus(Duration.ofMinutes(1)).toString(), failed.get("nextAttemptAt").asText(),
                    "first retry a minute later");
            assertTrue(failed.get("lastError").asText().contains("127.0.0.1"), failed::toString);
            assertNull(failed.get("sentAt").textValue());

            smtpUp();
            assertEquals(new ReportDeliveries.Run(0, 0, 0, 0, 0), deliveries.run(s.fire().plusSeconds(30)),
                    "nothing is retried before its time");
            assertEquals(new ReportDeliveries.Run(0, 0, 2, 0, 0), deliveries.run(s.fire().plusSeconds(60)));
            assertEquals(new ReportDeliveries.Run(0, 0, 0, 0, 0), deliveries.run(s.fire().plusSeconds(600)));
            for (String recipient : List.of("ops@example.com", "cto@example.com")) {
                List<MimeMessage> mails = received(recipient);
                assertEquals(1, mails.size(), recipient + " gets the report exactly once");
                JsonNode sent = deliveryTo(s, recipient);
                assertEquals("sent", sent.get("status").asText());
                assertEquals(2, sent.get("attempts").asInt());
                assertNull(sent.get("lastError").textValue(), "a sent delivery shows no error");
                assertEquals(s.fire().plusSeconds(60).toString(), sent.get("sentAt").asText());
                assertEquals(sent.get("messageId").asText(), mails.getFirst().getMessageID());
            }
            assertEquals(failed.get("messageId").asText(), deliveryTo(s, "ops@example.com").get("messageId").asText(),
                    "the Message-ID recorded before the failed attempt is the one sent");
            assertEquals(1, reportsOf(s).size(), "a retry sends the report generated for the due time");
        } finally {
            unsubscribe(s);
        }
    }

    /** Runs the retries (after 1 and then 2 more minutes) until the delivery gives up (max-attempts 3). */
    private static void exhaust(Subscribed s) {
        deliveries.run(s.fire().plusSeconds(60));
        assertEquals(new ReportDeliveries.Run(0, 0, 0, 0, 1), deliveries.run(s.fire().plusSeconds(180)));
    }

    @Test
    void aServerThatOffersNoAuthenticationGetsNoMailWhenAUserIsConfigured() throws Exception {
        // GreenMail behind a relay that hides AUTH from its EHLO answer: a server posing as the relay
        smtpBehindRelay(line -> line.startsWith("250-AUTH") ? null : line, line -> null);
        Subscribed s = subscribe("secops@example.com");
        try {
            assertEquals(new ReportDeliveries.Run(1, 1, 0, 1, 0), deliveries.run(s.fire()), "to retry, not sent");
            JsonNode d = deliveryTo(s, "secops@example.com");
            assertEquals("pending", d.get("status").asText());
            assertTrue(d.get("lastError").asText().contains("offers no authentication"), d::toString);
            assertTrue(d.get("lastError").asText().contains("not sent without logging in"), d::toString);
            assertEquals(0, smtp.getReceivedMessages().length, "nothing reached the server unauthenticated");
            exhaust(s);
            assertEquals(0, smtp.getReceivedMessages().length, "nor on a retry");
        } finally {
            unsubscribe(s);
        }
    }

    @Test
    void theSameRelayWithAuthenticationOfferedGetsTheMail() throws Exception {
        // the control for the test above: the relay passes everything, the mail goes through it
        smtpBehindRelay(line -> line, line -> null);
        Subscribed s = subscribe("secops@example.com");
        try {
            assertEquals(new ReportDeliveries.Run(1, 1, 1, 0, 0), deliveries.run(s.fire()));
            assertEquals(1, smtp.getReceivedMessages().length);
        } finally {
            unsubscribe(s);
        }
    }

    @Test
    void aPermanentRejectionFailsAtOnceWithTheServersReply() throws Exception {
        smtpBehindRelay(line -> line, line -> line.toUpperCase(java.util.Locale.ROOT).startsWith("RCPT TO:")
                ? "550 5.1.1 <gone@example.com>: Recipient address rejected: user unknown" : null);
        Subscribed s = subscribe("gone@example.com");
        try {
            assertEquals(new ReportDeliveries.Run(1, 1, 0, 0, 1), deliveries.run(s.fire()), "failed at the first try");
            JsonNode d = deliveryTo(s, "gone@example.com");
            assertEquals("failed", d.get("status").asText());
            assertEquals(1, d.get("attempts").asInt());
            assertTrue(d.get("lastError").asText().startsWith("not retried: the SMTP server refused it permanently"
                    + " (550)"), d::toString);
            assertTrue(d.get("lastError").asText().contains("user unknown"), d::toString);
            assertEquals(new ReportDeliveries.Run(0, 0, 0, 0, 0), deliveries.run(s.fire().plus(Duration.ofHours(2))));
        } finally {
            unsubscribe(s);
        }
    }

    @Test
    void aTemporaryRejectionIsRetried() throws Exception {
        smtpBehindRelay(line -> line, line -> line.toUpperCase(java.util.Locale.ROOT).startsWith("RCPT TO:")
                ? "451 4.3.0 Temporary local problem, try again later" : null);
        Subscribed s = subscribe("later@example.com");
        try {
            assertEquals(new ReportDeliveries.Run(1, 1, 0, 1, 0), deliveries.run(s.fire()));
            JsonNode d = deliveryTo(s, "later@example.com");
            assertEquals("pending", d.get("status").asText());
            assertTrue(d.get("lastError").asText().contains("451"), d::toString);
            exhaust(s);
        } finally {
            unsubscribe(s);
        }
    }

    @Test
    void wrongCredentialsAreARejectionOfTheServerNotRetried() throws Exception {
        smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
                .withConfiguration(GreenMailConfiguration.aConfig().withUser("reports", "another-secret"));
        smtp.start();
        Subscribed s = subscribe("secops@example.com");
        try {
            assertEquals(new ReportDeliveries.Run(1, 1, 0, 0, 1), deliveries.run(s.fire()));
            JsonNode d = deliveryTo(s, "secops@example.com");
            assertTrue(d.get("lastError").asText().contains("(535)"), d::toString);
            assertFalse(d.get("lastError").asText().contains("secret"), "no password in the reason: " + d);
        } finally {
            unsubscribe(s);
        }
    }

    @Test
    void aDeliveryThatKeepsFailingEndsFailedWithTheReason() {
        Subscribed s = subscribe("nobody-listens@example.com");
        try {
            assertEquals(new ReportDeliveries.Run(1, 1, 0, 1, 0), deliveries.run(s.fire()));
            assertEquals(new ReportDeliveries.Run(0, 0, 0, 1, 0), deliveries.run(s.fire().plusSeconds(60)));
            JsonNode second = deliveryTo(s, "nobody-listens@example.com");
            assertEquals(s.fire().plusSeconds(60 + 120).toString(), second.get("nextAttemptAt").asText(),
                    "the wait doubles");
            assertEquals(new ReportDeliveries.Run(0, 0, 0, 0, 1), deliveries.run(s.fire().plusSeconds(180)));
            JsonNode d = deliveryTo(s, "nobody-listens@example.com");
            assertEquals("failed", d.get("status").asText());
            assertEquals(3, d.get("attempts").asInt());
            assertTrue(d.get("lastError").asText().startsWith("gave up after 3 attempts; the last failed with: "),
                    d::toString);
            assertTrue(d.get("nextAttemptAt").isNull());
            assertEquals(new ReportDeliveries.Run(0, 0, 0, 0, 0), deliveries.run(s.fire().plus(Duration.ofHours(2))),
                    "a failed delivery is kept, and not tried again");
            assertEquals(1, deliveriesOf(s).size());
        } finally {
            unsubscribe(s);
        }
    }

    @Test
    void twoReplicasAtTheSameDueTimeMakeOneReportAndOneMailPerRecipient() throws Exception {
        smtpUp();
        Subscribed s = subscribe("one@example.com", "two@example.com", "three@example.com");
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<ReportDeliveries.Run>> replicas = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                replicas.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return deliveries.run(s.fire());
                }));
            }
            start.countDown();
            List<ReportDeliveries.Run> runs = replicas.stream().map(CompletableFuture::join).toList();
            assertEquals(3, runs.stream().mapToInt(ReportDeliveries.Run::recorded).sum(), runs::toString);
            assertEquals(1, runs.stream().mapToInt(ReportDeliveries.Run::generated).sum(), runs::toString);
            assertEquals(3, runs.stream().mapToInt(ReportDeliveries.Run::sent).sum(), runs::toString);
            assertEquals(1, reportsOf(s).size());
            for (String recipient : List.of("one@example.com", "two@example.com", "three@example.com")) {
                assertEquals(1, received(recipient).size(), recipient);
            }
        } finally {
            unsubscribe(s);
        }
    }

    @Test
    void withoutAnSmtpServerDeliveriesAreRecordedAndSayWhatToSet() {
        var context = server.getApplicationContext();
        MailSettings none = new MailSettings("", 587, "starttls", "", "", "", 3, Duration.ofMinutes(1),
                Duration.ofHours(1), Duration.ofSeconds(30));
        ReportDeliveries unconfigured = new ReportDeliveries(context.getBean(SubscriptionStore.class),
                context.getBean(DeliveryStore.class), context.getBean(SnapshotStore.class),
                context.getBean(ReportStore.class), context.getBean(StoredReports.class), ReportTemplates.bundled(),
                none, null, context.getBean(dev.netpolauditor.service.PeriodReports.class));
        Subscribed s = subscribe("later@example.com");
        try {
            assertEquals(new ReportDeliveries.Run(1, 1, 0, 1, 0), unconfigured.run(s.fire()));
            JsonNode d = deliveryTo(s, "later@example.com");
            assertEquals("pending", d.get("status").asText());
            assertTrue(d.get("lastError").asText().contains("NETPOL_AUDITOR_SMTP_HOST"), d::toString);
            assertNotNull(d.get("reportId").numberValue(), "the report is generated and kept all the same");
        } finally {
            unsubscribe(s);
        }
        // the service's own (configured) deliveries retry it once the relay is there
        smtpUp();
        try {
            assertEquals(new ReportDeliveries.Run(0, 0, 1, 0, 0), deliveries.run(s.fire().plusSeconds(60)));
            assertEquals(1, received("later@example.com").size());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aScopedSubscriptionMailsOnlyItsNamespacesFindings() throws Exception {
        smtpUp();
        Answer created = api.post("/api/v1/subscriptions", """
                {"cluster": "demo", "recipients": ["staging-team@example.com"], "format": "csv",
                 "scope": {"type": "namespaces", "values": ["staging"]},
                 "schedule": "0 0 1 1 *", "timeZone": "UTC"}""");
        assertEquals(201, created.status(), created::toString);
        Subscribed s = new Subscribed(created.json().get("id").asLong(), Instant.now());
        try {
            Answer sent = api.post("/api/v1/subscriptions/" + s.id() + "/deliveries");
            assertEquals("sent", sent.json().get(0).get("status").asText(), sent::toString);
            MimeMessage mail = received("staging-team@example.com").getFirst();
            byte[] csv = attachment(mail, ".csv").getInputStream().readAllBytes();
            long reportId = sent.json().get(0).get("reportId").asLong();
            assertEquals(api.get("/api/v1/reports/" + reportId).json().get("sha256").asText(),
                    ReportStore.sha256(csv), "a text file keeps its bytes too");
            List<String> lines = new String(csv, java.nio.charset.StandardCharsets.UTF_8).lines().toList();
            assertTrue(lines.getFirst().startsWith("rule,severity,namespace,"), lines.getFirst());
            long all = api.get("/api/v1/clusters/demo/snapshots/latest/findings?limit=1").json().get("total")
                    .asLong();
            assertTrue(lines.size() - 1 < all, "fewer findings than the whole cluster's " + all);
            assertTrue(lines.size() > 1, "staging has findings");
            for (String line : lines.subList(1, lines.size())) {
                String namespace = line.split(",", -1)[2];
                assertTrue(namespace.equals("staging") || namespace.isEmpty(), line);
            }
        } finally {
            unsubscribe(s);
        }
    }

    @Test
    void aChangeSubscriptionMailsTheChangeReport() throws Exception {
        smtpUp();
        Answer created = api.post("/api/v1/subscriptions", """
                {"cluster": "demo", "recipients": ["changes@example.com"], "kind": "change", "format": "json",
                 "schedule": "0 0 1 1 *", "timeZone": "UTC"}""");
        assertEquals(201, created.status(), created::toString);
        Subscribed s = new Subscribed(created.json().get("id").asLong(), Instant.now());
        try {
            Answer sent = api.post("/api/v1/subscriptions/" + s.id() + "/deliveries");
            assertEquals("sent", sent.json().get(0).get("status").asText(), sent::toString);
            MimeMessage mail = received("changes@example.com").getFirst();
            assertTrue(mail.getSubject().contains("what changed in demo"), mail.getSubject());
            BodyPart json = attachment(mail, ".json");
            assertTrue(json.getFileName().startsWith("netpol-change-demo-"), json.getFileName());
            long reportId = sent.json().get(0).get("reportId").asLong();
            JsonNode report = api.get("/api/v1/reports/" + reportId).json();
            assertEquals("change", report.get("kind").asText());
            assertEquals(report.get("sha256").asText(), ReportStore.sha256(json.getInputStream().readAllBytes()));
        } finally {
            unsubscribe(s);
        }
    }

    @Test
    void sendNowMailsTheReportAtOnceAndTheDeliveryIsListed() throws Exception {
        smtpUp();
        Subscribed s = subscribe("now@example.com");
        try {
            Answer sent = api.post("/api/v1/subscriptions/" + s.id() + "/deliveries");
            assertEquals(201, sent.status(), sent::toString);
            assertEquals(1, sent.json().size());
            assertEquals("sent", sent.json().get(0).get("status").asText(), sent::toString);
            assertFalse(sent.json().get(0).get("requestedBy").isNull());
            assertEquals(1, received("now@example.com").size());
            assertEquals(1, deliveriesOf(s).size());
            assertEquals(404, api.get("/api/v1/subscriptions/999999/deliveries").status());
            assertEquals(400, api.get("/api/v1/subscriptions/abc/deliveries").status());
        } finally {
            unsubscribe(s);
        }
    }
}
