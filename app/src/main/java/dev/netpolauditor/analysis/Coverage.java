package dev.netpolauditor.analysis;

/**
 * How many endpoints of a scope (the cluster, a namespace, a tenant) are isolated for
 * ingress, for egress, and for both.
 */
public record Coverage(String scope, long endpoints, long ingressIsolated, long egressIsolated, long bothIsolated) {

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
