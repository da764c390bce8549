package dev.netpolauditor.analysis;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The result of an audit, immutable, from which every output is rendered (JSON Lines,
 * text, spreadsheets, the API): findings in the contract's order with their exception
 * status, coverage, the tenant matrix, the controls and the score.
 */
public record AuditReport(List<AuditedFinding> findings, CoverageReport coverage, TenantMatrix tenants,
        List<ControlResult> controls, int score, List<FindingRule> rules) {

    public AuditReport {
        findings = List.copyOf(findings);
        controls = List.copyOf(controls);
        rules = List.copyOf(rules);
    }

    /** Open (not excepted) findings per severity, every severity present. */
    public Map<Severity, Long> openBySeverity() {
        Map<Severity, Long> out = new EnumMap<>(Severity.class);
        for (Severity s : Severity.values()) {
            out.put(s, 0L);
        }
        for (AuditedFinding f : findings) {
            if (f.open()) {
                out.merge(f.finding().severity(), 1L, Long::sum);
            }
        }
        return out;
    }
}
