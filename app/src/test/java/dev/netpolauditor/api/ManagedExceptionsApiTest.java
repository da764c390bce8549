package dev.netpolauditor.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.netpolauditor.api.ApiClient.Answer;
import dev.netpolauditor.mail.ComplianceReminders;
import dev.netpolauditor.mail.ReportDeliveries;
import dev.netpolauditor.service.ManagedExceptions;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.nio.file.Files;
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
 * Exceptions managed in the service, end to end on the embedded PostgreSQL with a real SMTP server
 * (GreenMail) and a clock the test moves: the four-eyes rule, an exception taking effect only
 * after approval and lapsing at its expiry (the finding's status changing in the next snapshot),
 * a file's and a service's exception both shown on one finding, the expiry reminder mailed once,
 * and every change in the audit log.
 */
class ManagedExceptionsApiTest {
    /** The service's "today" at the start: in the past, so that stored snapshots are never in the future. */
    private static final Instant START = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(90))
            .plus(Duration.ofHours(9));
    private static final String OWNER = "platform-owner@example.com";

    @TempDir
    static Path tmp;

    private static final MovableClock CLOCK = new MovableClock(START);
    private static ApplicationContext context;
    private static ApiClient admin;
    private static ApiClient alice;
    private static ApiClient bob;
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
        Path exceptionsFile = tmp.resolve("exceptions.yaml");
        // the file excepts prod's egress findings; the service will except one of them too
        Files.writeString(exceptionsFile, """
                exceptions:
                  - rule: NP-COV-002
                    subject: "prod/*"
                    justification: Egress lock-down is planned for Q3.
                    owner: platform-team
                    expires: 2099-12-31
                """);
        Map<String, Object> properties = new HashMap<>();
        properties.put("micronaut.server.port", -1);
        properties.put("netpol-auditor.database.embedded-data-dir", tmp.resolve("postgres").toString());
        properties.put("netpol-auditor.scheduler.enabled", "false");
        properties.put("netpol-auditor.clusters.demo.manifests", "classpath:examples/web-api-db");
        properties.put("netpol-auditor.clusters.demo.exceptions-file", exceptionsFile.toString());
        properties.put("netpol-auditor.mail.smtp.host", "127.0.0.1");
        properties.put("netpol-auditor.mail.smtp.port", smtpPort);
        properties.put("netpol-auditor.mail.smtp.tls", "none");
        properties.put("netpol-auditor.mail.from", "netpol-auditor@example.com");
        context = ApplicationContext.builder().properties(ApiClient.withAdminToken(properties)).singletons(CLOCK)
                .start();
        EmbeddedServer server = context.getBean(EmbeddedServer.class).start();
        admin = new ApiClient(server.getURI(), ApiClient.ADMIN_TOKEN);
        alice = admin.as(token("alice", "auditor"));
        bob = admin.as(token("bob", "auditor"));
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

    private static LocalDate today() {
        return LocalDate.ofInstant(CLOCK.instant(), ZoneOffset.UTC);
    }

    private static long snapshot() {
        Answer taken = admin.post("/api/v1/clusters/demo/snapshots?wait=true");
        assertEquals(201, taken.status(), taken::toString);
        return taken.json().get("id").asLong();
    }

    private static JsonNode finding(long snapshot, String rule, String subject) {
        Answer found = admin.get("/api/v1/clusters/demo/snapshots/" + snapshot + "/findings?rule=" + rule
                + "&limit=1000");
        assertEquals(200, found.status(), found::toString);
        for (JsonNode f : found.json().get("items")) {
            if (f.get("subject").asText().equals(subject)) {
                return f;
            }
        }
        throw new AssertionError("no " + rule + " finding about " + subject + " in snapshot " + snapshot);
    }

    private static JsonNode propose(ApiClient who, String rule, String subject, LocalDate expires) {
        Answer proposed = who.post("/api/v1/exceptions", "{\"cluster\": \"demo\", \"rule\": \"" + rule
                + "\", \"subject\": \"" + subject + "\", \"justification\": \"Accepted until the migration.\","
                + " \"owner\": \"" + OWNER + "\", \"expires\": \"" + expires + "\", \"ticket\": \"SEC-7\"}");
        assertEquals(201, proposed.status(), proposed::toString);
        assertEquals("proposed", proposed.json().get("state").asText());
        return proposed.json();
    }

    /** The text of a mail's body, through multipart containers. */
    static String text(Object content) throws Exception {
        if (content instanceof jakarta.mail.Multipart multipart) {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < multipart.getCount(); i++) {
                out.append(text(multipart.getBodyPart(i).getContent()));
            }
            return out.toString();
        }
        return content instanceof String s ? s : "";
    }

    private static List<String> auditActions(String target) {
        Answer log = admin.get("/api/v1/audit-log?limit=1000");
        List<String> out = new ArrayList<>();
        for (JsonNode e : log.json().get("items")) {
            if (e.get("target").asText().equals(target)) {
                out.add(0, e.get("action").asText() + " by " + e.get("actor").asText());
            }
        }
        return out;
    }

    @Test
    void anExceptionAppliesOnlyOnceAnotherPersonApprovedItAndLapsesAtItsExpiryWithOneReminder() throws Exception {
        CLOCK.set(START);
        LocalDate expires = today().plusDays(20);
        JsonNode proposed = propose(alice, "NP-COV-001", "staging/api[Deployment]", expires);
        long id = proposed.get("id").asLong();

        // the four-eyes rule: the proposer can neither approve nor reject it
        Answer self = alice.post("/api/v1/exceptions/" + id + "/approve");
        assertEquals(403, self.status(), self::toString);
        assertEquals("application/problem+json", self.contentType());
        assertTrue(self.json().get("detail").asText().contains("was proposed by token:")
                && self.json().get("detail").asText().contains("four-eyes rule needs a second person"), self::toString);
        assertEquals(403, alice.post("/api/v1/exceptions/" + id + "/reject").status());

        // proposed: the finding stays open
        long before = snapshot();
        assertEquals("open", finding(before, "NP-COV-001", "staging/api[Deployment]").get("status").asText());

        Answer approved = bob.post("/api/v1/exceptions/" + id + "/approve", "{\"note\": \"Agreed in the CAB.\"}");
        assertEquals(200, approved.status(), approved::toString);
        assertEquals("approved", approved.json().get("state").asText());
        assertTrue(approved.json().get("decidedBy").asText().endsWith(":bob"));
        assertEquals(409, bob.post("/api/v1/exceptions/" + id + "/approve").status(), "approved already");

        long after = snapshot();
        JsonNode excepted = finding(after, "NP-COV-001", "staging/api[Deployment]");
        assertEquals("excepted", excepted.get("status").asText(), excepted::toString);
        assertEquals("service", excepted.get("exception").get("source").asText());
        assertEquals(id, excepted.get("exception").get("id").asLong());
        assertTrue(excepted.get("exception").get("approvedBy").asText().endsWith(":bob"));
        // the snapshot before keeps its answer: frozen
        assertEquals("open", finding(before, "NP-COV-001", "staging/api[Deployment]").get("status").asText());

        ComplianceReminders reminders = context.getBean(ComplianceReminders.class);
        ReportDeliveries deliveries = context.getBean(ReportDeliveries.class);
        // 20 days ahead: outside the 14 days of reminder, nothing to mail
        assertEquals(0, reminders.run(CLOCK.instant()));
        CLOCK.advance(Duration.ofDays(7));
        assertEquals(1, reminders.run(CLOCK.instant()));
        assertEquals(0, reminders.run(CLOCK.instant()), "recorded once");
        deliveries.run(CLOCK.instant());
        deliveries.run(CLOCK.instant().plusSeconds(60));
        List<MimeMessage> toOwner = new ArrayList<>();
        for (MimeMessage m : smtp.getReceivedMessages()) {
            if (m.getAllRecipients()[0].toString().equals(OWNER)) {
                toOwner.add(m);
            }
        }
        assertEquals(1, toOwner.size(), "the owner is reminded once");
        assertEquals("netpol-auditor: exception " + id + " (NP-COV-001 staging/api[Deployment]) expires on " + expires,
                toOwner.getFirst().getSubject());
        String body = text(toOwner.getFirst().getContent());
        assertTrue(body.contains("The exception you own expires on " + expires) && body.contains("SEC-7"), body);
        assertFalse(admin.get("/api/v1/exceptions/" + id).json().get("remindedAt").isNull());
        List<dev.netpolauditor.store.DeliveryStore.Delivery> outbox = context.getBean(
                dev.netpolauditor.store.DeliveryStore.class).reminders("exception:" + id + ":expiry");
        assertEquals(1, outbox.size());
        assertEquals("sent", outbox.getFirst().status(), outbox::toString);
        assertNull(outbox.getFirst().reportId());

        // the expiry day itself is still excepted; the day after, it lapses
        CLOCK.set(START.plus(Duration.ofDays(20)));
        ManagedExceptions managed = context.getBean(ManagedExceptions.class);
        assertEquals(List.of(), managed.expire());
        assertEquals("excepted", finding(snapshot(), "NP-COV-001", "staging/api[Deployment]").get("status")
                .asText());
        CLOCK.set(START.plus(Duration.ofDays(21)));
        assertEquals(1, managed.expire().size());
        assertEquals("expired", admin.get("/api/v1/exceptions/" + id).json().get("state").asText());
        JsonNode lapsed = finding(snapshot(), "NP-COV-001", "staging/api[Deployment]");
        assertEquals("exception_expired", lapsed.get("status").asText(), lapsed::toString);
        assertEquals(id, lapsed.get("exception").get("id").asLong());
        assertEquals(409, alice.post("/api/v1/exceptions/" + id + "/revoke").status(), "expired: nothing to revoke");

        List<String> trail = auditActions("exception:" + id);
        assertEquals(List.of("exception.proposed", "exception.approved", "exception.expired"),
                trail.stream().map(t -> t.substring(0, t.indexOf(' '))).toList(), trail::toString);
        assertTrue(trail.get(0).endsWith(":alice") && trail.get(1).endsWith(":bob")
                && trail.get(2).endsWith(" by system"), trail::toString);
    }

    @Test
    void whenTheFilesAndAServiceExceptionMatchBothAreShownAndTheFindingSaysWhichApplied() {
        CLOCK.set(START);
        long id = propose(bob, "NP-COV-002", "prod/api*", today().plusDays(30)).get("id").asLong();
        assertEquals(200, alice.post("/api/v1/exceptions/" + id + "/approve").status());
        long s = snapshot();
        JsonNode api = finding(s, "NP-COV-002", "prod/api[Deployment]");
        assertEquals("excepted", api.get("status").asText());
        assertEquals("file", api.get("exception").get("source").asText(), "the file's applies first");
        assertNull(api.get("exception").get("id").textValue());
        assertEquals(1, api.get("otherExceptions").size());
        assertEquals("service", api.get("otherExceptions").get(0).get("source").asText());
        assertEquals(id, api.get("otherExceptions").get(0).get("id").asLong());
        JsonNode web = finding(s, "NP-COV-002", "prod/web[Deployment]");
        assertEquals("file", web.get("exception").get("source").asText());
        assertEquals(0, web.get("otherExceptions").size(), "prod/api* does not match prod/web");
        // the stored settings hold the approval as it was
        JsonNode settings = admin.get("/api/v1/clusters/demo/snapshots/" + s + "/settings").json().get("settings");
        JsonNode stored = null;
        for (JsonNode e : settings.get("exceptions")) {
            if (e.path("id").asLong() == id) {
                stored = e;
            }
        }
        assertTrue(stored != null && stored.get("approvedBy").asText().endsWith(":alice"), settings::toString);
        assertEquals(200, bob.post("/api/v1/exceptions/" + id + "/revoke", "{\"note\": \"not needed\"}").status());
        long later = snapshot();
        JsonNode afterRevoke = finding(later, "NP-COV-002", "prod/api[Deployment]");
        assertEquals(0, afterRevoke.get("otherExceptions").size(), "a revoked exception takes no part");

        // evidence: the earlier snapshot's report shows the approval as it was, the later one does not
        assertTrue(exceptionSources(s).contains("service #" + id + " approved by " + stored.get("approvedBy").asText()
                + " on " + stored.get("approvedAt").asText() + ", proposed by " + stored.get("proposedBy").asText()
                + ", ticket SEC-7"), () -> exceptionSources(s).toString());
        assertTrue(exceptionSources(later).stream().noneMatch(e -> e.startsWith("service #" + id + " ")),
                () -> exceptionSources(later).toString());
        JsonNode row = null;
        for (JsonNode f : admin.get("/api/v1/clusters/demo/snapshots/" + s + "/report.json").json().get("findings")) {
            if (f.get("subject").asText().equals("prod/api[Deployment]") && f.get("rule").asText().equals("NP-COV-002")) {
                row = f;
            }
        }
        assertEquals("file", row.get("exceptionSource").asText());
        assertTrue(row.get("otherExceptions").asText().startsWith("service #" + id + " approved by"), row::toString);
    }

    private static List<String> exceptionSources(long snapshot) {
        Answer report = admin.get("/api/v1/clusters/demo/snapshots/" + snapshot + "/report.json");
        assertEquals(200, report.status(), report::toString);
        List<String> out = new ArrayList<>();
        report.json().get("exceptions").forEach(e -> out.add(e.get("source").asText()));
        return out;
    }

    @Test
    void proposalsAreCheckedAndRolesApply() {
        CLOCK.set(START);
        String valid = "\"rule\": \"NP-COV-001\", \"subject\": \"x/*\", \"justification\": \"j\", \"owner\": \""
                + OWNER + "\"";
        Answer tooLong = alice.post("/api/v1/exceptions", "{" + valid + ", \"expires\": \""
                + today().plusYears(1).plusDays(1) + "\"}");
        assertEquals(400, tooLong.status());
        assertTrue(tooLong.json().get("detail").asText().contains("too far ahead: an exception may run at most P1Y"),
                tooLong::toString);
        Answer noExpiry = alice.post("/api/v1/exceptions", "{" + valid + "}");
        assertEquals(400, noExpiry.status());
        assertEquals("expires is required", noExpiry.json().get("detail").asText());
        Answer past = alice.post("/api/v1/exceptions", "{" + valid + ", \"expires\": \"" + today().minusDays(1)
                + "\"}");
        assertTrue(past.json().get("detail").asText().contains("is in the past"), past::toString);
        Answer owner = alice.post("/api/v1/exceptions", "{\"rule\": \"NP-COV-001\", \"subject\": \"x\","
                + " \"justification\": \"j\", \"owner\": \"team\", \"expires\": \"" + today().plusDays(3) + "\"}");
        assertTrue(owner.json().get("detail").asText().startsWith("owner 'team' is not a mail address"),
                owner::toString);
        Answer rule = alice.post("/api/v1/exceptions", "{" + valid.replace("NP-COV-001", "NP-COV-01")
                + ", \"expires\": \"" + today().plusDays(3) + "\"}");
        assertTrue(rule.json().get("detail").asText().startsWith("rule 'NP-COV-01' is not in the findings catalog"));
        Answer cluster = alice.post("/api/v1/exceptions", "{\"cluster\": \"prod\", " + valid + ", \"expires\": \""
                + today().plusDays(3) + "\"}");
        assertTrue(cluster.json().get("detail").asText().startsWith("cluster 'prod' is not configured"));
        Answer everyCluster = alice.post("/api/v1/exceptions", "{" + valid + ", \"expires\": \""
                + today().plusYears(1) + "\"}");
        assertEquals(201, everyCluster.status(), everyCluster::toString);
        assertTrue(everyCluster.json().get("cluster").isNull());

        assertEquals(403, viewer.post("/api/v1/exceptions", "{" + valid + ", \"expires\": \"" + today().plusDays(3)
                + "\"}").status(), "a viewer cannot propose");
        long id = everyCluster.json().get("id").asLong();
        assertEquals(403, viewer.post("/api/v1/exceptions/" + id + "/approve").status(), "nor approve");
        assertEquals(200, viewer.get("/api/v1/exceptions/" + id).status(), "but reads");
        Answer rejected = bob.post("/api/v1/exceptions/" + id + "/reject", "{\"note\": \"too broad\"}");
        assertEquals("rejected", rejected.json().get("state").asText());
        assertEquals("too broad", rejected.json().get("decisionNote").asText());
        assertEquals(409, bob.post("/api/v1/exceptions/" + id + "/approve").status());
        assertEquals(404, bob.post("/api/v1/exceptions/999999/approve").status());
        assertEquals(400, viewer.get("/api/v1/exceptions?state=open").status());
        assertTrue(viewer.get("/api/v1/exceptions?state=rejected").json().size() >= 1);
    }
}
