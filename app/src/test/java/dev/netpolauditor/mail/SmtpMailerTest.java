package dev.netpolauditor.mail;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The SMTP edge against a real server (GreenMail), and the settings' checks. */
class SmtpMailerTest {
    private static final byte[] FILE = "rule,severity\nNP-COV-001,high\n".getBytes(StandardCharsets.UTF_8);

    private static MailSettings settings(int port, String user, String password) {
        return new MailSettings("127.0.0.1", port, "none", user, password, "reports@example.com", 8,
                Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofSeconds(5));
    }

    private static OutgoingMail mail(String messageId) {
        return new OutgoingMail(messageId, "reports@example.com", "secops@example.com", "Report: demo",
                "Score: 80 out of 100.", "report.csv", "text/csv; charset=utf-8", FILE);
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void theMailCarriesTheGivenMessageIdTextAndFile() throws Exception {
        int port = freePort();
        GreenMail smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
                .withConfiguration(GreenMailConfiguration.aConfig().withUser("reports", "secret"));
        smtp.start();
        try {
            SmtpMailer mailer = new SmtpMailer(settings(port, "reports", "secret"));
            mailer.send(mail("<report.1.2.abc@netpol-auditor>"));
            mailer.send(mail("<report.1.2.abc@netpol-auditor>"));
            MimeMessage[] received = smtp.getReceivedMessages();
            assertEquals(2, received.length);
            for (MimeMessage m : received) {
                assertEquals("<report.1.2.abc@netpol-auditor>", m.getMessageID(), "the same on every send");
                assertEquals("Report: demo", m.getSubject());
                Multipart parts = (Multipart) m.getContent();
                assertTrue(parts.getBodyPart(0).getContent().toString().contains("Score: 80"));
                BodyPart file = parts.getBodyPart(1);
                assertEquals("report.csv", file.getFileName());
                assertArrayEquals(FILE, file.getInputStream().readAllBytes());
            }

            Mailer.MailFailure refused = assertThrows(Mailer.MailFailure.class,
                    () -> new SmtpMailer(settings(port, "reports", "wrong")).send(mail("<x@netpol-auditor>")));
            assertTrue(refused.getMessage().toLowerCase().contains("auth"), refused.getMessage());
        } finally {
            smtp.stop();
        }
    }

    @Test
    void aServerThatIsDownIsAFailureNamingIt() throws Exception {
        int port = freePort();
        Mailer.MailFailure down = assertThrows(Mailer.MailFailure.class,
                () -> new SmtpMailer(settings(port, "", "")).send(mail("<x@netpol-auditor>")));
        assertTrue(down.getMessage().contains("127.0.0.1") && down.getMessage().contains(String.valueOf(port)),
                down.getMessage());
        assertTrue(down.getMessage().contains("Connection refused"), down.getMessage());
    }

    @Test
    void retriesWaitDoublingUpToTheLongest() {
        MailSettings s = settings(587, "", "");
        assertEquals(Duration.ofMinutes(1), s.retryAfter(1));
        assertEquals(Duration.ofMinutes(2), s.retryAfter(2));
        assertEquals(Duration.ofMinutes(32), s.retryAfter(6));
        assertEquals(Duration.ofHours(1), s.retryAfter(7));
        assertEquals(Duration.ofHours(1), s.retryAfter(1000));
    }

    @Test
    void settingsSayWhatIsWrongAndNeverShowThePassword() {
        IllegalArgumentException tls = assertThrows(IllegalArgumentException.class, () -> new MailSettings(
                "smtp.example.com", 587, "ssl", "", "", "a@example.com", 8, Duration.ofMinutes(1),
                Duration.ofHours(1), Duration.ofSeconds(30)));
        assertTrue(tls.getMessage().contains("NETPOL_AUDITOR_SMTP_TLS"), tls.getMessage());
        IllegalArgumentException from = assertThrows(IllegalArgumentException.class, () -> new MailSettings(
                "smtp.example.com", 587, "starttls", "", "", "", 8, Duration.ofMinutes(1), Duration.ofHours(1),
                Duration.ofSeconds(30)));
        assertTrue(from.getMessage().contains("NETPOL_AUDITOR_MAIL_FROM"), from.getMessage());
        MailSettings none = new MailSettings("", 587, "starttls", "", "", "", 8, Duration.ofMinutes(1),
                Duration.ofHours(1), Duration.ofSeconds(30));
        assertTrue(!none.configured(), "no host: not configured, and that is allowed");
        assertTrue(!settings(587, "reports", "s3cret-value").toString().contains("s3cret-value"));
    }
}
