package dev.netpolauditor.analysis;

import java.util.List;

/** Coverage of the whole cluster, of each namespace with endpoints, and of each tenant (sorted by scope). */
public record CoverageReport(Coverage cluster, List<Coverage> namespaces, List<Coverage> tenants) {
    public CoverageReport {
        namespaces = List.copyOf(namespaces);
        tenants = List.copyOf(tenants);
    }
}
