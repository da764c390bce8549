package dev.netpolauditor.analysis;

import dev.netpolauditor.engine.CompiledCluster;
import dev.netpolauditor.engine.Endpoint;
import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.model.PolicyType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Runs the findings catalog over a cluster state and assembles the {@link AuditReport}:
 * findings with their exception status, coverage, tenant matrix, controls and score.
 *
 * <p>The score of the cluster, and of each namespace and tenant over its own endpoints and
 * findings, is {@link Score}'s.
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
        List<FindingRule> rules = FindingRules.of(options);
        List<Finding> findings = new ArrayList<>();
        for (FindingRule rule : rules) {
            rule.check(input, findings::add);
        }
        findings.sort(Finding.ORDER);
        List<AuditedFinding> audited = new ArrayList<>(findings.size());
        for (Finding f : findings) {
            audited.add(applyExceptions(f, options));
        }
        List<ControlResult> controls = controls(audited, rules, options);
        CoverageReport coverage = scored(coverage(input), audited, input.tenantOfNamespace());
        return new AuditReport(audited, coverage, input.tenantMatrix(), controls, coverage.cluster().score(),
                Score.VERSION, rules, input.compiled().groupCount(), options);
    }

    /** Coverage with each scope's score over its own open findings (see {@link Score#inScope}). */
    static CoverageReport scored(CoverageReport coverage, List<AuditedFinding> findings,
            Map<String, String> tenantOfNamespace) {
        List<Finding> open = findings.stream().filter(AuditedFinding::open).map(AuditedFinding::finding).toList();
        ScopedFindings scoped = new ScopedFindings(open, tenantOfNamespace);
        return new CoverageReport(
                scored(coverage.cluster(), Score.ScopeKind.CLUSTER, scoped),
                coverage.namespaces().stream().map(c -> scored(c, Score.ScopeKind.NAMESPACE, scoped)).toList(),
                coverage.tenants().stream().map(c -> scored(c, Score.ScopeKind.TENANT, scoped)).toList());
    }

    private static Coverage scored(Coverage c, Score.ScopeKind kind, ScopedFindings scoped) {
        return c.withScore(Score.of(c, scoped.in(kind, c.scope())).score());
    }

    /**
     * A finding with its exception status under {@code settings}: excepted by the first matching
     * exception in force (in the settings' order: the exceptions file's, then the service's by
     * id), open with the last expired one when only expired ones match, else open. Every other
     * matching exception is kept beside the one that decided.
     */
    public static AuditedFinding applyExceptions(Finding finding, AnalysisSettings options) {
        FindingException expired = null;
        FindingException applied = null;
        List<FindingException> matching = new ArrayList<>(1);
        for (FindingException e : options.exceptions()) {
            if (e.matches(finding)) {
                matching.add(e);
                if (!e.expiredOn(options.day())) {
                    if (applied == null) {
                        applied = e;
                    }
                } else {
                    expired = e;
                }
            }
        }
        if (matching.isEmpty()) {
            return new AuditedFinding(finding, AuditedFinding.Status.OPEN, null);
        }
        FindingException decided = applied != null ? applied : expired;
        matching.remove(decided);
        return new AuditedFinding(finding, applied != null ? AuditedFinding.Status.EXCEPTED
                : AuditedFinding.Status.EXCEPTION_EXPIRED, decided, matching);
    }

    /** Each control and the open findings failing it, for an audit of the rules every audit runs. */
    public static List<ControlResult> controls(List<AuditedFinding> findings) {
        return controls(findings, FindingRules.ALL);
    }

    /** Each control of the catalog and the open findings of {@code audited} (rules run) failing it. */
    public static List<ControlResult> controls(List<AuditedFinding> findings, List<FindingRule> audited) {
        return controls(findings, audited, null);
    }

    /**
     * Each control and the open findings of {@code audited} (rules run) failing it; PCI DSS v4 1.2.7
     * only when {@code settings} track reviews, judged on their last review on the settings' day.
     */
    public static List<ControlResult> controls(List<AuditedFinding> findings, List<FindingRule> audited,
            AnalysisSettings settings) {
        List<ControlResult> out = new ArrayList<>();
        for (Control control : Control.values()) {
            if (control == Control.PCI_DSS_1_2_7) {
                if (settings != null && settings.reviews() != null) {
                    out.add(new ControlResult(control, List.of(), List.of(), settings.reviews().basis(),
                            settings.reviews().unmetOn(settings.day())));
                }
                continue;
            }
            List<String> rules = audited.stream().filter(r -> r.controls().contains(control))
                    .map(FindingRule::id).toList();
            Set<String> ruleSet = Set.copyOf(rules); // asked for every finding: a list's scan was a hot spot
            List<Finding> failing = findings.stream().filter(AuditedFinding::open).map(AuditedFinding::finding)
                    .filter(f -> ruleSet.contains(f.rule())).toList();
            out.add(new ControlResult(control, rules, failing));
        }
        return out;
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
