package dev.netpolauditor.report;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.netpolauditor.analysis.FindingSubject;
import dev.netpolauditor.analysis.Score;
import dev.netpolauditor.analysis.Severity;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The compliance report as plain data: what the spreadsheet, CSV and JSON renderers (and
 * later the emailed report) show, independent of where the audit came from — a manifest
 * directory offline, a stored analysis in the service. Built by {@link ComplianceReports};
 * renderers only read it.
 *
 * <p>Lists are in display order. Nullable fields are said so on each record. {@code justifications}
 * is null when the audit did not require justifications (NP-JUST-001 off): then the report has no
 * Justifications sheet and its JSON no such key.
 */
public record ComplianceReport(Header header, Summary summary, List<FindingRow> findings,
        List<CoverageRow> namespaceCoverage, List<CoverageRow> tenantCoverage, List<TenantCell> tenantMatrix,
        List<FindingRow> overPermissive, List<PolicyRow> policies, List<ExceptionRow> exceptions,
        List<TrendPoint> trend, @JsonInclude(JsonInclude.Include.NON_NULL) List<JustificationRow> justifications) {

    public ComplianceReport {
        findings = List.copyOf(findings);
        namespaceCoverage = List.copyOf(namespaceCoverage);
        tenantCoverage = List.copyOf(tenantCoverage);
        tenantMatrix = List.copyOf(tenantMatrix);
        overPermissive = List.copyOf(overPermissive);
        policies = List.copyOf(policies);
        exceptions = List.copyOf(exceptions);
        trend = List.copyOf(trend);
        justifications = justifications == null ? null : List.copyOf(justifications);
    }

    /** A report of an audit that did not require justifications. */
    public ComplianceReport(Header header, Summary summary, List<FindingRow> findings,
            List<CoverageRow> namespaceCoverage, List<CoverageRow> tenantCoverage, List<TenantCell> tenantMatrix,
            List<FindingRow> overPermissive, List<PolicyRow> policies, List<ExceptionRow> exceptions,
            List<TrendPoint> trend) {
        this(header, summary, findings, namespaceCoverage, tenantCoverage, tenantMatrix, overPermissive, policies,
                exceptions, trend, null);
    }

    /** This report with a score history (the service adds it; offline it is empty). */
    public ComplianceReport withTrend(List<TrendPoint> points) {
        return new ComplianceReport(header, summary, findings, namespaceCoverage, tenantCoverage, tenantMatrix,
                overPermissive, policies, exceptions, points, justifications);
    }

    /**
     * This report narrowed to {@code namespaces} and {@code tenants} (a subscription's scope),
     * with {@code scope} added to the header's source. Rows of a namespace (findings, coverage,
     * policies) stay when it is one of {@code namespaces}; findings of no namespace (about the
     * whole cluster, such as a CNI that does not enforce policies) stay too, as they concern every
     * namespace. Tenant rows stay when their tenant (a matrix cell: either end) is one of
     * {@code tenants}. The summary is recomputed over what stays, with the audit's own rules:
     * endpoints are the kept namespaces' endpoints, the score uses the kept open findings, a
     * control fails when a kept open finding of one of its rules exists. Exceptions and the
     * trend (cluster-wide) are kept as they are; justifications of the kept namespaces' policies
     * and of cluster-tier policies stay.
     */
    public ComplianceReport scopedTo(String scope, Set<String> namespaces, Set<String> tenants) {
        List<FindingRow> keptFindings = findings.stream()
                .filter(f -> f.namespace() == null || namespaces.contains(f.namespace())).toList();
        List<CoverageRow> keptNamespaces = namespaceCoverage.stream()
                .filter(c -> namespaces.contains(c.scope())).toList();
        long endpoints = 0;
        long ingress = 0;
        long egress = 0;
        long both = 0;
        for (CoverageRow c : keptNamespaces) {
            endpoints += c.endpoints();
            ingress += c.ingressIsolated();
            egress += c.egressIsolated();
            both += c.bothIsolated();
        }
        List<SeverityCount> bySeverity = new ArrayList<>();
        long open = 0;
        long excepted = 0;
        for (Severity severity : Severity.values()) {
            long o = keptFindings.stream().filter(f -> f.severity() == severity && isOpen(f)).count();
            long e = keptFindings.stream().filter(f -> f.severity() == severity && !isOpen(f)).count();
            bySeverity.add(new SeverityCount(severity, o, e));
            open += o;
            excepted += e;
        }
        long expired = keptFindings.stream().filter(f -> f.status().equals("exception_expired")).count();
        List<ControlRow> controls = summary.controls().stream().map(c -> {
            long failing = keptFindings.stream().filter(f -> isOpen(f) && c.rules().contains(f.rule())).count();
            // a control judged on something else than findings (the reviews) is not narrowed by a scope
            return c.basis() != null ? c
                    : new ControlRow(c.control(), c.requirement(), failing == 0, failing, c.rules());
        }).toList();
        Score.Parts parts = null;
        int score;
        if (summary.scoreVersion() == 1) {
            score = Score.v1(endpoints, count(bySeverity, Severity.HIGH), count(bySeverity, Severity.MEDIUM),
                    count(bySeverity, Severity.LOW));
        } else {
            double weight = 0;
            for (FindingRow f : keptFindings) {
                if (isOpen(f) && (f.namespace() != null || f.rule().startsWith("NP-CNI-")
                        || crossTenantOf(f, tenants))) {
                    weight += Score.weight(f.rule(), f.severity(), f.routine());
                }
            }
            parts = Score.of(endpoints, ingress, egress, weight);
            score = parts.score();
        }
        Summary scoped = new Summary(score, summary.scoreVersion(), summary.scoreFormula(), parts,
                new CoverageRow(summary.cluster().scope(), endpoints, ingress, egress, both), bySeverity, open,
                excepted, expired, controls, summary.lastReview());
        Header scopedHeader = new Header(header.cluster(), header.source() + ", scope: " + scope,
                header.snapshotAt(), header.auditDate(), header.generatedAt(), header.engineVersion(),
                header.settingsKnown(), header.notAnalysed());
        return new ComplianceReport(scopedHeader, scoped, keptFindings, keptNamespaces,
                tenantCoverage.stream().filter(c -> tenants.contains(c.scope())).toList(),
                tenantMatrix.stream().filter(c -> tenants.contains(c.from()) || tenants.contains(c.to())).toList(),
                overPermissive.stream().filter(f -> f.namespace() == null || namespaces.contains(f.namespace()))
                        .toList(),
                policies.stream().filter(p -> p.namespace() == null || namespaces.contains(p.namespace())).toList(),
                exceptions, trend, justifications == null ? null : justifications.stream()
                        .filter(j -> j.namespace() == null || namespaces.contains(j.namespace())).toList());
    }

    /** Whether {@code f} is a cross-tenant reach from or to one of {@code tenants}. */
    private static boolean crossTenantOf(FindingRow f, Set<String> tenants) {
        return f.subject() instanceof FindingSubject.TenantPair pair && pair.concernsAny(tenants);
    }

    private static long count(List<SeverityCount> bySeverity, Severity severity) {
        return bySeverity.stream().filter(c -> c.severity() == severity).mapToLong(SeverityCount::open).sum();
    }

    private static boolean isOpen(FindingRow f) {
        return !f.status().equals("excepted");
    }

    /**
     * What was audited and when.
     *
     * @param cluster       the cluster's name (offline: the manifests directory as given)
     * @param source        where the state came from, for people: {@code manifests DIR}, or the snapshot
     * @param snapshotAt    when the state was captured, or null (manifests have no capture time)
     * @param auditDate     the date exception expiry was judged against
     * @param generatedAt   when this report was generated; also the workbook's creation time
     * @param engineVersion the version of netpol-auditor that computed the audit
     * @param settingsKnown whether the tenancy and exceptions the audit was computed under are known:
     *                      false for an analysis stored before they were kept (the Summary says so)
     * @param notAnalysed   for people, one line per network plugin API group whose objects were read but
     *                      not analysed because the plugin is not known to run (cni-policies.md)
     */
    public record Header(String cluster, String source, Instant snapshotAt, LocalDate auditDate,
            Instant generatedAt, String engineVersion, boolean settingsKnown, List<String> notAnalysed) {

        public Header {
            notAnalysed = List.copyOf(notAnalysed);
        }

        /** A header of an audit that analysed every object it read. */
        public Header(String cluster, String source, Instant snapshotAt, LocalDate auditDate, Instant generatedAt,
                String engineVersion, boolean settingsKnown) {
            this(cluster, source, snapshotAt, auditDate, generatedAt, engineVersion, settingsKnown, List.of());
        }

        /** A header of an audit whose settings are known and that analysed every object it read. */
        public Header(String cluster, String source, Instant snapshotAt, LocalDate auditDate, Instant generatedAt,
                String engineVersion) {
            this(cluster, source, snapshotAt, auditDate, generatedAt, engineVersion, true);
        }
    }

    /**
     * The headline numbers. The score is {@link Score}'s of {@code scoreVersion}, whose formula is
     * {@code scoreFormula}; {@code scoreParts} are its parts under version 2 (null under version 1,
     * whose parts are E = {@code endpoints} and H, M, L the open findings of {@code bySeverity}).
     */
    public record Summary(int score, int scoreVersion, String scoreFormula, Score.Parts scoreParts,
            CoverageRow cluster, List<SeverityCount> bySeverity, long openFindings, long exceptedFindings,
            long expiredExceptionFindings, List<ControlRow> controls,
            @JsonInclude(JsonInclude.Include.NON_NULL) ReviewRow lastReview) {
        public Summary {
            bySeverity = List.copyOf(bySeverity);
            controls = List.copyOf(controls);
        }

        /** A summary of an audit whose reviews are not tracked. */
        public Summary(int score, int scoreVersion, String scoreFormula, Score.Parts scoreParts,
                CoverageRow cluster, List<SeverityCount> bySeverity, long openFindings, long exceptedFindings,
                long expiredExceptionFindings, List<ControlRow> controls) {
            this(score, scoreVersion, scoreFormula, scoreParts, cluster, bySeverity, openFindings, exceptedFindings,
                    expiredExceptionFindings, controls, null);
        }

        /** A summary of the current score version whose parts are not given. */
        public Summary(int score, String scoreFormula, CoverageRow cluster, List<SeverityCount> bySeverity,
                long openFindings, long exceptedFindings, long expiredExceptionFindings, List<ControlRow> controls) {
            this(score, Score.VERSION, scoreFormula, null, cluster, bySeverity, openFindings, exceptedFindings,
                    expiredExceptionFindings, controls);
        }

        public long endpoints() {
            return cluster.endpoints();
        }

        /** Open findings of one severity. */
        public long open(Severity severity) {
            return bySeverity.stream().filter(c -> c.severity() == severity).mapToLong(SeverityCount::open).sum();
        }

        public long controlsPassed() {
            return controls.stream().filter(ControlRow::passed).count();
        }

        public long controlsFailed() {
            return controls.size() - controlsPassed();
        }
    }

    /** Findings of one severity: open (including those whose exception expired) and excepted. */
    public record SeverityCount(Severity severity, long open, long excepted) {}

    /**
     * A control of a compliance framework and whether the audit fails it: by its open findings, or,
     * for a control judged on something else ({@code basis}, e.g. the periodic reviews of PCI DSS v4
     * 1.2.7; null for a control judged on findings), on that.
     */
    public record ControlRow(String control, String requirement, boolean passed, long failing, List<String> rules,
            @JsonInclude(JsonInclude.Include.NON_NULL) String basis) {
        public ControlRow {
            rules = List.copyOf(rules);
        }

        /** A control judged on findings alone. */
        public ControlRow(String control, String requirement, boolean passed, long failing, List<String> rules) {
            this(control, requirement, passed, failing, rules, null);
        }
    }

    /**
     * The last periodic review as the analysis had it (PCI DSS v4 1.2.7), when reviews are tracked:
     * who reviewed which snapshot when, with which outcome, through which day it counts, and whether
     * it had run out on the audit date. Every field but {@code interval} and {@code overdue} is null
     * when no review was recorded.
     */
    public record ReviewRow(String interval, Long reviewId, String reviewer, Instant at, Long snapshotId,
            String outcome, LocalDate due, boolean overdue) {}

    /**
     * One finding. {@code namespace} and {@code policy} may be null; {@code status} is
     * {@code open}, {@code excepted} or {@code exception_expired}; the exception fields are
     * null unless an exception matched (excepted, or expired): {@code exceptionSource} says which
     * one decided ({@code file}, or {@code service #12} for one managed in the service, with its
     * approver), {@code otherExceptions} the others that match too (null when none).
     */
    public record FindingRow(String rule, String title, Severity severity, String namespace, FindingSubject subject,
            String policy, String status, String detail, String exceptionOwner, LocalDate exceptionExpires,
            String exceptionJustification, @JsonIgnore boolean routine,
            @JsonInclude(JsonInclude.Include.NON_NULL) String exceptionSource,
            @JsonInclude(JsonInclude.Include.NON_NULL) String otherExceptions) {

        /** A finding that is not routine (see {@link dev.netpolauditor.analysis.Finding#routine()}). */
        public FindingRow(String rule, String title, Severity severity, String namespace, FindingSubject subject,
                String policy, String status, String detail, String exceptionOwner, LocalDate exceptionExpires,
                String exceptionJustification) {
            this(rule, title, severity, namespace, subject, policy, status, detail, exceptionOwner, exceptionExpires,
                    exceptionJustification, false, null, null);
        }

        /** A finding whose exception, if any, is the only one that matches it. */
        public FindingRow(String rule, String title, Severity severity, String namespace, FindingSubject subject,
                String policy, String status, String detail, String exceptionOwner, LocalDate exceptionExpires,
                String exceptionJustification, boolean routine) {
            this(rule, title, severity, namespace, subject, policy, status, detail, exceptionOwner, exceptionExpires,
                    exceptionJustification, routine, null, null);
        }
    }

    /**
     * Endpoints of a scope (the cluster, a namespace or a tenant) and how many are isolated;
     * the shares are fractions from 0 to 1 (1 when there are no endpoints).
     */
    public record CoverageRow(String scope, long endpoints, long ingressIsolated, long egressIsolated,
            long bothIsolated) {
        public double ingressShare() {
            return share(ingressIsolated);
        }

        public double egressShare() {
            return share(egressIsolated);
        }

        public double bothShare() {
            return share(bothIsolated);
        }

        private double share(long n) {
            return endpoints == 0 ? 1.0 : (double) n / endpoints;
        }
    }

    /**
     * Connections from one tenant's endpoints to another's (or its own). {@code relation} is
     * {@code same tenant}, {@code allowed} (declared in the tenants file) or {@code finding}
     * (an NP-TEN-001 finding reports it); the policy lists are filled for the latter only.
     */
    public record TenantCell(String from, String to, String relation, long endpointPairs, long namespacePairs,
            String ports, String exampleFrom, String exampleTo, List<String> egressPolicies,
            List<String> ingressPolicies) {
        public TenantCell {
            egressPolicies = List.copyOf(egressPolicies);
            ingressPolicies = List.copyOf(ingressPolicies);
        }
    }

    /**
     * A policy of the audited state: a NetworkPolicy, or a cluster-tier policy (ClusterNetworkPolicy,
     * AdminNetworkPolicy, BaselineAdminNetworkPolicy). {@code kind} is the policy's kind and
     * {@code tier} where it is checked: {@code Admin}, {@code NetworkPolicy} (every v1 policy) or
     * {@code Baseline}. {@code specSha256} is the SHA-256 of the canonical JSON of its spec, so two
     * reports show whether a policy changed.
     *
     * <p>For a NetworkPolicy: {@code policyTypes} as written (empty when not written),
     * {@code effectiveTypes} after defaulting, its {@code podSelector}; {@code priority} and
     * {@code subject} are null. For a cluster-tier policy: {@code namespace} and
     * {@code podSelector} are null, the type lists empty; {@code priority} is null for the
     * BaselineAdminNetworkPolicy, which has none; {@code subject} says which endpoints it applies
     * to. The rule counts are of the policy's ingress and egress rules.
     *
     * <p>For a network plugin's policy (cni-policies.md): {@code kind} {@code CalicoNetworkPolicy},
     * {@code GlobalNetworkPolicy}, {@code CiliumNetworkPolicy} or {@code CiliumClusterwideNetworkPolicy};
     * {@code tier} the Calico tier it is in ({@code Tier/<name>}) or {@code Cilium}; {@code order} its
     * Calico order (null when absent); {@code podSelector} its selector as written (a Cilium
     * policy's endpoint selectors); the rule counts are its rules (Cilium: allow and deny entries)
     * per direction.
     */
    public record PolicyRow(String namespace, String name, List<String> policyTypes, List<String> effectiveTypes,
            String podSelector, int ingressRules, int egressRules, String specSha256, String kind, String tier,
            Integer priority, String subject, Double order) {
        public PolicyRow {
            policyTypes = List.copyOf(policyTypes);
            effectiveTypes = List.copyOf(effectiveTypes);
        }

        /** A row without a Calico order. */
        public PolicyRow(String namespace, String name, List<String> policyTypes, List<String> effectiveTypes,
                String podSelector, int ingressRules, int egressRules, String specSha256, String kind, String tier,
                Integer priority, String subject) {
            this(namespace, name, policyTypes, effectiveTypes, podSelector, ingressRules, egressRules, specSha256, kind,
                    tier, priority, subject, null);
        }

        /** A NetworkPolicy's row. */
        public PolicyRow(String namespace, String name, List<String> policyTypes, List<String> effectiveTypes,
                String podSelector, int ingressRules, int egressRules, String specSha256) {
            this(namespace, name, policyTypes, effectiveTypes, podSelector, ingressRules, egressRules, specSha256,
                    NETWORK_POLICY, NETWORK_POLICY, null, null);
        }

        /** The kind and tier of a v1 NetworkPolicy's row. */
        public static final String NETWORK_POLICY = "NetworkPolicy";
    }

    /**
     * An exception the audit was computed under: {@code expired} when the audit date is after its
     * expiry; {@code matched} counts the findings it decided. {@code source} is {@code file} for the
     * exceptions file's, else {@code service #12 approved by ...} with the approval as it was
     * (ticket and proposer included).
     */
    public record ExceptionRow(String rule, String subjectPattern, String owner, LocalDate expires,
            boolean expired, long matched, String justification, String source) {

        /** An exception of the exceptions file. */
        public ExceptionRow(String rule, String subjectPattern, String owner, LocalDate expires, boolean expired,
                long matched, String justification) {
            this(rule, subjectPattern, owner, expires, expired, matched, justification, "file");
        }
    }

    /**
     * A justification the audit knew (NP-JUST-001 on): the policy ({@code namespace} null for a
     * cluster-tier one) and rule it justifies, its text, owner, approver and approval day, the
     * content hash it was approved for, and {@code state}: {@code in force} (the rule is an opening
     * rule of that content), {@code lapsed: the rule changed} (the rule's content has another hash
     * now), {@code lapsed: no such opening rule} (the rule is gone, or no longer opens anything
     * beyond its namespace). {@code id} is the service's record id, null for a file's.
     */
    public record JustificationRow(String namespace, String policy, String rule, String text, String owner,
            String approver, LocalDate approved, String sha256, String state, Long id) {
        public static final String IN_FORCE = "in force";

        public boolean lapsed() {
            return !IN_FORCE.equals(state);
        }
    }

    /** The score and open findings of an earlier (or this) audit of the same cluster. */
    public record TrendPoint(Instant at, int score, long high, long medium, long low) {}
}
