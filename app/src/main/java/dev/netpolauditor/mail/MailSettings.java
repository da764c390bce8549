package dev.netpolauditor.mail;

import java.time.Duration;
import java.util.List;

/**
 * How reports are mailed (netpol-auditor.mail.*). {@code host} empty: no SMTP server is
 * configured; deliveries are still recorded, and their attempts fail saying what to set.
 *
 * @param tls          {@code starttls} (upgrade a plain connection; required), {@code tls}
 *                     (TLS from the first byte, usually port 465) or {@code none}
 * @param user         SMTP user, or empty for no authentication
 * @param from         the From address
 * @param maxAttempts  attempts before a delivery is marked failed
 * @param firstRetry   wait after the first failed attempt; doubled after each further one
 * @param maxRetry     the longest wait between attempts
 * @param timeout      connect, read and write timeout of the SMTP connection
 */
public record MailSettings(String host, int port, String tls, String user, String password, String from,
        int maxAttempts, Duration firstRetry, Duration maxRetry, Duration timeout) {
    public static final List<String> TLS_MODES = List.of("starttls", "tls", "none");

    public MailSettings {
        host = host == null ? "" : host.strip();
        user = user == null ? "" : user.strip();
        password = password == null ? "" : password;
        from = from == null ? "" : from.strip();
        if (!TLS_MODES.contains(tls)) {
            throw new IllegalArgumentException("netpol-auditor.mail.smtp.tls (NETPOL_AUDITOR_SMTP_TLS) '" + tls
                    + "': use starttls, tls or none");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("netpol-auditor.mail.smtp.port (NETPOL_AUDITOR_SMTP_PORT) " + port
                    + ": give a TCP port, 1-65535 (587 for submission with STARTTLS, 465 for TLS)");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("netpol-auditor.mail.max-attempts " + maxAttempts + ": at least 1");
        }
        if (firstRetry.isNegative() || maxRetry.compareTo(firstRetry) < 0) {
            throw new IllegalArgumentException("netpol-auditor.mail.first-retry " + firstRetry
                    + " and max-retry " + maxRetry + ": need 0 <= first-retry <= max-retry");
        }
        if (!host.isEmpty() && from.isEmpty()) {
            throw new IllegalArgumentException("netpol-auditor.mail.from (NETPOL_AUDITOR_MAIL_FROM) is empty: an"
                    + " SMTP host is set, so give the From address of the mailed reports");
        }
    }

    /** Whether an SMTP server is configured. */
    public boolean configured() {
        return !host.isEmpty();
    }

    /** The wait before the attempt after {@code failed} failed ones: first-retry doubled, capped at max-retry. */
    public Duration retryAfter(int failed) {
        Duration wait = firstRetry;
        for (int i = 1; i < failed && wait.compareTo(maxRetry) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxRetry) > 0 ? maxRetry : wait;
    }

    /** Without the password, for logs. */
    @Override
    public String toString() {
        return "MailSettings[host=" + host + ", port=" + port + ", tls=" + tls + ", user=" + user + ", from=" + from
                + ", maxAttempts=" + maxAttempts + ", firstRetry=" + firstRetry + ", maxRetry=" + maxRetry + "]";
    }
}
