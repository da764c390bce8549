package dev.netpolauditor.mail;

/** Hands a mail to a mail server. */
public interface Mailer {
    /** Sends {@code mail}; returns when the server accepted it. */
    void send(OutgoingMail mail) throws MailFailure;

    /**
     * The server did not take the mail; the message says why, as the server or the connection
     * told. Permanent when the server refused it for good (an SMTP 5xx reply): sending the same
     * mail again cannot succeed, so it is not retried.
     */
    final class MailFailure extends Exception {
        private final boolean permanent;

        public MailFailure(String message, Throwable cause) {
            this(message, cause, false);
        }

        public MailFailure(String message, Throwable cause, boolean permanent) {
            super(message, cause);
            this.permanent = permanent;
        }

        public boolean permanent() {
            return permanent;
        }
    }
}
