package dev.netpolauditor.analysis;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;

/**
 * Periodic reviews of a cluster's rule sets, tracked for the control PCI DSS v4 1.2.7 ("reviewed
 * at least once every six months"): the interval a review stays valid, and the last review
 * recorded (null: none yet). The control passes on a day when a review was recorded within the
 * interval before it: through {@link #due()}, inclusive.
 */
public record ReviewTracking(Period interval, Review last) {

    /**
     * One recorded review: who reviewed the cluster's policies as of which snapshot, when, with which
     * outcome ({@code confirmed} or {@code changes-required}).
     */
    public record Review(long id, String reviewer, Instant at, long snapshotId, String outcome) {}

    /** The last day the last review keeps the control passing; null when there is none. */
    public LocalDate due() {
        return last == null ? null : LocalDate.ofInstant(last.at(), ZoneOffset.UTC).plus(interval);
    }

    /** Whether a review is due on {@code day}: none recorded, or the last one is older than the interval. */
    public boolean overdueOn(LocalDate day) {
        return last == null || day.isAfter(due());
    }

    /** Why the control fails on {@code day}, or null when it passes. */
    public String unmetOn(LocalDate day) {
        if (last == null) {
            return "no periodic review recorded yet (one is required every " + interval + ")";
        }
        return overdueOn(day) ? "last review on " + LocalDate.ofInstant(last.at(), ZoneOffset.UTC) + " by "
                + last.reviewer() + ": the next was due by " + due() : null;
    }

    /** What the control is judged on, for people. */
    public String basis() {
        return last == null ? "periodic review every " + interval + ": none recorded"
                : "periodic review every " + interval + ": last on " + LocalDate.ofInstant(last.at(), ZoneOffset.UTC)
                        + " by " + last.reviewer() + " (" + last.outcome() + ", snapshot " + last.snapshotId()
                        + "), next due by " + due();
    }
}
