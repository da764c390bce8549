package dev.netpolauditor.store;

import java.time.Instant;
import java.util.Map;

/**
 * A snapshot row: a complete snapshot (counts and content hash set, no failure reason) or a
 * failed attempt (failure reason set, counts and hash null).
 */
public record StoredSnapshot(long id, String cluster, String status, Instant startedAt, Instant finishedAt,
        Map<String, String> listResourceVersions, Integer namespaceCount, Integer podCount, Integer workloadCount,
        Integer policyCount, String engineVersion, String contentSha256, String failureReason) {

    public static final String COMPLETE = "complete";
    public static final String FAILED = "failed";

    public boolean complete() {
        return COMPLETE.equals(status);
    }
}
