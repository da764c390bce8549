package dev.netpolauditor.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.netpolauditor.api.ApiClient.Answer;
import dev.netpolauditor.mail.ReportDeliveries;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The period report, end to end on the embedded PostgreSQL with a clock the test moves over four
 * days of a cluster: staging gets a default deny on day 1 and loses it on day 3, day 2 has only a
 * failed attempt. Over the period an endpoint is isolated only if it was in every snapshot, a
 * finding counts with first and last seen, a control passes only if it passed throughout, day 2 is
 * a gap, an exception approved on day 1 is listed; the report is evidence in the hash chain and a
 * subscription of kind period mails it.
 */
class PeriodReportApiTest {
    private static final LocalDate DAY0 = LocalDate.now(ZoneOffset.UTC).minusDays(40);
    private static final String STAGING_DENY = """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: default-deny, namespace: staging}
            spec: {podSelector: {}, policyTypes: [Ingress, Egress]}
            """;

    @TempDir
    static Path tmp;

    private static final MovableClock CLOCK = new MovableClock(at(DAY0, 9));
    private static ApplicationContext context;
    private static Path manifests;
    private static ApiClient admin;
    private static ApiClient auditor;
    private static GreenMail smtp;
    private static final List<Long> SNAPSHOTS = new ArrayList<>();
    private static long exceptionId;

    private static Instant at(LocalDate day, int hour) {
        return day.atTime(hour, 0).toInstant(ZoneOffset.UTC);
    }

    @BeforeAll
    static void history() throws Exception {
        int smtpPort;
        try (ServerSocket free = new ServerSocket(0)) {
            smtpPort = free.getLocalPort();
        }
        smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        manifests = Files.createDirectories(tmp.resolve("shop"));
        try (Stream<Path> files = Files.list(Path.of("../examples/web-api-db"))) {
            for (Path f : files.toList()) {
                Files.copy(f, manifests.resolve(f.getFileName()));
            }
        }
        Map<String, Object> properties = new HashMap<>();
        properties.put("micronaut.server.port", -1);
        properties.put("netpol-auditor.database.embedded-data-dir", tmp.resolve("postgres").toString());
        properties.put("netpol-auditor.scheduler.enabled", "false");
        properties.put("netpol-auditor.clusters.shop.manifests", manifests.toString());
        properties.put("netpol-auditor.clusters.shop.schedule", "0 6 * * *");
        properties.put("netpol-auditor.mail.smtp.host", "127.0.0.1");
        properties.put("netpol-auditor.mail.smtp.port", smtpPort);
        properties.put("netpol-auditor.mail.smtp.tls", "none");
        properties.put("netpol-auditor.mail.from", "netpol-auditor@example.com");
        context = ApplicationContext.builder().properties(ApiClient.withAdminToken(properties)).singletons(CLOCK)
                .start();
        EmbeddedServer server = context.getBean(EmbeddedServer.class).start();
        admin = new ApiClient(server.getURI(), ApiClient.ADMIN_TOKEN);
        auditor = admin.as(token("auditor"));
        ApiClient second = admin.as(token("second"));

        SNAPSHOTS.add(snapshot("complete"));                                   // day 0: staging wide open
        CLOCK.set(at(DAY0.plusDays(1), 9));
        Files.writeString(manifests.resolve("staging-deny.yaml"), STAGING_DENY);
        Answer proposed = auditor.post("/api/v1/exceptions", "{\"cluster\": \"shop\", \"rule\": \"NP-COV-002\","
                + " \"subject\": \"prod/*\", \"justification\": \"Egress lock-down in Q3.\", \"owner\":"
                + " \"owner@example.com\", \"expires\": \"" + DAY0.plusDays(200) + "\"}");
        exceptionId = proposed.json().get("id").asLong();
        assertEquals(200, second.post("/api/v1/exceptions/" + exceptionId + "/approve").status());
        SNAPSHOTS.add(snapshot("complete"));                                   // day 1: staging locked down
        CLOCK.set(at(DAY0.plusDays(2), 9));
        Files.writeString(manifests.resolve("broken.yaml"), "kind: Pod\nmetadata: {name: x, namespace: [}\n");
        snapshot("failed");                                                    // day 2: only a failed attempt
        Files.delete(manifests.resolve("broken.yaml"));
        CLOCK.set(at(DAY0.plusDays(3), 9));
        Files.delete(manifests.resolve("staging-deny.yaml"));
        SNAPSHOTS.add(snapshot("complete"));                                   // day 3: staging open again
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

    private static String token(String name) {
        return token(name, "auditor");
    }

    private static String token(String name, String role) {
        Answer created = admin.post("/api/v1/tokens", "{\"name\": \"" + name + "\", \"role\": \"" + role + "\"}");
        assertEquals(201, created.status(), created::toString);
        return created.json().get("token").asText();
    }

    private static long snapshot(String status) {
        Answer taken = admin.post("/api/v1/clusters/shop/snapshots?wait=true");
        assertEquals(201, taken.status(), taken::toString);
        assertEquals(status, taken.json().get("status").asText(), taken::toString);
        return taken.json().get("id").asLong();
    }

    private static Answer period(String format, Instant from, Instant to) {
        return auditor.get("/api/v1/clusters/shop/period/report." + format + "?from=" + from + "&to=" + to);
    }

    private static JsonNode row(JsonNode rows, String field, String value) {
        for (JsonNode r : rows) {
            if (r.get(field).asText().equals(value)) {
                return r;
            }
        }
        throw new AssertionError("no row with " + field + " " + value + " in " + rows);
    }

    @Test
    void overThePeriodIsolationMustHoldInEverySnapshotWhileFindingsAndFlowsCountIfTheyExistedOnce() {
        Answer answer = period("json", at(DAY0, 0), at(DAY0.plusDays(4), 0));
        assertEquals(200, answer.status(), answer::toString);
        JsonNode report = answer.json();
        assertEquals("period", report.get("kind").asText());
        JsonNode summary = report.get("summary");
        assertEquals(3, summary.get("snapshots").asLong());
        assertEquals(1, summary.get("failedAttempts").asLong());
        assertEquals(3, summary.get("analyses").asLong(), "day 3 has day 0's objects but the exception in force");

        JsonNode stagingApi = row(report.get("endpoints"), "endpoint", "staging/api[Deployment]");
        assertFalse(stagingApi.get("ingressProtected").asBoolean(), "open on days 0 and 3");
        assertEquals(2, stagingApi.get("ingressUnprotectedSnapshots").asLong());
        assertEquals(3, stagingApi.get("snapshots").asLong());
        JsonNode db = row(report.get("endpoints"), "endpoint", "prod/db[StatefulSet]");
        assertTrue(db.get("ingressProtected").asBoolean(), "isolated in every snapshot");
        assertFalse(db.get("egressProtected").asBoolean());

        JsonNode unisolated = null;
        for (JsonNode f : report.get("findings")) {
            if (f.get("rule").asText().equals("NP-COV-005") && f.get("subject").asText().equals("staging")) {
                unisolated = f;
            }
        }
        assertEquals(at(DAY0, 9).toString(), unisolated.get("firstSeen").asText());
        assertEquals(at(DAY0.plusDays(3), 9).toString(), unisolated.get("lastSeen").asText());
        assertEquals(2, unisolated.get("snapshots").asLong());
        assertEquals("open", unisolated.get("atEnd").asText());

        JsonNode cis = row(report.get("controls"), "control", "CIS Kubernetes 5.3.2");
        assertFalse(cis.get("passedThroughout").asBoolean());
        assertEquals(2, cis.get("failingSnapshots").asLong());
        assertEquals(3, cis.get("judgedSnapshots").asLong());

        JsonNode gaps = report.get("gaps");
        assertEquals(1, gaps.size(), gaps::toString);
        assertEquals(DAY0.plusDays(2).toString(), gaps.get(0).get("fromDay").asText());
        assertEquals(1, gaps.get(0).get("failedAttempts").asLong());
        assertTrue(gaps.get(0).get("lastFailure").asText().contains("broken.yaml"), gaps::toString);

        JsonNode exception = null;
        for (JsonNode e : report.get("exceptions")) {
            if (e.get("source").asText().startsWith("service #" + exceptionId + " ")) {
                exception = e;
            }
        }
        assertEquals(at(DAY0.plusDays(1), 9).toString(), exception.get("firstInForce").asText());
        assertEquals(2, exception.get("snapshots").asLong(), "in force on days 1 and 3");

        // evidence: the report is in the chain, naming the period's complete snapshots
        long id = Long.parseLong(answer.header("X-Report-Id"));
        JsonNode stored = auditor.get("/api/v1/reports/" + id).json();
        assertEquals("period", stored.get("kind").asText());
        List<Long> ids = new ArrayList<>();
        stored.get("snapshotIds").forEach(n -> ids.add(n.asLong()));
        assertEquals(SNAPSHOTS, ids);

        // the same period as CSV and as a workbook
        Answer csv = period("csv", at(DAY0, 0), at(DAY0.plusDays(4), 0));
        assertEquals(200, csv.status());
        assertTrue(csv.text().startsWith("rule,severity,namespace,subject,policy,first_seen,last_seen,snapshots,"
                + "open_snapshots,at_end,detail\r\n"), csv::text);
        assertEquals(200, auditor.get("/api/v1/clusters/shop/period/report.xlsx?from=" + at(DAY0, 0) + "&to="
                + at(DAY0.plusDays(4), 0), "*/*").status());
    }

    @Test
    void aPeriodIsJudgedOnItsOwnSnapshotsAndRefusesWhatItCannotReport() {
        Answer lockedDown = period("json", at(DAY0.plusDays(1), 0), at(DAY0.plusDays(2), 0));
        JsonNode cis = row(lockedDown.json().get("controls"), "control", "CIS Kubernetes 5.3.2");
        assertEquals(1, lockedDown.json().get("summary").get("snapshots").asLong());
        assertTrue(row(lockedDown.json().get("endpoints"), "endpoint", "staging/api[Deployment]")
                .get("ingressProtected").asBoolean());
        assertEquals(0, cis.get("failingSnapshots").asLong(), cis::toString);

        Answer empty = period("json", at(DAY0.plusDays(2), 0), at(DAY0.plusDays(3), 0));
        assertEquals(404, empty.status(), empty::toString);
        assertTrue(empty.json().get("detail").asText().contains("has no complete snapshot"), empty::toString);
        assertEquals(400, period("json", at(DAY0.plusDays(3), 0), at(DAY0, 0)).status());
        assertEquals(400, auditor.get("/api/v1/clusters/shop/period/report.json?to=" + at(DAY0, 0)).status());
        ApiClient viewer = admin.as(token("reader", "viewer"));
        assertEquals(403, viewer.get("/api/v1/clusters/shop/period/report.json?from=" + at(DAY0, 0) + "&to="
                + at(DAY0.plusDays(1), 0)).status(), "evidence is the auditor's");
    }

    @Test
    void aPeriodSubscriptionMailsTheIntervalSinceItsScheduleFiredBefore() throws Exception {
        assertEquals(400, admin.post("/api/v1/subscriptions", "{\"cluster\": \"shop\", \"recipients\":"
                + " [\"ciso@example.com\"], \"kind\": \"period\", \"scope\": {\"type\": \"namespaces\", \"values\":"
                + " [\"prod\"]}, \"schedule\": \"0 7 * * *\", \"timeZone\": \"UTC\"}").status());
        Answer subscribed = admin.post("/api/v1/subscriptions", "{\"cluster\": \"shop\", \"recipients\":"
                + " [\"ciso@example.com\"], \"kind\": \"period\", \"format\": \"json\", \"schedule\": \"0 7 * * *\","
                + " \"timeZone\": \"UTC\"}");
        assertEquals(201, subscribed.status(), subscribed::toString);
        long subscription = subscribed.json().get("id").asLong();
        // due on day 4 at 07:00: the period since the schedule's fire before (day 3 07:00) holds day 3's
        // snapshot. Recorded as the every-minute run records a due time (the subscription is younger
        // than the moved clock's day 4, so its own recording would not reach back to it).
        Instant due = at(DAY0.plusDays(4), 7);
        context.getBean(dev.netpolauditor.store.DeliveryStore.class).record(new dev.netpolauditor.store.DeliveryStore.Due(
                subscription, due, null, List.of(new dev.netpolauditor.store.DeliveryStore.Recipient("ciso@example.com",
                        "<period-test." + subscription + "@netpol-auditor>"))), due);
        context.getBean(ReportDeliveries.class).run(due);
        List<String> subjects = new ArrayList<>();
        for (var m : smtp.getReceivedMessages()) {
            if (m.getAllRecipients()[0].toString().equals("ciso@example.com")) {
                subjects.add(m.getSubject());
            }
        }
        assertEquals(List.of("Network policy compliance report: compliance of shop from " + at(DAY0.plusDays(3), 7)
                + " to " + due), subjects);
        JsonNode mailed = null;
        for (JsonNode r : auditor.get("/api/v1/reports?cluster=shop").json().get("items")) {
            if (r.get("kind").asText().equals("period") && r.path("subscriptionId").asLong() == subscription) {
                mailed = r;
            }
        }
        assertEquals(List.of(SNAPSHOTS.getLast()), List.of(mailed.get("snapshotIds").get(0).asLong()),
                "the period holds day 3's snapshot only");
        assertEquals(1, mailed.get("snapshotIds").size());
    }
}
