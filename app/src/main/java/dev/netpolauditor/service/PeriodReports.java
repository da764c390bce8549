package dev.netpolauditor.service;

import dev.netpolauditor.analysis.AnalysisSettings;
import dev.netpolauditor.analysis.Control;
import dev.netpolauditor.analysis.FindingException;
import dev.netpolauditor.analysis.FindingRule;
import dev.netpolauditor.analysis.FindingRules;
import dev.netpolauditor.analysis.Justification;
import dev.netpolauditor.analysis.Severity;
import dev.netpolauditor.canonical.CanonicalJson;
import dev.netpolauditor.report.PeriodReport;
import dev.netpolauditor.report.ReportFormat;
import dev.netpolauditor.report.ReportKind;
import dev.netpolauditor.report.ReportTemplates;
import dev.netpolauditor.store.ComplianceStore;
import dev.netpolauditor.store.ComplianceStore.StoredReview;
import dev.netpolauditor.store.PeriodQueries;
import dev.netpolauditor.store.PeriodQueries.AnalysisSpan;
import dev.netpolauditor.store.PeriodQueries.Attempt;
import dev.netpolauditor.store.PeriodQueries.Seen;
import dev.netpolauditor.store.ReportStore;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Compliance reports over an interval of a cluster's snapshots ({@link PeriodReport}), from the
 * stored analyses only: each distinct analysis of the interval counted once and weighted by the
 * snapshots that share it ({@link PeriodQueries}), the exceptions, justifications and review
 * status read from the settings stored with the analyses, the reviews from their records, and the
 * days missed from the cluster's schedule. Rendered as XLSX, CSV (the findings of the period) or
 * JSON (all of it) and kept as evidence in the cluster's hash chain, kind {@code period}.
 */
public final class PeriodReports {
    private final PeriodQueries queries;
    private final ComplianceStore compliance;
    private final Clusters clusters;
    private final ReportStore reports;
    private final ReportTemplates templates;
    private final Clock clock;
    private final String engineVersion;

    public PeriodReports(PeriodQueries queries, ComplianceStore compliance, Clusters clusters, ReportStore reports,
            ReportTemplates templates, Clock clock, String engineVersion) {
        this.queries = queries;
        this.compliance = compliance;
        this.clusters = clusters;
        this.reports = reports;
        this.templates = templates;
        this.clock = clock;
        this.engineVersion = engineVersion;
    }

    /** The period has no complete snapshot: there is nothing to report on. */
    public static final class NothingToReport extends RuntimeException {
        public NothingToReport(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Renders the report of {@code cluster} over {@code [from, to)} in {@code format} and appends it to
     * the cluster's evidence chain (its snapshot ids: the interval's complete snapshots).
     *
     * @throws NothingToReport when the interval has no complete snapshot
     */
    public StoredReports.Generated generate(String cluster, Instant from, Instant to, String format,
            Long subscriptionId, String actor) {
        PeriodReport report = model(cluster, from, to);
        byte[] content = render(report, format);
        List<Long> ids = queries.attempts(cluster, from, to).stream().filter(Attempt::complete).map(Attempt::id)
                .toList();
        ReportStore.StoredReport stored = reports.append(new ReportStore.NewReport(cluster, ids,
                ReportKind.PERIOD.wireName(), format, engineVersion, subscriptionId, report.header().generatedAt(),
                content, actor));
        return new StoredReports.Generated(Report.of(stored), content);
    }

    /** The file of {@code report} in {@code format} (xlsx, csv or json). */
    public byte[] render(PeriodReport report, String format) {
        return ReportFormat.ofStored(format).render(report, templates);
    }

    /**
     * The report of {@code cluster} over {@code [from, to)}.
     *
     * @throws NothingToReport when the interval has no complete snapshot
     */
    public PeriodReport model(String cluster, Instant from, Instant to) {
        ClusterSpec spec = clusters.spec(cluster).orElseThrow(() -> new Refusal(Refusal.Kind.NOT_FOUND, "cluster '"
                + cluster + "' is not configured"));
        List<Attempt> attempts = queries.attempts(cluster, from, to);
        List<Attempt> complete = attempts.stream().filter(Attempt::complete).toList();
        if (complete.isEmpty()) {
            throw new NothingToReport("cluster '" + cluster + "' has no complete snapshot from " + from + " to " + to
                    + ": there is nothing to report on");
        }
        Instant generated = clock.instant();
        List<AnalysisSpan> analyses = queries.analyses(cluster, from, to);
        Long lastAnalysis = complete.getLast().analysisId();
        Map<String, String> atEnd = queries.statuses(lastAnalysis);

        List<PeriodReport.EndpointRow> endpoints = queries.endpoints(cluster, from, to).stream()
                .map(e -> new PeriodReport.EndpointRow(e.namespace(), e.endpoint(), e.seen().first(), e.seen().last(),
                        e.seen().snapshots(), e.ingressOpenSnapshots() == 0, e.ingressOpenSnapshots(),
                        e.egressOpenSnapshots() == 0, e.egressOpenSnapshots()))
                .toList();
        List<PeriodReport.FindingRow> findings = queries.findings(cluster, from, to, lastAnalysis).stream()
                .map(f -> new PeriodReport.FindingRow(f.rule(), Severity.valueOf(f.severity().toUpperCase(Locale.ROOT)),
                        f.namespace(), f.subject(), f.policy(), f.seen().first(), f.seen().last(), f.seen().snapshots(),
                        f.openSnapshots(), atEnd.getOrDefault(PeriodQueries.key(f.rule(), f.namespace(), f.subject(),
                                f.policy()), "gone"), f.detail()))
                .toList();
        List<PeriodReport.TenantPairRow> tenantPairs = queries.tenantPairs(cluster, from, to).stream()
                .map(t -> new PeriodReport.TenantPairRow(t.from(), t.to(), !t.from().equals(t.to()), t.seen().first(),
                        t.seen().last(), t.seen().snapshots(), t.maxEndpointPairs(), t.maxNamespacePairs()))
                .toList();
        List<PeriodReport.ControlRow> controls = controls(analyses, queries.openRules(cluster, from, to),
                complete.size());
        List<PeriodReport.GapRow> gaps = gaps(spec.schedule(), attempts, from, to.isBefore(generated) ? to
                : generated);
        InForce inForce = inForce(analyses);
        List<PeriodReport.ReviewRow> reviews = reviews(cluster, from, to);

        long ingress = endpoints.stream().filter(PeriodReport.EndpointRow::ingressProtected).count();
        long egress = endpoints.stream().filter(PeriodReport.EndpointRow::egressProtected).count();
        long both = endpoints.stream().filter(e -> e.ingressProtected() && e.egressProtected()).count();
        Map<Severity, long[]> bySeverity = new EnumMap<>(Severity.class);
        for (Severity s : Severity.values()) {
            bySeverity.put(s, new long[2]);
        }
        long openAtEnd = 0;
        for (PeriodReport.FindingRow f : findings) {
            long[] c = bySeverity.get(f.severity());
            c[0]++;
            if (f.atEnd().equals("open") || f.atEnd().equals("exception_expired")) {
                c[1]++;
                openAtEnd++;
            }
        }
        long passed = controls.stream().filter(PeriodReport.ControlRow::passedThroughout).count();
        long unknown = analyses.stream().filter(a -> a.settingsJson() == null).mapToLong(a -> a.seen().snapshots())
                .sum();
        PeriodReport.Summary summary = new PeriodReport.Summary(complete.size(), attempts.size() - complete.size(),
                analyses.size(), complete.getFirst().startedAt(), complete.getLast().startedAt(), endpoints.size(),
                ingress, egress, both, findings.size(), openAtEnd, bySeverity.entrySet().stream()
                        .map(e -> new PeriodReport.SeverityCount(e.getKey(), e.getValue()[0], e.getValue()[1])).toList(),
                passed, controls.size() - passed, gaps.stream().mapToLong(PeriodReport.GapRow::days).sum(), unknown);
        return new PeriodReport(new PeriodReport.Header(cluster, from, to, spec.schedule(), generated, engineVersion),
                summary, controls, endpoints, findings, tenantPairs, gaps, inForce.exceptions(),
                inForce.justifications(), reviews);
    }

    /**
     * Each control over the period: failing in the snapshots whose analysis had an open finding of
     * one of its rules; the review control only over the snapshots whose analysis tracked reviews,
     * failing where the last review had run out.
     */
    static List<PeriodReport.ControlRow> controls(List<AnalysisSpan> analyses, Map<Long, Set<String>> openRules,
            long snapshots) {
        List<PeriodReport.ControlRow> out = new ArrayList<>();
        for (Control control : Control.values()) {
            long failing = 0;
            long judged = 0;
            Instant first = null;
            Instant last = null;
            String judgedOn;
            if (control == Control.PCI_DSS_1_2_7) {
                judgedOn = "periodic reviews, where tracked";
                for (AnalysisSpan a : analyses) {
                    Boolean overdue = reviewOverdue(a);
                    if (overdue == null) {
                        continue;
                    }
                    judged += a.seen().snapshots();
                    if (overdue) {
                        failing += a.seen().snapshots();
                        first = min(first, a.seen().first());
                        last = max(last, a.seen().last());
                    }
                }
                if (judged == 0) {
                    continue;
                }
            } else {
                List<String> rules = FindingRules.CATALOG.stream().filter(r -> r.controls().contains(control))
                        .map(FindingRule::id).toList();
                judgedOn = "open findings of " + String.join(", ", rules);
                judged = snapshots;
                for (AnalysisSpan a : analyses) {
                    Set<String> open = openRules.getOrDefault(a.analysisId(), Set.of());
                    if (rules.stream().anyMatch(open::contains)) {
                        failing += a.seen().snapshots();
                        first = min(first, a.seen().first());
                        last = max(last, a.seen().last());
                    }
                }
            }
            out.add(new PeriodReport.ControlRow(control.title(), control.requirement(), failing == 0, failing, judged,
                    first, last, judgedOn));
        }
        return out;
    }

    /** Whether the analysis' settings held a run-out review; null when they tracked no reviews (or are unknown). */
    private static Boolean reviewOverdue(AnalysisSpan a) {
        if (a.settingsJson() == null) {
            return null;
        }
        return CanonicalJson.readObject(a.settingsJson()).get("reviews") instanceof Map<?, ?> r
                ? Boolean.TRUE.equals(r.get("overdue")) : null;
    }

    /**
     * The days of {@code [from, to)} on which {@code schedule} fired (UTC, as snapshots are scheduled)
     * but no complete snapshot was kept, consecutive days as one gap, with the failed attempts of its
     * days. Day by day, because retention keeps one complete snapshot a day after its first month.
     */
    static List<PeriodReport.GapRow> gaps(String schedule, List<Attempt> attempts, Instant from, Instant to) {
        Map<LocalDate, Boolean> complete = new HashMap<>();
        Map<LocalDate, List<Attempt>> failed = new TreeMap<>();
        for (Attempt a : attempts) {
            LocalDate day = LocalDate.ofInstant(a.startedAt(), ZoneOffset.UTC);
            if (a.complete()) {
                complete.put(day, true);
            } else {
                failed.computeIfAbsent(day, d -> new ArrayList<>()).add(a);
            }
        }
        List<PeriodReport.GapRow> out = new ArrayList<>();
        LocalDate start = null;
        LocalDate end = null;
        long days = 0;
        List<Attempt> failures = new ArrayList<>();
        for (LocalDate day : from.isBefore(to) ? Cron.fireDays(schedule, ZoneOffset.UTC, from, to)
                : List.<LocalDate>of()) {
            if (complete.containsKey(day)) {
                continue;
            }
            if (end != null && end.plusDays(1).equals(day)) {
                end = day;
            } else {
                if (start != null) {
                    out.add(gap(start, end, days, failures));
                }
                start = day;
                end = day;
                days = 0;
                failures = new ArrayList<>();
            }
            days++;
            failures.addAll(failed.getOrDefault(day, List.of()));
        }
        if (start != null) {
            out.add(gap(start, end, days, failures));
        }
        return out;
    }

    private static PeriodReport.GapRow gap(LocalDate start, LocalDate end, long days, List<Attempt> failures) {
        return new PeriodReport.GapRow(start, end, days, failures.size(),
                failures.isEmpty() ? null : failures.getLast().failureReason());
    }

    private record InForce(List<PeriodReport.ExceptionRow> exceptions,
            List<PeriodReport.JustificationRow> justifications) {}

    /** The exceptions and justifications the interval's analyses were computed under, each with its span. */
    private static InForce inForce(List<AnalysisSpan> analyses) {
        Map<FindingException, Seen> exceptions = new LinkedHashMap<>();
        Map<Justification, Seen> justifications = new LinkedHashMap<>();
        Map<String, AnalysisSettings> parsed = new HashMap<>();
        for (AnalysisSpan a : analyses) {
            if (a.settingsJson() == null) {
                continue;
            }
            AnalysisSettings settings = parsed.computeIfAbsent(a.settingsJson(), json -> AnalysisSettings.fromDocument(
                    CanonicalJson.readObject(json), LocalDate.ofInstant(a.seen().first(), ZoneOffset.UTC)));
            settings.exceptions().forEach(e -> exceptions.merge(e, a.seen(), PeriodReports::union));
            settings.justifications().entries().forEach(j -> justifications.merge(j, a.seen(), PeriodReports::union));
        }
        List<PeriodReport.ExceptionRow> exceptionRows = exceptions.entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<FindingException, Seen> e) -> e.getValue().first()))
                .map(e -> {
                    FindingException x = e.getKey();
                    return new PeriodReport.ExceptionRow(x.rule(), x.subjectPattern(), x.owner(), x.expires(),
                            x.justification(), x.managed() ? "service #" + x.approval().id() + " approved by "
                                    + x.approval().approvedBy() + " on " + x.approval().approvedAt() : "file",
                            e.getValue().first(), e.getValue().last(), e.getValue().snapshots());
                }).toList();
        List<PeriodReport.JustificationRow> justificationRows = justifications.entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<Justification, Seen> e) -> e.getValue().first()))
                .map(e -> {
                    Justification j = e.getKey();
                    return new PeriodReport.JustificationRow(j.policy(), j.rule(), j.sha256(), j.text(), j.owner(),
                            j.approver(), j.approved(), j.id(), e.getValue().first(), e.getValue().last(),
                            e.getValue().snapshots());
                }).toList();
        return new InForce(exceptionRows, justificationRows);
    }

    /** The reviews recorded in the interval, and the last one before it (in force at its start). */
    private List<PeriodReport.ReviewRow> reviews(String cluster, Instant from, Instant to) {
        List<PeriodReport.ReviewRow> out = new ArrayList<>();
        compliance.lastReview(cluster, from.minusNanos(1)).ifPresent(r -> out.add(review(r)));
        int offset = 0;
        List<StoredReview> page;
        List<StoredReview> within = new ArrayList<>();
        do {
            page = compliance.reviews(cluster, 500, offset).items();
            page.stream().filter(r -> !r.recordedAt().isBefore(from) && r.recordedAt().isBefore(to))
                    .forEach(within::add);
            offset += page.size();
        } while (page.size() == 500);
        within.stream().sorted(Comparator.comparing(StoredReview::recordedAt)).map(PeriodReports::review)
                .forEach(out::add);
        return out;
    }

    private static PeriodReport.ReviewRow review(StoredReview r) {
        return new PeriodReport.ReviewRow(r.id(), r.reviewer(), r.recordedAt(), r.snapshotId(), r.outcome(),
                r.notes(), r.reportId());
    }

    private static Seen union(Seen a, Seen b) {
        return new Seen(min(a.first(), b.first()), max(a.last(), b.last()), a.snapshots() + b.snapshots());
    }

    private static Instant min(Instant a, Instant b) {
        return a == null || b.isBefore(a) ? b : a;
    }

    private static Instant max(Instant a, Instant b) {
        return a == null || b.isAfter(a) ? b : a;
    }
}
