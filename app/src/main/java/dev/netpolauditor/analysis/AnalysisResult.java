package dev.netpolauditor.analysis;

import java.util.Map;
import java.util.TreeMap;

/**
 * Everything the service keeps of one analysis, immutable: the audit (findings with their
 * exception status, coverage, tenant matrix, controls, score, settings), the tenant each
 * namespace was assigned, and the group connectivity, all from one walk of the connectivity.
 * The store maps it to rows and back; nothing about a stored snapshot is computed again.
 */
public record AnalysisResult(AuditReport audit, Map<String, String> namespaceTenants,
        GroupConnectivity connectivity) {

    public AnalysisResult {
        namespaceTenants = new TreeMap<>(namespaceTenants);
    }
}
