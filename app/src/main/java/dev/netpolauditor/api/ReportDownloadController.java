package dev.netpolauditor.api;

import dev.netpolauditor.access.Actors;
import dev.netpolauditor.access.Role;
import dev.netpolauditor.report.ReportFormat;
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
 * The compliance report of a stored snapshot, as a file: generated, kept as evidence (see
 * {@link ReportsController}) and handed out. Downloading evidence is the auditor's.
 */
@Controller("/api/v1/clusters/{cluster}/snapshots/{snapshot}")
@Secured(Role.AUDITOR_NAME)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "reports")
@ApiResponse(responseCode = "401", description = "No credentials, or a token that authenticates nobody",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "403", description = "The caller's role does not allow this",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "404", description = "No such cluster or snapshot",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "409", description = "The snapshot is a failed attempt",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
final class ReportDownloadController {
    static final String XLSX = ReportFormat.XLSX_MEDIA_TYPE;
    static final String CSV = ReportFormat.CSV_MEDIA_TYPE;
    static final String JSON = ReportFormat.JSON_MEDIA_TYPE;

    private final SnapshotLocator locator;
    private final StoredReports reports;

    ReportDownloadController(SnapshotLocator locator, StoredReports reports) {
        this.locator = locator;
        this.reports = reports;
    }

    @Get("/report.xlsx")
    @Operation(summary = "The snapshot's compliance report as a workbook",
            description = "Generated now from the stored snapshot, with the trend of the cluster's last"
                    + " snapshots, stored as evidence (GET /api/v1/reports) and returned.")
    @ApiResponse(responseCode = "200", description = "The workbook; X-Report-Id names the evidence",
            content = @Content(mediaType = XLSX))
    HttpResponse<byte[]> xlsx(@Parameter(description = "Cluster name") @PathVariable String cluster,
            @Parameter(description = "Snapshot id, or 'latest'") @PathVariable String snapshot,
            @Parameter(description = "With 'latest': at or before this ISO-8601 instant")
            @Nullable @QueryValue("at") String at, Authentication caller) {
        return download(cluster, snapshot, at, "xlsx", XLSX, caller);
    }

    @Get("/report.csv")
    @Operation(summary = "The snapshot's findings as CSV, stored as evidence")
    @ApiResponse(responseCode = "200", description = "The CSV; X-Report-Id names the evidence",
            content = @Content(mediaType = "text/csv"))
    HttpResponse<byte[]> csv(@Parameter(description = "Cluster name") @PathVariable String cluster,
            @Parameter(description = "Snapshot id, or 'latest'") @PathVariable String snapshot,
            @Parameter(description = "With 'latest': at or before this ISO-8601 instant")
            @Nullable @QueryValue("at") String at, Authentication caller) {
        return download(cluster, snapshot, at, "csv", CSV, caller);
    }

    @Get("/report.json")
    @Operation(summary = "The snapshot's compliance report as JSON, stored as evidence")
    @ApiResponse(responseCode = "200", description = "The report; X-Report-Id names the evidence",
            content = @Content(mediaType = JSON))
    HttpResponse<byte[]> json(@Parameter(description = "Cluster name") @PathVariable String cluster,
            @Parameter(description = "Snapshot id, or 'latest'") @PathVariable String snapshot,
            @Parameter(description = "With 'latest': at or before this ISO-8601 instant")
            @Nullable @QueryValue("at") String at, Authentication caller) {
        return download(cluster, snapshot, at, "json", JSON, caller);
    }

    private HttpResponse<byte[]> download(String cluster, String ref, String at, String format, String type,
            Authentication caller) {
        Snapshot snapshot = locator.complete(cluster, ref, at);
        StoredReports.Generated generated = reports.generate(snapshot, format, null, Actors.of(caller));
        return file(generated.content(), type, generated.filename(), generated.report().id(),
                generated.report().sha256());
    }

    static HttpResponse<byte[]> file(byte[] content, String type, String filename, long id, String sha256) {
        return HttpResponse.ok(content).contentType(type)
                .header("Content-Disposition", "attachment; filename=\"" + filename + "\"")
                .header("X-Report-Id", Long.toString(id))
                .header("X-Report-SHA256", sha256);
    }
}
