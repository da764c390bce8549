package dev.netpolauditor.api;

import dev.netpolauditor.access.Role;
import dev.netpolauditor.service.StoredPolicyReports;
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
import java.util.Map;

/**
 * The findings of a stored snapshot as PolicyReports ({@code wgpolicyk8s.io/v1alpha2}), as
 * {@code audit --format policyreport} writes them, in one Kubernetes {@code List} that
 * {@code kubectl apply -f} takes. The service only hands them out: it stays read-only towards
 * the cluster and never writes PolicyReports there itself.
 */
@Controller("/api/v1/clusters/{cluster}/snapshots/{snapshot}")
@Secured(Role.VIEWER_NAME)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "snapshot content")
@ApiResponse(responseCode = "401", description = "No credentials, or a token that authenticates nobody",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "403", description = "The caller's role does not allow this",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "400", description = "A parameter is invalid",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "404", description = "No such cluster or snapshot",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "409", description = "The snapshot is a failed attempt: it has no content",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
final class PolicyReportController {
    private final StoredPolicyReports reports;
    private final SnapshotLocator locator;

    PolicyReportController(StoredPolicyReports reports, SnapshotLocator locator) {
        this.reports = reports;
        this.locator = locator;
    }

    @Get("/policyreports")
    @Operation(summary = "The snapshot's findings as PolicyReports",
            description = "A Kubernetes List of wgpolicyk8s.io/v1alpha2 reports, for Policy Reporter and other"
                    + " PolicyReport consumers: a ClusterPolicyReport named netpol-auditor for the findings without a"
                    + " namespace, then a PolicyReport named netpol-auditor in each namespace. Each finding is a"
                    + " result (fail: open high or medium; warn: open low or info; skip: excepted) with the finding"
                    + " identity (rule, namespace, subject, policy) and status in its properties; each rule that"
                    + " found nothing in a namespace (or the cluster) is a pass. Timestamps are the snapshot's."
                    + " Apply them with 'kubectl apply -f': the service never writes to the cluster.")
    @ApiResponse(responseCode = "200", description = "apiVersion v1, kind List, items: the reports",
            content = @Content(mediaType = "application/json", schema = @Schema(type = "object")))
    Map<String, Object> policyReports(@PathVariable String cluster,
            @Parameter(description = "Snapshot id, or 'latest'") @PathVariable String snapshot,
            @Parameter(description = "With 'latest': at or before this ISO-8601 instant")
            @Nullable @QueryValue("at") String at) {
        return reports.of(locator.complete(cluster, snapshot, at));
    }
}
