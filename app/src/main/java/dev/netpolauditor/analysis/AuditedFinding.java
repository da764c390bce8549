package dev.netpolauditor.analysis;

import java.util.List;

/**
 * A finding as reported: open, excepted (an exception applies), or open with an expired
 * exception (which no longer applies, and the report says so). {@code exception} is the
 * matching exception that decided its status, or null; {@code otherExceptions} are the other
 * exceptions that match it (a file's and a service's may both), shown beside the one that applied.
 */
public record AuditedFinding(Finding finding, Status status, FindingException exception,
        List<FindingException> otherExceptions) {

    public AuditedFinding {
        otherExceptions = List.copyOf(otherExceptions);
    }

    /** A finding no other exception matches. */
    public AuditedFinding(Finding finding, Status status, FindingException exception) {
        this(finding, status, exception, List.of());
    }

    public enum Status {
        OPEN, EXCEPTED, EXCEPTION_EXPIRED;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public boolean open() {
        return status != Status.EXCEPTED;
    }
}
