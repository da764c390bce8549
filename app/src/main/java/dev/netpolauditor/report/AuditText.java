package dev.netpolauditor.report;

import dev.netpolauditor.analysis.AuditReport;
import dev.netpolauditor.analysis.AuditedFinding;
import dev.netpolauditor.analysis.ControlResult;
import dev.netpolauditor.analysis.Coverage;
import dev.netpolauditor.analysis.Finding;
import dev.netpolauditor.analysis.FindingException;
import dev.netpolauditor.analysis.FindingRule;
import dev.netpolauditor.analysis.Score;
import dev.netpolauditor.analysis.Severity;
import dev.netpolauditor.analysis.Tenancy;
import dev.netpolauditor.analysis.TenantMatrix;
import dev.netpolauditor.model.PortSet;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The audit as text for people who have never seen a NetworkPolicy ({@code audit --format
 * text}): a header saying what was audited and when, a summary (score, isolation coverage,
 * open findings per severity), the controls of compliance frameworks, the findings grouped by
 * severity with their exception status, coverage by namespace and by tenant, the tenant
 * matrix, and a legend of the rules that appear. Plain ASCII, no colours, at most
 * {@link #WIDTH} columns except where a single name is longer.
 *
 * <p>Pure: everything it shows comes from its arguments; no I/O, no clock.
 */
public final class AuditText {
    private AuditText() {}

    public static final int WIDTH = 100;
    /** Where the finding's detail starts: two spaces, the longest rule id (NP-PERM-001), two spaces. */
    private static final String DETAIL_INDENT = " ".repeat(15);
    /** Where a rule's title starts in the legend: after the id and the longest severity (medium). */
    private static final String LEGEND_INDENT = " ".repeat(DETAIL_INDENT.length() + 8);
    private static final int NAMESPACE_PAIRS_SHOWN = 10;

    /**
     * What the report says about the audit besides its result.
     *
     * @param manifests      what was audited, as the user named it (the manifests directory)
     * @param date           the date of the audit, against which exception expiry was judged
     * @param tenancy        how tenants were assigned (label, explicit assignments, shared, allowed flows)
     * @param tenantsFile    the tenants file as the user named it, or null when none was given
     * @param exceptionsFile the exceptions file as the user named it, or null when none was given
     * @param exceptions     how many exceptions that file holds
     */
    public record Context(String manifests, LocalDate date, Tenancy tenancy, String tenantsFile,
            String exceptionsFile, int exceptions, List<String> notAnalysed) {
        public Context {
            notAnalysed = List.copyOf(notAnalysed);
        }

        /** A context in which every object read was analysed. */
        public Context(String manifests, LocalDate date, Tenancy tenancy, String tenantsFile, String exceptionsFile,
                int exceptions) {
            this(manifests, date, tenancy, tenantsFile, exceptionsFile, exceptions, List.of());
        }
    }

    public static String render(AuditReport report, Context context) {
        StringBuilder out = new StringBuilder();
        header(out, report, context);
        summary(out, report);
        controls(out, report);
        findings(out, report);
        coverage(out, report);
        tenantMatrix(out, report, context.tenancy());
        legend(out, report);
        return out.toString();
    }

    private static void header(StringBuilder out, AuditReport report, Context context) {
        title(out, "NETWORK POLICY AUDIT", '=');
        Coverage cluster = report.coverage().cluster();
        int namespaces = report.coverage().namespaces().size();
        field(out, "Audited", context.manifests() + ": " + count(cluster.endpoints(), "endpoint", "endpoints")
                + " (pods and workloads) in " + count(namespaces, "namespace", "namespaces"));
        field(out, "Date", context.date() + " (exceptions are judged against this date)");
        field(out, "Tenants", tenantsLine(report, context));
        field(out, "Exceptions", exceptionsLine(report, context));
        for (String line : context.notAnalysed()) {
            field(out, "Not analysed", line);
        }
        out.append('\n');
        TextLayout.wrapped(out, "How to read this report: NetworkPolicies are the firewall rules of Kubernetes."
                + " They apply to endpoints, the pods that run the applications (a workload such as a Deployment"
                + " stands for all of its pods). Ingress means connections coming into an endpoint, egress"
                + " connections going out of it. An endpoint that no policy selects for a direction is not isolated"
                + " for it: every connection in that direction is allowed. Once a policy selects it, only what some"
                + " policy admits is allowed.", WIDTH, "", "");
    }

    private static String tenantsLine(AuditReport report, Context context) {
        Tenancy tenancy = context.tenancy();
        List<String> tenants = report.tenants().tenants();
        String found = tenants.isEmpty() ? "no namespace belongs to a tenant, so tenant isolation is not judged"
                : count(tenants.size(), "tenant", "tenants") + " (" + String.join(", ", tenants) + ")";
        if (context.tenantsFile() == null) {
            return "by the namespace label '" + tenancy.label() + "': " + found;
        }
        return "from " + context.tenantsFile() + " and the namespace label '" + tenancy.label() + "': " + found
                + "; " + count(tenancy.shared().size(), "shared namespace", "shared namespaces") + ", "
                + count(tenancy.allowed().size(), "allowed flow", "allowed flows") + " between tenants";
    }

    private static String exceptionsLine(AuditReport report, Context context) {
        if (context.exceptionsFile() == null) {
            return "none given";
        }
        long excepted = status(report, AuditedFinding.Status.EXCEPTED);
        long expired = status(report, AuditedFinding.Status.EXCEPTION_EXPIRED);
        return context.exceptionsFile() + ": " + count(context.exceptions(), "exception", "exceptions") + "; "
                + count(excepted, "finding", "findings") + " excepted, "
                + count(expired, "finding", "findings") + " with an expired exception";
    }

    private static void summary(StringBuilder out, AuditReport report) {
        section(out, "SUMMARY");
        Coverage c = report.coverage().cluster();
        Map<Severity, Long> open = report.openBySeverity();
        long totalOpen = open.values().stream().mapToLong(Long::longValue).sum();
        field(out, "Score", report.score() + " out of 100 = " + Score.formula(report.scoreVersion())
                + " (score version " + report.scoreVersion() + ")");
        if (report.scoreVersion() == 1) {
            field(out, "", "E = " + c.endpoints() + " endpoints; H, M, L = " + open.get(Severity.HIGH) + ", "
                    + open.get(Severity.MEDIUM) + ", " + open.get(Severity.LOW) + " open findings of high, medium, low"
                    + " severity");
        } else {
            for (String line : scoreParts(Score.of(c, report.findings().stream().filter(AuditedFinding::open)
                    .map(AuditedFinding::finding).toList()), c)) {
                field(out, "", line);
            }
        }
        field(out, "Endpoints", String.valueOf(c.endpoints()));
        field(out, "Isolated", "ingress " + ofTotal(c.ingressIsolated(), c.endpoints()) + ", egress "
                + ofTotal(c.egressIsolated(), c.endpoints()) + ", both " + ofTotal(c.bothIsolated(), c.endpoints()));
        List<String> perSeverity = new ArrayList<>();
        for (Severity s : Severity.values()) {
            perSeverity.add(open.get(s) + " " + s.wireName());
        }
        field(out, "Open findings", totalOpen + ": " + String.join(", ", perSeverity));
        long expired = status(report, AuditedFinding.Status.EXCEPTION_EXPIRED);
        field(out, "Excepted", status(report, AuditedFinding.Status.EXCEPTED) + " (accepted risks, not counted as open)"
                + (expired == 0 ? "" : "; " + count(expired, "finding", "findings")
                        + " with an expired exception, open again"));
        boolean cniWarning = report.findings().stream()
                .anyMatch(f -> f.open() && f.finding().rule().equals("NP-CNI-001"));
        if (cniWarning) {
            out.append('\n');
            TextLayout.wrapped(out, "WARNING: the cluster's network plugin does not enforce NetworkPolicies"
                    + " (NP-CNI-001). What this report calls isolated is what the policies intend, not what the"
                    + " network does.", WIDTH, "", "");
        }
    }

    /** The parts of a version 2 score in words, one line each. */
    static List<String> scoreParts(Score.Parts parts, Coverage c) {
        String isolation = c.endpoints() == 0
                ? "I = 1: no endpoints, so none is left unprotected (findings alone set the score)"
                : "I = " + decimal(parts.isolation()) + " isolation = (2 x " + c.ingressIsolated() + " ingress + "
                        + c.egressIsolated() + " egress isolated) / (3 x " + c.endpoints() + " endpoints)";
        return List.of(isolation,
                "N = " + parts.size() + " = the endpoints, at least 10; W = " + decimal(parts.weight())
                        + " = the open findings, weighed",
                "    " + Score.WEIGHTS);
    }

    private static String decimal(double value) {
        String text = String.format(java.util.Locale.ROOT, "%.3f", value);
        return text.contains(".") ? text.replaceAll("0+$", "").replaceAll("\\.$", "") : text;
    }

    private static void controls(StringBuilder out, AuditReport report) {
        section(out, "CONTROLS");
        TextLayout.wrapped(out, "Controls of compliance frameworks that the findings give evidence for. A control"
                + " passes when no open finding of its rules exists.", WIDTH, "", "");
        out.append('\n');
        TextLayout.Table table = new TextLayout.Table("Control", "Result", ">Failing", "Rules");
        for (ControlResult control : report.controls()) {
            table.row(control.control().title(), control.passed() ? "PASS" : "FAIL",
                    String.valueOf(control.failing().size()), String.join(", ", control.rules()));
        }
        table.render(out, WIDTH, "");
    }

    private static void findings(StringBuilder out, AuditReport report) {
        long open = report.findings().stream().filter(AuditedFinding::open).count();
        section(out, "FINDINGS (" + open + " open, " + status(report, AuditedFinding.Status.EXCEPTED) + " excepted)");
        if (report.findings().isEmpty()) {
            out.append("No findings.\n");
            return;
        }
        boolean firstGroup = true;
        for (Severity severity : Severity.values()) {
            List<AuditedFinding> group = report.findings().stream()
                    .filter(f -> f.finding().severity() == severity).toList();
            if (group.isEmpty()) {
                continue;
            }
            long groupOpen = group.stream().filter(AuditedFinding::open).count();
            if (!firstGroup) {
                out.append('\n');
            }
            firstGroup = false;
            out.append(severity.name()).append(" (").append(groupOpen).append(" open, ")
                    .append(group.size() - groupOpen).append(" excepted)\n");
            for (AuditedFinding f : group) {
                out.append('\n');
                finding(out, f);
            }
        }
    }

    private static void finding(StringBuilder out, AuditedFinding audited) {
        Finding f = audited.finding();
        String mark = switch (audited.status()) {
            case OPEN -> "";
            case EXCEPTED -> "  [excepted]";
            case EXCEPTION_EXPIRED -> "  [exception expired]";
        };
        String first = "  " + f.rule() + " ".repeat(Math.max(2, DETAIL_INDENT.length() - 2 - f.rule().length()));
        TextLayout.wrapped(out, f.subject().text() + mark, WIDTH, first, DETAIL_INDENT);
        TextLayout.wrapped(out, f.detail(), WIDTH, DETAIL_INDENT, DETAIL_INDENT);
        FindingException e = audited.exception();
        switch (audited.status()) {
            case OPEN -> { }
            case EXCEPTED -> TextLayout.wrapped(out, "Excepted until " + e.expires() + " (owner: " + e.owner()
                    + "): " + e.justification(), WIDTH, DETAIL_INDENT, DETAIL_INDENT);
            case EXCEPTION_EXPIRED -> TextLayout.wrapped(out, "Its exception expired on " + e.expires() + " (owner: "
                    + e.owner() + ") and no longer applies: the finding is open again. The justification was: "
                    + e.justification(), WIDTH, DETAIL_INDENT, DETAIL_INDENT);
        }
    }

    private static void coverage(StringBuilder out, AuditReport report) {
        section(out, "COVERAGE BY NAMESPACE");
        TextLayout.wrapped(out, "How many endpoints policies isolate: for ingress only admitted connections reach"
                + " them, for egress only admitted connections leave them.", WIDTH, "", "");
        out.append('\n');
        coverageTable(out, "Namespace", report.coverage().namespaces(), report.coverage().cluster(), "all namespaces");
        if (!report.coverage().tenants().isEmpty()) {
            section(out, "COVERAGE BY TENANT");
            coverageTable(out, "Tenant", report.coverage().tenants(), null, null);
        }
    }

    private static void coverageTable(StringBuilder out, String scope, List<Coverage> rows, Coverage total,
            String totalLabel) {
        if (rows.isEmpty()) {
            out.append("No endpoints.\n");
            return;
        }
        boolean scored = rows.stream().allMatch(c -> c.score() != null);
        TextLayout.Table table = scored
                ? new TextLayout.Table(scope, ">Endpoints", ">Ingress isolated", ">Egress isolated", ">Both isolated",
                        ">Score")
                : new TextLayout.Table(scope, ">Endpoints", ">Ingress isolated", ">Egress isolated",
                        ">Both isolated");
        for (Coverage c : rows) {
            coverageRow(table, c.scope(), c, scored);
        }
        if (total != null && rows.size() > 1) {
            coverageRow(table, totalLabel, total, scored);
        }
        table.render(out, WIDTH, "");
    }

    private static void coverageRow(TextLayout.Table table, String label, Coverage c, boolean scored) {
        if (scored) {
            table.row(label, String.valueOf(c.endpoints()), share(c.ingressIsolated(), c.endpoints()),
                    share(c.egressIsolated(), c.endpoints()), share(c.bothIsolated(), c.endpoints()),
                    String.valueOf(c.score()));
        } else {
            table.row(label, String.valueOf(c.endpoints()), share(c.ingressIsolated(), c.endpoints()),
                    share(c.egressIsolated(), c.endpoints()), share(c.bothIsolated(), c.endpoints()));
        }
    }

    private static void tenantMatrix(StringBuilder out, AuditReport report, Tenancy tenancy) {
        TenantMatrix matrix = report.tenants();
        if (matrix.tenants().isEmpty()) {
            return;
        }
        section(out, "TENANT MATRIX");
        TextLayout.wrapped(out, "Which tenant's endpoints can open connections to which tenant's. Within a tenant"
                + " this is expected; between two tenants it is a finding (NP-TEN-001) unless the tenants file"
                + " allows it." + (tenancy.shared().isEmpty() ? "" : " Shared namespaces ("
                + String.join(", ", tenancy.shared().stream().sorted().toList())
                + ") belong to no tenant and are not shown."), WIDTH, "", "");
        out.append('\n');
        if (matrix.cells().isEmpty()) {
            out.append("No tenant can reach any tenant, not even itself.\n");
            return;
        }
        TextLayout.Table table = new TextLayout.Table("From", "To", ">Endpoint pairs", "Between tenants", "Ports");
        for (TenantMatrix.Cell cell : matrix.cells()) {
            String between = !cell.crossTenant() ? "same tenant"
                    : tenancy.allows(cell.from(), cell.to()) ? "allowed (tenants file)" : "NOT ALLOWED";
            table.row(cell.from(), cell.to(), String.valueOf(cell.endpointPairs()), between, ports(cell.ports()));
            if (cell.crossTenant()) {
                List<TenantMatrix.NamespacePair> pairs = cell.namespacePairs();
                for (TenantMatrix.NamespacePair pair : pairs.subList(0, Math.min(pairs.size(), NAMESPACE_PAIRS_SHOWN))) {
                    table.note(pair.from() + " -> " + pair.to() + ": " + count(pair.endpointPairs(), "endpoint pair",
                            "endpoint pairs") + ", " + ports(pair.ports()));
                }
                if (pairs.size() > NAMESPACE_PAIRS_SHOWN) {
                    table.note("... and " + (pairs.size() - NAMESPACE_PAIRS_SHOWN) + " more namespace pairs");
                }
            }
        }
        table.render(out, WIDTH, "");
    }

    private static void legend(StringBuilder out, AuditReport report) {
        Set<String> used = new LinkedHashSet<>();
        for (AuditedFinding f : report.findings()) {
            used.add(f.finding().rule());
        }
        if (used.isEmpty()) {
            return;
        }
        section(out, "RULES IN THIS REPORT");
        for (FindingRule rule : report.rules()) {
            if (used.contains(rule.id())) {
                String severity = rule.severity().wireName();
                String first = "  " + rule.id() + " ".repeat(Math.max(2, DETAIL_INDENT.length() - 2 - rule.id().length()))
                        + severity + " ".repeat(Math.max(2, LEGEND_INDENT.length() - DETAIL_INDENT.length() - severity.length()));
                TextLayout.wrapped(out, rule.title(), WIDTH, first, LEGEND_INDENT);
            }
        }
    }

    private static String ports(PortSet ports) {
        return ports.isAll() ? "all ports" : ports.toString();
    }

    private static long status(AuditReport report, AuditedFinding.Status status) {
        return report.findings().stream().filter(f -> f.status() == status).count();
    }

    private static void title(StringBuilder out, String title, char underline) {
        out.append(title).append('\n').append(TextLayout.repeat(underline, title.length())).append("\n\n");
    }

    private static void section(StringBuilder out, String title) {
        out.append('\n');
        title(out, title, '-');
    }

    private static void field(StringBuilder out, String name, String value) {
        String label = name + " ".repeat(Math.max(1, 15 - name.length()));
        TextLayout.wrapped(out, value, WIDTH, label, " ".repeat(label.length()));
    }

    /** {@code 3 of 4 (75%)}. */
    private static String ofTotal(long n, long total) {
        return n + " of " + total + " (" + percent(n, total) + ")";
    }

    /** {@code 3 (75%)}. */
    private static String share(long n, long total) {
        return n + " (" + percent(n, total) + ")";
    }

    /** A whole percentage that says 0% only for none and 100% only for all. */
    static String percent(long n, long total) {
        if (total == 0) {
            return "-";
        }
        long p = n == 0 ? 0 : n == total ? 100 : Math.clamp(Math.round(100.0 * n / total), 1, 99);
        return p + "%";
    }

    private static String count(long n, String singular, String plural) {
        return n + " " + (n == 1 ? singular : plural);
    }
}
