package dev.netpolauditor.api;

import dev.netpolauditor.access.Actors;
import dev.netpolauditor.access.Role;
import dev.netpolauditor.service.ComplianceTracking;
import dev.netpolauditor.service.ComplianceTracking.Tracking;
import dev.netpolauditor.service.Reviews;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Put;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;

/** What the compliance workflow tracks for a cluster: admins set it, viewers read it. */
@Controller("/api/v1/clusters/{cluster}/compliance")
@Secured(Role.VIEWER_NAME)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "compliance")
@ApiResponse(responseCode = "401", description = "No credentials, or a token that authenticates nobody",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "403", description = "The caller's role does not allow this",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "404", description = "No such cluster",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
final class ComplianceTrackingController {
    static final String EXAMPLE = "{\"justifications\": true, \"reviews\": true,"
            + " \"reviewRecipients\": [\"secops@example.com\"]}";

    private final ComplianceTracking tracking;
    private final Reviews reviews;

    ComplianceTrackingController(ComplianceTracking tracking, Reviews reviews) {
        this.tracking = tracking;
        this.reviews = reviews;
    }

    /** What to track; an absent field is false (or no recipients). */
    @Schema(name = "ComplianceTrackingRequest")
    public record TrackingRequest(
            @Schema(description = "Require an approved justification of every opening rule (NP-JUST-001)")
            @Nullable Boolean justifications,
            @Schema(description = "Judge the control PCI DSS v4 1.2.7 on the last periodic review") @Nullable
            Boolean reviews,
            @Schema(description = "Mailed when a review is due") @Nullable List<String> reviewRecipients) {}

    /** What is tracked, set by whom and when (null while never set), and the reviews' state now. */
    @Schema(name = "ComplianceTracking")
    public record TrackingView(String cluster, boolean justifications, boolean reviews, List<String> reviewRecipients,
            @Nullable String updatedAt, @Nullable String updatedBy,
            @Schema(description = "The last periodic review recorded; null when none") @Nullable
            ReviewsController.ReviewView lastReview,
            @Schema(description = "ISO-8601 period a review counts for (PCI DSS v4 1.2.7)") String reviewInterval,
            @Schema(description = "The last day the last review counts (ISO-8601 date); null when none was recorded")
            @Nullable String reviewDue,
            @Schema(description = "Whether a review is due today (none recorded, or the last one has run out)")
            boolean reviewOverdue) {
    }

    private TrackingView view(Tracking t) {
        java.time.LocalDate due = reviews.due(t.cluster());
        return new TrackingView(t.cluster(), t.justifications(), t.reviews(), t.reviewRecipients(),
                ExceptionsController.text(t.updatedAt()), t.updatedBy(),
                reviews.last(t.cluster()).map(ReviewsController.ReviewView::of).orElse(null),
                reviews.interval().toString(), due == null ? null : due.toString(), reviews.overdueToday(t.cluster()));
    }

    @Get
    @Operation(summary = "Show what the compliance workflow tracks for the cluster")
    TrackingView get(@PathVariable String cluster) {
        return view(tracking.of(cluster));
    }

    @Put
    @Secured(Role.ADMIN_NAME)
    @Operation(summary = "Set what the compliance workflow tracks for the cluster",
            description = "Applies from the cluster's next snapshot; the change is in the audit log.")
    @ApiResponse(responseCode = "400", description = "A field is invalid",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "415", description = "Not sent as JSON in UTF-8",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Consumes(MediaType.ALL)
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = TrackingRequest.class)))
    TrackingView put(HttpRequest<?> http, @PathVariable String cluster, @Body @Nullable byte[] body,
            Authentication caller) {
        TrackingRequest r = JsonBodies.read(http, body, TrackingRequest.class, EXAMPLE);
        return view(tracking.set(cluster, Boolean.TRUE.equals(r.justifications()),
                Boolean.TRUE.equals(r.reviews()), r.reviewRecipients() == null ? List.of() : r.reviewRecipients(),
                Actors.of(caller)));
    }
}
