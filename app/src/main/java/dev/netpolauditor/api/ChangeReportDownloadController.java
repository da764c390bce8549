package dev.netpolauditor.api;

import dev.netpolauditor.access.Actors;
import dev.netpolauditor.access.Role;
import dev.netpolauditor.service.Snapshot;
import dev.netpolauditor.service.StoredReports;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * The change report between two complete snapshots of a cluster, as a file: generated, kept as
 * evidence beside the compliance reports (see {@link ReportsController}) and handed out.
 * Downloading evidence is the auditor's. The snapshots are named as for the diff route:
 * ids or {@code latest} with {@code fromAt}/{@code toAt}; {@code to} defaults to the latest and
 * {@code from} to the complete snapshot just before {@code to}.
 */
@Controller("/api/v1/clusters/{cluster}/changes")
@Secured(Role.AUDITOR_NAME)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "reports")
@ApiResponse(responseCode = "400", description = "A parameter is invalid, or from is later than to",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "401", description = "No credentials, or a token that authenticates nobody",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "403", description = "The caller's role does not allow this",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "404", description = "No such cluster or snapshot",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "409", description = "A snapshot is a failed attempt",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
final class ChangeReportDownloadController {
    private static final String DESCRIPTION = "What changed between two complete snapshots (objects, connectivity"
            + " with causes, namespace and tenant pairs, findings), generated now from the stored snapshots, stored"
            + " as evidence (GET /api/v1/reports, kind change, snapshotIds [to, from]) and returned. Without an"
            + " earlier snapshot the report says there is nothing to compare with.";

    private final SnapshotLocator locator;
    private final StoredReports reports;

    ChangeReportDownloadController(SnapshotLocator locator, StoredReports reports) {
        this.locator = locator;
        this.reports = reports;
    }

    @Get("/report.xlsx")
    @Operation(summary = "The change report between two snapshots as a workbook", description = DESCRIPTION)
    @ApiResponse(responseCode = "200", description = "The workbook; X-Report-Id names the evidence",
            content = @Content(mediaType = ReportDownloadController.XLSX))
    HttpResponse<byte[]> xlsx(@Parameter(description = "Cluster name") @PathVariable String cluster,
            @Parameter(description = "Earlier snapshot: id or 'latest'; default the one before 'to'")
            @Nullable @QueryValue("from") String from,
            @Parameter(description = "Later snapshot: id or 'latest' (default)") @Nullable @QueryValue("to") String to,
            @Parameter(description = "With from=latest: at or before this ISO-8601 instant")
            @Nullable @QueryValue("fromAt") String fromAt,
            @Parameter(description = "With to=latest: at or before this ISO-8601 instant")
            @Nullable @QueryValue("toAt") String toAt, Authentication caller) {
        return download(cluster, from, to, fromAt, toAt, "xlsx", ReportDownloadController.XLSX, caller);
    }

    @Get("/report.csv")
    @Operation(summary = "The connectivity changes between two snapshots, with causes, as CSV",
            description = DESCRIPTION)
    @ApiResponse(responseCode = "200", description = "The CSV; X-Report-Id names the evidence",
            content = @Content(mediaType = "text/csv"))
    HttpResponse<byte[]> csv(@Parameter(description = "Cluster name") @PathVariable String cluster,
            @Parameter(description = "Earlier snapshot: id or 'latest'; default the one before 'to'")
            @Nullable @QueryValue("from") String from,
            @Parameter(description = "Later snapshot: id or 'latest' (default)") @Nullable @QueryValue("to") String to,
            @Parameter(description = "With from=latest: at or before this ISO-8601 instant")
            @Nullable @QueryValue("fromAt") String fromAt,
            @Parameter(description = "With to=latest: at or before this ISO-8601 instant")
            @Nullable @QueryValue("toAt") String toAt, Authentication caller) {
        return download(cluster, from, to, fromAt, toAt, "csv", ReportDownloadController.CSV, caller);
    }

    @Get("/report.json")
    @Operation(summary = "The change report between two snapshots as JSON", description = DESCRIPTION)
    @ApiResponse(responseCode = "200", description = "The report; X-Report-Id names the evidence",
            content = @Content(mediaType = ReportDownloadController.JSON))
    HttpResponse<byte[]> json(@Parameter(description = "Cluster name") @PathVariable String cluster,
            @Parameter(description = "Earlier snapshot: id or 'latest'; default the one before 'to'")
            @Nullable @QueryValue("from") String from,
            @Parameter(description = "Later snapshot: id or 'latest' (default)") @Nullable @QueryValue("to") String to,
            @Parameter(description = "With from=latest: at or before this ISO-8601 instant")
            @Nullable @QueryValue("fromAt") String fromAt,
            @Parameter(description = "With to=latest: at or before this ISO-8601 instant")
            @Nullable @QueryValue("toAt") String toAt, Authentication caller) {
        return download(cluster, from, to, fromAt, toAt, "json", ReportDownloadController.JSON, caller);
    }

    private HttpResponse<byte[]> download(String cluster, String from, String to, String fromAt, String toAt,
            String format, String type, Authentication caller) {
        String toRef = Params.optional(to) == null ? SnapshotLocator.LATEST : to;
        Snapshot after = locator.complete(cluster, "to", toRef, "toAt", toAt);
        Snapshot before;
        if (Params.optional(from) == null) {
            if (Params.optional(fromAt) != null) {
                throw ApiProblem.badParameter("fromAt=" + fromAt + " selects a snapshot only with from=latest");
            }
            before = reports.completeBefore(after).orElse(null);
        } else {
            before = locator.complete(cluster, "from", from, "fromAt", fromAt);
            // a change report reads forward in time; the other way round would call every addition a removal
            if (before.startedAt().isAfter(after.startedAt())) {
                throw ApiProblem.badParameter("from (snapshot " + before.id() + ", " + before.startedAt()
                        + ") is later than to (snapshot " + after.id() + ", " + after.startedAt() + ")");
            }
        }
        StoredReports.Generated generated = reports.generateChange(before, after, format, null, Actors.of(caller));
        return ReportDownloadController.file(generated.content(), type, generated.filename(),
                generated.report().id(), generated.report().sha256());
    }
}
