package dev.netpolauditor.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netpolauditor.access.Role;
import dev.netpolauditor.analysis.Severity;
import dev.netpolauditor.analysis.diff.ConnectivityChange;
import dev.netpolauditor.analysis.diff.DiffReport;
import dev.netpolauditor.ops.SettingsCheck;
import dev.netpolauditor.report.DiffJson;
import dev.netpolauditor.service.History.Lifecycle;
import dev.netpolauditor.service.History.LifecycleFilter;
import dev.netpolauditor.service.History.Scope;
import dev.netpolauditor.service.History.TrendPoint;
import dev.netpolauditor.service.History;
import dev.netpolauditor.service.Page;
import dev.netpolauditor.service.Snapshot;
import dev.netpolauditor.service.SnapshotReads;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
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
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * A cluster's history across snapshots: trends, finding lifecycles and the diff between any
 * two complete snapshots. Trends and lifecycles are read from the stored analyses; a diff
 * rebuilds both stored states and compares them as {@code diff} does.
 */
@Controller("/api/v1/clusters/{cluster}")
@Secured(Role.VIEWER_NAME)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "history")
@ApiResponse(responseCode = "401", description = "No credentials, or a token that authenticates nobody",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "403", description = "The caller's role does not allow this",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "400", description = "A parameter is invalid",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "404", description = "No such cluster or snapshot",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
final class HistoryController {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SEVERITIES = Arrays.stream(Severity.values()).map(Severity::wireName).toList();
    private static final List<String> STATUSES = Arrays.stream(History.Status.values())
            .map(History.Status::wireName).toList();

    private final History history;
    private final SnapshotLocator locator;
    private final SnapshotReads reads;

    HistoryController(History history, SnapshotLocator locator, SnapshotReads reads) {
        this.history = history;
        this.locator = locator;
        this.reads = reads;
    }

    /** A finding identity's life across the range's snapshots. */
    @Schema(name = "FindingLifecycle")
    public record LifecycleView(String rule, @Schema(description = "Severity as last seen") String severity,
            String namespace, String subject, String policy, long firstSeenSnapshot,
            @Schema(description = "ISO-8601 instant") String firstSeen, long lastSeenSnapshot,
            @Schema(description = "ISO-8601 instant") String lastSeen,
            @Schema(description = "Open in the latest snapshot of the range") boolean open,
            @Schema(description = "The first snapshot after the last one it was open in") Long resolvedSnapshot,
            @Schema(description = "ISO-8601 instant") String resolvedAt,
            @Schema(description = "Times it came back after a snapshot without it") int reopened,
            @Schema(description = "Snapshots of the range it was open in") int snapshotsSeen,
            @Schema(description = "lastSeen - firstSeen, or now - firstSeen while open, in seconds") long ageSeconds) {

        static LifecycleView of(Lifecycle l) {
            return new LifecycleView(l.rule(), l.severity(), l.namespace(), l.subject(), l.policy(),
                    l.firstSeenSnapshot(), l.firstSeen().toString(), l.lastSeenSnapshot(), l.lastSeen().toString(),
                    l.open(), l.resolvedSnapshot(), l.resolvedAt() == null ? null : l.resolvedAt().toString(), l.reopened(), l.snapshotsSeen(), l.age().toSeconds());
        }
    }

    /** One complete snapshot on a trend. */
    @Schema(name = "TrendPoint")
    public record TrendView(long snapshot, @Schema(description = "ISO-8601 instant the snapshot started") String at,
            @Schema(description = "The scope's own score, 0-100 (null when the scope did not exist in the snapshot)")
            Integer score,
            @Schema(description = "The score formula's version (the README's Score section); a snapshot keeps the"
                    + " score it was stored with") int scoreVersion,
            @Schema(description = "Whether the scope existed in the snapshot") boolean present,
            int openHigh, int openMedium, int openLow, int openInfo, long endpoints, long ingressIsolated,
            long egressIsolated, long bothIsolated) {

        static TrendView of(TrendPoint p) {
            return new TrendView(p.snapshot(), p.at().toString(), p.score(), p.scoreVersion(), p.present(), p.openHigh(),
                    p.openMedium(), p.openLow(), p.openInfo(), p.endpoints(), p.ingressIsolated(),
                    p.egressIsolated(), p.bothIsolated());
        }
    }

    @Get("/trend")
    @Operation(summary = "Trend of score, open findings and coverage",
            description = "One point per complete snapshot started in [from, to], oldest first: the score, the open"
                    + " findings by severity and the isolation coverage, of the cluster or of one namespace or tenant"
                    + " (scope=namespace:NAME or tenant:NAME), each over its own endpoints and findings. A scope absent"
                    + " from a snapshot has present=false, zero counts and no score; a namespace or tenant that no"
                    + " snapshot of the cluster has is 404.")
    List<TrendView> trend(@PathVariable String cluster,
            @Parameter(description = "From this ISO-8601 instant (inclusive)") @Nullable @QueryValue("from") String from,
            @Parameter(description = "Up to this ISO-8601 instant (inclusive)") @Nullable @QueryValue("to") String to,
            @Parameter(description = "cluster (default), namespace:NAME or tenant:NAME")
            @Nullable @QueryValue("scope") String scope) {
        Scope s = scope(scope);
        Params.Range range = Params.range(from, to);
        Instant start = range.from();
        Instant end = range.to();
        locator.requireCluster(cluster);
        requireKnown(cluster, s);
        return history.trend(cluster, start, end, s).stream().map(TrendView::of).toList();
    }

    @Get("/findings/lifecycle")
    @Operation(summary = "Lifecycle of each finding across snapshots",
            description = "Per finding identity (rule, namespace, subject, policy) over the complete snapshots started"
                    + " in [from, to]: first and last snapshot it was open in, whether it is open in the latest,"
                    + " when it was resolved, how often it reopened, its age. Excepted findings count as absent."
                    + " Ordered by first seen, then identity.")
    Page<LifecycleView> lifecycle(@PathVariable String cluster,
            @Parameter(description = "From this ISO-8601 instant (inclusive)") @Nullable @QueryValue("from") String from,
            @Parameter(description = "Up to this ISO-8601 instant (inclusive)") @Nullable @QueryValue("to") String to,
            @Parameter(description = "Rule id") @Nullable @QueryValue("rule") String rule,
            @Parameter(description = "Severity as last seen",
                    schema = @Schema(allowableValues = {"high", "medium", "low", "info"}))
            @Nullable @QueryValue("severity") String severity,
            @Parameter(description = "Namespace (exact)") @Nullable @QueryValue("namespace") String namespace,
            @Parameter(description = "open: in the range's latest snapshot; resolved: not",
                    schema = @Schema(allowableValues = {"open", "resolved"}))
            @Nullable @QueryValue("status") String status,
            @Parameter(description = "Page size (1-1000)", schema = @Schema(type = "integer", defaultValue = "50"))
            @Nullable @QueryValue("limit") String limit,
            @Parameter(description = "Items to skip", schema = @Schema(type = "integer", defaultValue = "0"))
            @Nullable @QueryValue("offset") String offset) {
        Params.Range range = Params.range(from, to);
        Instant start = range.from();
        Instant end = range.to();
        String st = Params.oneOf("status", status, STATUSES);
        LifecycleFilter filter = new LifecycleFilter(Params.optional(rule),
                Params.oneOf("severity", severity, SEVERITIES), Params.optional(namespace),
                st == null ? null : History.Status.valueOf(st.toUpperCase(java.util.Locale.ROOT)));
        int size = Params.limit(limit);
        int skip = Params.offset(offset);
        locator.requireCluster(cluster);
        return history.lifecycle(cluster, start, end, filter, Instant.now(), size, skip).map(LifecycleView::of);
    }

    @Get("/diff")
    @Operation(summary = "What changed between two complete snapshots",
            description = "The same changes as 'diff --format jsonl' on the two stored states, grouped by section:"
                    + " objects, connectivity (one page of it: connectivityTotal counts all), findings, and the"
                    + " relabelled namespaces and flow summaries per namespace and tenant pair. Tenants are those the"
                    + " stored analyses assigned. 'from' and 'to' are snapshot ids or 'latest' (with fromAt/toAt for"
                    + " the latest at a time).")
    @ApiResponse(responseCode = "409", description = "A snapshot is a failed attempt: it has no content",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "200", description = "The diff",
            content = @Content(mediaType = "application/json", schema = @Schema(type = "object",
                    description = "from, to (snapshot summaries), objects[], connectivity[], connectivityTotal,"
                            + " limit, offset, findings[], relabelled[], namespacePairs[], tenantPairs[]")))
    ObjectNode diff(@PathVariable String cluster,
            @Parameter(description = "Earlier snapshot: id or 'latest'", required = true)
            @Nullable @QueryValue("from") String from,
            @Parameter(description = "Later snapshot: id or 'latest'", required = true)
            @Nullable @QueryValue("to") String to,
            @Parameter(description = "With from=latest: at or before this ISO-8601 instant")
            @Nullable @QueryValue("fromAt") String fromAt,
            @Parameter(description = "With to=latest: at or before this ISO-8601 instant")
            @Nullable @QueryValue("toAt") String toAt,
            @Parameter(description = "Add the causes of each connectivity change",
                    schema = @Schema(type = "boolean", defaultValue = "false"))
            @Nullable @QueryValue("withCauses") String withCauses,
            @Parameter(description = "Connectivity changes per page (1-1000)",
                    schema = @Schema(type = "integer", defaultValue = "50"))
            @Nullable @QueryValue("limit") String limit,
            @Parameter(description = "Connectivity changes to skip", schema = @Schema(type = "integer",
                    defaultValue = "0"))
            @Nullable @QueryValue("offset") String offset) {
        String fromRef = Params.required("from", from, "the earlier snapshot, an id or 'latest'");
        String toRef = Params.required("to", to, "the later snapshot, an id or 'latest'");
        boolean causes = Params.flag("withCauses", withCauses);
        int size = Params.limit(limit);
        int skip = Params.offset(offset);
        Snapshot before = locator.complete(cluster, "from", fromRef, "fromAt", fromAt);
        Snapshot after = locator.complete(cluster, "to", toRef, "toAt", toAt);
        DiffReport report = reads.diff(before, after);

        ObjectNode root = JSON.createObjectNode();
        root.set("from", side(cluster, before));
        root.set("to", side(cluster, after));
        ArrayNode objects = root.putArray("objects");
        report.objects().forEach(c -> objects.add(DiffJson.object(c)));
        List<ConnectivityChange> flows = report.connectivity();
        ArrayNode connectivity = root.putArray("connectivity");
        flows.subList(Math.min(skip, flows.size()), Math.min(skip + size, flows.size()))
                .forEach(c -> connectivity.add(DiffJson.connectivity(c, causes)));
        root.put("connectivityTotal", flows.size());
        root.put("limit", size);
        root.put("offset", skip);
        DiffJson.findingsAndSummaries(root, report.findings(), report.relabelled(), report.namespacePairs(),
                report.tenantPairs());
        return root;
    }

    private static ObjectNode side(String cluster, Snapshot s) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", s.id());
        node.put("startedAt", s.startedAt().toString());
        node.put("contentSha256", s.contentSha256());
        node.put("href", SnapshotView.path(cluster, s.id()));
        return node;
    }

    /** A 404 for a namespace or tenant no snapshot of the cluster has, naming the closest known ones. */
    private void requireKnown(String cluster, Scope scope) {
        String kind;
        String name;
        switch (scope) {
            case Scope.Namespace n -> {
                kind = "namespace";
                name = n.name();
            }
            case Scope.Tenant t -> {
                kind = "tenant";
                name = t.name();
            }
            case Scope.Cluster c -> {
                return;
            }
        }
        List<String> known = history.knownScopes(cluster, kind);
        if (!known.contains(name)) {
            throw ApiProblem.notFound(kind, "no snapshot of cluster '" + cluster + "' has a " + kind + " named '"
                    + name + "'" + SettingsCheck.closest(name, java.util.Set.copyOf(known))
                    .map(s -> "; did you mean '" + s + "'?").orElse(known.isEmpty() ? "; it has none"
                            : "; it has: " + String.join(", ", known.stream().limit(10).toList())
                                    + (known.size() > 10 ? ", ..." : "")));
        }
    }

    private static Scope scope(String value) {
        String scope = Params.optional(value);
        if (scope == null || scope.equals("cluster")) {
            return new Scope.Cluster();
        }
        int colon = scope.indexOf(':');
        String kind = colon < 0 ? scope : scope.substring(0, colon);
        String name = colon < 0 ? "" : scope.substring(colon + 1);
        if (name.isEmpty() || !(kind.equals("namespace") || kind.equals("tenant"))) {
            throw ApiProblem.badParameter("scope=" + value + ": use cluster, namespace:NAME or tenant:NAME");
        }
        return kind.equals("namespace") ? new Scope.Namespace(name) : new Scope.Tenant(name);
    }
}
