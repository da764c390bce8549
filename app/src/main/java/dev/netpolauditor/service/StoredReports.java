package dev.netpolauditor.service;

import dev.netpolauditor.report.ChangeReport;
import dev.netpolauditor.report.ComplianceReport;
import dev.netpolauditor.report.ReportKind;
import dev.netpolauditor.report.ReportTemplates;
import dev.netpolauditor.report.SnapshotArchive;
import dev.netpolauditor.report.SnapshotReports;
import dev.netpolauditor.store.ReportStore;
import dev.netpolauditor.store.SnapshotQueries;
import dev.netpolauditor.store.SnapshotStore;
import dev.netpolauditor.store.StoredResults;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Compliance reports of stored snapshots, and change reports between two of them, rendered
 * and kept as evidence in one hash chain per cluster. What a report contains is
 * {@link SnapshotReports}' (in {@code report}), read from the store through
 * {@link StoredSnapshotArchive}; this service chooses the snapshots and files the result.
 */
public final class StoredReports {
    private final SnapshotReports snapshotReports;
    private final SnapshotQueries queries;
    private final ReportStore reports;

    public StoredReports(SnapshotStore store, SnapshotQueries queries, StoredResults results, ReportStore reports,
            ReportTemplates templates, Clock clock) {
        this.snapshotReports = new SnapshotReports(new StoredSnapshotArchive(store, queries, results), templates,
                clock, EngineVersion.current());
        this.queries = queries;
        this.reports = reports;
    }

    /** A rendered, stored report: its evidence row and the file handed out. */
    public record Generated(Report report, byte[] content) {
        public String filename() {
            return ReportKind.ofStored(report.kind()).filename(report.cluster(), report.snapshotIds(),
                    report.format());
        }
    }

    /**
     * Renders the compliance report of complete {@code snapshot} in {@code format} and appends
     * it to the evidence chain of its cluster.
     */
    public Generated generate(Snapshot snapshot, String format, Long subscriptionId, String actor) {
        return generate(snapshot, format, subscriptionId, actor, SnapshotReports.Scope.ALL).generated();
    }

    /** A generated report and the model it was rendered from (the mail's text comes from it). */
    public record Rendered(Generated generated, ComplianceReport model) {}

    /**
     * As {@link #generate(Snapshot, String, Long, String)}, with the report narrowed to
     * {@code scope} (see {@link ComplianceReport#scopedTo}). A tenant's namespaces are the ones
     * the cluster's tenancy gives it in the snapshot.
     */
    public Rendered generate(Snapshot snapshot, String format, Long subscriptionId, String actor,
            SnapshotReports.Scope scope) {
        SnapshotReports.Compliance report = snapshotReports.compliance(named(snapshot), format, scope);
        return new Rendered(file(report.file(), subscriptionId, actor), report.model());
    }

    /** The report model of complete {@code snapshot}, without trend. */
    public ComplianceReport model(Snapshot snapshot) {
        return snapshotReports.model(named(snapshot), SnapshotReports.Scope.ALL);
    }

    /**
     * Renders the change report from complete snapshot {@code from} to complete snapshot
     * {@code to} of one cluster in {@code format} and appends it to the cluster's evidence chain,
     * with snapshot ids {@code [to, from]}. {@code from} null: there is nothing earlier to
     * compare with, and the report says so, with snapshot ids {@code [to]}.
     */
    public Generated generateChange(Snapshot from, Snapshot to, String format, Long subscriptionId,
            String actor) {
        return file(snapshotReports.change(from == null ? null : named(from), named(to), format), subscriptionId,
                actor);
    }

    /**
     * The change report a subscription delivers: what changed since its previous report. From
     * the snapshot that report was about (the first of its snapshot ids, whatever its kind),
     * when it is still stored, complete, of this cluster and not after {@code to}; otherwise (a
     * first delivery, or evidence outliving the snapshot retention) from the cluster's complete
     * snapshot just before {@code to}; with none, a report saying there is nothing earlier. The
     * same snapshot on both sides gives an honest empty report ("nothing changed").
     */
    public Generated changeSincePreviousReport(long subscriptionId, String cluster, Snapshot to, String format,
            String actor) {
        Snapshot from = reports.latestOfSubscription(subscriptionId)
                .filter(r -> r.cluster().equals(cluster))
                .flatMap(r -> queries.snapshot(cluster, r.snapshotIds().getFirst()).map(Snapshot::of))
                .filter(s -> s.complete() && !s.startedAt().isAfter(to.startedAt()))
                .or(() -> completeBefore(to))
                .orElse(null);
        return generateChange(from, to, format, subscriptionId, actor);
    }

    /** The cluster's latest complete snapshot taken before {@code to} (started earlier, or at once with a lower id). */
    public Optional<Snapshot> completeBefore(Snapshot to) {
        return queries.snapshots(to.cluster(),
                        new SnapshotQueries.SnapshotFilter(null, to.startedAt(), Snapshot.COMPLETE), 8, 0)
                .items().stream()
                .filter(s -> s.startedAt().isBefore(to.startedAt()) || s.id() < to.id())
                .map(Snapshot::of)
                .findFirst();
    }

    /** The change report model between complete snapshots of one cluster ({@code from} null: none earlier). */
    public ChangeReport changeModel(Snapshot from, Snapshot to) {
        return snapshotReports.changeModel(from == null ? null : named(from), named(to));
    }

    /** Appends a rendered report to its cluster's evidence chain. */
    private Generated file(SnapshotReports.ReportFile f, Long subscriptionId, String actor) {
        ReportStore.StoredReport stored = reports.append(new ReportStore.NewReport(f.cluster(), f.snapshotIds(),
                f.kind().wireName(), f.format(), f.engineVersion(), subscriptionId, f.generatedAt(), f.content(),
                actor));
        return new Generated(Report.of(stored), f.content());
    }

    /** A snapshot as the reports name it. */
    private static SnapshotArchive.Snapshot named(Snapshot s) {
        return new SnapshotArchive.Snapshot(s.id(), s.cluster(), s.source(), s.startedAt());
    }
}
