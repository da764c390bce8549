package dev.netpolauditor.analysis;

import java.util.Collection;

/**
 * The score of a scope (the cluster, a namespace, a tenant): one number from 0 to 100 that says
 * how much of the scope is isolated and how much its open findings weigh against its size.
 *
 * <pre>
 *   score = round(100 × I × N / (N + W))
 *   I = (2 × ingress-isolated + egress-isolated) / (3 × E)     isolation, ingress counting double
 *   N = max(E, 10)                                              the scope's size, at least 10
 *   W = 4 per high, 6 per cross-tenant reach (NP-TEN-001), 1 per medium, 0.25 per low,
 *       0.025 per routine finding, 0 per info                  open findings, weighed
 * </pre>
 *
 * <p>Why these parts (the calibration table of the README holds the resulting numbers):
 *
 * <ul>
 *   <li><b>I</b> carries the question an auditor asks first, "is every workload protected?".
 *       A cluster without any policy has I = 0 and scores 0 however many findings it has.
 *       Ingress counts double: an endpoint anyone can reach is worse than one that can reach
 *       anyone (NP-COV-001 is high, NP-COV-002 medium). With no endpoint nothing is left
 *       unprotected: I = 1, and only findings (about policies) lower the score.
 *   <li><b>W / N</b> is how heavy the open findings are for the scope's size: a finding in a
 *       cluster of 500 endpoints costs less than the same finding in one of 5. N is at least 10
 *       so that one low finding does not halve the score of a one-pod estate.
 *   <li><b>Weights</b>: a high finding weighs as much as four endpoints, a medium one, a low a
 *       quarter; ten low findings (2.5) cost less than one high (4), and one cross-tenant reach
 *       (6), the promise a multi-tenant cluster makes first, more than either.
 *   <li><b>Routine findings</b> ({@link Finding#routine()}): egress opened to DNS servers in any
 *       namespace (the rule every hardening guide recommends) and peers naming a namespace that
 *       is not among the inputs are reported as the catalog says, but weigh a tenth of a low
 *       finding: an estate that isolates every endpoint both ways and opens only DNS scores
 *       above 90.
 *   <li>Excepted findings weigh nothing; a finding whose exception expired counts.
 * </ul>
 *
 * <p>Version 2 of the score. Version 1, {@code round(100 × E / (E + 10·H + 4·M + L))}, is what
 * analyses stored before it carry, and they keep it.
 */
public final class Score {
    private Score() {}

    /** The version of this formula; stored with every analysis. */
    public static final int VERSION = 2;

    /** The formula as reports print it. */
    public static final String FORMULA = "round(100 x I x N / (N + W))";

    /** The formula of version 1, as reports of analyses stored under it print it. */
    public static final String FORMULA_V1 = "round(100 x E / (E + 10 x H + 4 x M + L))";

    static final double HIGH = 4;
    static final double TENANT_REACH = 6;
    static final double MEDIUM = 1;
    static final double LOW = 0.25;
    static final double ROUTINE = 0.025;
    static final long MIN_SIZE = 10;

    /** The rule whose findings weigh {@link #TENANT_REACH}. */
    static final String CROSS_TENANT_RULE = "NP-TEN-001";

    /**
     * The score of a scope and its parts.
     *
     * @param endpoints the scope's endpoints (E)
     * @param isolation I, 0..1
     * @param size      N = max(E, 10)
     * @param weight    W, the open findings weighed
     * @param score     the score, 0..100
     */
    public record Parts(long endpoints, double isolation, long size, double weight, int score) {}

    /** The score of a scope with this coverage and these open findings (excepted ones left out by the caller). */
    public static Parts of(Coverage coverage, Collection<Finding> open) {
        double weight = 0;
        for (Finding f : open) {
            weight += weight(f.rule(), f.severity(), f.routine());
        }
        return of(coverage.endpoints(), coverage.ingressIsolated(), coverage.egressIsolated(), weight);
    }

    /** The score from its inputs: endpoints, those isolated for ingress and for egress, and W. */
    public static Parts of(long endpoints, long ingressIsolated, long egressIsolated, double weight) {
        double isolation = endpoints == 0 ? 1.0 : (2.0 * ingressIsolated + egressIsolated) / (3.0 * endpoints);
        long size = Math.max(endpoints, MIN_SIZE);
        int score = (int) Math.round(100.0 * isolation * size / (size + weight));
        return new Parts(endpoints, isolation, size, weight, score);
    }

    /**
     * Whether a finding counts in a scope's score: in a namespace's, the findings of that
     * namespace; in a tenant's, the findings of its namespaces and the cross-tenant reach from or
     * to it; in both, the findings about enforcement in the whole cluster (NP-CNI-*), which
     * concern every namespace. Cluster-tier policy findings belong to the cluster's score only.
     *
     * @param tenantOfNamespace the tenant of each namespace (namespaces of no tenant absent)
     */
    public static boolean inScope(Finding f, ScopeKind kind, String scope, java.util.Map<String, String> tenantOfNamespace) {
        if (kind == ScopeKind.CLUSTER || countsEverywhere(f)) {
            return true;
        }
        if (kind == ScopeKind.NAMESPACE) {
            return scope.equals(f.namespace());
        }
        if (f.subject() instanceof FindingSubject.TenantPair pair) {
            return pair.from().equals(scope) || pair.to().equals(scope);
        }
        return f.namespace() != null && scope.equals(tenantOfNamespace.get(f.namespace()));
    }

    /** Whether a finding counts in every scope: those about enforcement in the whole cluster. */
    static boolean countsEverywhere(Finding f) {
        return f.rule().startsWith("NP-CNI-");
    }

    /** The kinds of scope a score is computed over. */
    public enum ScopeKind { CLUSTER, NAMESPACE, TENANT }

    /** What one open finding adds to W. */
    public static double weight(String rule, Severity severity, boolean routine) {
        if (severity == Severity.INFO) {
            return 0;
        }
        if (routine) {
            return ROUTINE;
        }
        return switch (severity) {
            case HIGH -> CROSS_TENANT_RULE.equals(rule) ? TENANT_REACH : HIGH;
            case MEDIUM -> MEDIUM;
            case LOW -> LOW;
            case INFO -> 0;
        };
    }

    /** Version 1: {@code round(100 × E / (E + 10·H + 4·M + L))}, E at least 1. Kept for stored analyses. */
    public static int v1(long endpoints, long high, long medium, long low) {
        long e = Math.max(1, endpoints);
        return (int) Math.round(100.0 * e / (e + 10 * high + 4 * medium + low));
    }

    /** The formula a report prints for an analysis scored under {@code version}. */
    public static String formula(int version) {
        return version == 1 ? FORMULA_V1 : FORMULA;
    }

    /** W in words, for reports. */
    public static final String WEIGHTS = "4 per high finding (6 per cross-tenant reach), 1 per medium, 0.25 per low, "
            + "0.025 per routine finding (DNS egress, a namespace absent from the inputs)";
}
