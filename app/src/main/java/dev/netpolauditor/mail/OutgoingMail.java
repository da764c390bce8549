package dev.netpolauditor.mail;

import java.util.Objects;

/**
 * One mail to one recipient, with one attached file (a report) or none (a reminder: the
 * attachment fields are null).
 *
 * @param messageId the Message-ID header, angle brackets included; the same for every attempt
 */
public record OutgoingMail(String messageId, String from, String to, String subject, String body,
        String attachmentName, String attachmentType, byte[] attachment) {
    public OutgoingMail {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(to, "to");
        if ((attachment == null) != (attachmentName == null)) {
            throw new IllegalArgumentException("an attachment needs its name, and a name its attachment");
        }
    }
}
