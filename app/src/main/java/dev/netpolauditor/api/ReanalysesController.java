package dev.netpolauditor.api;

import dev.netpolauditor.service.AuditLog;
import dev.netpolauditor.access.Actors;
import dev.netpolauditor.access.Role;
import dev.netpolauditor.analysis.AuditedFinding;
import dev.netpolauditor.service.Reanalyses;
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
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Re-analysis of a stored snapshot by this engine: an explicit action, recorded as a new analysis
 * beside the snapshot's own. The snapshot's reports and answers keep coming from its own analysis.
 */
@Controller("/api/v1/clusters/{cluster}/snapshots/{snapshot}/reanalyses")
@Secured(Role.VIEWER_NAME)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "snapshots")
@ApiResponse(responseCode = "401", description = "No credentials, or a token that authenticates nobody",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "403", description = "The caller's role does not allow this",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "404", description = "No such cluster, snapshot or re-analysis",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
final class ReanalysesController {
    private static final List<String> SETTINGS = List.of("stored", "current");

    private final Reanalyses reanalyses;
    private final SnapshotLocator locator;
    private final AuditLog audit;

    ReanalysesController(Reanalyses reanalyses, SnapshotLocator locator, AuditLog audit) {
        this.reanalyses = reanalyses;
        this.locator = locator;
        this.audit = audit;
    }

    /** A re-analysis as the API shows it. */
    @Schema(name = "Reanalysis")
    public record ReanalysisView(long id, long snapshot,
            @Schema(description = "ISO-8601 instant") String requestedAt,
            @Schema(description = "Who asked for it, as the audit log names them") String actor,
            String engineVersion,
            @Schema(description = "SHA-256 of the settings document it was computed under") String settingsSha256,
            SnapshotView.Analysis analysis, String self) {
        static ReanalysisView of(String cluster, Reanalyses.Reanalysis r) {
            return new ReanalysisView(r.id(), r.snapshotId(), r.requestedAt().toString(), r.actor(),
                    r.engineVersion(), r.settingsSha256(), SnapshotView.Analysis.of(r.summary()),
                    SnapshotView.path(cluster, r.snapshotId()) + "/reanalyses/" + r.id());
        }
    }

    /** A re-analysis and how its findings differ from the snapshot's own analysis. */
    @Schema(name = "ReanalysisDetail")
    public record ReanalysisDetail(ReanalysisView reanalysis,
            @Schema(description = "Engine version of the snapshot's own analysis") String ownEngineVersion,
            @Schema(description = "Findings only the re-analysis has") List<FindingItem> added,
            @Schema(description = "Findings only the snapshot's own analysis has") List<FindingItem> removed,
            @Schema(description = "Findings both have, with another status") List<StatusChangeItem> statusChanged) {}

    /** One finding of a comparison. */
    @Schema(name = "ReanalysisFinding")
    public record FindingItem(String rule, String severity, @Nullable String namespace, String subject,
            @Nullable String policy, String detail, String status) {
        static FindingItem of(AuditedFinding f) {
            return new FindingItem(f.finding().rule(), f.finding().severity().name().toLowerCase(Locale.ROOT),
                    f.finding().namespace(), f.finding().subject().text(), f.finding().policy(), f.finding().detail(),
                    f.status().name().toLowerCase(Locale.ROOT));
        }
    }

    /** A finding whose status differs between the two analyses. */
    @Schema(name = "ReanalysisStatusChange")
    public record StatusChangeItem(FindingItem finding, String ownStatus) {}

    @Post
    @Secured(Role.ADMIN_NAME)
    @Operation(summary = "Re-analyse a stored snapshot with this engine",
            description = "Reads the snapshot's stored content and analyses it with the engine of this service,"
                    + " under the settings of the snapshot's own analysis (settings=stored, the default: only the"
                    + " engine may differ) or the cluster's settings as configured now (settings=current, judged"
                    + " on the snapshot's day). The result is stored as a new analysis beside the snapshot's own;"
                    + " the snapshot's reports and answers stay those of its own analysis. 201 when recorded now,"
                    + " 200 when the same re-analysis was recorded before.")
    @ApiResponse(responseCode = "201", description = "Re-analysed and recorded; Location names it",
            content = @Content(schema = @Schema(implementation = ReanalysisView.class)))
    @ApiResponse(responseCode = "200", description = "Recorded before: the earlier record",
            content = @Content(schema = @Schema(implementation = ReanalysisView.class)))
    @ApiResponse(responseCode = "400", description = "A parameter is invalid",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "409", description = "A failed attempt; settings unknown (use settings=current);"
            + " the result would be the snapshot's own analysis; or the configured settings are unreadable",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    HttpResponse<ReanalysisView> reanalyse(@PathVariable String cluster,
            @Parameter(description = "Snapshot id, or 'latest'") @PathVariable String snapshot,
            @Parameter(description = "Settings to apply", schema = @Schema(allowableValues = {"stored", "current"},
                    defaultValue = "stored"))
            @Nullable @QueryValue("settings") String settings, Authentication caller) {
        String choice = Params.oneOf("settings", settings, SETTINGS);
        long s = locator.completeId(cluster, snapshot);
        Reanalyses.SettingsChoice which = "current".equals(choice) ? Reanalyses.SettingsChoice.CURRENT
                : Reanalyses.SettingsChoice.STORED;
        Reanalyses.Recorded recorded;
        try {
            recorded = reanalyses.reanalyse(cluster, s, which, Actors.of(caller));
        } catch (Reanalyses.NotPossible e) {
            throw ApiProblem.conflict("reanalysis-not-possible", "Re-analysis not possible", e.getMessage());
        }
        ReanalysisView view = ReanalysisView.of(cluster, recorded.reanalysis());
        if (recorded.created()) {
            audit.record(Actors.of(caller), "snapshot.reanalysed", "cluster:" + cluster + "/snapshot:" + s,
                    Map.of("reanalysis", view.id(), "engineVersion", view.engineVersion(),
                            "settings", which.name().toLowerCase(Locale.ROOT)));
            return HttpResponse.created(view, URI.create(view.self()));
        }
        return HttpResponse.ok(view);
    }

    @Get
    @Operation(summary = "List a snapshot's re-analyses, oldest first")
    List<ReanalysisView> list(@PathVariable String cluster,
            @Parameter(description = "Snapshot id, or 'latest'") @PathVariable String snapshot) {
        return reanalyses.of(locator.completeId(cluster, snapshot)).stream().map(r -> ReanalysisView.of(cluster, r))
                .toList();
    }

    @Get("/{id}")
    @Operation(summary = "Show a re-analysis and how its findings differ from the snapshot's own analysis")
    ReanalysisDetail show(@PathVariable String cluster,
            @Parameter(description = "Snapshot id, or 'latest'") @PathVariable String snapshot,
            @Parameter(description = "Re-analysis id") @PathVariable String id) {
        long s = locator.completeId(cluster, snapshot);
        long wanted = Params.id("id", id);
        Reanalyses.Reanalysis r = reanalyses.of(s).stream().filter(x -> x.id() == wanted).findFirst()
                .orElseThrow(() -> ApiProblem.notFound("reanalysis", "snapshot " + s + " of cluster '" + cluster
                        + "' has no re-analysis " + wanted + "; GET .../reanalyses lists them"));
        Reanalyses.Differences d;
        try {
            d = reanalyses.differences(cluster, s, r);
        } catch (Reanalyses.NotPossible e) {
            throw ApiProblem.conflict("reanalysis-not-possible", "Re-analysis not possible", e.getMessage());
        }
        return new ReanalysisDetail(ReanalysisView.of(cluster, r), d.ownEngineVersion(),
                d.added().stream().map(FindingItem::of).toList(), d.removed().stream().map(FindingItem::of).toList(),
                d.statusChanged().stream().map(c -> new StatusChangeItem(FindingItem.of(c.reanalysed()),
                        c.own().status().name().toLowerCase(Locale.ROOT))).toList());
    }
}
