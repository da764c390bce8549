package dev.netpolauditor.mail;

/** Hands a mail to a mail server. */
public interface Mailer {
    /** Sends {@code mail}; returns when the server accepted it. */
    void send(OutgoingMail mail) throws MailFailure;

    /** The server did not take the mail; the message says why, as the server or the connection told. */
    final class MailFailure extends Exception {
        public MailFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
