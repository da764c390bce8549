package dev.netpolauditor.service;

import dev.netpolauditor.store.StoredSnapshot;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A stored snapshot as the edges see it: a complete snapshot (counts, content hash and analysis
 * summary set, no failure reason) or a failed attempt (failure reason set; counts, hash and
 * summary null). Mapped once from the store's row, so that the API and the console need not know it.
 */
public record Snapshot(long id, String cluster, String status, String trigger, Instant startedAt,
        Instant finishedAt, String source, String clusterUid, Map<String, String> listResourceVersions,
        List<String> absentResources, Integer namespaceCount, Integer podCount, Integer workloadCount,
        Integer policyCount, String engineVersion, String contentSha256, String failureReason,
        AnalysisSummary summary) {

    public static final String COMPLETE = StoredSnapshot.COMPLETE;
    public static final String FAILED = StoredSnapshot.FAILED;

    public Snapshot {
        absentResources = List.copyOf(absentResources);
    }

    /** The store's row as the edges see it (for {@code mail} and the services, which read rows). */
    public static Snapshot of(StoredSnapshot s) {
        return new Snapshot(s.id(), s.cluster(), s.status(), s.trigger(), s.startedAt(), s.finishedAt(), s.source(),
                s.clusterUid(), s.listResourceVersions(), s.absentResources(), s.namespaceCount(), s.podCount(),
                s.workloadCount(), s.policyCount(), s.engineVersion(), s.contentSha256(), s.failureReason(),
                s.summary() == null ? null : AnalysisSummary.of(s.summary()));
    }

    public boolean complete() {
        return COMPLETE.equals(status);
    }
}
