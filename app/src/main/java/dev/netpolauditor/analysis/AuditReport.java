package dev.netpolauditor.analysis;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The result of an analysis, immutable, from which every output is rendered (JSON Lines,
 * text, spreadsheets, the API): findings in the contract's order with their exception
 * status, coverage, the tenant matrix, the controls, the score, the number of endpoint groups
 * and the settings it was computed under. The service stores it and reads it back for every
 * answer about a snapshot, never computing it again; {@code settings} is null for an analysis
 * stored before settings were kept (unknown), and a tenant cell read back carries its count of
 * namespace pairs, not the pairs (the store derives them when asked).
 *
 * <p>{@code score} is the cluster's {@link Score} under {@code scoreVersion}: an analysis keeps
 * the score it was stored with (version 1 for analyses stored before {@link Score#VERSION}).
 */
public record AuditReport(List<AuditedFinding> findings, CoverageReport coverage, TenantMatrix tenants,
        List<ControlResult> controls, int score, int scoreVersion, List<FindingRule> rules, int endpointGroups,
        AnalysisSettings settings) {

    public AuditReport {
        findings = List.copyOf(findings);
        controls = List.copyOf(controls);
        rules = List.copyOf(rules);
    }

    /**
     * An analysis read back from where it was kept: controls and rule metadata come from the rule
     * registry by rule id, the rest is as stored ({@code settings} null when unknown).
     */
    public static AuditReport stored(List<AuditedFinding> findings, CoverageReport coverage, TenantMatrix tenants,
            int score, int scoreVersion, int endpointGroups, AnalysisSettings settings) {
        List<FindingRule> rules = FindingRules.of(settings);
        return new AuditReport(findings, coverage, tenants, Audit.controls(findings, rules, settings), score,
                scoreVersion,
                rules, endpointGroups, settings);
    }

    /**
     * The same audit with no exception applied: every finding open, controls and the cluster's
     * score (under this audit's score version) as they are without exceptions. What a diff
     * compares (findings, not their acceptance). The scores per namespace and tenant are left out
     * (null): a diff does not show them.
     */
    public AuditReport withoutExceptions() {
        List<AuditedFinding> open = findings.stream()
                .map(f -> f.status() == AuditedFinding.Status.OPEN && f.exception() == null ? f
                        : new AuditedFinding(f.finding(), AuditedFinding.Status.OPEN, null))
                .toList();
        Coverage cluster = coverage.cluster();
        int score;
        if (scoreVersion == 1) {
            Map<Severity, Long> count = new EnumMap<>(Severity.class);
            open.forEach(f -> count.merge(f.finding().severity(), 1L, Long::sum));
            score = Score.v1(cluster.endpoints(), count.getOrDefault(Severity.HIGH, 0L),
                    count.getOrDefault(Severity.MEDIUM, 0L), count.getOrDefault(Severity.LOW, 0L));
        } else {
            score = Score.of(cluster, open.stream().map(AuditedFinding::finding).toList()).score();
        }
        CoverageReport unscored = new CoverageReport(cluster.withScore(score),
                coverage.namespaces().stream().map(c -> c.withScore(null)).toList(),
                coverage.tenants().stream().map(c -> c.withScore(null)).toList());
        return new AuditReport(open, unscored, tenants, Audit.controls(open, rules, settings), score, scoreVersion, rules,
                endpointGroups, settings);
    }

    /** Whether the settings the analysis was computed under are known (stored with it). */
    public boolean settingsKnown() {
        return settings != null;
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
