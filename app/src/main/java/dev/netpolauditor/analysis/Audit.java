package dev.netpolauditor.analysis;

import dev.netpolauditor.engine.Endpoint;
import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.model.PolicyType;
import java.time.LocalDate;
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

    /** What an audit depends on besides the cluster; {@code today} decides exception expiry. */
    public record Options(Tenancy tenancy, List<FindingException> exceptions, LocalDate today) {
        public Options {
            exceptions = List.copyOf(exceptions);
        }
    }

    public static AuditReport run(ClusterState cluster, Options options) {
        return run(AuditInput.of(cluster, options.tenancy()), options);
    }

    public static AuditReport run(AuditInput input, Options options) {
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
                score(input.compiled().endpoints().size(), audited), FindingRules.ALL);
    }

    private static AuditedFinding applyExceptions(Finding finding, Options options) {
        FindingException expired = null;
        for (FindingException e : options.exceptions()) {
            if (e.matches(finding)) {
                if (!e.expiredOn(options.today())) {
                    return new AuditedFinding(finding, AuditedFinding.Status.EXCEPTED, e);
                }
                expired = e;
            }
        }
        return expired == null ? new AuditedFinding(finding, AuditedFinding.Status.OPEN, null)
                : new AuditedFinding(finding, AuditedFinding.Status.EXCEPTION_EXPIRED, expired);
    }

    static List<ControlResult> controls(List<AuditedFinding> findings) {
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

    static int score(int endpoints, List<AuditedFinding> findings) {
        long penalty = 0;
        for (AuditedFinding f : findings) {
            if (f.open()) {
                penalty += switch (f.finding().severity()) {
                    case HIGH -> 10;
                    case MEDIUM -> 4;
                    case LOW -> 1;
                    case INFO -> 0;
                };
            }
        }
        long e = Math.max(1, endpoints);
        return (int) Math.round(100.0 * e / (e + penalty));
    }

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
