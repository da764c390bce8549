package dev.netpolauditor.api;

import dev.netpolauditor.access.Role;
import dev.netpolauditor.service.AuditLog;
import dev.netpolauditor.service.AuditLog.Entry;
import dev.netpolauditor.service.Page;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
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
import java.util.Map;

/** The append-only record of changes made through the API. */
@Controller("/api/v1/audit-log")
@Secured(Role.ADMIN_NAME)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "access")
@ApiResponse(responseCode = "401", description = "No credentials, or a token that authenticates nobody",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "403", description = "The caller's role does not allow this",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
final class AuditLogController {
    private final AuditLog log;

    AuditLogController(AuditLog log) {
        this.log = log;
    }

    /** One change: when, who, what, to what. */
    @Schema(name = "AuditEntry")
    public record AuditEntryView(long id, @Schema(description = "ISO-8601 instant") String at,
            @Schema(description = "token:<id>:<name> for an API token, jwt:<subject> for an OIDC token") String actor,
            @Schema(description = "e.g. token.created, token.revoked, snapshot.triggered") String action,
            @Schema(description = "e.g. token:12, cluster:prod") String target, Map<String, Object> detail) {
        static AuditEntryView of(Entry e) {
            return new AuditEntryView(e.id(), e.at().toString(), e.actor(), e.action(), e.target(), e.detail());
        }
    }

    @Get
    @Operation(summary = "Read the audit log, newest first")
    Page<AuditEntryView> list(
            @Parameter(description = "Page size", schema = @Schema(type = "integer", minimum = "1", maximum = "1000",
                    defaultValue = "50"))
            @Nullable @QueryValue("limit") String limit,
            @Parameter(description = "Items to skip", schema = @Schema(type = "integer", minimum = "0",
                    defaultValue = "0"))
            @Nullable @QueryValue("offset") String offset) {
        return log.entries(Params.limit(limit), Params.offset(offset)).map(AuditEntryView::of);
    }
}
