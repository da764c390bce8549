package dev.netpolauditor.service;

import dev.netpolauditor.store.ReportStore.StoredReport;
import java.time.Instant;
import java.util.List;

/**
 * A stored report (evidence) as the edges see it: what it is about, its hash, its place in its
 * cluster's hash chain ({@code previousSha256}: null for the cluster's first) and who made it.
 * The file itself is fetched apart ({@link Evidence#content}).
 */
public record Report(long id, String cluster, List<Long> snapshotIds, String kind, String format,
        String engineVersion, Long subscriptionId, Instant generatedAt, String sha256, String previousSha256,
        long size, String createdBy) {

    public Report {
        snapshotIds = List.copyOf(snapshotIds);
    }

    /** The store's row as the edges see it (for {@code mail} and the services, which read rows). */
    public static Report of(StoredReport r) {
        return new Report(r.id(), r.cluster(), r.snapshotIds(), r.kind(), r.format(), r.engineVersion(),
                r.subscriptionId(), r.generatedAt(), r.sha256(), r.previousSha256(), r.size(), r.createdBy());
    }
}
