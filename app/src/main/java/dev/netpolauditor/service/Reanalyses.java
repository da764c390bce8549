package dev.netpolauditor.service;

import dev.netpolauditor.analysis.AnalysisSettings;
import dev.netpolauditor.analysis.Audit;
import dev.netpolauditor.analysis.AuditedFinding;
import dev.netpolauditor.analysis.Finding;
import dev.netpolauditor.canonical.CanonicalJson;
import dev.netpolauditor.snapshot.ManifestException;
import dev.netpolauditor.snapshot.StoredObjects;
import dev.netpolauditor.store.SnapshotContent.StoredAnalysis;
import dev.netpolauditor.store.SnapshotQueries;
import dev.netpolauditor.store.SnapshotStore;
import dev.netpolauditor.store.SnapshotStore.ReanalysisRecorded;
import dev.netpolauditor.store.StoredResults;
import dev.netpolauditor.store.StoredSnapshot;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Re-analysis of a stored snapshot's content: an explicit action, never something a report or an
 * answer does by itself. The content is read back from the store and analysed by this engine,
 * under the settings of the snapshot's own analysis (only the engine differs) or under the
 * settings the cluster is configured with now; the result is stored as a new analysis beside the
 * snapshot's own, which stays what the snapshot's reports and answers are made of.
 */
public final class Reanalyses {

    /** Which settings a re-analysis applies. */
    public enum SettingsChoice {
        /** Those the snapshot's own analysis was computed under: only the engine may differ. */
        STORED,
        /** Those the cluster's tenants and exceptions files give now, judged on the snapshot's day. */
        CURRENT
    }

    /** The re-analysis cannot be done as asked; the message says why and what to do instead. */
    public static final class NotPossible extends RuntimeException {
        public NotPossible(String message) {
            super(message);
        }
    }

    /**
     * A recorded re-analysis: the new analysis ({@code analysisId}) beside the snapshot's own, with
     * its headline figures; {@code settingsSha256} names the settings it was computed under.
     */
    public record Reanalysis(long id, long snapshotId, long analysisId, Instant requestedAt, String actor,
            String engineVersion, String settingsSha256, boolean settingsKnown, AnalysisSummary summary) {}

    /** The outcome of a re-analysis: its record, new ({@code created}) or recorded before. */
    public record Recorded(Reanalysis reanalysis, boolean created) {}

    private final SnapshotStore store;
    private final SnapshotQueries queries;
    private final StoredResults results;
    private final Clusters clusters;
    private final Clock clock;
    private final String engineVersion;
    private final SettingsSource settings;

    public Reanalyses(SnapshotStore store, SnapshotQueries queries, StoredResults results, Clusters clusters,
            Clock clock, String engineVersion) {
        this(store, queries, results, clusters, clock, engineVersion, SettingsSource.FILES);
    }

    /** {@code settings} gives the current settings (settings=current): what a snapshot taken now would use. */
    public Reanalyses(SnapshotStore store, SnapshotQueries queries, StoredResults results, Clusters clusters,
            Clock clock, String engineVersion, SettingsSource settings) {
        this.store = store;
        this.queries = queries;
        this.results = results;
        this.clusters = clusters;
        this.clock = clock;
        this.engineVersion = engineVersion;
        this.settings = settings;
    }

    /** The engine version a re-analysis is computed by: this build's. */
    public String engineVersion() {
        return engineVersion;
    }

    /**
     * Re-analyses a complete snapshot and records it for {@code actor}. When the analysis of the
     * same content by this engine under the same settings is stored already, nothing is computed:
     * it is linked (or, if linked before, answered again).
     *
     * @throws NotPossible when the stored settings are unknown (choose {@link SettingsChoice#CURRENT}),
     *     the cluster is no longer configured (for {@code CURRENT}), its files cannot be read, or
     *     the result would be the snapshot's own analysis
     */
    public Recorded reanalyse(String cluster, long snapshotId, SettingsChoice choice, String actor) {
        ReanalysisRecorded recorded = reanalyse(snapshot(cluster, snapshotId), choice, actor);
        return new Recorded(reanalysis(recorded.reanalysis()), recorded.created());
    }

    /** A snapshot's re-analyses, oldest first. */
    public List<Reanalysis> of(long snapshotId) {
        return store.reanalysesOf(snapshotId).stream().map(Reanalyses::reanalysis).toList();
    }

    ReanalysisRecorded reanalyse(StoredSnapshot snapshot, SettingsChoice choice, String actor) {
        if (!StoredSnapshot.COMPLETE.equals(snapshot.status())) {
            throw new NotPossible("snapshot " + snapshot.id() + " is a failed attempt: it has no content to analyse");
        }
        LocalDate day = LocalDate.ofInstant(snapshot.startedAt(), ZoneOffset.UTC);
        AnalysisSettings settings = switch (choice) {
            case STORED -> results.settingsOf(snapshot.id()).orElseThrow(() -> new NotPossible("the settings of"
                    + " snapshot " + snapshot.id() + "'s analysis are unknown (it was stored before settings were"
                    + " kept): re-analyse it with the settings configured now (settings=current)"));
            case CURRENT -> configured(snapshot.cluster(), day);
        };
        String settingsJson = ConfiguredSettings.json(settings);
        String configSha256 = CanonicalJson.sha256(settingsJson);
        Optional<Long> stored = store.existingAnalysis(snapshot.id(), engineVersion, configSha256);
        StoredAnalysis analysis = stored.isPresent() ? null : analyse(snapshot, settings);
        try {
            return store.saveReanalysis(snapshot.id(), new SnapshotStore.Reanalysis(engineVersion, configSha256,
                    settingsJson, analysis, actor, clock.instant()));
        } catch (SnapshotStore.SameAsOwnAnalysis same) {
            throw new NotPossible(same.getMessage());
        } catch (SnapshotStore.AnalysisMissingException gone) {
            // the stored analysis went (retention) between the look-up and the write: compute it
            return store.saveReanalysis(snapshot.id(), new SnapshotStore.Reanalysis(engineVersion, configSha256,
                    settingsJson, analyse(snapshot, settings), actor, clock.instant()));
        }
    }

    /** The snapshot's stored content, read back and analysed by this engine under {@code settings}. */
    private StoredAnalysis analyse(StoredSnapshot snapshot, AnalysisSettings settings) {
        return StoredAnalysis.of(Audit.analyse(StoredObjects.read(store.objectsOf(snapshot.id())), settings));
    }

    /**
     * How a re-analysis differs from the snapshot's own analysis, finding by finding (by identity):
     * the findings only it has, those only the snapshot's own has, and those whose status differs.
     */
    public record Differences(String ownEngineVersion, boolean ownSettingsKnown, List<AuditedFinding> added,
            List<AuditedFinding> removed, List<StatusChange> statusChanged) {}

    /** A finding both analyses have, with another status (e.g. excepted under other settings). */
    public record StatusChange(AuditedFinding own, AuditedFinding reanalysed) {}

    /** The differences between the snapshot's own analysis and its re-analysis, both as stored. */
    public Differences differences(String cluster, long snapshotId, Reanalysis reanalysis) {
        StoredSnapshot snapshot = snapshot(cluster, snapshotId);
        LocalDate day = LocalDate.ofInstant(snapshot.startedAt(), ZoneOffset.UTC);
        StoredResults.StoredResult own = results.ofSnapshot(snapshot.id()).orElseThrow(
                () -> new NotPossible("snapshot " + snapshot.id() + " has no analysis"));
        StoredResults.StoredResult other = results.ofAnalysis(reanalysis.analysisId(), day).orElseThrow(
                () -> new NotPossible("the re-analysis' analysis is no longer stored"));
        Map<Finding.Identity, AuditedFinding> before = byIdentity(own.audit().findings());
        Map<Finding.Identity, AuditedFinding> after = byIdentity(other.audit().findings());
        List<AuditedFinding> added = new ArrayList<>();
        List<StatusChange> changed = new ArrayList<>();
        after.forEach((id, f) -> {
            AuditedFinding was = before.get(id);
            if (was == null) {
                added.add(f);
            } else if (was.status() != f.status()) {
                changed.add(new StatusChange(was, f));
            }
        });
        List<AuditedFinding> removed = before.entrySet().stream().filter(e -> !after.containsKey(e.getKey()))
                .map(Map.Entry::getValue).toList();
        return new Differences(own.engineVersion(), own.settingsKnown(), added, removed, changed);
    }

    private StoredSnapshot snapshot(String cluster, long id) {
        return queries.snapshot(cluster, id).orElseThrow(() -> new NotPossible("cluster '" + cluster
                + "' has no snapshot " + id));
    }

    private static Reanalysis reanalysis(SnapshotStore.StoredReanalysis r) {
        return new Reanalysis(r.id(), r.snapshotId(), r.analysisId(), r.requestedAt(), r.actor(), r.engineVersion(),
                r.settingsSha256(), r.settingsKnown(), AnalysisSummary.of(r.summary()));
    }

    private static Map<Finding.Identity, AuditedFinding> byIdentity(List<AuditedFinding> findings) {
        Map<Finding.Identity, AuditedFinding> out = new LinkedHashMap<>();
        findings.forEach(f -> out.put(f.finding().identity(), f));
        return out;
    }

    private AnalysisSettings configured(String cluster, LocalDate day) {
        ClusterSpec spec = clusters.spec(cluster).orElseThrow(() -> new NotPossible("cluster '" + cluster
                + "' is no longer configured, so it has no current settings: re-analyse with the stored settings"
                + " (settings=stored)"));
        try {
            return settings.read(spec, day);
        } catch (ManifestException e) {
            throw new NotPossible("the cluster's configured settings cannot be read: " + e.getMessage());
        }
    }
}
