package dev.netpolauditor.mail;

import io.micronaut.email.Attachment;
import io.micronaut.email.BodyType;
import io.micronaut.email.Email;
import io.micronaut.email.javamail.composer.DefaultMessageComposer;
import io.micronaut.email.javamail.composer.MessageComposer;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Sends over SMTP: micronaut-email composes the message (text body, attached file), Angus
 * Mail (Jakarta Mail) sends it with the server, port, TLS mode and credentials of
 * {@link MailSettings}.
 *
 * <p>Not micronaut-email's own sender: its {@code Email} has no header for a Message-ID and
 * its {@code Transport.send} lets Jakarta Mail write a new random one on every send, while a
 * retried delivery must carry the same Message-ID as the attempts before it.
 */
public final class SmtpMailer implements Mailer {
    private static final int MAX_REASON = 1000;

    private final MailSettings settings;
    private final Session session;
    private final MessageComposer composer = new DefaultMessageComposer();

    public SmtpMailer(MailSettings settings) {
        if (!settings.configured()) {
            throw new IllegalArgumentException("no SMTP host configured");
        }
        this.settings = settings;
        String protocol = protocol();
        String timeout = String.valueOf(settings.timeout().toMillis());
        Properties p = new Properties();
        p.put("mail.transport.protocol", protocol);
        p.put("mail." + protocol + ".host", settings.host());
        p.put("mail." + protocol + ".port", String.valueOf(settings.port()));
        p.put("mail." + protocol + ".connectiontimeout", timeout);
        p.put("mail." + protocol + ".timeout", timeout);
        p.put("mail." + protocol + ".writetimeout", timeout);
        p.put("mail." + protocol + ".auth", String.valueOf(!settings.user().isEmpty()));
        switch (settings.tls()) {
            case "starttls" -> {
                // required: never fall back to sending the credentials and the report in the clear
                p.put("mail.smtp.starttls.enable", "true");
                p.put("mail.smtp.starttls.required", "true");
                p.put("mail.smtp.ssl.checkserveridentity", "true");
            }
            case "tls" -> p.put("mail.smtps.ssl.checkserveridentity", "true");
            default -> { }
        }
        this.session = Session.getInstance(p);
    }

    private String protocol() {
        return settings.tls().equals("tls") ? "smtps" : "smtp";
    }

    @Override
    public void send(OutgoingMail mail) throws MailFailure {
        Email.Builder builder = Email.builder().from(mail.from()).to(mail.to()).subject(mail.subject())
                .body(mail.body(), BodyType.TEXT);
        if (mail.attachment() != null) {
            builder.attachment(Attachment.builder().filename(mail.attachmentName()).contentType(mail.attachmentType())
                    .content(mail.attachment()).build());
        }
        Email email = builder.build();
        try {
            MimeMessage composed = (MimeMessage) composer.compose(email, session);
            keepBytes(composed);
            MimeMessage message = new KeptMessageId(composed, mail.messageId());
            message.saveChanges();
            try (Transport transport = session.getTransport(protocol())) {
                transport.connect(settings.host(), settings.port(),
                        settings.user().isEmpty() ? null : settings.user(),
                        settings.user().isEmpty() ? null : settings.password());
                // Jakarta Mail logs in only where the server offers AUTH, and otherwise sends
                // without: with a user configured, that would hand the report to a relay that
                // never checked who we are (or to someone posing as the relay).
                if (!settings.user().isEmpty() && transport instanceof SMTPTransport smtp
                        && !smtp.supportsExtension("AUTH")) {
                    throw new MailFailure("the SMTP server " + settings.host() + ":" + settings.port() + " offers no"
                            + " authentication (no AUTH in its EHLO answer) although a user is configured"
                            + " (NETPOL_AUDITOR_SMTP_USER); the report was not sent without logging in", null);
                }
                transport.sendMessage(message, message.getAllRecipients());
            }
        } catch (MessagingException | RuntimeException e) {
            int code = replyCode(e);
            throw new MailFailure(code >= 500 && code < 600
                    ? "the SMTP server refused it permanently (" + code + "): " + reason(e) : reason(e), e,
                    code >= 500 && code < 600);
        }
    }

    /**
     * Base64 for the attached file: in a 7-bit or quoted-printable part (what a CSV or JSON file
     * would get) its line ends become CRLF on the way, and the file received would no longer
     * have the SHA-256 the stored report (the evidence) has.
     */
    private static void keepBytes(MimeMessage composed) throws MessagingException {
        try {
            if (composed.getContent() instanceof Multipart parts) {
                for (int i = 0; i < parts.getCount(); i++) {
                    BodyPart part = parts.getBodyPart(i);
                    if (part.getFileName() != null) {
                        part.setHeader("Content-Transfer-Encoding", "base64");
                    }
                }
            }
        } catch (IOException e) {
            throw new MessagingException("cannot read the composed message: " + e.getMessage(), e);
        }
    }

    /**
     * The SMTP reply code behind a failure, or -1: the code of the server's rejection (of the
     * sender, a recipient, the data), or the one that opens its reply to a failed login.
     */
    static int replyCode(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SMTPSendFailedException f && f.getReturnCode() > 0) {
                return f.getReturnCode();
            }
            if (t instanceof SMTPAddressFailedException f && f.getReturnCode() > 0) {
                return f.getReturnCode();
            }
            if (t instanceof SMTPSenderFailedException f && f.getReturnCode() > 0) {
                return f.getReturnCode();
            }
            if (t instanceof SendFailedException f && f.getNextException() != null && f.getNextException() != t) {
                int nested = replyCode(f.getNextException());
                if (nested > 0) {
                    return nested;
                }
            }
            if (t instanceof AuthenticationFailedException && t.getMessage() != null
                    && t.getMessage().strip().matches("[2-5]\\d\\d\\b.*")) {
                return Integer.parseInt(t.getMessage().strip().substring(0, 3));
            }
        }
        return -1;
    }

    /** The messages of {@code e} and its causes, each once: the SMTP reply or the connection's error. */
    static String reason(Throwable e) {
        List<String> parts = new ArrayList<>();
        for (Throwable t = e; t != null && parts.size() < 5; t = t.getCause()) {
            String full = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage().strip();
            int nested = full.indexOf(";\n  nested exception is");
            String m = nested < 0 ? full : full.substring(0, nested);
            if (parts.stream().noneMatch(p -> p.contains(m))) {
                parts.add(m);
            }
        }
        String joined = String.join(": ", parts).replaceAll("\\s+", " ");
        return joined.length() > MAX_REASON ? joined.substring(0, MAX_REASON) + "..." : joined;
    }

    /** A message whose Message-ID is the one given, not one Jakarta Mail makes up when saving. */
    private static final class KeptMessageId extends MimeMessage {
        private final String messageId;

        KeptMessageId(MimeMessage composed, String messageId) throws MessagingException {
            super(composed);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
