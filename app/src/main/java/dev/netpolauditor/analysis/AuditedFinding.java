package dev.netpolauditor.analysis;

/**
 * A finding as reported: open, excepted (an exception applies), or open with an expired
 * exception (which no longer applies, and the report says so). {@code exception} is the
 * matching exception, or null.
 */
public record AuditedFinding(Finding finding, Status status, FindingException exception) {

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
