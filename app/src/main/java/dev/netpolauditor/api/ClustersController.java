package dev.netpolauditor.api;

import dev.netpolauditor.access.Role;
import dev.netpolauditor.service.ClusterSpec;
import dev.netpolauditor.service.SnapshotCatalog;
import dev.netpolauditor.service.SnapshotCatalog.ClusterHistory;
import dev.netpolauditor.service.SnapshotService;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;

/** The configured clusters and how their history stands. */
@Controller("/api/v1/clusters")
@Secured(Role.VIEWER_NAME)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "clusters")
@ApiResponse(responseCode = "401", description = "No credentials, or a token that authenticates nobody",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "403", description = "The caller's role does not allow this",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
final class ClustersController {
    private final SnapshotService snapshots;
    private final SnapshotCatalog catalog;

    ClustersController(SnapshotService snapshots, SnapshotCatalog catalog) {
        this.snapshots = snapshots;
        this.catalog = catalog;
    }

    @Get
    @Operation(summary = "List the configured clusters",
            description = "Each with its source, schedule, whether a snapshot is running in this process, its"
                    + " latest complete snapshot (counts, score, open findings by severity) and its latest attempt.")
    List<ClusterView> clusters() {
        Map<String, ClusterHistory> history = catalog.clusters();
        return snapshots.clusters().specs().stream()
                .map(spec -> view(spec, history.getOrDefault(spec.name(), ClusterHistory.none(spec.name()))))
                .toList();
    }

    @Get("/{cluster}")
    @Operation(summary = "Show one configured cluster")
    @ApiResponse(responseCode = "200", description = "The cluster")
    @ApiResponse(responseCode = "404", description = "No such configured cluster",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    ClusterView cluster(@Parameter(description = "Cluster name as configured") @PathVariable String cluster) {
        ClusterSpec spec = snapshots.clusters().spec(cluster).orElseThrow(() -> ApiProblem.notFound("cluster",
                "no cluster named '" + cluster + "' is configured; configured: " + String.join(", ",
                        snapshots.clusters().specs().stream().map(ClusterSpec::name).toList())));
        return view(spec, catalog.cluster(cluster));
    }

    private ClusterView view(ClusterSpec spec, ClusterHistory history) {
        return new ClusterView(spec.name(), snapshots.clusters().source(spec.name()).describe(), spec.schedule(),
                snapshots.running(spec.name()), ClusterView.Latest.of(history.latestComplete()),
                ClusterView.Attempt.of(history.latestAttempt()));
    }
}
