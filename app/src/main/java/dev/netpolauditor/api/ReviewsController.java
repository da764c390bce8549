package dev.netpolauditor.api;

import dev.netpolauditor.access.Actors;
import dev.netpolauditor.access.Role;
import dev.netpolauditor.service.Page;
import dev.netpolauditor.service.Reviews;
import dev.netpolauditor.service.Reviews.RecordedReview;
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

/**
 * Periodic reviews of a cluster's policies (PCI DSS v4 1.2.7): auditors record them, viewers read
 * them. Each review is also a report of kind review in the cluster's evidence hash chain.
 */
@Controller("/api/v1/clusters/{cluster}/reviews")
@Secured(Role.VIEWER_NAME)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "compliance")
@ApiResponse(responseCode = "401", description = "No credentials, or a token that authenticates nobody",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "403", description = "The caller's role does not allow this",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "404", description = "No such cluster, snapshot or review",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
final class ReviewsController {
    static final String EXAMPLE = "{\"snapshot\": \"latest\", \"outcome\": \"confirmed\","
            + " \"notes\": \"All rules still needed; the backup rule is due to go in Q3.\"}";

    private final Reviews reviews;
    private final SnapshotLocator locator;

    ReviewsController(Reviews reviews, SnapshotLocator locator) {
        this.reviews = reviews;
        this.locator = locator;
    }

    /** A review to record. */
    @Schema(name = "ReviewRequest")
    public record ReviewRequest(
            @Schema(description = "The snapshot reviewed: an id, or latest (the newest complete one)",
                    example = "latest") String snapshot,
            @Schema(allowableValues = {"confirmed", "changes-required"}) String outcome,
            @Schema(description = "What was reviewed and decided") @Nullable String notes) {}

    /** A recorded review, with its record in the evidence chain. */
    @Schema(name = "Review")
    public record ReviewView(long id, String cluster, long snapshotId, String reviewer,
            @Schema(allowableValues = {"confirmed", "changes-required"}) String outcome, String notes,
            @Schema(description = "ISO-8601 instant") String recordedAt,
            @Schema(description = "Its record in the evidence hash chain (GET /api/v1/reports/{id})") long reportId,
            String evidence, String self) {
        static ReviewView of(RecordedReview r) {
            return new ReviewView(r.id(), r.cluster(), r.snapshotId(), r.reviewer(), r.outcome(), r.notes(),
                    r.recordedAt().toString(), r.reportId(), "/api/v1/reports/" + r.reportId(),
                    "/api/v1/clusters/" + r.cluster() + "/reviews/" + r.id());
        }
    }

    @Get
    @Operation(summary = "List the cluster's periodic reviews, newest first")
    Page<ReviewView> list(@PathVariable String cluster,
            @Parameter(description = "Page size", schema = @Schema(type = "integer", minimum = "1", maximum = "1000",
                    defaultValue = "50")) @Nullable @QueryValue("limit") String limit,
            @Parameter(description = "Items to skip", schema = @Schema(type = "integer", minimum = "0",
                    defaultValue = "0")) @Nullable @QueryValue("offset") String offset) {
        return reviews.list(cluster, Params.limit(limit), Params.offset(offset)).map(ReviewView::of);
    }

    @Get("/{id}")
    @Operation(summary = "Show one periodic review")
    ReviewView get(@PathVariable String cluster, @Parameter(description = "Review id") @PathVariable String id) {
        return ReviewView.of(reviews.get(cluster, Params.id("review", id)));
    }

    @Post
    @Secured(Role.AUDITOR_NAME)
    @Operation(summary = "Record a periodic review of the cluster's policies as of a snapshot",
            description = "Answers 201 with the review; its record joins the cluster's evidence hash chain. With"
                    + " reviews tracked for the cluster, PCI DSS v4 1.2.7 passes from the next snapshot for the"
                    + " configured interval (default six months).")
    @ApiResponse(responseCode = "201", description = "Recorded",
            content = @Content(schema = @Schema(implementation = ReviewView.class)))
    @ApiResponse(responseCode = "400", description = "A field is missing or invalid",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "409", description = "The snapshot is a failed attempt",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "415", description = "Not sent as JSON in UTF-8",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Consumes(MediaType.ALL)
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ReviewRequest.class)))
    HttpResponse<ReviewView> record(HttpRequest<?> http, @PathVariable String cluster, @Body @Nullable byte[] body,
            Authentication caller) {
        ReviewRequest r = JsonBodies.read(http, body, ReviewRequest.class, EXAMPLE);
        if (r.snapshot() == null || r.snapshot().isBlank()) {
            throw ApiProblem.badRequest("snapshot is required: an id, or \"latest\"; e.g. " + EXAMPLE);
        }
        RecordedReview review = reviews.record(cluster, locator.completeId(cluster, r.snapshot().strip()),
                r.outcome(), r.notes(), Actors.of(caller));
        return HttpResponse.created(ReviewView.of(review),
                URI.create("/api/v1/clusters/" + cluster + "/reviews/" + review.id()));
    }
}
