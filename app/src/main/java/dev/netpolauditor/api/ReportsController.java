package dev.netpolauditor.api;

import dev.netpolauditor.access.Role;
import dev.netpolauditor.report.ReportFormat;
import dev.netpolauditor.service.Evidence;
import dev.netpolauditor.service.Page;
import dev.netpolauditor.service.Report;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reports kept as evidence: listed, shown, their files fetched, and a file checked against
 * them (which stored report it is, and whether its cluster's hash chain holds up to it).
 */
@Controller("/api/v1/reports")
@Secured(Role.AUDITOR_NAME)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "reports")
@ApiResponse(responseCode = "401", description = "No credentials, or a token that authenticates nobody",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "403", description = "The caller's role does not allow this",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
final class ReportsController {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final Evidence reports;

    ReportsController(Evidence reports) {
        this.reports = reports;
    }

    /** What a verified file is. */
    @Schema(name = "ReportVerification")
    public record Verification(
            @Schema(description = "SHA-256 (hex) of the file checked") String sha256,
            @Schema(description = "Whether a stored report has this hash") boolean known,
            @Schema(description = "The stored report with this hash (the newest, if several); null if unknown")
            ReportView report,
            @Schema(description = "The report's cluster chain up to it; null if unknown") ChainView chain) {}

    /** Whether a cluster's hash chain holds from its first report up to the verified one. */
    @Schema(name = "ReportChain")
    public record ChainView(boolean intact, @Schema(description = "Reports checked") int reports,
            @Schema(description = "The first report where it breaks; null if intact") Long brokenAt,
            @Schema(description = "Why it breaks; null if intact") String reason) {}

    @Get
    @Operation(summary = "List stored reports, newest first")
    @ApiResponse(responseCode = "200", description = "A page of reports")
    Page<ReportView> list(@Parameter(description = "Only this cluster's") @Nullable @QueryValue("cluster") String cluster,
            @Parameter(description = "Page size", schema = @Schema(type = "integer", minimum = "1", maximum = "1000",
                    defaultValue = "50"))
            @Nullable @QueryValue("limit") String limit,
            @Parameter(description = "Items to skip", schema = @Schema(type = "integer", minimum = "0",
                    defaultValue = "0"))
            @Nullable @QueryValue("offset") String offset) {
        return reports.list(cluster, Params.limit(limit), Params.offset(offset)).map(ReportView::of);
    }

    @Get("/{id}")
    @Operation(summary = "Show a stored report's metadata")
    @ApiResponse(responseCode = "200", description = "The report")
    @ApiResponse(responseCode = "404", description = "No such report",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    ReportView report(@Parameter(description = "Report id") @PathVariable String id) {
        return ReportView.of(stored(id));
    }

    @Get("/{id}/file")
    @Operation(summary = "The stored report file, byte for byte as handed out")
    @ApiResponse(responseCode = "200", description = "The file")
    @ApiResponse(responseCode = "404", description = "No such report",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    HttpResponse<byte[]> file(@Parameter(description = "Report id") @PathVariable String id) {
        Report report = stored(id);
        byte[] content = reports.content(report.id()).orElseThrow(() -> unknown(id));
        String type = ReportFormat.ofStored(report.format()).mediaType();
        return ReportDownloadController.file(content, type, "netpol-" + report.kind() + "-" + report.cluster()
                + "-report-" + report.id() + "." + report.format(), report.id(), report.sha256());
    }

    @Post("/verify")
    @Consumes(MediaType.ALL)
    @Operation(summary = "Check a report file against the evidence",
            description = "Send the file as the raw request body (e.g. curl --data-binary @report.xlsx"
                    + " -H 'Content-Type: application/octet-stream'), at most the server's request size limit"
                    + " (1 MB by default); for a larger file send its SHA-256 as ?sha256= with an empty body."
                    + " Answers which stored report has that hash and whether its cluster's hash chain holds up"
                    + " to it: every report names its predecessor's hash and every stored file still has its"
                    + " recorded hash. An unknown file (altered, or never handed out) is known=false.")
    @ApiResponse(responseCode = "200", description = "The verification")
    @ApiResponse(responseCode = "400", description = "No file and no sha256, or a malformed sha256",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "413", description = "The file is larger than the request size limit",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    Verification verify(@Parameter(description = "SHA-256 (hex) of the file, instead of the file")
            @Nullable @QueryValue("sha256") String sha256, @Body @Nullable byte[] file) {
        String hash;
        if (sha256 != null && !sha256.isBlank()) {
            hash = sha256.strip().toLowerCase(Locale.ROOT);
            if (!SHA256.matcher(hash).matches()) {
                throw ApiProblem.badParameter("sha256=" + sha256 + ": expected 64 hexadecimal digits");
            }
        } else if (file != null && file.length > 0) {
            hash = Evidence.sha256(file);
        } else {
            throw ApiProblem.badRequest("send the report file as the request body, or its SHA-256 as ?sha256=");
        }
        List<Report> matches = reports.bySha256(hash);
        if (matches.isEmpty()) {
            return new Verification(hash, false, null, null);
        }
        Report report = matches.getLast();
        Evidence.Chain chain = reports.chain(report.cluster(), report.id());
        return new Verification(hash, true, ReportView.of(report),
                new ChainView(chain.intact(), chain.reports(), chain.brokenAt(), chain.reason()));
    }

    private Report stored(String id) {
        long parsed;
        try {
            parsed = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw ApiProblem.badParameter("report '" + id + "': name a report by its numeric id");
        }
        return reports.report(parsed).orElseThrow(() -> unknown(id));
    }

    private static ApiProblem unknown(String id) {
        return ApiProblem.notFound("report", "no stored report " + id + "; list them with GET /api/v1/reports");
    }
}
