package dev.netpolauditor.api;

import dev.netpolauditor.access.Actors;
import dev.netpolauditor.access.Role;
import dev.netpolauditor.service.AuditLog;
import dev.netpolauditor.service.Page;
import dev.netpolauditor.service.Snapshot;
import dev.netpolauditor.service.SnapshotCatalog;
import dev.netpolauditor.service.SnapshotCatalog.SnapshotFilter;
import dev.netpolauditor.service.SnapshotRunner;
import dev.netpolauditor.service.SnapshotService;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
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
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Taking a cluster's snapshots and listing them. */
@Controller("/api/v1/clusters/{cluster}/snapshots")
@Secured(Role.VIEWER_NAME)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "snapshots")
@ApiResponse(responseCode = "401", description = "No credentials, or a token that authenticates nobody",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "403", description = "The caller's role does not allow this",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
final class SnapshotsController {
    private static final Logger LOG = LoggerFactory.getLogger("netpol-auditor.api");
    private static final String MANUAL = "manual";

    private final SnapshotService snapshots;
    private final SnapshotCatalog catalog;
    private final SnapshotLocator locator;
    private final AuditLog audit;

    SnapshotsController(SnapshotService snapshots, SnapshotCatalog catalog, SnapshotLocator locator,
            AuditLog audit) {
        this.snapshots = snapshots;
        this.catalog = catalog;
        this.locator = locator;
        this.audit = audit;
    }

    /** A snapshot started in the background, and where to look for its outcome. */
    @Schema(name = "SnapshotStarted")
    public record Started(String cluster, @Schema(allowableValues = "running") String status,
            @Schema(description = "Lists the newest attempt; poll it until a newer one appears") String poll) {}

    @Post
    @Secured(Role.ADMIN_NAME)
    @Operation(summary = "Take a snapshot now",
            description = "Starts a snapshot in the background (202). With wait=true, takes it before answering"
                    + " and answers 201 with the stored attempt, complete or failed (its status tells).")
    @ApiResponse(responseCode = "202", description = "Started",
            content = @Content(schema = @Schema(implementation = Started.class)))
    @ApiResponse(responseCode = "201", description = "Taken (wait=true); Location names it",
            content = @Content(schema = @Schema(implementation = SnapshotView.class)))
    @ApiResponse(responseCode = "404", description = "No such configured cluster",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "409", description = "A snapshot of the cluster is already running",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    HttpResponse<?> take(@Parameter(description = "Cluster name as configured") @PathVariable String cluster,
            @Parameter(description = "Wait for the snapshot and answer with it",
                    schema = @Schema(type = "boolean", defaultValue = "false"))
            @Nullable @QueryValue("wait") String wait, Authentication caller) {
        if (snapshots.clusters().spec(cluster).isEmpty()) {
            throw ApiProblem.notFound("cluster", "no cluster named '" + cluster + "' is configured; only configured"
                    + " clusters can be snapshotted");
        }
        boolean waiting = Params.flag("wait", wait);
        audit.record(Actors.of(caller), "snapshot.triggered", "cluster:" + cluster, Map.of("wait", waiting));
        if (!waiting) {
            snapshots.start(cluster, MANUAL).whenComplete((outcome, failure) -> {
                if (failure != null) {
                    LOG.warn("manual snapshot of cluster {} did not run: {}", cluster, failure.toString());
                }
            });
            return HttpResponse.status(HttpStatus.ACCEPTED).body(new Started(cluster, "running",
                    "/api/v1/clusters/" + cluster + "/snapshots?limit=1"));
        }
        SnapshotRunner.Outcome outcome = snapshots.run(cluster, MANUAL);
        if (outcome.snapshotId() < 0) {
            throw ApiProblem.databaseUnavailable("the snapshot failed and could not be recorded: " + outcome.reason());
        }
        Snapshot stored = catalog.snapshot(cluster, outcome.snapshotId()).orElseThrow();
        return HttpResponse.created(SnapshotView.of(stored), URI.create(SnapshotView.path(cluster, stored.id())));
    }

    @Get
    @Operation(summary = "List a cluster's snapshots, newest first",
            description = "Complete snapshots and failed attempts started within [from, to], paged.")
    @ApiResponse(responseCode = "200", description = "A page of snapshots")
    @ApiResponse(responseCode = "400", description = "A parameter is invalid",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "404", description = "No such cluster",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    Page<SnapshotView> list(@Parameter(description = "Cluster name") @PathVariable String cluster,
            @Parameter(description = "Started at or after (ISO-8601 instant)", schema = @Schema(format = "date-time"))
            @Nullable @QueryValue("from") String from,
            @Parameter(description = "Started at or before (ISO-8601 instant)", schema = @Schema(format = "date-time"))
            @Nullable @QueryValue("to") String to,
            @Parameter(description = "Only complete snapshots or only failed attempts",
                    schema = @Schema(allowableValues = {"complete", "failed"}))
            @Nullable @QueryValue("status") String status,
            @Parameter(description = "Page size", schema = @Schema(type = "integer", minimum = "1", maximum = "1000",
                    defaultValue = "50"))
            @Nullable @QueryValue("limit") String limit,
            @Parameter(description = "Items to skip", schema = @Schema(type = "integer", minimum = "0",
                    defaultValue = "0"))
            @Nullable @QueryValue("offset") String offset) {
        locator.requireCluster(cluster);
        Params.Range range = Params.range(from, to);
        SnapshotFilter filter = new SnapshotFilter(range.from(), range.to(),
                Params.oneOf("status", status, List.of(Snapshot.COMPLETE, Snapshot.FAILED)));
        return catalog.snapshots(cluster, filter, Params.limit(limit), Params.offset(offset)).map(SnapshotView::of);
    }

    @Get("/{snapshot}")
    @Operation(summary = "Show one snapshot",
            description = "By numeric id, or 'latest': the latest complete snapshot, at or before 'at' if given.")
    @ApiResponse(responseCode = "200", description = "The snapshot")
    @ApiResponse(responseCode = "400", description = "A parameter is invalid",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "404", description = "No such cluster or snapshot",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    SnapshotView snapshot(@Parameter(description = "Cluster name") @PathVariable String cluster,
            @Parameter(description = "Snapshot id, or 'latest'") @PathVariable String snapshot,
            @Parameter(description = "With 'latest': the latest complete snapshot started at or before this"
                    + " ISO-8601 instant", schema = @Schema(format = "date-time"))
            @Nullable @QueryValue("at") String at) {
        return SnapshotView.of(locator.snapshot(cluster, snapshot, at));
    }
}
