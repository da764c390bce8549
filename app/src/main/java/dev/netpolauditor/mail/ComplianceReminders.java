package dev.netpolauditor.mail;

import dev.netpolauditor.service.ComplianceSettings;
import dev.netpolauditor.store.ComplianceStore;
import dev.netpolauditor.store.ComplianceStore.StoredException;
import dev.netpolauditor.store.DeliveryStore;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Records the reminder mails of the compliance workflow in the delivery outbox, which sends them
 * with the subscribed reports ({@link ReportDeliveries}): the owner of an approved exception is
 * mailed once when its expiry date is within the configured reminder period. A reminder is keyed
 * by what it reminds of and whom ({@code exception:<id>:expiry}), so several replicas recording
 * it at once still mail it once.
 */
public final class ComplianceReminders {
    private final ComplianceStore compliance;
    private final DeliveryStore deliveries;
    private final ComplianceSettings settings;

    public ComplianceReminders(ComplianceStore compliance, DeliveryStore deliveries, ComplianceSettings settings) {
        this.compliance = compliance;
        this.deliveries = deliveries;
        this.settings = settings;
    }

    /** Records the reminders due at {@code now}; returns how many this call recorded. */
    public int run(Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        int recorded = 0;
        for (StoredException e : compliance.exceptionsToRemind(today, today.plus(settings.exceptionReminder()))) {
            if (deliveries.recordReminder(reminder(e), e.owner(), subject(e), body(e), now)) {
                recorded++;
            }
            compliance.reminded(e.id(), now);
        }
        return recorded;
    }

    /** What the reminder of an exception's expiry is keyed by. */
    public static String reminder(StoredException e) {
        return "exception:" + e.id() + ":expiry";
    }

    static String subject(StoredException e) {
        return "netpol-auditor: exception " + e.id() + " (" + e.rule() + " " + e.subjectPattern() + ") expires on "
                + e.expires();
    }

    static String body(StoredException e) {
        return "The exception you own expires on " + e.expires() + " (UTC); after that day the findings it"
                + " excepts are open again.\n\n"
                + "  exception  " + e.id() + "\n"
                + "  cluster    " + (e.cluster() == null ? "every cluster" : e.cluster()) + "\n"
                + "  rule       " + e.rule() + "\n"
                + "  subject    " + e.subjectPattern() + "\n"
                + "  ticket     " + (e.ticket() == null ? "-" : e.ticket()) + "\n"
                + "  approved   by " + e.decidedBy() + " on " + e.decidedAt() + "\n"
                + "  why        " + e.justification() + "\n\n"
                + "If the risk is still accepted, propose a new exception (POST /api/v1/exceptions) for a second"
                + " person to approve; otherwise fix what the findings report.\n";
    }
}
