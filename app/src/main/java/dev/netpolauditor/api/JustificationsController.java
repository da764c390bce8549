package dev.netpolauditor.api;

import dev.netpolauditor.access.Actors;
import dev.netpolauditor.access.Role;
import dev.netpolauditor.service.ManagedJustifications;
import dev.netpolauditor.service.ManagedJustifications.ManagedJustification;
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
 * Justifications of opening rules managed in the service (PCI DSS v4 1.2.5): auditors propose
 * them, another auditor approves (or rejects) them, auditors revoke them; viewers read them. They
 * count for a cluster whose justification tracking is on (PUT .../clusters/{c}/compliance), from its
 * next snapshot, while the rule keeps the content hash they were approved for.
 */
@Controller("/api/v1/justifications")
@Secured(Role.VIEWER_NAME)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "compliance")
@ApiResponse(responseCode = "401", description = "No credentials, or a token that authenticates nobody",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "403", description = "The caller's role does not allow this, or (deciding) the caller"
        + " proposed it: the four-eyes rule",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
final class JustificationsController {
    static final String EXAMPLE = "{\"cluster\": \"prod\", \"policy\": \"shop/db\", \"rule\": \"ingress[0]\","
            + " \"text\": \"The backup server restores the database nightly (CHG-1042).\", \"owner\": \"dba-team\"}";
    private static final List<String> STATES = ManagedJustifications.STATES;

    private final ManagedJustifications justifications;

    JustificationsController(ManagedJustifications justifications) {
        this.justifications = justifications;
    }

    /** A justification to propose. */
    @Schema(name = "JustificationProposal")
    public record JustificationRequest(@Schema(description = "A configured cluster") String cluster,
            @Schema(description = "<namespace>/<name>, or ClusterNetworkPolicy/<name> (AdminNetworkPolicy/,"
                    + " BaselineAdminNetworkPolicy/)", example = "shop/db") String policy,
            @Schema(description = "ingress[N] or egress[N]", example = "ingress[0]") String rule,
            @Schema(description = "The rule's content hash it justifies (SHA-256 of its RFC 8785 canonical JSON, as"
                    + " NP-JUST-001 names it); absent: the rule as it is in the cluster's latest complete snapshot")
            @Nullable String sha256,
            @Schema(description = "The business need") String text,
            @Schema(description = "Who owns the rule's business need") String owner) {}

    /** A justification as managed. */
    @Schema(name = "ManagedJustification")
    public record JustificationView(long id, String cluster, String policy, String rule, String sha256, String text,
            String owner, @Schema(allowableValues = {"proposed", "approved", "rejected", "revoked"}) String state,
            String proposedBy, @Schema(description = "ISO-8601 instant") String proposedAt,
            @Schema(description = "Who approved or rejected it (never its proposer)") String decidedBy,
            String decidedAt, String decisionNote, String revokedBy, String revokedAt, String self) {
        static JustificationView of(ManagedJustification j) {
            return new JustificationView(j.id(), j.cluster(), j.policy(), j.rule(), j.sha256(), j.text(), j.owner(),
                    j.state(), j.proposedBy(), ExceptionsController.text(j.proposedAt()), j.decidedBy(),
                    ExceptionsController.text(j.decidedAt()), j.decisionNote(), j.revokedBy(),
                    ExceptionsController.text(j.revokedAt()), "/api/v1/justifications/" + j.id());
        }
    }

    @Get
    @Operation(summary = "List the justifications managed in the service",
            description = "Oldest first; of a cluster and in a state when asked.")
    List<JustificationView> list(@Parameter(description = "Cluster") @Nullable @QueryValue("cluster") String cluster,
            @Parameter(description = "State", schema = @Schema(allowableValues = {"proposed", "approved", "rejected",
                    "revoked"})) @Nullable @QueryValue("state") String state) {
        return justifications.list(Params.optional(cluster), Params.oneOf("state", state, STATES)).stream()
                .map(JustificationView::of).toList();
    }

    @Get("/{id}")
    @Operation(summary = "Show one managed justification")
    @ApiResponse(responseCode = "404", description = "No such justification",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    JustificationView get(@Parameter(description = "Justification id") @PathVariable String id) {
        return JustificationView.of(justifications.get(Params.id("justification", id)));
    }

    @Post
    @Secured(Role.AUDITOR_NAME)
    @Operation(summary = "Propose a justification",
            description = "Answers 201 with the proposal. It counts only once another identity approves it.")
    @ApiResponse(responseCode = "201", description = "Proposed",
            content = @Content(schema = @Schema(implementation = JustificationView.class)))
    @ApiResponse(responseCode = "400", description = "A field is missing or invalid, or the rule is no opening rule"
            + " of the latest snapshot (without sha256)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "404", description = "The cluster is not configured",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "415", description = "Not sent as JSON in UTF-8",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Consumes(MediaType.ALL)
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = JustificationRequest.class)))
    HttpResponse<JustificationView> propose(HttpRequest<?> http, @Body @Nullable byte[] body, Authentication caller) {
        JustificationRequest r = JsonBodies.read(http, body, JustificationRequest.class, EXAMPLE);
        ManagedJustification j = justifications.propose(new ManagedJustifications.Proposal(r.cluster(), r.policy(),
                r.rule(), r.sha256(), r.text(), r.owner()), Actors.of(caller));
        return HttpResponse.created(JustificationView.of(j), URI.create("/api/v1/justifications/" + j.id()));
    }

    @Post("/{id}/approve")
    @Secured(Role.AUDITOR_NAME)
    @Operation(summary = "Approve a proposed justification", description = "By another identity than its proposer (403 otherwise). It counts from the cluster's next snapshot. The body is optional.")
    @ApiResponse(responseCode = "404", description = "No such justification",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "409", description = "It is not proposed (any more)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Consumes(MediaType.ALL)
    @RequestBody(required = false, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ExceptionsController.NoteRequest.class)))
    JustificationView approve(HttpRequest<?> http, @PathVariable String id, @Body @Nullable byte[] body,
            Authentication caller) {
        return JustificationView.of(justifications.approve(Params.id("justification", id), Actors.of(caller),
                ExceptionsController.note(http, body)));
    }

    @Post("/{id}/reject")
    @Secured(Role.AUDITOR_NAME)
    @Operation(summary = "Reject a proposed justification", description = "By another identity than its proposer.")
    @ApiResponse(responseCode = "404", description = "No such justification",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "409", description = "It is not proposed (any more)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Consumes(MediaType.ALL)
    @RequestBody(required = false, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ExceptionsController.NoteRequest.class)))
    JustificationView reject(HttpRequest<?> http, @PathVariable String id, @Body @Nullable byte[] body,
            Authentication caller) {
        return JustificationView.of(justifications.reject(Params.id("justification", id), Actors.of(caller),
                ExceptionsController.note(http, body)));
    }

    @Post("/{id}/revoke")
    @Secured(Role.AUDITOR_NAME)
    @Operation(summary = "Revoke a justification", description = "Withdraws a proposal, or stops an approved justification from counting from the cluster's next snapshot on.")
    @ApiResponse(responseCode = "404", description = "No such justification",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "409", description = "It is rejected or revoked already",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Consumes(MediaType.ALL)
    @RequestBody(required = false, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ExceptionsController.NoteRequest.class)))
    JustificationView revoke(HttpRequest<?> http, @PathVariable String id, @Body @Nullable byte[] body,
            Authentication caller) {
        return JustificationView.of(justifications.revoke(Params.id("justification", id), Actors.of(caller),
                ExceptionsController.note(http, body)));
    }
}
