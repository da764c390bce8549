package dev.netpolauditor.report;

import dev.netpolauditor.analysis.AuditedFinding;
import dev.netpolauditor.analysis.Finding;
import dev.netpolauditor.analysis.diff.ConnectivityChange;
import dev.netpolauditor.analysis.diff.DiffReport;
import dev.netpolauditor.analysis.diff.FindingChange;
import dev.netpolauditor.analysis.diff.NamespaceRelabel;
import dev.netpolauditor.analysis.diff.ObjectChange;
import dev.netpolauditor.analysis.diff.Side;
import dev.netpolauditor.engine.RuleRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds the {@link ChangeReport} of a diff: pure, from its arguments alone. */
public final class ChangeReports {
    private ChangeReports() {}

    /** How {@code ObjectComparison} joins the differences of a changed object. */
    private static final String SEPARATOR = "; ";

    /** The report of {@code diff}, computed between {@code from} and {@code to}, under {@code header}. */
    public static ChangeReport of(Side from, Side to, DiffReport diff, ChangeReport.Header header) {
        ChangeReport.Summary summary = new ChangeReport.Summary(
                count(diff.objects(), ObjectChange.Change.ADDED), count(diff.objects(), ObjectChange.Change.REMOVED),
                count(diff.objects(), ObjectChange.Change.CHANGED),
                flows(diff.connectivity(), ConnectivityChange.Change.ADDED),
                flows(diff.connectivity(), ConnectivityChange.Change.REMOVED),
                flows(diff.connectivity(), ConnectivityChange.Change.CHANGED),
                findings(diff.findings(), FindingChange.Change.NEW),
                findings(diff.findings(), FindingChange.Change.RESOLVED), stillOpen(from, to),
                findings(diff.findings(), FindingChange.Change.INCOMPARABLE), from.audit().score(),
                to.audit().score());
        return new ChangeReport(header, summary, objectRows(diff), diff.connectivity(), diff.namespacePairs(),
                diff.tenantPairs(), diff.findings(), diff.relabelled());
    }

    /**
     * The report when there is no earlier state to compare {@code to} with (a cluster's first
     * snapshot): every count is zero, the lists are empty and the header's note says why, so a
     * subscription still delivers something honest instead of failing.
     */
    public static ChangeReport withoutEarlierState(Side to, ChangeReport.Header header) {
        ChangeReport.Summary summary = new ChangeReport.Summary(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, null,
                to.audit().score());
        return new ChangeReport(header, summary, List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
    }

    /** Finding identities on both sides that are open on the {@code to} side. */
    static long stillOpen(Side from, Side to) {
        Set<Finding.Identity> before = new HashSet<>();
        for (AuditedFinding f : from.audit().findings()) {
            before.add(f.finding().identity());
        }
        Set<Finding.Identity> counted = new HashSet<>();
        for (AuditedFinding f : to.audit().findings()) {
            if (f.open() && before.contains(f.finding().identity())) {
                counted.add(f.finding().identity());
            }
        }
        return counted.size();
    }

    private static List<ChangeReport.ObjectRow> objectRows(DiffReport diff) {
        Map<String, List<String>> relabelled = new HashMap<>();
        for (NamespaceRelabel r : diff.relabelled()) {
            relabelled.put(r.namespace(), r.peersOf().stream().map(RuleRef::toString).toList());
        }
        List<ChangeReport.ObjectRow> rows = new ArrayList<>(diff.objects().size());
        for (ObjectChange c : diff.objects()) {
            List<String> differences = differences(c);
            String labels = differences.stream()
                    .filter(d -> d.startsWith("labels ") || d.startsWith("template labels "))
                    .findFirst().orElse(null);
            if (c.change() != ObjectChange.Change.CHANGED) {
                labels = null;
            }
            List<String> peersOf = c.kind().equals("Namespace") ? relabelled.getOrDefault(c.name(), List.of())
                    : List.of();
            rows.add(new ChangeReport.ObjectRow(c, differences, labels, peersOf));
        }
        return rows;
    }

    /**
     * The detail without its {@code Kind namespace/name} prefix, split into its differences.
     * The prefix is rebuilt from the change's own fields, so only the separator is assumed; a
     * spec value that itself holds "; " would split in two, which only costs readability.
     */
    static List<String> differences(ObjectChange c) {
        String detail = c.detail();
        String prefix = c.kind() + " " + c.id();
        if (!detail.startsWith(prefix)) {
            return List.of(detail);
        }
        String rest = detail.substring(prefix.length());
        if (c.change() == ObjectChange.Change.CHANGED) {
            return List.of(rest.replaceFirst("^: ", "").split(SEPARATOR));
        }
        return List.of(rest.strip());
    }

    private static long count(List<ObjectChange> objects, ObjectChange.Change change) {
        return objects.stream().filter(c -> c.change() == change).count();
    }

    private static long flows(List<ConnectivityChange> flows, ConnectivityChange.Change change) {
        return flows.stream().filter(c -> c.change() == change).count();
    }

    private static long findings(List<FindingChange> findings, FindingChange.Change change) {
        return findings.stream().filter(c -> c.change() == change).count();
    }
}
