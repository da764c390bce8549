package dev.netpolauditor.api;

import dev.netpolauditor.service.Report;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** A stored report (evidence) as the API shows it; the file itself is under {@code file}. */
@Schema(name = "Report")
public record ReportView(
        long id,
        String cluster,
        @Schema(description = "The snapshot reported on first, then the other snapshots of its trend (a change"
                + " report: the later, then the earlier; a review: the snapshot reviewed)")
        List<Long> snapshotIds,
        @Schema(allowableValues = {"compliance", "change", "review"}) String kind,
        @Schema(allowableValues = {"xlsx", "csv", "json"}) String format,
        String engineVersion,
        @Schema(description = "The subscription that produced it; null for a download") Long subscriptionId,
        @Schema(description = "ISO-8601 instant") String generatedAt,
        @Schema(description = "SHA-256 (hex) of the file") String sha256,
        @Schema(description = "sha256 of the cluster's previous report; null for its first") String previousSha256,
        @Schema(description = "Bytes") long size,
        String createdBy,
        @Schema(description = "This report's resource") String self,
        @Schema(description = "The stored file") String file) {

    static ReportView of(Report r) {
        String self = "/api/v1/reports/" + r.id();
        return new ReportView(r.id(), r.cluster(), r.snapshotIds(), r.kind(), r.format(), r.engineVersion(),
                r.subscriptionId(), r.generatedAt().toString(), r.sha256(), r.previousSha256(), r.size(),
                r.createdBy(), self, self + "/file");
    }
}
