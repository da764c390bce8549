package dev.netpolauditor.analysis;

/**
 * How many endpoints of a scope (the cluster, a namespace, a tenant) are isolated for
 * ingress, for egress, and for both, and the scope's own {@link Score} over its open findings:
 * null when not known (an analysis stored under score version 1 has none per scope).
 */
public record Coverage(String scope, long endpoints, long ingressIsolated, long egressIsolated, long bothIsolated,
        Integer score) {

    /** Coverage without a score. */
    public Coverage(String scope, long endpoints, long ingressIsolated, long egressIsolated, long bothIsolated) {
        this(scope, endpoints, ingressIsolated, egressIsolated, bothIsolated, null);
    }

    /** The same coverage with this score. */
    public Coverage withScore(Integer s) {
        return new Coverage(scope, endpoints, ingressIsolated, egressIsolated, bothIsolated, s);
    }

    public double ingressPercent() {
        return percent(ingressIsolated);
    }

    public double egressPercent() {
        return percent(egressIsolated);
    }

    public double bothPercent() {
        return percent(bothIsolated);
    }

    private double percent(long n) {
        return endpoints == 0 ? 100.0 : 100.0 * n / endpoints;
    }
}
