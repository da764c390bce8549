package dev.netpolauditor.service;

import dev.netpolauditor.analysis.ReviewTracking;
import dev.netpolauditor.canonical.CanonicalJson;
import dev.netpolauditor.report.ReportKind;
import dev.netpolauditor.store.ComplianceStore;
import dev.netpolauditor.store.ComplianceStore.StoredReview;
import dev.netpolauditor.store.ReportStore;
import dev.netpolauditor.store.SnapshotQueries;
import dev.netpolauditor.store.StoredSnapshot;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Periodic reviews of a cluster's rule sets (PCI DSS v4 1.2.7): an auditor records that they
 * reviewed the cluster's policies as of a complete snapshot, with the outcome and notes. The record
 * joins the cluster's evidence hash chain as a report of kind {@code review} (its canonical JSON),
 * and, for a cluster whose reviews are tracked, the last review is part of the settings of every
 * analysis from the next snapshot on: the control passes while it is at most the configured interval
 * old (default six months).
 */
public final class Reviews {
    public static final String CONFIRMED = "confirmed";
    public static final String CHANGES_REQUIRED = "changes-required";
    public static final List<String> OUTCOMES = List.of(CONFIRMED, CHANGES_REQUIRED);

    /** A recorded review, with its record in the evidence chain ({@code reportId}). */
    public record RecordedReview(long id, String cluster, long snapshotId, String reviewer, String outcome,
            String notes, Instant recordedAt, long reportId) {}

    private final ComplianceStore store;
    private final SnapshotQueries snapshots;
    private final Clusters clusters;
    private final Period interval;
    private final Clock clock;
    private final String engineVersion;

    public Reviews(ComplianceStore store, SnapshotQueries snapshots, Clusters clusters, Period interval, Clock clock,
            String engineVersion) {
        this.store = store;
        this.snapshots = snapshots;
        this.clusters = clusters;
        this.interval = interval;
        this.clock = clock;
        this.engineVersion = engineVersion;
    }

    /** How long a review keeps PCI DSS v4 1.2.7 passing. */
    public Period interval() {
        return interval;
    }

    /** Records {@code actor}'s review of snapshot {@code snapshotId} of {@code cluster} (a complete one). */
    public RecordedReview record(String cluster, long snapshotId, String outcome, String notes, String actor) {
        ComplianceTracking.configured(clusters, cluster);
        StoredSnapshot snapshot = snapshots.snapshot(cluster, snapshotId).orElseThrow(() -> new Refusal(
                Refusal.Kind.NOT_FOUND, "cluster '" + cluster + "' has no snapshot " + snapshotId));
        if (!snapshot.complete()) {
            throw new Refusal(Refusal.Kind.WRONG_STATE, "snapshot " + snapshot.id() + " is a failed attempt: review a"
                    + " complete snapshot");
        }
        String chosen = Refusal.required("outcome", outcome, 20).strip();
        if (!OUTCOMES.contains(chosen)) {
            throw Refusal.invalid("outcome '" + chosen + "': use " + String.join(" or ", OUTCOMES));
        }
        String note = Refusal.note(notes);
        return recorded(store.recordReview(snapshot.cluster(), snapshot.id(), actor, chosen, note, clock.instant(),
                review -> new ReportStore.NewReport(snapshot.cluster(), List.of(snapshot.id()),
                        ReportKind.REVIEW.wireName(), "json", engineVersion, null, review.recordedAt(),
                        evidence(review, snapshot), actor)));
    }

    /** A cluster's reviews, newest first. */
    public Page<RecordedReview> list(String cluster, int limit, int offset) {
        return Page.of(store.reviews(ComplianceTracking.configured(clusters, cluster), limit, offset),
                Reviews::recorded);
    }

    public RecordedReview get(String cluster, long id) {
        return store.review(id).filter(r -> r.cluster().equals(cluster)).map(Reviews::recorded).orElseThrow(() -> new Refusal(
                Refusal.Kind.NOT_FOUND, "no review " + id + " of cluster '" + cluster + "'; GET /api/v1/clusters/"
                        + cluster + "/reviews lists them"));
    }

    /** The last review of a cluster recorded by now, if any. */
    public Optional<RecordedReview> last(String cluster) {
        return store.lastReview(cluster, clock.instant()).map(Reviews::recorded);
    }

    /** What a cluster's next analysis takes of its reviews: null unless they are tracked. */
    public ReviewTracking inForce(String cluster) {
        if (!store.tracking(cluster).reviews()) {
            return null;
        }
        return new ReviewTracking(interval, last(cluster).map(Reviews::review).orElse(null));
    }

    /** The due date of a cluster's next review, judged now; null when none was recorded (due at once). */
    public LocalDate due(String cluster) {
        return new ReviewTracking(interval, last(cluster).map(Reviews::review).orElse(null)).due();
    }

    /** Whether a review of {@code cluster} is due today: none recorded, or the last one has run out. */
    public boolean overdueToday(String cluster) {
        return new ReviewTracking(interval, last(cluster).map(Reviews::review).orElse(null))
                .overdueOn(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
    }

    private static RecordedReview recorded(StoredReview r) {
        return new RecordedReview(r.id(), r.cluster(), r.snapshotId(), r.reviewer(), r.outcome(), r.notes(),
                r.recordedAt(), r.reportId());
    }

    static ReviewTracking.Review review(RecordedReview r) {
        return new ReviewTracking.Review(r.id(), r.reviewer(), r.recordedAt(), r.snapshotId(), r.outcome());
    }

    /** The review's record as kept in the evidence chain: canonical JSON, so it verifies like any report. */
    static byte[] evidence(StoredReview review, StoredSnapshot snapshot) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("kind", ReportKind.REVIEW.wireName());
        doc.put("review", review.id());
        doc.put("cluster", review.cluster());
        Map<String, Object> of = new LinkedHashMap<>();
        of.put("id", snapshot.id());
        of.put("startedAt", snapshot.startedAt().toString());
        of.put("contentSha256", snapshot.contentSha256());
        of.put("engineVersion", snapshot.engineVersion());
        doc.put("snapshot", of);
        doc.put("reviewer", review.reviewer());
        doc.put("outcome", review.outcome());
        doc.put("notes", review.notes());
        doc.put("recordedAt", review.recordedAt().toString());
        doc.put("recordedOn", LocalDate.ofInstant(review.recordedAt(), ZoneOffset.UTC).toString());
        return (CanonicalJson.write(doc) + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
