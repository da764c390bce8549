package dev.netpolauditor.api;

import dev.netpolauditor.access.Actors;
import dev.netpolauditor.access.Role;
import dev.netpolauditor.mail.Subscription;
import dev.netpolauditor.mail.Subscription.Spec;
import dev.netpolauditor.mail.Subscriptions;
import dev.netpolauditor.service.Clusters;
import dev.netpolauditor.service.SnapshotService;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
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
import java.time.Instant;
import java.util.List;

/** Report subscriptions: who receives which cluster's report, on which schedule. Admins only. */
@Controller("/api/v1/subscriptions")
@Secured(Role.ADMIN_NAME)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "subscriptions")
@ApiResponse(responseCode = "401", description = "No credentials, or a token that authenticates nobody",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "403", description = "The caller's role does not allow this",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
final class SubscriptionsController {
    private static final String EXAMPLE = "{\"cluster\": \"prod\", \"recipients\": [\"secops@example.com\"],"
            + " \"schedule\": \"0 8 * * MON\", \"timeZone\": \"Europe/Berlin\"}";

    private final Subscriptions subscriptions;
    private final Clusters clusters;

    SubscriptionsController(Subscriptions subscriptions, SnapshotService snapshots) {
        this.subscriptions = subscriptions;
        this.clusters = snapshots.clusters();
    }

    /** A subscription as created or replaced. */
    @Schema(name = "SubscriptionRequest")
    public record SubscriptionRequest(
            @Schema(description = "A configured cluster") String cluster,
            @Schema(description = "Mail addresses, 1-50") List<String> recipients,
            @Schema(description = "What the report covers; default all") ScopeRequest scope,
            @Schema(allowableValues = {"compliance", "change", "period"}, defaultValue = "compliance",
                    description = "change: what changed since the subscription's previous report; period: compliance"
                            + " over the interval since the schedule's previous fire time (e.g. quarterly)")
            String kind,
            @Schema(allowableValues = {"xlsx", "csv", "json"}, defaultValue = "xlsx") String format,
            @Schema(description = "Cron: 5 fields (minute hour day-of-month month day-of-week), or 6 with seconds"
                    + " first", example = "0 8 * * MON") String schedule,
            @Schema(description = "IANA time zone the schedule is read in", example = "Europe/Berlin")
            String timeZone,
            @Schema(defaultValue = "true") Boolean enabled) {}

    /** The scope: all, or the listed namespaces or tenants. */
    @Schema(name = "SubscriptionScope")
    public record ScopeRequest(@Schema(allowableValues = {"all", "namespaces", "tenants"}) String type,
            @Schema(description = "The namespaces or tenants; none for all") List<String> values) {}

    @Schema(name = "Subscription")
    public record SubscriptionView(long id, String cluster, List<String> recipients, ScopeRequest scope, String kind,
            String format, String schedule, String timeZone, boolean enabled,
            @Schema(description = "The next due time (ISO-8601 instant) while enabled; null otherwise") String nextRun,
            @Schema(description = "ISO-8601 instant") String createdAt, String createdBy,
            @Schema(description = "ISO-8601 instant") String updatedAt, String self) {
        static SubscriptionView of(Subscription s, Instant now) {
            Spec spec = s.spec();
            String next = spec.enabled() ? spec.nextRun(now).toString() : null;
            return new SubscriptionView(s.id(), spec.cluster(), spec.recipients(),
                    new ScopeRequest(spec.scope(), spec.scopeValues()), spec.kind(), spec.format(), spec.schedule(),
                    spec.timeZone(), spec.enabled(), next, s.createdAt().toString(), s.createdBy(),
                    s.updatedAt().toString(), "/api/v1/subscriptions/" + s.id());
        }
    }

    @Post
    @Operation(summary = "Subscribe recipients to a cluster's report")
    @ApiResponse(responseCode = "201", description = "Created",
            content = @Content(schema = @Schema(implementation = SubscriptionView.class)))
    @ApiResponse(responseCode = "400", description = "Invalid cluster, recipients, scope, schedule or time zone",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Consumes(MediaType.ALL)
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = SubscriptionRequest.class)))
    @ApiResponse(responseCode = "415", description = "Not sent as JSON in UTF-8",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    HttpResponse<SubscriptionView> create(HttpRequest<?> http, @Body @Nullable byte[] body, Authentication caller) {
        Spec spec = validate(JsonBodies.read(http, body, SubscriptionRequest.class, EXAMPLE));
        Subscription created = subscriptions.create(spec, Actors.of(caller));
        return HttpResponse.created(SubscriptionView.of(created, Instant.now()),
                URI.create("/api/v1/subscriptions/" + created.id()));
    }

    @Get
    @Operation(summary = "List the subscriptions", description = "Oldest first; deleted ones are not listed.")
    List<SubscriptionView> list() {
        Instant now = Instant.now();
        return subscriptions.list().stream().map(s -> SubscriptionView.of(s, now)).toList();
    }

    @Get("/{id}")
    @Operation(summary = "Show a subscription")
    @ApiResponse(responseCode = "404", description = "No such subscription",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    SubscriptionView subscription(@Parameter(description = "Subscription id") @PathVariable String id) {
        return SubscriptionView.of(subscriptions.subscription(id(id)).orElseThrow(() -> unknown(id)), Instant.now());
    }

    @Put("/{id}")
    @Operation(summary = "Replace a subscription", description = "The whole subscription, as for POST.")
    @ApiResponse(responseCode = "400", description = "Invalid cluster, recipients, scope, schedule or time zone",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "404", description = "No such subscription",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Consumes(MediaType.ALL)
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = SubscriptionRequest.class)))
    @ApiResponse(responseCode = "415", description = "Not sent as JSON in UTF-8",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    SubscriptionView replace(@Parameter(description = "Subscription id") @PathVariable String id,
            HttpRequest<?> http, @Body @Nullable byte[] body, Authentication caller) {
        long parsed = id(id);
        Spec spec = validate(JsonBodies.read(http, body, SubscriptionRequest.class, EXAMPLE));
        Subscription updated = subscriptions.replace(parsed, spec, Actors.of(caller)).orElseThrow(() -> unknown(id));
        return SubscriptionView.of(updated, Instant.now());
    }

    @Delete("/{id}")
    @Operation(summary = "Delete a subscription", description = "No more reports are sent for it.")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "404", description = "No such subscription",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    HttpResponse<Void> delete(@Parameter(description = "Subscription id") @PathVariable String id,
            Authentication caller) {
        long parsed = id(id);
        if (!subscriptions.delete(parsed, Actors.of(caller))) {
            throw unknown(id);
        }
        return HttpResponse.noContent();
    }

    /** The spec the request asks for; the subscription model checks it ({@link Spec#checked}). */
    private Spec validate(SubscriptionRequest r) {
        ScopeRequest scope = r.scope();
        return Spec.checked(clusters, r.cluster(), r.recipients(), scope == null ? null : scope.type(),
                scope == null ? null : scope.values(), r.kind(), r.format(), r.schedule(), r.timeZone(), r.enabled());
    }

    private static long id(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw ApiProblem.badParameter("subscription '" + id + "': name a subscription by its numeric id");
        }
    }

    private static ApiProblem unknown(String id) {
        return ApiProblem.notFound("subscription", "no subscription " + id + "; GET /api/v1/subscriptions lists them");
    }
}
