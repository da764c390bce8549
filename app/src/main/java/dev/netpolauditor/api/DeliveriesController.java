package dev.netpolauditor.api;

import dev.netpolauditor.access.Actors;
import dev.netpolauditor.access.Role;
import dev.netpolauditor.mail.Subscription;
import dev.netpolauditor.mail.Subscriptions;
import dev.netpolauditor.mail.Subscriptions.Delivery;
import dev.netpolauditor.service.Page;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
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
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;

/** The mail deliveries of a subscription: what was due, sent, retried or given up. Admins only. */
@Controller("/api/v1/subscriptions/{id}/deliveries")
@Secured(Role.ADMIN_NAME)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "subscriptions")
@ApiResponse(responseCode = "401", description = "No credentials, or a token that authenticates nobody",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "403", description = "The caller's role does not allow this",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "404", description = "No such subscription",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
final class DeliveriesController {
    private final Subscriptions subscriptions;

    DeliveriesController(Subscriptions subscriptions) {
        this.subscriptions = subscriptions;
    }

    @Schema(name = "Delivery")
    public record DeliveryView(long id,
            @Schema(description = "The schedule's fire time it is for, or when send-now was asked (ISO-8601)")
            String dueAt,
            @Schema(description = "Who asked to send now; null for a scheduled delivery") String requestedBy,
            String recipient,
            @Schema(allowableValues = {"pending", "sent", "failed"}) String status,
            @Schema(description = "Send attempts made") int attempts,
            @Schema(description = "When a pending delivery is tried next (ISO-8601); null otherwise")
            String nextAttemptAt,
            @Schema(description = "Why the last attempt failed, or why it was given up; null if none failed")
            String lastError,
            @Schema(description = "When the mail server accepted it (ISO-8601); null until sent") String sentAt,
            @Schema(description = "The stored report mailed; null until generated") Long reportId,
            @Schema(description = "The Message-ID header, the same on every attempt") String messageId,
            @Schema(description = "The stored report, or null") String report) {
        static DeliveryView of(Delivery d) {
            return new DeliveryView(d.id(), d.dueAt().toString(), d.requestedBy(), d.recipient(), d.status(),
                    d.attempts(), d.pending() ? d.nextAttemptAt().toString() : null,
                    d.lastError(), d.sentAt() == null ? null : d.sentAt().toString(), d.reportId(), d.messageId(),
                    d.reportId() == null ? null : "/api/v1/reports/" + d.reportId());
        }
    }

    @Get
    @Operation(summary = "List a subscription's mail deliveries, newest due time first",
            description = "One per due time and recipient, recorded before the mail is sent.")
    @ApiResponse(responseCode = "200", description = "A page of deliveries")
    Page<DeliveryView> list(@Parameter(description = "Subscription id") @PathVariable String id,
            @Parameter(description = "Page size", schema = @Schema(type = "integer", minimum = "1", maximum = "1000",
                    defaultValue = "50"))
            @Nullable @QueryValue("limit") String limit,
            @Parameter(description = "Items to skip", schema = @Schema(type = "integer", minimum = "0",
                    defaultValue = "0"))
            @Nullable @QueryValue("offset") String offset) {
        Subscription s = subscription(id);
        return subscriptions.deliveries(s.id(), Params.limit(limit), Params.offset(offset)).map(DeliveryView::of);
    }

    @Post
    @Operation(summary = "Send the subscription's report now",
            description = "Generates the report of the cluster's latest complete snapshot and mails it to every"
                    + " recipient at once, outside the schedule. A failed attempt is retried like a scheduled one.")
    @ApiResponse(responseCode = "201", description = "The deliveries made, one per recipient")
    HttpResponse<List<DeliveryView>> sendNow(@Parameter(description = "Subscription id") @PathVariable String id,
            Authentication caller) {
        List<Delivery> made = subscriptions.sendNow(subscription(id), Actors.of(caller), Instant.now());
        return HttpResponse.created(made.stream().map(DeliveryView::of).toList());
    }

    private Subscription subscription(String id) {
        long parsed;
        try {
            parsed = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw ApiProblem.badParameter("subscription '" + id + "': name a subscription by its numeric id");
        }
        return subscriptions.subscription(parsed).orElseThrow(() -> ApiProblem.notFound("subscription",
                "no subscription " + id + "; GET /api/v1/subscriptions lists them"));
    }
}
