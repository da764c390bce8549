package dev.netpolauditor.report;

import dev.netpolauditor.analysis.diff.Side;
import dev.netpolauditor.analysis.diff.SnapshotDiff;
import dev.netpolauditor.report.SnapshotArchive.Analysis;
import dev.netpolauditor.report.SnapshotArchive.Snapshot;
import dev.netpolauditor.report.SnapshotArchive.TrendSnapshot;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What the compliance report of a stored snapshot and the change report between two of them
 * contain, built from what was stored for them ({@link SnapshotArchive}) and rendered as the
 * file that joins the cluster's evidence chain.
 *
 * <p>A report is never computed again: the stored analysis (findings with their exception
 * status and the exception that applied, coverage, tenant matrix, score) with the settings it
 * was computed under (rule titles and controls come from the rule registry by id), the
 * snapshot's stored policies for the Policies sheet, and the stored summaries of the cluster's
 * complete snapshots for the trend. Changing a cluster's tenants or exceptions file changes the
 * next snapshot's analysis, never a stored one's report.
 */
public final class SnapshotReports {
    /** Snapshots in a report's trend, the reported one included. */
    public static final int TREND_POINTS = 12;

    private final SnapshotArchive archive;
    private final ReportTemplates templates;
    private final Clock clock;
    private final String engineVersion;

    /**
     * @param clock         when reports say they were generated ({@link GenerationTime#clock})
     * @param engineVersion the engine a change report is computed by (the diff is computed now)
     */
    public SnapshotReports(SnapshotArchive archive, ReportTemplates templates, Clock clock, String engineVersion) {
        this.archive = archive;
        this.templates = templates;
        this.clock = clock;
        this.engineVersion = engineVersion;
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

    /**
     * A rendered report, to be filed in its cluster's evidence chain: what it is about
     * ({@code snapshotIds} as {@link ReportKind#filename} reads them) and its bytes.
     */
    public record ReportFile(ReportKind kind, String cluster, List<Long> snapshotIds, String format,
            String engineVersion, Instant generatedAt, byte[] content) {
        public ReportFile {
            snapshotIds = List.copyOf(snapshotIds);
        }
    }

    /** A compliance report's file and the model it was rendered from (the mail's text comes from it). */
    public record Compliance(ReportFile file, ComplianceReport model) {}

    /**
     * The compliance report of complete {@code snapshot} narrowed to {@code scope}, with the
     * cluster's trend, in {@code format}; its snapshot ids are the reported one, then the
     * trend's others.
     */
    public Compliance compliance(Snapshot snapshot, String format, Scope scope) {
        ReportFormat writer = format(format);
        List<TrendSnapshot> trend = archive.trend(snapshot, TREND_POINTS);
        ComplianceReport report = model(snapshot, scope).withTrend(trend.stream().map(TrendSnapshot::point).toList());
        byte[] content = writer.render(report, templates);
        List<Long> snapshotIds = new ArrayList<>();
        snapshotIds.add(snapshot.id());
        trend.stream().map(TrendSnapshot::id).filter(id -> id != snapshot.id()).forEach(snapshotIds::add);
        return new Compliance(new ReportFile(ReportKind.COMPLIANCE, snapshot.cluster(), snapshotIds, format,
                report.header().engineVersion(), report.header().generatedAt(), content), report);
    }

    /**
     * The compliance report model of complete {@code snapshot}, without trend, narrowed to
     * {@code scope} (see {@link ComplianceReport#scopedTo}). A tenant's namespaces are the ones
     * the stored analysis gave it.
     */
    public ComplianceReport model(Snapshot snapshot, Scope scope) {
        Analysis analysis = archive.analysis(snapshot).orElseThrow(() -> noAnalysis(snapshot));
        LocalDate day = LocalDate.ofInstant(snapshot.startedAt(), ZoneOffset.UTC);
        ComplianceReport.Header header = new ComplianceReport.Header(snapshot.cluster(), name(snapshot),
                snapshot.startedAt(), day, GenerationTime.now(clock), analysis.engineVersion(),
                analysis.audit().settingsKnown());
        ComplianceReport report = ComplianceReports.of(analysis.audit(), archive.policies(snapshot), header);
        if (scope.type().equals("all")) {
            return report;
        }
        Map<String, String> tenantOf = analysis.namespaceTenants();
        Set<String> values = new TreeSet<>(scope.values());
        Set<String> namespaces = scope.type().equals("namespaces") ? values
                : tenantOf.entrySet().stream().filter(e -> values.contains(e.getValue())).map(Map.Entry::getKey)
                        .collect(Collectors.toCollection(TreeSet::new));
        Set<String> tenants = scope.type().equals("tenants") ? values
                : namespaces.stream().map(tenantOf::get).filter(Objects::nonNull)
                        .collect(Collectors.toCollection(TreeSet::new));
        return report.scopedTo(scope.type() + " " + String.join(", ", values), namespaces, tenants);
    }

    /**
     * The change report from complete snapshot {@code from} to complete snapshot {@code to} of
     * one cluster in {@code format}, with snapshot ids {@code [to, from]}; {@code from} null:
     * there is nothing earlier to compare with, and the report says so, with snapshot ids
     * {@code [to]}.
     */
    public ReportFile change(Snapshot from, Snapshot to, String format) {
        ReportFormat writer = format(format);
        if (from != null && !from.cluster().equals(to.cluster())) {
            throw new IllegalArgumentException("snapshots " + from.id() + " and " + to.id() + " are of different"
                    + " clusters");
        }
        ChangeReport report = changeModel(from, to);
        byte[] content = writer.render(report, templates);
        List<Long> snapshotIds = from == null ? List.of(to.id()) : List.of(to.id(), from.id());
        return new ReportFile(ReportKind.CHANGE, to.cluster(), snapshotIds, format, report.header().engineVersion(),
                report.header().generatedAt(), content);
    }

    /**
     * The change report model between complete snapshots of one cluster ({@code from} null: none
     * earlier). Each side is the stored objects, compiled, with the stored analysis, as the API's
     * diff builds it, so the report's changes are the diff's.
     */
    public ChangeReport changeModel(Snapshot from, Snapshot to) {
        Side after = side(to);
        Instant generated = GenerationTime.now(clock);
        ChangeReport.State toState = state(to);
        if (from == null) {
            return ChangeReports.withoutEarlierState(after, new ChangeReport.Header(to.cluster(), null, toState,
                    generated, engineVersion, "no complete snapshot of cluster '" + to.cluster()
                            + "' before snapshot " + to.id() + ": nothing to compare with"));
        }
        Side before = from.id() == to.id() ? after : side(from);
        ChangeReport.Header header = new ChangeReport.Header(to.cluster(), state(from), toState, generated,
                engineVersion, null);
        return ChangeReports.of(before, after, SnapshotDiff.between(before, after), header);
    }

    private Side side(Snapshot snapshot) {
        return archive.side(snapshot).orElseThrow(() -> noAnalysis(snapshot));
    }

    private static ReportFormat format(String name) {
        return ReportFormat.named(name).orElseThrow(() -> new IllegalArgumentException("format " + name
                + ": expected one of " + ReportFormat.NAMES));
    }

    private static IllegalArgumentException noAnalysis(Snapshot snapshot) {
        return new IllegalArgumentException("snapshot " + snapshot.id() + " of cluster '" + snapshot.cluster()
                + "' has no stored analysis");
    }

    private static String name(Snapshot s) {
        return "snapshot " + s.id() + " (" + s.source() + ")";
    }

    private static ChangeReport.State state(Snapshot s) {
        return new ChangeReport.State(s.id(), name(s), s.startedAt());
    }
}
