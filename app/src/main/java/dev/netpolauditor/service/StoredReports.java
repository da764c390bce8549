package dev.netpolauditor.service;

import dev.netpolauditor.analysis.diff.Side;
import dev.netpolauditor.analysis.diff.SnapshotDiff;
import dev.netpolauditor.engine.CompiledCluster;
import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.report.ChangeReport;
import dev.netpolauditor.report.ChangeReports;
import dev.netpolauditor.report.ComplianceReport;
import dev.netpolauditor.report.ComplianceReports;
import dev.netpolauditor.report.GenerationTime;
import dev.netpolauditor.report.ReportFormat;
import dev.netpolauditor.report.ReportTemplates;
import dev.netpolauditor.snapshot.StoredObjects;
import dev.netpolauditor.store.ReportStore;
import dev.netpolauditor.store.SnapshotQueries;
import dev.netpolauditor.store.SnapshotStore;
import dev.netpolauditor.store.StoredResults.StoredResult;
import dev.netpolauditor.store.StoredResults;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Compliance reports of stored snapshots, and change reports between two of them, rendered
 * and kept as evidence in one hash chain per cluster.
 *
 * <p>A report is built from what was stored for its snapshot, never computed again: the stored
 * analysis (findings with their exception status and the exception that applied, coverage,
 * tenant matrix, score) with the settings it was computed under (rule titles and controls come
 * from the rule registry by id), the snapshot's stored policies for the Policies sheet, and the
 * stored summaries of the cluster's complete snapshots for the trend. Changing a cluster's
 * tenants or exceptions file changes the next snapshot's analysis, never a stored one's report.
 */
public final class StoredReports {
    /** Snapshots in a report's trend, the reported one included. */
    public static final int TREND_POINTS = 12;
    public static final String COMPLIANCE = "compliance";
    public static final String CHANGE = "change";
    /** What a subscription may deliver: a snapshot's compliance report, a change report, a period report. */
    public static final List<String> KINDS = List.of(COMPLIANCE, CHANGE, PeriodReports.KIND);

    private final SnapshotStore store;
    private final SnapshotQueries queries;
    private final ReportStore reports;
    private final ReportTemplates templates;
    private final Clock clock;
    private final StoredResults results;

    public StoredReports(SnapshotStore store, SnapshotQueries queries, StoredResults results, ReportStore reports,
            ReportTemplates templates, Clock clock) {
        this.store = store;
        this.queries = queries;
        this.results = results;
        this.reports = reports;
        this.templates = templates;
        this.clock = clock;
    }

    /** A rendered, stored report: its evidence row and the file handed out. */
    public record Generated(Report report, byte[] content) {
        public String filename() {
            List<Long> ids = report.snapshotIds();
            if (report.kind().equals(PeriodReports.KIND)) {
                return "netpol-period-" + report.cluster() + "-snapshots-" + ids.getFirst() + "-" + ids.getLast() + "."
                        + report.format();
            }
            if (report.kind().equals(Reviews.KIND)) {
                return "netpol-review-" + report.cluster() + "-snapshot-" + ids.getFirst() + "." + report.format();
            }
            if (report.kind().equals(CHANGE)) {
                return "netpol-change-" + report.cluster() + "-" + (ids.size() > 1 ? ids.get(1) : "none") + "-"
                        + ids.getFirst() + "." + report.format();
            }
            return "netpol-compliance-" + report.cluster() + "-snapshot-" + ids.getFirst() + "."
                    + report.format();
        }
    }

    /**
     * Renders the compliance report of complete {@code snapshot} in {@code format} and appends
     * it to the evidence chain of its cluster.
     */
    public Generated generate(Snapshot snapshot, String format, Long subscriptionId, String actor) {
        return generate(snapshot, format, subscriptionId, actor, Scope.ALL).generated();
    }

    /** A subscription's scope: {@code all}, or the listed {@code namespaces} or {@code tenants}. */
    public record Scope(String type, List<String> values) {
        public static final Scope ALL = new Scope("all", List.of());

        public Scope {
            values = List.copyOf(values);
            if (!List.of("all", "namespaces", "tenants").contains(type)) {
                throw new IllegalArgumentException("scope " + type + ": expected all, namespaces or tenants");
            }
        }
    }

    /** A generated report and the model it was rendered from (the mail's text comes from it). */
    public record Rendered(Generated generated, ComplianceReport model) {}

    /**
     * As {@link #generate(Snapshot, String, Long, String)}, with the report narrowed to
     * {@code scope} (see {@link ComplianceReport#scopedTo}). A tenant's namespaces are the ones
     * the cluster's tenancy gives it in the snapshot.
     */
    public Rendered generate(Snapshot snapshot, String format, Long subscriptionId, String actor, Scope scope) {
        if (!ReportFormat.NAMES.contains(format)) {
            throw new IllegalArgumentException("format " + format + ": expected one of " + ReportFormat.NAMES);
        }
        List<Snapshot> trend = trend(snapshot);
        ComplianceReport report = model(snapshot, scope).withTrend(trend.stream().map(StoredReports::point).toList());
        byte[] content = ReportFormat.ofStored(format).render(report, templates);
        List<Long> snapshotIds = new ArrayList<>();
        snapshotIds.add(snapshot.id());
        trend.stream().map(Snapshot::id).filter(id -> id != snapshot.id()).forEach(snapshotIds::add);
        ReportStore.StoredReport stored = reports.append(new ReportStore.NewReport(snapshot.cluster(), snapshotIds,
                COMPLIANCE, format, report.header().engineVersion(), subscriptionId, report.header().generatedAt(),
                content, actor));
        return new Rendered(new Generated(Report.of(stored), content), report);
    }

    /** The report model of complete {@code snapshot}, without trend. */
    public ComplianceReport model(Snapshot snapshot) {
        return model(snapshot, Scope.ALL);
    }

    private ComplianceReport model(Snapshot snapshot, Scope scope) {
        StoredResult result = result(snapshot);
        ClusterState policies = StoredObjects.read(store.policiesOf(snapshot.id()));
        LocalDate day = LocalDate.ofInstant(snapshot.startedAt(), ZoneOffset.UTC);
        Instant generated = GenerationTime.now(clock);
        ComplianceReport.Header header = new ComplianceReport.Header(snapshot.cluster(),
                "snapshot " + snapshot.id() + " (" + snapshot.source() + ")", snapshot.startedAt(), day, generated,
                result.engineVersion(), result.settingsKnown());
        ComplianceReport report = ComplianceReports.of(result.audit(), policies, header);
        if (scope.type().equals("all")) {
            return report;
        }
        Map<String, String> tenantOf = result.namespaceTenants();
        Set<String> values = new TreeSet<>(scope.values());
        Set<String> namespaces = scope.type().equals("namespaces") ? values
                : tenantOf.entrySet().stream().filter(e -> values.contains(e.getValue())).map(Map.Entry::getKey)
                        .collect(Collectors.toCollection(TreeSet::new));
        Set<String> tenants = scope.type().equals("tenants") ? values
                : namespaces.stream().map(tenantOf::get).filter(Objects::nonNull)
                        .collect(Collectors.toCollection(TreeSet::new));
        return report.scopedTo(scope.type() + " " + String.join(", ", values), namespaces, tenants);
    }

    /** The stored analysis of a complete snapshot. */
    private StoredResult result(Snapshot snapshot) {
        return results.ofSnapshot(snapshot.id()).orElseThrow(() -> new IllegalArgumentException("snapshot "
                + snapshot.id() + " of cluster '" + snapshot.cluster() + "' has no stored analysis"));
    }

    /**
     * Renders the change report from complete snapshot {@code from} to complete snapshot
     * {@code to} of one cluster in {@code format} and appends it to the cluster's evidence chain,
     * with snapshot ids {@code [to, from]}. {@code from} null: there is nothing earlier to
     * compare with, and the report says so ({@link ChangeReports#withoutEarlierState}), with
     * snapshot ids {@code [to]}.
     */
    public Generated generateChange(Snapshot from, Snapshot to, String format, Long subscriptionId,
            String actor) {
        if (!ReportFormat.NAMES.contains(format)) {
            throw new IllegalArgumentException("format " + format + ": expected one of " + ReportFormat.NAMES);
        }
        if (from != null && !from.cluster().equals(to.cluster())) {
            throw new IllegalArgumentException("snapshots " + from.id() + " and " + to.id() + " are of different"
                    + " clusters");
        }
        ChangeReport report = changeModel(from, to);
        byte[] content = ReportFormat.ofStored(format).render(report, templates);
        List<Long> snapshotIds = from == null ? List.of(to.id()) : List.of(to.id(), from.id());
        ReportStore.StoredReport stored = reports.append(new ReportStore.NewReport(to.cluster(), snapshotIds, CHANGE,
                format, report.header().engineVersion(), subscriptionId, report.header().generatedAt(), content,
                actor));
        return new Generated(Report.of(stored), content);
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

    /**
     * The change report model between complete snapshots of one cluster ({@code from} null: none
     * earlier). Each side is the stored objects, compiled, with the stored analysis, as the API's
     * diff builds it ({@link SnapshotSides}), so the report's changes are the diff's.
     */
    public ChangeReport changeModel(Snapshot from, Snapshot to) {
        Side after = side(to);
        Instant generated = GenerationTime.now(clock);
        ChangeReport.State toState = state(to);
        if (from == null) {
            return ChangeReports.withoutEarlierState(after, new ChangeReport.Header(to.cluster(), null, toState,
                    generated, EngineVersion.current(), "no complete snapshot of cluster '" + to.cluster()
                            + "' before snapshot " + to.id() + ": nothing to compare with"));
        }
        Side before = from.id() == to.id() ? after : side(from);
        ChangeReport.Header header = new ChangeReport.Header(to.cluster(), state(from), toState, generated,
                EngineVersion.current(), null);
        return ChangeReports.of(before, after, SnapshotDiff.between(before, after), header);
    }

    private Side side(Snapshot snapshot) {
        ClusterState state = StoredObjects.read(store.objectsOf(snapshot.id()));
        return SnapshotSides.side(state, CompiledCluster.compile(state), result(snapshot));
    }

    private static ChangeReport.State state(Snapshot s) {
        return new ChangeReport.State(s.id(), "snapshot " + s.id() + " (" + s.source() + ")", s.startedAt());
    }

    /** The cluster's complete snapshots up to and including {@code snapshot}, oldest first. */
    private List<Snapshot> trend(Snapshot snapshot) {
        List<Snapshot> newestFirst = new ArrayList<>(queries.snapshots(snapshot.cluster(),
                new SnapshotQueries.SnapshotFilter(null, snapshot.startedAt(), Snapshot.COMPLETE),
                TREND_POINTS, 0).items().stream().map(Snapshot::of).toList());
        Collections.reverse(newestFirst);
        return newestFirst;
    }

    private static ComplianceReport.TrendPoint point(Snapshot s) {
        AnalysisSummary sum = s.summary();
        return new ComplianceReport.TrendPoint(s.startedAt(), sum.score(), sum.openHigh(), sum.openMedium(),
                sum.openLow());
    }
}
