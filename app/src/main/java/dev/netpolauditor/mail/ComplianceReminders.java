package dev.netpolauditor.mail;

import dev.netpolauditor.service.ComplianceSettings;
import dev.netpolauditor.service.Reviews;
import dev.netpolauditor.store.ComplianceStore;
import dev.netpolauditor.store.ComplianceStore.StoredException;
import dev.netpolauditor.store.DeliveryStore;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * Records the reminder mails of the compliance workflow in the delivery outbox, which sends them
 * with the subscribed reports ({@link ReportDeliveries}): the owner of an approved exception is
 * mailed once when its expiry date is within the configured reminder period; the review recipients
 * of a cluster whose reviews are tracked are mailed once when its periodic review is due (on the
 * last day the previous one counts, or at once when none was recorded). A reminder is keyed by
 * what it reminds of and whom ({@code exception:<id>:expiry}, {@code review:<cluster>:<due date>}),
 * so several replicas recording it at once still mail it once.
 */
public final class ComplianceReminders {
    private final ComplianceStore compliance;
    private final DeliveryStore deliveries;
    private final ComplianceSettings settings;
    private final Reviews reviews;

    public ComplianceReminders(ComplianceStore compliance, DeliveryStore deliveries, ComplianceSettings settings,
            Reviews reviews) {
        this.compliance = compliance;
        this.deliveries = deliveries;
        this.settings = settings;
        this.reviews = reviews;
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
        for (ComplianceStore.Tracking t : compliance.reviewTracking()) {
            Optional<Reviews.RecordedReview> last = reviews.last(t.cluster());
            LocalDate due = reviews.due(t.cluster());
            if (due != null && today.isBefore(due)) {
                continue;
            }
            String key = "review:" + t.cluster() + ":" + (due == null ? "first" : due.toString());
            for (String recipient : t.reviewRecipients()) {
                if (deliveries.recordReminder(key, recipient, reviewSubject(t.cluster(), due),
                        reviewBody(t.cluster(), last.orElse(null), due), now)) {
                    recorded++;
                }
            }
        }
        return recorded;
    }

    static String reviewSubject(String cluster, LocalDate due) {
        return "netpol-auditor: the periodic review of " + cluster + " is due"
                + (due == null ? "" : " (the last one counts through " + due + ")");
    }

    String reviewBody(String cluster, Reviews.RecordedReview last, LocalDate due) {
        return "The network policies of cluster " + cluster + " need their periodic review (PCI DSS v4 1.2.7: at"
                + " least every " + reviews.interval() + ").\n\n"
                + (last == null ? "No review has been recorded yet.\n"
                        : "The last review was recorded on " + last.recordedAt() + " by " + last.reviewer() + " ("
                                + last.outcome() + ", snapshot " + last.snapshotId() + "); it counts through " + due
                                + ".\n")
                + "\nReview the cluster's policies (its latest compliance report, GET /api/v1/clusters/" + cluster
                + "/snapshots/latest/report.xlsx) and record the review: POST /api/v1/clusters/" + cluster
                + "/reviews with {\"snapshot\": \"latest\", \"outcome\": \"confirmed\", \"notes\": \"...\"}."
                + " Until then the control fails in each new snapshot's report.\n";
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
