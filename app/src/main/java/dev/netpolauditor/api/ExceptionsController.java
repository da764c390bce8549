package dev.netpolauditor.api;

import dev.netpolauditor.access.Actors;
import dev.netpolauditor.access.Role;
import dev.netpolauditor.service.ManagedExceptions;
import dev.netpolauditor.service.ManagedExceptions.ManagedException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
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
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;

/**
 * Exceptions managed in the service: auditors propose them, another auditor approves (or rejects)
 * them, auditors revoke them; viewers read them. An approved exception applies from the cluster's
 * next snapshot until its expiry date; every change is in the audit log.
 */
@Controller("/api/v1/exceptions")
@Secured(Role.VIEWER_NAME)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "compliance")
@ApiResponse(responseCode = "401", description = "No credentials, or a token that authenticates nobody",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "403", description = "The caller's role does not allow this, or (deciding) the caller"
        + " proposed it: the four-eyes rule",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
final class ExceptionsController {
    static final String EXAMPLE = "{\"cluster\": \"prod\", \"rule\": \"NP-COV-002\", \"subject\": \"kube-system/*\","
            + " \"justification\": \"DNS must reach the upstream resolvers.\", \"owner\": \"platform@example.com\","
            + " \"expires\": \"2027-03-31\", \"ticket\": \"SEC-142\"}";
    static final String NOTE_EXAMPLE = "{\"note\": \"Reviewed with the platform team.\"}";
    private static final List<String> STATES = ManagedExceptions.STATES;

    private final ManagedExceptions exceptions;

    ExceptionsController(ManagedExceptions exceptions) {
        this.exceptions = exceptions;
    }

    /** An exception to propose. */
    @Schema(name = "ExceptionProposal")
    public record ExceptionRequest(
            @Schema(description = "A configured cluster; absent or null: every cluster") @Nullable String cluster,
            @Schema(description = "A rule id of the findings catalog", example = "NP-COV-002") String rule,
            @Schema(description = "Subject pattern: * matches any run of characters", example = "kube-system/*")
            String subject,
            @Schema(description = "Why the risk is accepted") String justification,
            @Schema(description = "Mail address of who owns the risk; mailed before the expiry") String owner,
            @Schema(description = "ISO-8601 date, the last day it applies; at most the configured maximum ahead"
                    + " (default one year)", example = "2027-03-31") String expires,
            @Schema(description = "Ticket reference") @Nullable String ticket) {}

    /** An optional note on a decision. */
    @Schema(name = "DecisionNote")
    public record NoteRequest(@Schema(description = "Why; kept with the record and in the audit log") @Nullable
            String note) {}

    /** An exception as managed: what it excepts, its state and who did what when. */
    @Schema(name = "ManagedException")
    public record ExceptionView(long id, @Schema(description = "null: every cluster") String cluster, String rule,
            String subject, String justification, String owner, @Schema(description = "ISO-8601 date") String expires,
            String ticket,
            @Schema(allowableValues = {"proposed", "approved", "rejected", "revoked", "expired"}) String state,
            String proposedBy, @Schema(description = "ISO-8601 instant") String proposedAt,
            @Schema(description = "Who approved or rejected it (never its proposer)") String decidedBy,
            String decidedAt, String decisionNote, String revokedBy, String revokedAt,
            @Schema(description = "When its owner was mailed that it expires soon") String remindedAt, String self) {
        static ExceptionView of(ManagedException e) {
            return new ExceptionView(e.id(), e.cluster(), e.rule(), e.subjectPattern(), e.justification(), e.owner(),
                    e.expires().toString(), e.ticket(), e.state(), e.proposedBy(), text(e.proposedAt()),
                    e.decidedBy(), text(e.decidedAt()), e.decisionNote(), e.revokedBy(), text(e.revokedAt()),
                    text(e.remindedAt()), "/api/v1/exceptions/" + e.id());
        }
    }

    static String text(java.time.Instant at) {
        return at == null ? null : at.toString();
    }

    @Get
    @Operation(summary = "List the exceptions managed in the service",
            description = "Oldest first; of a cluster (with those granted for every cluster) and in a state when"
                    + " asked. The exceptions files of the clusters are not listed: a snapshot's settings show them.")
    List<ExceptionView> list(@Parameter(description = "Cluster") @Nullable @QueryValue("cluster") String cluster,
            @Parameter(description = "State", schema = @Schema(allowableValues = {"proposed", "approved", "rejected",
                    "revoked", "expired"})) @Nullable @QueryValue("state") String state) {
        return exceptions.list(Params.optional(cluster), Params.oneOf("state", state, STATES)).stream()
                .map(ExceptionView::of).toList();
    }

    @Get("/{id}")
    @Operation(summary = "Show one managed exception")
    @ApiResponse(responseCode = "404", description = "No such exception",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    ExceptionView get(@Parameter(description = "Exception id") @PathVariable String id) {
        return ExceptionView.of(exceptions.get(Params.id("exception", id)));
    }

    @Post
    @Secured(Role.AUDITOR_NAME)
    @Operation(summary = "Propose an exception",
            description = "Answers 201 with the proposal. It applies only once another identity approves it.")
    @ApiResponse(responseCode = "201", description = "Proposed",
            content = @Content(schema = @Schema(implementation = ExceptionView.class)))
    @ApiResponse(responseCode = "400", description = "A field is missing or invalid (expiry in the past or beyond"
            + " the maximum, owner not a mail address, unknown rule or cluster)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "415", description = "Not sent as JSON in UTF-8",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Consumes(MediaType.ALL)
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ExceptionRequest.class)))
    HttpResponse<ExceptionView> propose(HttpRequest<?> http, @Body @Nullable byte[] body, Authentication caller) {
        ExceptionRequest r = JsonBodies.read(http, body, ExceptionRequest.class, EXAMPLE);
        ManagedException e = exceptions.propose(new ManagedExceptions.Proposal(r.cluster(), r.rule(), r.subject(),
                r.justification(), r.owner(), r.expires(), r.ticket()), Actors.of(caller));
        return HttpResponse.created(ExceptionView.of(e), URI.create("/api/v1/exceptions/" + e.id()));
    }

    @Post("/{id}/approve")
    @Secured(Role.AUDITOR_NAME)
    @Operation(summary = "Approve a proposed exception",
            description = "By another identity than its proposer (403 otherwise). It applies from the cluster's next"
                    + " snapshot. The body is optional.")
    @ApiResponse(responseCode = "404", description = "No such exception",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "409", description = "It is not proposed (any more)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Consumes(MediaType.ALL)
    @RequestBody(required = false, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = NoteRequest.class)))
    ExceptionView approve(HttpRequest<?> http, @PathVariable String id, @Body @Nullable byte[] body,
            Authentication caller) {
        return ExceptionView.of(exceptions.approve(Params.id("exception", id), Actors.of(caller), note(http, body)));
    }

    @Post("/{id}/reject")
    @Secured(Role.AUDITOR_NAME)
    @Operation(summary = "Reject a proposed exception", description = "By another identity than its proposer.")
    @ApiResponse(responseCode = "404", description = "No such exception",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "409", description = "It is not proposed (any more)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Consumes(MediaType.ALL)
    @RequestBody(required = false, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = NoteRequest.class)))
    ExceptionView reject(HttpRequest<?> http, @PathVariable String id, @Body @Nullable byte[] body,
            Authentication caller) {
        return ExceptionView.of(exceptions.reject(Params.id("exception", id), Actors.of(caller), note(http, body)));
    }

    @Post("/{id}/revoke")
    @Secured(Role.AUDITOR_NAME)
    @Operation(summary = "Revoke an exception",
            description = "Withdraws a proposal, or stops an approved exception from applying from the cluster's"
                    + " next snapshot on.")
    @ApiResponse(responseCode = "404", description = "No such exception",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "409", description = "It is rejected, revoked or expired already",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Consumes(MediaType.ALL)
    @RequestBody(required = false, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = NoteRequest.class)))
    ExceptionView revoke(HttpRequest<?> http, @PathVariable String id, @Body @Nullable byte[] body,
            Authentication caller) {
        return ExceptionView.of(exceptions.revoke(Params.id("exception", id), Actors.of(caller), note(http, body)));
    }

    /** The optional note of a decision: no body, or {@code {"note": "..."}}. */
    static String note(HttpRequest<?> http, byte[] body) {
        if (body == null || body.length == 0 || new String(body, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            return null;
        }
        return JsonBodies.read(http, body, NoteRequest.class, NOTE_EXAMPLE).note();
    }
}
