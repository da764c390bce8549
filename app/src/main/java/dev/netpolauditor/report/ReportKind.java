package dev.netpolauditor.report;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The kinds of report kept as evidence, by the name stored with each, and the name of the file
 * each is handed out as (the API, the console and mail give a report the same name).
 */
public enum ReportKind {
    /** A complete snapshot's compliance report. */
    COMPLIANCE,
    /** What changed from one complete snapshot to a later one. */
    CHANGE,
    /** The compliance of a cluster over an interval of its snapshots. */
    PERIOD,
    /** A review of a snapshot's findings, with four eyes. */
    REVIEW;

    /** What a subscription may deliver, by name. */
    public static final List<String> DELIVERABLE = List.of(COMPLIANCE.wireName(), CHANGE.wireName(),
            PERIOD.wireName());

    /** The name stored with a report: {@code compliance}, {@code change}, {@code period}, {@code review}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ReportKind> named(String name) {
        return Arrays.stream(values()).filter(k -> k.wireName().equals(name)).findFirst();
    }

    /** The kind of a stored report (one of ours, so always known). */
    public static ReportKind ofStored(String name) {
        return named(name).orElseThrow(() -> new IllegalArgumentException("no report kind " + name));
    }

    /**
     * The file name of a report of this kind about {@code snapshotIds} (as the evidence records
     * them: the reported snapshot first; a change report's earlier snapshot second, a period
     * report's first and last).
     */
    public String filename(String cluster, List<Long> snapshotIds, String format) {
        return switch (this) {
            case COMPLIANCE -> "netpol-compliance-" + cluster + "-snapshot-" + snapshotIds.getFirst() + "." + format;
            case CHANGE -> "netpol-change-" + cluster + "-" + (snapshotIds.size() > 1 ? snapshotIds.get(1) : "none")
                    + "-" + snapshotIds.getFirst() + "." + format;
            case PERIOD -> "netpol-period-" + cluster + "-snapshots-" + snapshotIds.getFirst() + "-"
                    + snapshotIds.getLast() + "." + format;
            case REVIEW -> "netpol-review-" + cluster + "-snapshot-" + snapshotIds.getFirst() + "." + format;
        };
    }
}
