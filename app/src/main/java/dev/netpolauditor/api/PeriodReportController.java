package dev.netpolauditor.api;

import dev.netpolauditor.access.Actors;
import dev.netpolauditor.access.Role;
import dev.netpolauditor.service.PeriodReports;
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
import java.time.Instant;

/**
 * The compliance report of a cluster over an interval of its snapshots (a quarter, a year) as a
 * file: generated from the stored analyses, kept as evidence (kind period) and handed out.
 * Downloading evidence is the auditor's.
 */
@Controller("/api/v1/clusters/{cluster}/period")
@Secured(Role.AUDITOR_NAME)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "reports")
@ApiResponse(responseCode = "400", description = "A parameter is invalid, or from is not before to",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "401", description = "No credentials, or a token that authenticates nobody",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "403", description = "The caller's role does not allow this",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "404", description = "No such cluster, or no complete snapshot in the interval",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
final class PeriodReportController {
    private static final String DESCRIPTION = "Evidence over a whole period, from the stored analyses of the"
            + " interval's complete snapshots: an endpoint counts as isolated only if it was in every snapshot it"
            + " existed in; a finding and a tenant-to-tenant flow count if they existed at any time (first and last"
            + " seen); each control passes only if it passed in every snapshot; the days the schedule fired without a"
            + " complete snapshot are listed as gaps; the exceptions, justifications and reviews in force are"
            + " attached. Stored as evidence (GET /api/v1/reports, kind period, snapshotIds: the interval's complete"
            + " snapshots) and returned.";

    private final PeriodReports reports;

    PeriodReportController(PeriodReports reports) {
        this.reports = reports;
    }

    @Get("/report.xlsx")
    @Operation(summary = "The compliance report over a period as a workbook", description = DESCRIPTION)
    @ApiResponse(responseCode = "200", description = "The workbook; X-Report-Id names the evidence",
            content = @Content(mediaType = ReportDownloadController.XLSX))
    HttpResponse<byte[]> xlsx(@Parameter(description = "Cluster name") @PathVariable String cluster,
            @Parameter(description = "Start of the period, ISO-8601 instant (inclusive)") @Nullable
            @QueryValue("from") String from,
            @Parameter(description = "End of the period, ISO-8601 instant (exclusive)") @Nullable
            @QueryValue("to") String to, Authentication caller) {
        return download(cluster, from, to, "xlsx", ReportDownloadController.XLSX, caller);
    }

    @Get("/report.csv")
    @Operation(summary = "The findings over a period as CSV (first and last seen, status at the end)",
            description = DESCRIPTION)
    @ApiResponse(responseCode = "200", description = "The CSV; X-Report-Id names the evidence",
            content = @Content(mediaType = "text/csv"))
    HttpResponse<byte[]> csv(@Parameter(description = "Cluster name") @PathVariable String cluster,
            @Parameter(description = "Start of the period, ISO-8601 instant (inclusive)") @Nullable
            @QueryValue("from") String from,
            @Parameter(description = "End of the period, ISO-8601 instant (exclusive)") @Nullable
            @QueryValue("to") String to, Authentication caller) {
        return download(cluster, from, to, "csv", ReportDownloadController.CSV, caller);
    }

    @Get("/report.json")
    @Operation(summary = "The compliance report over a period as JSON", description = DESCRIPTION)
    @ApiResponse(responseCode = "200", description = "The report; X-Report-Id names the evidence",
            content = @Content(mediaType = ReportDownloadController.JSON))
    HttpResponse<byte[]> json(@Parameter(description = "Cluster name") @PathVariable String cluster,
            @Parameter(description = "Start of the period, ISO-8601 instant (inclusive)") @Nullable
            @QueryValue("from") String from,
            @Parameter(description = "End of the period, ISO-8601 instant (exclusive)") @Nullable
            @QueryValue("to") String to, Authentication caller) {
        return download(cluster, from, to, "json", ReportDownloadController.JSON, caller);
    }

    private HttpResponse<byte[]> download(String cluster, String from, String to, String format, String type,
            Authentication caller) {
        Instant start = Params.instant("from", Params.required("from", from, "the start of the period, e.g."
                + " 2026-01-01T00:00:00Z"));
        Instant end = Params.instant("to", Params.required("to", to, "the end of the period (exclusive), e.g."
                + " 2026-04-01T00:00:00Z"));
        if (!start.isBefore(end)) {
            throw ApiProblem.badParameter("from (" + start + ") must be before to (" + end + ")");
        }
        StoredReports.Generated generated;
        try {
            generated = reports.generate(cluster, start, end, format, null, Actors.of(caller));
        } catch (PeriodReports.NothingToReport e) {
            throw ApiProblem.notFound("snapshot", e.getMessage());
        }
        return ReportDownloadController.file(generated.content(), type, generated.filename(),
                generated.report().id(), generated.report().sha256());
    }
}
