package dev.netpolauditor.cli;

import dev.netpolauditor.analysis.AuditReport;
import dev.netpolauditor.analysis.AuditedFinding;
import dev.netpolauditor.analysis.Severity;
import dev.netpolauditor.analysis.Tenancy;
import dev.netpolauditor.analysis.diff.ConnectivityChange;
import dev.netpolauditor.analysis.diff.DiffReport;
import dev.netpolauditor.analysis.diff.FindingChange;
import dev.netpolauditor.analysis.diff.Side;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The CI gates of {@code audit} and {@code diff}: {@code --fail-on SEVERITY} and
 * {@code --fail-on-new-flows BOUNDARY}. A gate never changes what is printed on stdout; when
 * it fails, the command exits {@link #GATE_FAILED} and says why on stderr.
 */
final class Gates {
    private Gates() {}

    /** Exit status of a command whose gate failed (0 clean, 2 invalid input). */
    static final int GATE_FAILED = 3;

    /** How many offending items the stderr message names before "and N more". */
    private static final int NAMED = 5;

    /** A boundary a newly allowed flow may cross. */
    enum Boundary {
        /** Between namespaces of two different tenants (namespaces without a tenant, or shared ones, are not judged). */
        TENANT,
        /** Between two different namespaces. */
        NAMESPACE,
        /** Between the cluster and an {@code --external-ip} address. */
        EXTERNAL;

        String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** {@code high}, {@code medium}, {@code low} or {@code info}, in any case. */
    static Severity severity(String option, String value) throws InvalidInput {
        for (Severity s : Severity.values()) {
            if (s.wireName().equalsIgnoreCase(value)) {
                return s;
            }
        }
        throw new InvalidInput(option + " " + value + ": unknown severity; give high, medium, low or info");
    }

    /** {@code tenant}, {@code namespace} or {@code external} (repeatable, or comma-separated). */
    static Set<Boundary> boundaries(List<String> values) throws InvalidInput {
        Set<Boundary> out = EnumSet.noneOf(Boundary.class);
        for (String value : values) {
            for (String part : value.split(",", -1)) {
                Boundary found = null;
                for (Boundary b : Boundary.values()) {
                    if (b.wireName().equalsIgnoreCase(part.strip())) {
                        found = b;
                    }
                }
                if (found == null) {
                    throw new InvalidInput("--fail-on-new-flows " + value + ": unknown boundary '" + part
                            + "'; give tenant, namespace or external");
                }
                out.add(found);
            }
        }
        return out;
    }

    /** Whether {@code severity} is {@code threshold} or more severe. */
    static boolean atOrAbove(Severity severity, Severity threshold) {
        return severity.ordinal() <= threshold.ordinal();
    }

    /** The open findings (not excepted; an expired exception no longer excepts) at or above {@code threshold}. */
    static List<AuditedFinding> openAtOrAbove(AuditReport report, Severity threshold) {
        return report.findings().stream()
                .filter(f -> f.open() && atOrAbove(f.finding().severity(), threshold))
                .toList();
    }

    /** The findings the change brings (new on the {@code to} side, not excepted there) at or above {@code threshold}. */
    static List<FindingChange> newAtOrAbove(DiffReport report, Severity threshold) {
        return report.findings().stream()
                .filter(c -> c.change() == FindingChange.Change.NEW)
                .filter(c -> c.status() != AuditedFinding.Status.EXCEPTED)
                .filter(c -> atOrAbove(c.severity(), threshold))
                .toList();
    }

    /**
     * The connectivity changes that newly allow something (a pair added, or a changed pair
     * with ports the earlier state did not allow) across one of {@code boundaries}, each with
     * the first boundary it crosses. Tenants are the {@code to} side's; a tenant pair the
     * tenants file declares allowed does not count.
     */
    static Map<ConnectivityChange, Boundary> newFlowsAcross(DiffReport report, Side to, Set<Boundary> boundaries) {
        Map<String, String> tenants = to.tenancy().tenants(to.cluster().namespaces());
        Tenancy tenancy = to.tenancy();
        Map<ConnectivityChange, Boundary> out = new LinkedHashMap<>();
        for (ConnectivityChange c : report.connectivity()) {
            boolean opens = switch (c.change()) {
                case ADDED -> true;
                case REMOVED -> false;
                case CHANGED -> !c.after().minus(c.before()).isEmpty();
            };
            if (!opens) {
                continue;
            }
            crossed(c.from(), c.to(), boundaries, tenants, tenancy).ifPresent(b -> out.put(c, b));
        }
        return out;
    }

    private static Optional<Boundary> crossed(String from, String to, Set<Boundary> boundaries,
            Map<String, String> tenants, Tenancy tenancy) {
        boolean external = from.startsWith("ip:") || to.startsWith("ip:");
        if (external) {
            return boundaries.contains(Boundary.EXTERNAL) ? Optional.of(Boundary.EXTERNAL) : Optional.empty();
        }
        String fromNs = namespaceOf(from);
        String toNs = namespaceOf(to);
        if (boundaries.contains(Boundary.TENANT)) {
            String a = tenants.get(fromNs);
            String b = tenants.get(toNs);
            if (a != null && b != null && !a.equals(b) && !tenancy.allows(a, b)) {
                return Optional.of(Boundary.TENANT);
            }
        }
        if (boundaries.contains(Boundary.NAMESPACE) && !fromNs.equals(toNs)) {
            return Optional.of(Boundary.NAMESPACE);
        }
        return Optional.empty();
    }

    private static String namespaceOf(String endpoint) {
        int slash = endpoint.indexOf('/');
        return slash < 0 ? endpoint : endpoint.substring(0, slash);
    }

    /** {@code a, b, c and 4 more}. */
    static String list(List<String> items) {
        List<String> shown = new ArrayList<>(items.subList(0, Math.min(NAMED, items.size())));
        String text = String.join("; ", shown);
        return items.size() > NAMED ? text + "; and " + (items.size() - NAMED) + " more" : text;
    }

    /** One stderr line: {@code netpol-auditor audit: gate failed: ...}. */
    static void report(PrintWriter err, String command, String why) {
        err.println("netpol-auditor " + command + ": gate failed: " + why);
        err.flush();
    }
}
