package dev.netpolauditor.analysis;

import dev.netpolauditor.engine.CompiledCluster;
import dev.netpolauditor.engine.Endpoint;
import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.model.PolicyType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs the findings catalog over a cluster state and assembles the {@link AuditReport}:
 * findings with their exception status, coverage, tenant matrix, controls and score.
 *
 * <p>Score: {@code round(100 × E / (E + 10·H + 4·M + 1·L))}, where E is the number of
 * endpoints (at least 1) and H, M, L the open (not excepted) findings of high, medium and
 * low severity. 100 means no open finding; each finding lowers it in proportion to how
 * many endpoints it is spread over, so a large cluster is not judged by its count of
 * findings alone.
 */
public final class Audit {
    private Audit() {}

    public static AuditReport run(ClusterState cluster, AnalysisSettings options) {
        return run(AuditInput.of(cluster, options.tenancy()), options);
    }

    /**
     * The analysis the service keeps of {@code cluster}: the audit, the tenant of each namespace
     * and the group connectivity, the latter collected in the walk that computes the tenant matrix.
     */
    public static AnalysisResult analyse(ClusterState cluster, AnalysisSettings settings) {
        AuditInput input = new AuditInput(cluster, CompiledCluster.compile(cluster), settings.tenancy(), true);
        AuditReport audit = run(input, settings);
        return new AnalysisResult(audit, input.tenantOfNamespace(),
                new GroupConnectivity(GroupConnectivity.groupsOf(input.compiled()), input.groupFlows()));
    }

    public static AuditReport run(AuditInput input, AnalysisSettings options) {
        List<Finding> findings = new ArrayList<>();
        for (FindingRule rule : FindingRules.ALL) {
            rule.check(input, findings::add);
        }
        findings.sort(Finding.ORDER);
        List<AuditedFinding> audited = new ArrayList<>(findings.size());
        for (Finding f : findings) {
            audited.add(applyExceptions(f, options));
        }
        List<ControlResult> controls = controls(audited);
        return new AuditReport(audited, coverage(input), input.tenantMatrix(), controls,
                score(input.compiled().endpoints().size(), audited), FindingRules.ALL,
                input.compiled().groupCount(), options);
    }

    /**
     * A finding with its exception status under {@code settings}: excepted by the first matching
     * exception in force, open with the expired one when only expired ones match, else open.
     */
    public static AuditedFinding applyExceptions(Finding finding, AnalysisSettings options) {
        FindingException expired = null;
        for (FindingException e : options.exceptions()) {
            if (e.matches(finding)) {
                if (!e.expiredOn(options.day())) {
                    return new AuditedFinding(finding, AuditedFinding.Status.EXCEPTED, e);
                }
                expired = e;
            }
        }
        return expired == null ? new AuditedFinding(finding, AuditedFinding.Status.OPEN, null)
                : new AuditedFinding(finding, AuditedFinding.Status.EXCEPTION_EXPIRED, expired);
    }

    /** Each control of the catalog and the open findings failing it. */
    public static List<ControlResult> controls(List<AuditedFinding> findings) {
        List<ControlResult> out = new ArrayList<>();
        for (Control control : Control.values()) {
            List<String> rules = FindingRules.ALL.stream().filter(r -> r.controls().contains(control))
                    .map(FindingRule::id).toList();
            List<Finding> failing = findings.stream().filter(AuditedFinding::open).map(AuditedFinding::finding)
                    .filter(f -> rules.contains(f.rule())).toList();
            out.add(new ControlResult(control, rules, failing));
        }
        return out;
    }

    /** The score (see the class comment) of {@code endpoints} endpoints with these findings. */
    public static int score(long endpoints, List<AuditedFinding> findings) {
        long high = 0;
        long medium = 0;
        long low = 0;
        for (AuditedFinding f : findings) {
            if (f.open()) {
                switch (f.finding().severity()) {
                    case HIGH -> high++;
                    case MEDIUM -> medium++;
                    case LOW -> low++;
                    case INFO -> { }
                }
            }
        }
        return score(endpoints, high, medium, low);
    }

    /** The formula, once: {@code round(100 × E / (E + 10·H + 4·M + 1·L))}, E at least 1. */
    public static int score(long endpoints, long high, long medium, long low) {
        long e = Math.max(1, endpoints);
        return (int) Math.round(100.0 * e / (e + 10 * high + 4 * medium + low));
    }

    /** The formula as reports print it. */
    public static final String SCORE_FORMULA = "round(100 x E / (E + 10 x H + 4 x M + L))";

    static CoverageReport coverage(AuditInput input) {
        long[] cluster = new long[4];
        Map<String, long[]> byNamespace = new TreeMap<>();
        Map<String, long[]> byTenant = new TreeMap<>();
        for (Endpoint.Pod e : input.compiled().endpoints()) {
            boolean in = input.compiled().isolated(e, PolicyType.INGRESS);
            boolean out = input.compiled().isolated(e, PolicyType.EGRESS);
            count(cluster, in, out);
            count(byNamespace.computeIfAbsent(e.namespace(), n -> new long[4]), in, out);
            String tenant = input.tenantOf(e.namespace());
            if (tenant != null) {
                count(byTenant.computeIfAbsent(tenant, n -> new long[4]), in, out);
            }
        }
        return new CoverageReport(coverage("cluster", cluster), coverages(byNamespace), coverages(byTenant));
    }

    private static void count(long[] c, boolean in, boolean out) {
        c[0]++;
        c[1] += in ? 1 : 0;
        c[2] += out ? 1 : 0;
        c[3] += in && out ? 1 : 0;
    }

    private static List<Coverage> coverages(Map<String, long[]> counts) {
        return counts.entrySet().stream().map(e -> coverage(e.getKey(), e.getValue())).toList();
    }

    private static Coverage coverage(String scope, long[] c) {
        return new Coverage(scope, c[0], c[1], c[2], c[3]);
    }
}
