package dev.netpolauditor.api;

import dev.netpolauditor.service.AnalysisSummary;
import dev.netpolauditor.service.Snapshot;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/** A snapshot as the API shows it: a complete snapshot, or a failed attempt with its reason. */
@Schema(name = "Snapshot")
public record SnapshotView(
        long id,
        String cluster,
        @Schema(allowableValues = {"complete", "failed"}) String status,
        @Schema(allowableValues = {"schedule", "manual", "startup"}) String trigger,
        @Schema(description = "ISO-8601 instant") String startedAt,
        @Schema(description = "ISO-8601 instant") String finishedAt,
        @Schema(description = "Kubernetes API server URL or manifest directory") String source,
        @Schema(description = "uid of the kube-system namespace, when read from an API server") String clusterUid,
        @Schema(description = "metadata.resourceVersion of every list read, by list name")
        Map<String, String> listResourceVersions,
        @Schema(description = "Collections the cluster did not serve (API discovery), skipped: e.g. replicationcontrollers, "
                + "networkpolicies.projectcalico.org; and kube-system/configmaps/cilium-config where Cilium runs "
                + "without it")
        List<String> absentResources,
        @Schema(description = "Objects by kind; null for a failed attempt") Counts counts,
        String engineVersion,
        @Schema(description = "SHA-256 over the sorted object hashes; null for a failed attempt") String contentSha256,
        @Schema(description = "Summary of the analysis; null for a failed attempt") Analysis analysis,
        @Schema(description = "Why the attempt failed; null for a complete snapshot") String failureReason,
        @Schema(description = "This snapshot's resource") String self) {

    public record Counts(int namespaces, int pods, int workloads, int policies) {}

    public record Analysis(long endpoints, int endpointGroups, @Schema(description = "0-100") int score,
            OpenFindings openFindings, int excepted) {
        static Analysis of(AnalysisSummary a) {
            return new Analysis(a.endpoints(), a.endpointGroups(), a.score(),
                    new OpenFindings(a.openHigh(), a.openMedium(), a.openLow(), a.openInfo()), a.excepted());
        }
    }

    public record OpenFindings(int high, int medium, int low, int info) {}

    static SnapshotView of(Snapshot s) {
        Counts counts = s.complete()
                ? new Counts(s.namespaceCount(), s.podCount(), s.workloadCount(), s.policyCount()) : null;
        AnalysisSummary a = s.summary();
        Analysis analysis = a == null ? null : Analysis.of(a);
        return new SnapshotView(s.id(), s.cluster(), s.status(), s.trigger(), s.startedAt().toString(),
                s.finishedAt().toString(), s.source(), s.clusterUid(), s.listResourceVersions(), s.absentResources(), counts,
                s.engineVersion(), s.contentSha256(), analysis, s.failureReason(), path(s.cluster(), s.id()));
    }

    static String path(String cluster, long id) {
        return "/api/v1/clusters/" + cluster + "/snapshots/" + id;
    }
}
