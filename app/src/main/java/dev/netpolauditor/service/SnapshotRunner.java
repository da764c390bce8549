package dev.netpolauditor.service;

import dev.netpolauditor.analysis.AnalysisSettings;
import dev.netpolauditor.analysis.Audit;
import dev.netpolauditor.canonical.CanonicalJson;
import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.model.PluginKind;
import dev.netpolauditor.snapshot.ClusterSource;
import dev.netpolauditor.snapshot.ManifestException;
import dev.netpolauditor.snapshot.StoredObjects;
import dev.netpolauditor.snapshot.kube.ClusterCapture;
import dev.netpolauditor.snapshot.kube.ClusterResource;
import dev.netpolauditor.snapshot.kube.CollectionException;
import dev.netpolauditor.store.SnapshotContent.ReadAt;
import dev.netpolauditor.store.SnapshotContent.StoredAnalysis;
import dev.netpolauditor.store.SnapshotContent;
import dev.netpolauditor.store.SnapshotStore;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One snapshot attempt, start to finish: read the cluster, analyse it (or share the stored
 * analysis of identical content), store it whole. Any failure — unreadable cluster, invalid
 * object, bad tenants file, database error — ends the attempt with a failure row naming the
 * reason, never with part of a snapshot.
 */
public final class SnapshotRunner {

    /**
     * How an attempt ended; {@code snapshotId} is the stored row (complete or failed), -1 if none
     * could be written. {@code finishedAt} is when the attempt ended, after the write; a stored
     * snapshot's own {@code finishedAt} ({@code content}) is stamped just before it.
     */
    public record Outcome(String cluster, long snapshotId, boolean complete, String reason, Instant startedAt,
            Instant finishedAt, long objects, boolean analysisShared, SnapshotContent content) {
        public long millis() {
            return finishedAt.toEpochMilli() - startedAt.toEpochMilli();
        }
    }

    private final SnapshotStore store;
    private final Clock clock;
    private final String engineVersion;
    private final SettingsSource settings;

    /** A runner analysing under the clusters' files alone. */
    public SnapshotRunner(SnapshotStore store, Clock clock, String engineVersion) {
        this(store, clock, engineVersion, SettingsSource.FILES);
    }

    /** A runner analysing under the settings {@code settings} gives, judged on the day (UTC) an attempt starts. */
    public SnapshotRunner(SnapshotStore store, Clock clock, String engineVersion, SettingsSource settings) {
        this.store = store;
        this.clock = clock;
        this.engineVersion = engineVersion;
        this.settings = settings;
    }

    public Outcome run(ClusterSpec spec, ClusterSource source, String trigger) {
        Instant started = clock.instant();
        try {
            return attempt(spec, source, trigger, started);
        } catch (OutOfMemoryError e) {
            // The attempt's objects are unreachable once its frame is gone, so the failure can
            // still be recorded; the next scheduled attempt would fail the same way, so say what to do.
            return failed(spec, source, trigger, started, "the snapshot needed more memory than the service has ("
                    + (Runtime.getRuntime().maxMemory() >> 20) + " MB heap): give it more (-Xmx, or a higher memory"
                    + " limit with -XX:MaxRAMPercentage)");
        }
    }

    private Outcome attempt(ClusterSpec spec, ClusterSource source, String trigger, Instant started) {
        ClusterCapture capture;
        AnalysisSettings config;
        try {
            config = settings.read(spec, LocalDate.ofInstant(started, ZoneOffset.UTC));
            capture = source.capture();
        } catch (CollectionException e) {
            return failed(spec, source, trigger, started, e.getMessage(), listVersions(e.listVersions()));
        } catch (ManifestException e) {
            return failed(spec, source, trigger, started, e.getMessage());
        } catch (RuntimeException e) {
            return failed(spec, source, trigger, started, "unexpected error reading " + source.describe() + ": " + e);
        }
        Map<String, String> versions = listVersions(capture);
        Map<String, ReadAt> readAt = readAt(capture);
        List<SnapshotContent.StoredObject> objects = StoredObjects.objectsOf(capture.state(), readAt,
                storedVersions(spec.name(), readAt));
        // the raw API objects were needed for their uids and resourceVersions only: let them go
        // before the analysis, which is where a large cluster needs its memory
        capture = new ClusterCapture(capture.clusterUid(), capture.listVersions(), capture.absent(), List.of(),
                capture.state());
        String settingsJson = ConfiguredSettings.json(config);
        String configSha256 = CanonicalJson.sha256(settingsJson);
        List<String> absent = capture.absent().stream().map(ClusterResource::label).sorted().toList();
        SnapshotContent content = new SnapshotContent(started, started, trigger, source.describe(),
                capture.clusterUid(), versions, absent, engineVersion, objects,
                analysisInput(spec.name(), SnapshotContent.contentSha256(objects), configSha256, capture.state()),
                configSha256, settingsJson, null);
        Analysing startedAnalysis = null;
        try {
            boolean shared = store.hasAnalysis(content.analysisInputSha256(), engineVersion, configSha256);
            Analysing analysing = shared ? null : new Analysing(content, capture, config, spec.name());
            startedAnalysis = analysing;
            long id;
            try {
                Saved saved;
                try {
                    saved = save(spec.name(), content, readAt, analysing);
                } catch (SnapshotStore.VersionsMissingException gone) {
                    // stored versions taken for objects read at the same resourceVersion were
                    // deleted (retention) since they were looked up: write every object anew
                    content = content.withObjects(StoredObjects.objectsOf(capture.state(), readAt, Map.of()));
                    saved = save(spec.name(), content, readAt, analysing);
                }
                id = saved.id();
                content = saved.content();
            } catch (SnapshotStore.AnalysisMissingException gone) {
                // the shared analysis was deleted (retention) between the check and the write
                SnapshotContent analysed = finishedNow(withAnalysis(content, capture, config));
                content = analysed;
                shared = false;
                id = store.saveSnapshot(spec.name(), analysed, readVersions(analysed.objects(), readAt),
                        () -> analysed);
            }
            // after the write: the row's finished_at had to be stamped before it, but the
            // duration logged and measured is the whole attempt, store included
            return new Outcome(spec.name(), id, true, null, started, clock.instant(), objects.size(), shared,
                    content);
        } catch (RuntimeException e) {
            if (startedAnalysis != null) {
                // the write failed before it needed the analysis: let the analysis end before the
                // attempt does, so the next attempt of this cluster never runs beside it
                startedAnalysis.awaitEnd();
            }
            return failed(spec, source, trigger, started, "analysing or storing the snapshot failed: "
                    + rootMessage(e));
        }
    }

    /** A stored snapshot: its id and content as stored. */
    private record Saved(long id, SnapshotContent content) {}

    /**
     * Stores {@code content}, its analysis taken from {@code analysing} once the objects are
     * written (null: shared), with where its new objects were read from.
     */
    private Saved save(String cluster, SnapshotContent content, Map<String, ReadAt> readAt, Analysing analysing) {
        AtomicReference<SnapshotContent> stored = new AtomicReference<>();
        long id = store.saveSnapshot(cluster, content, readVersions(content.objects(), readAt), () -> {
            // the analysis ran on the content as first built: its objects are these, maybe with their text now
            stored.set(finishedNow(analysing == null ? content : analysing.result().withObjects(content.objects())));
            return stored.get();
        });
        return new Saved(id, stored.get());
    }

    /**
     * The versions the cluster's latest snapshot stored, by where they were read from, when some
     * object was read with a resourceVersion; none when they cannot be read (every object is then
     * written, and the write reports what is wrong with the database).
     */
    private Map<ReadAt, SnapshotContent.StoredObject> storedVersions(String cluster, Map<String, ReadAt> readAt) {
        if (readAt.values().stream().allMatch(r -> r.resourceVersion() == null)) {
            return Map.of();
        }
        try {
            return store.versionsReadAt(cluster, StoredObjects.CANONICAL_FORM);
        } catch (RuntimeException e) {
            return Map.of();
        }
    }

    /**
     * The analysis input of these objects: that of the cluster's latest snapshot when it saw the
     * same objects and was analysed by this engine under this configuration, else hashed. The
     * analysis of the same objects is theirs, whatever its key; the input hash only lets
     * snapshots of different objects share one, so taking the stored key of the same objects is
     * right even if how the input is hashed has changed since.
     */
    private String analysisInput(String cluster, String contentSha256, String configSha256, ClusterState state) {
        try {
            Optional<String> same = store.analysisInputOfLatest(cluster, contentSha256, engineVersion, configSha256);
            if (same.isPresent()) {
                return same.get();
            }
        } catch (RuntimeException e) {
            // hashed instead; the write reports what is wrong with the database
        }
        return AnalysisInput.sha256(state);
    }

    /** Where the objects written anew (not taken as stored) were read from, by their hash. */
    private static SnapshotStore.ReadVersions readVersions(List<SnapshotContent.StoredObject> objects,
            Map<String, ReadAt> readAt) {
        Map<String, ReadAt> bySha256 = new HashMap<>();
        for (SnapshotContent.StoredObject o : objects) {
            if (!o.textOmitted()) {
                ReadAt at = readAt.get(StoredObjects.key(o.kind(), o.namespace(), o.name()));
                if (at != null && at.resourceVersion() != null) {
                    bySha256.put(o.sha256(), at);
                }
            }
        }
        return new SnapshotStore.ReadVersions(StoredObjects.CANONICAL_FORM, bySha256);
    }

    /**
     * The analysis, computed on its own thread while the store writes the objects: at 150,000
     * pods both take tens of seconds, one mostly in this JVM and the other mostly in PostgreSQL.
     */
    private final class Analysing {
        private final FutureTask<SnapshotContent> task;

        Analysing(SnapshotContent content, ClusterCapture capture, AnalysisSettings config, String cluster) {
            task = new FutureTask<>(() -> withAnalysis(content, capture, config));
            Thread.ofPlatform().name("analysis-" + cluster).daemon().start(task);
        }

        /** Waits until the analysis has ended, whatever its outcome (already reported elsewhere or unneeded). */
        void awaitEnd() {
            try {
                task.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | java.util.concurrent.CancellationException ignored) {
                // the attempt fails for its own reason; the analysis' outcome adds nothing
            }
        }

        /** The analysed content; the analysis' own failure (an OutOfMemoryError too) is rethrown as is. */
        SnapshotContent result() {
            try {
                return task.get();
            } catch (InterruptedException e) {
                task.cancel(true);
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the analysis ran", e);
            } catch (ExecutionException e) {
                switch (e.getCause()) {
                    case RuntimeException r -> throw r;
                    case Error error -> throw error;
                    default -> throw new IllegalStateException(e.getCause());
                }
            }
        }
    }

    private SnapshotContent withAnalysis(SnapshotContent c, ClusterCapture capture, AnalysisSettings config) {
        return c.with(StoredAnalysis.of(Audit.analyse(capture.state(), config)), c.finishedAt());
    }

    private SnapshotContent finishedNow(SnapshotContent c) {
        return c.with(c.analysis(), clock.instant());
    }

    private Outcome failed(ClusterSpec spec, ClusterSource source, String trigger, Instant started, String reason) {
        return failed(spec, source, trigger, started, reason, Map.of());
    }

    /** Records a failed attempt with the resourceVersion of each list it had read whole. */
    private Outcome failed(ClusterSpec spec, ClusterSource source, String trigger, Instant started, String reason,
            Map<String, String> listVersions) {
        Instant finished = clock.instant();
        long id = -1;
        String why = reason;
        try {
            id = store.recordFailure(spec.name(), new SnapshotStore.FailedAttempt(started, finished, trigger,
                    source.describe(), listVersions, engineVersion, reason));
        } catch (RuntimeException e) {
            why = reason + " (and recording the failure failed too: " + rootMessage(e) + ")";
        }
        return new Outcome(spec.name(), id, false, why, started, finished, 0, false, null);
    }

    private static Map<String, String> listVersions(ClusterCapture capture) {
        return listVersions(capture.listVersions());
    }

    private static Map<String, String> listVersions(Map<ClusterResource, String> versions) {
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<ClusterResource, String> e : versions.entrySet()) {
            if (e.getValue() != null) {
                out.put(e.getKey().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'), e.getValue());
            }
        }
        return out;
    }

    /**
     * The uid and resourceVersion of every object read from the API that has a uid, by
     * {@link StoredObjects#key} (namespaces: {@code Namespace/name}).
     */
    private static Map<String, ReadAt> readAt(ClusterCapture capture) {
        Map<String, ReadAt> out = new HashMap<>();
        for (Map<String, Object> o : capture.objects()) {
            if (o.get("metadata") instanceof Map<?, ?> meta && meta.get("uid") instanceof String uid
                    && meta.get("name") instanceof String name && o.get("kind") instanceof String wireKind) {
                // a network plugin's kind by the name output gives it (Calico's NetworkPolicy: CalicoNetworkPolicy)
                PluginKind plugin = PluginKind.of(wireKind,
                        o.get("apiVersion"));
                String kind = plugin == null ? wireKind : plugin.objectKind();
                String namespace = meta.get("namespace") instanceof String n ? n : null;
                String resourceVersion = meta.get("resourceVersion") instanceof String v && !v.isEmpty() ? v : null;
                out.put(StoredObjects.key(kind, namespace, name), new ReadAt(uid, resourceVersion));
            }
        }
        return out;
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return t == e ? message : e.getClass().getSimpleName() + ": " + message;
    }
}
