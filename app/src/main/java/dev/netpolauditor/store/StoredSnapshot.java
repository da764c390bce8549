package dev.netpolauditor.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A snapshot row: a complete snapshot (counts, content hash and analysis summary set, no
 * failure reason) or a failed attempt (failure reason set; counts, hash and summary null).
 */
public record StoredSnapshot(long id, String cluster, String status, String trigger, Instant startedAt,
        Instant finishedAt, String source, String clusterUid, Map<String, String> listResourceVersions,
        List<String> absentResources, Integer namespaceCount, Integer podCount, Integer workloadCount, Integer policyCount, String engineVersion,
        String contentSha256, String failureReason, Summary summary) {

    public StoredSnapshot {
        absentResources = List.copyOf(absentResources);
    }

    public static final String COMPLETE = "complete";
    public static final String FAILED = "failed";

    /** The headline figures of a complete snapshot's analysis. */
    public record Summary(long endpoints, int endpointGroups, int score, int openHigh, int openMedium, int openLow,
            int openInfo, int excepted) {}

    public boolean complete() {
        return COMPLETE.equals(status);
    }
}
