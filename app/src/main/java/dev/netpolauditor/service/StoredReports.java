package dev.netpolauditor.service;

import dev.netpolauditor.analysis.Audit;
import dev.netpolauditor.analysis.AuditInput;
import dev.netpolauditor.analysis.AuditReport;
import dev.netpolauditor.analysis.Tenancy;
import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.report.ComplianceReport;
import dev.netpolauditor.report.ComplianceReports;
import dev.netpolauditor.report.CsvReport;
import dev.netpolauditor.report.JsonReport;
import dev.netpolauditor.report.ReportTemplates;
import dev.netpolauditor.report.xlsx.XlsxReport;
import dev.netpolauditor.snapshot.ManifestException;
import dev.netpolauditor.snapshot.TenantsFile;
import dev.netpolauditor.store.CanonicalJson;
import dev.netpolauditor.store.ReportStore;
import dev.netpolauditor.store.SnapshotQueries;
import dev.netpolauditor.store.SnapshotStore;
import dev.netpolauditor.store.StoredSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Compliance reports of stored snapshots, rendered and kept as evidence.
 *
 * <p>The report model needs the audit's findings with their rule titles, controls, coverage,
 * tenant cells and the policies, not all of which the analysis rows store (controls and rule
 * titles are not stored). So the audit is run again on the snapshot's objects, rebuilt from
 * their canonical JSON, with the cluster's tenancy and exceptions as configured now and the
 * snapshot's start date as the day exception expiry is judged on: for an unchanged
 * configuration the engine gives the stored analysis again (it is deterministic). The trend
 * comes from the stored analysis summaries of the cluster's complete snapshots.
 */
public final class StoredReports {
    /** Snapshots in a report's trend, the reported one included. */
    public static final int TREND_POINTS = 12;
    public static final String COMPLIANCE = "compliance";
    public static final List<String> FORMATS = List.of("xlsx", "csv", "json");

    private final Clusters clusters;
    private final SnapshotStore store;
    private final SnapshotQueries queries;
    private final ReportStore reports;
    private final ReportTemplates templates;
    private final Clock clock;

    public StoredReports(Clusters clusters, SnapshotStore store, SnapshotQueries queries, ReportStore reports,
            ReportTemplates templates, Clock clock) {
        this.clusters = clusters;
        this.store = store;
        this.queries = queries;
        this.reports = reports;
        this.templates = templates;
        this.clock = clock;
    }

    /** A rendered, stored report: its evidence row and the file handed out. */
    public record Generated(ReportStore.StoredReport report, byte[] content) {
        public String filename() {
            return "netpol-compliance-" + report.cluster() + "-snapshot-" + report.snapshotIds().getFirst() + "."
                    + report.format();
        }
    }

    /** The analysis configuration the report is computed under could not be read. */
    public static final class ConfigUnreadable extends RuntimeException {
        public ConfigUnreadable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Renders the compliance report of complete {@code snapshot} in {@code format} and appends
     * it to the evidence chain of its cluster.
     */
    public Generated generate(StoredSnapshot snapshot, String format, Long subscriptionId, String actor) {
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
     * As {@link #generate(StoredSnapshot, String, Long, String)}, with the report narrowed to
     * {@code scope} (see {@link ComplianceReport#scopedTo}). A tenant's namespaces are the ones
     * the cluster's tenancy gives it in the snapshot.
     */
    public Rendered generate(StoredSnapshot snapshot, String format, Long subscriptionId, String actor, Scope scope) {
        if (!FORMATS.contains(format)) {
            throw new IllegalArgumentException("format " + format + ": expected one of " + FORMATS);
        }
        List<StoredSnapshot> trend = trend(snapshot);
        ComplianceReport report = model(snapshot, scope).withTrend(trend.stream().map(StoredReports::point).toList());
        byte[] content = render(report, format);
        List<Long> snapshotIds = new ArrayList<>();
        snapshotIds.add(snapshot.id());
        trend.stream().map(StoredSnapshot::id).filter(id -> id != snapshot.id()).forEach(snapshotIds::add);
        ReportStore.StoredReport stored = reports.append(new ReportStore.NewReport(snapshot.cluster(), snapshotIds,
                COMPLIANCE, format, report.header().engineVersion(), subscriptionId, report.header().generatedAt(),
                content, actor));
        return new Rendered(new Generated(stored, content), report);
    }

    /** The report model of complete {@code snapshot}, without trend. */
    public ComplianceReport model(StoredSnapshot snapshot) {
        return model(snapshot, Scope.ALL);
    }

    private ComplianceReport model(StoredSnapshot snapshot, Scope scope) {
        ClusterState state = CanonicalJson.read(store.objectsOf(snapshot.id()));
        LocalDate day = LocalDate.ofInstant(snapshot.startedAt(), ZoneOffset.UTC);
        AnalysisConfig config = config(snapshot.cluster(), day);
        AuditReport audit = Audit.run(AuditInput.of(state, config.tenancy()),
                new Audit.Options(config.tenancy(), config.exceptions(), config.today()));
        Instant generated = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        ComplianceReport.Header header = new ComplianceReport.Header(snapshot.cluster(),
                "snapshot " + snapshot.id() + " (" + snapshot.source() + ")", snapshot.startedAt(), day, generated,
                EngineVersion.current());
        ComplianceReport report = ComplianceReports.of(audit, state, config.exceptions(), header);
        if (scope.type().equals("all")) {
            return report;
        }
        Map<String, String> tenantOf = config.tenancy().tenants(state.namespaces());
        Set<String> values = new TreeSet<>(scope.values());
        Set<String> namespaces = scope.type().equals("namespaces") ? values
                : tenantOf.entrySet().stream().filter(e -> values.contains(e.getValue())).map(Map.Entry::getKey)
                        .collect(Collectors.toCollection(TreeSet::new));
        Set<String> tenants = scope.type().equals("tenants") ? values
                : namespaces.stream().map(tenantOf::get).filter(Objects::nonNull)
                        .collect(Collectors.toCollection(TreeSet::new));
        return report.scopedTo(scope.type() + " " + String.join(", ", values), namespaces, tenants);
    }

    private AnalysisConfig config(String cluster, LocalDate day) {
        return clusters.spec(cluster).map(spec -> {
            try {
                return AnalysisConfig.of(spec, day);
            } catch (ManifestException e) {
                throw new ConfigUnreadable("cluster '" + cluster + "': " + e.getMessage(), e);
            }
        }).orElseGet(() -> new AnalysisConfig(Tenancy.byLabel(TenantsFile.DEFAULT_LABEL), List.of(), day));
    }

    /** The cluster's complete snapshots up to and including {@code snapshot}, oldest first. */
    private List<StoredSnapshot> trend(StoredSnapshot snapshot) {
        List<StoredSnapshot> newestFirst = new ArrayList<>(queries.snapshots(snapshot.cluster(),
                new SnapshotQueries.SnapshotFilter(null, snapshot.startedAt(), StoredSnapshot.COMPLETE),
                TREND_POINTS, 0).items());
        Collections.reverse(newestFirst);
        return newestFirst;
    }

    private static ComplianceReport.TrendPoint point(StoredSnapshot s) {
        StoredSnapshot.Summary sum = s.summary();
        return new ComplianceReport.TrendPoint(s.startedAt(), sum.score(), sum.openHigh(), sum.openMedium(),
                sum.openLow());
    }

    private byte[] render(ComplianceReport report, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (format.equals("xlsx")) {
                XlsxReport.write(report, templates, out);
            } else {
                try (Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
                    if (format.equals("csv")) {
                        CsvReport.write(report, writer);
                    } else {
                        JsonReport.write(report, writer);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
