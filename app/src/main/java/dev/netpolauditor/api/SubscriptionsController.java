package dev.netpolauditor.api;

import com.github.kagkarlsson.scheduler.task.schedule.CronSchedule;
import dev.netpolauditor.access.Actors;
import dev.netpolauditor.access.Role;
import dev.netpolauditor.report.ReportFormat;
import dev.netpolauditor.service.Clusters;
import dev.netpolauditor.service.MailAddress;
import dev.netpolauditor.service.PeriodReports;
import dev.netpolauditor.service.Cron;
import dev.netpolauditor.service.SnapshotService;
import dev.netpolauditor.service.StoredReports;
import dev.netpolauditor.store.AccessStore;
import dev.netpolauditor.store.SubscriptionStore.Spec;
import dev.netpolauditor.store.SubscriptionStore.StoredSubscription;
import dev.netpolauditor.store.SubscriptionStore;
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
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
    static final int MAX_RECIPIENTS = 50;
    private static final List<String> SCOPES = List.of("all", "namespaces", "tenants");

    private static final String EXAMPLE = "{\"cluster\": \"prod\", \"recipients\": [\"secops@example.com\"],"
            + " \"schedule\": \"0 8 * * MON\", \"timeZone\": \"Europe/Berlin\"}";

    private final SubscriptionStore store;
    private final Clusters clusters;
    private final AccessStore access;

    SubscriptionsController(SubscriptionStore store, SnapshotService snapshots, AccessStore access) {
        this.store = store;
        this.clusters = snapshots.clusters();
        this.access = access;
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
        static SubscriptionView of(StoredSubscription s, Instant now) {
            Spec spec = s.spec();
            String next = spec.enabled() ? SubscriptionsController.nextRun(spec, now).toString() : null;
            return new SubscriptionView(s.id(), spec.cluster(), spec.recipients(),
                    new ScopeRequest(spec.scope(), spec.scopeValues()), spec.kind(), spec.format(), spec.schedule(),
                    spec.timeZone(), spec.enabled(), next, s.createdAt().toString(), s.createdBy(),
                    s.updatedAt().toString(), "/api/v1/subscriptions/" + s.id());
        }
    }

    /** The first time after {@code now} the subscription's schedule is due. */
    static Instant nextRun(Spec spec, Instant now) {
        return new CronSchedule(Cron.normalise(spec.schedule()), ZoneId.of(spec.timeZone()))
                .getInitialExecutionTime(now);
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
        StoredSubscription created = store.create(spec, Actors.of(caller));
        access.audit(Actors.of(caller), "subscription.created", "subscription:" + created.id(), detail(spec));
        return HttpResponse.created(SubscriptionView.of(created, Instant.now()),
                URI.create("/api/v1/subscriptions/" + created.id()));
    }

    @Get
    @Operation(summary = "List the subscriptions", description = "Oldest first; deleted ones are not listed.")
    List<SubscriptionView> list() {
        Instant now = Instant.now();
        return store.list().stream().map(s -> SubscriptionView.of(s, now)).toList();
    }

    @Get("/{id}")
    @Operation(summary = "Show a subscription")
    @ApiResponse(responseCode = "404", description = "No such subscription",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    SubscriptionView subscription(@Parameter(description = "Subscription id") @PathVariable String id) {
        return SubscriptionView.of(store.subscription(id(id)).orElseThrow(() -> unknown(id)), Instant.now());
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
        StoredSubscription updated = store.update(parsed, spec).orElseThrow(() -> unknown(id));
        access.audit(Actors.of(caller), "subscription.updated", "subscription:" + parsed, detail(spec));
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
        if (!store.delete(parsed)) {
            throw unknown(id);
        }
        access.audit(Actors.of(caller), "subscription.deleted", "subscription:" + parsed, Map.of());
        return HttpResponse.noContent();
    }

    private Spec validate(SubscriptionRequest r) {
        if (r.cluster() == null || clusters.spec(r.cluster()).isEmpty()) {
            throw ApiProblem.badRequest("cluster '" + r.cluster() + "': name a configured cluster ("
                    + String.join(", ", clusters.specs().stream().map(s -> s.name()).toList()) + ")");
        }
        if (r.recipients() == null || r.recipients().isEmpty() || r.recipients().size() > MAX_RECIPIENTS) {
            throw ApiProblem.badRequest("recipients: give 1 to " + MAX_RECIPIENTS + " mail addresses");
        }
        List<String> recipients = new ArrayList<>();
        for (String address : r.recipients()) {
            String a = address == null ? "" : address.strip();
            if (!MailAddress.valid(a)) {
                throw ApiProblem.badRequest("recipient '" + address + "' is not a mail address (name@example.com)");
            }
            if (!recipients.contains(a)) {
                recipients.add(a);
            }
        }
        String scope = r.scope() == null || r.scope().type() == null ? "all" : r.scope().type();
        List<String> values = r.scope() == null || r.scope().values() == null ? List.of()
                : r.scope().values().stream().map(v -> v == null ? "" : v.strip()).distinct().toList();
        if (!SCOPES.contains(scope)) {
            throw ApiProblem.badRequest("scope type '" + scope + "': use all, namespaces or tenants");
        }
        if (scope.equals("all") != values.isEmpty() || values.contains("")) {
            throw ApiProblem.badRequest(scope.equals("all") ? "scope all takes no values"
                    : "scope " + scope + " needs the " + scope + " it covers, none blank");
        }
        String kind = r.kind() == null ? StoredReports.COMPLIANCE : r.kind();
        if (!StoredReports.KINDS.contains(kind)) {
            throw ApiProblem.badRequest("kind '" + kind + "': use " + String.join(" or ", StoredReports.KINDS));
        }
        if (kind.equals(PeriodReports.KIND) && !scope.equals("all")) {
            throw ApiProblem.badRequest("a period report covers the whole cluster: leave the scope out (or all)");
        }
        String format = r.format() == null ? "xlsx" : r.format();
        if (!ReportFormat.NAMES.contains(format)) {
            throw ApiProblem.badRequest("format '" + format + "': use xlsx, csv or json");
        }
        if (r.schedule() == null) {
            throw ApiProblem.badRequest("schedule: give a cron expression, e.g. \"0 8 * * MON\"");
        }
        try {
            Cron.normalise(r.schedule());
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("schedule: " + e.getMessage());
        }
        if (r.timeZone() == null || !ZoneId.getAvailableZoneIds().contains(r.timeZone())) {
            throw ApiProblem.badRequest("timeZone '" + r.timeZone() + "': use an IANA time zone id, e.g."
                    + " Europe/Berlin or UTC");
        }
        Spec spec = new Spec(r.cluster(), recipients, scope, values, kind, format, r.schedule().strip(),
                r.timeZone(), r.enabled() == null || r.enabled());
        Instant next = nextRun(spec, Instant.now());
        if (next == null || next.isAfter(Instant.now().plus(Cron.HORIZON))) {
            throw ApiProblem.badRequest("schedule '" + r.schedule() + "' is never due (no time matches it within "
                    + Cron.HORIZON.toDays() / 365 + " years, e.g. a 30th of February); give a schedule that fires,"
                    + " e.g. \"0 8 * * MON\"");
        }
        return spec;
    }

    private static Map<String, Object> detail(Spec spec) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("cluster", spec.cluster());
        detail.put("recipients", spec.recipients());
        detail.put("scope", spec.scope());
        detail.put("scopeValues", spec.scopeValues());
        detail.put("format", spec.format());
        detail.put("schedule", spec.schedule());
        detail.put("timeZone", spec.timeZone());
        detail.put("enabled", spec.enabled());
        return detail;
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
