package dev.netpolauditor.report;

import dev.netpolauditor.analysis.AuditReport;
import dev.netpolauditor.analysis.AuditedFinding;
import dev.netpolauditor.analysis.ControlResult;
import dev.netpolauditor.analysis.Coverage;
import dev.netpolauditor.analysis.Finding;
import dev.netpolauditor.analysis.FindingException;
import dev.netpolauditor.analysis.FindingRule;
import dev.netpolauditor.analysis.FindingSubject;
import dev.netpolauditor.analysis.Justification;
import dev.netpolauditor.analysis.OpeningRule;
import dev.netpolauditor.analysis.ReviewTracking;
import dev.netpolauditor.analysis.Score;
import dev.netpolauditor.analysis.Severity;
import dev.netpolauditor.analysis.TenantMatrix;
import dev.netpolauditor.canonical.CanonicalJson;
import dev.netpolauditor.model.ClusterPolicy;
import dev.netpolauditor.model.ClusterPolicyKind;
import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.model.LabelSelector;
import dev.netpolauditor.model.NetworkPolicy;
import dev.netpolauditor.model.PolicyType;
import dev.netpolauditor.model.PortSet;
import dev.netpolauditor.model.SelectorRequirement;
import dev.netpolauditor.model.TierSubject;
import dev.netpolauditor.model.calico.CalicoPolicy;
import dev.netpolauditor.model.calico.CalicoTier;
import dev.netpolauditor.model.cilium.CiliumPolicy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds the {@link ComplianceReport} of an audit: pure, from its arguments alone. */
public final class ComplianceReports {
    private ComplianceReports() {}

    private static final String PERMISSIVE_PREFIX = "NP-PERM-";

    /**
     * The report of {@code audit} under {@code header}, its policies from {@code cluster} (only
     * the policies are read) and its exceptions those of the audit's settings (none when they are
     * unknown). No trend: see {@link ComplianceReport#withTrend}.
     */
    public static ComplianceReport of(AuditReport audit, ClusterState cluster, ComplianceReport.Header header) {
        return of(audit, cluster, audit.settingsKnown() ? audit.settings().exceptions() : List.of(), header);
    }

    /**
     * The report of {@code audit}, run on {@code cluster} with {@code exceptions} (the whole
     * exceptions file, matched or not), under {@code header}. No trend: see
     * {@link ComplianceReport#withTrend}.
     */
    public static ComplianceReport of(AuditReport audit, ClusterState cluster, List<FindingException> exceptions,
            ComplianceReport.Header header) {
        Map<String, String> titles = new HashMap<>();
        for (FindingRule rule : audit.rules()) {
            titles.put(rule.id(), rule.title());
        }
        List<ComplianceReport.FindingRow> findings = new ArrayList<>(audit.findings().size());
        for (AuditedFinding f : audit.findings()) {
            findings.add(row(f, titles));
        }
        List<ComplianceReport.FindingRow> permissive = findings.stream()
                .filter(f -> f.rule().startsWith(PERMISSIVE_PREFIX)).toList();
        return new ComplianceReport(header, summary(audit), findings, coverage(audit.coverage().namespaces()),
                coverage(audit.coverage().tenants()), tenantCells(audit), permissive, policies(cluster),
                exceptionRows(audit, exceptions, header), List.of(), justificationRows(audit, cluster));
    }

    /**
     * The justifications of the audit's settings with their state against {@code cluster}'s opening
     * rules; null when the audit did not require justifications (or its settings are unknown).
     */
    private static List<ComplianceReport.JustificationRow> justificationRows(AuditReport audit, ClusterState cluster) {
        if (!audit.settingsKnown() || !audit.settings().justifications().required()) {
            return null;
        }
        Map<String, OpeningRule> opening = new HashMap<>();
        for (OpeningRule rule : OpeningRule.of(cluster)) {
            opening.put(rule.location(), rule);
        }
        List<ComplianceReport.JustificationRow> out = new ArrayList<>();
        for (Justification j : audit.settings().justifications().entries()) {
            OpeningRule rule = opening.get(j.location());
            String state = rule == null ? "lapsed: no such opening rule"
                    : rule.sha256().equals(j.sha256()) ? ComplianceReport.JustificationRow.IN_FORCE
                    : "lapsed: the rule changed";
            int slash = j.policy().indexOf('/');
            String namespace = ClusterPolicyKind.isKind(j.policy().substring(0, slash)) ? null
                    : j.policy().substring(0, slash);
            out.add(new ComplianceReport.JustificationRow(namespace, j.policy(), j.rule(), j.text(), j.owner(),
                    j.approver(), j.approved(), j.sha256(), state, j.id()));
        }
        return out;
    }

    private static ComplianceReport.Summary summary(AuditReport audit) {
        List<ComplianceReport.SeverityCount> bySeverity = new ArrayList<>();
        long open = 0;
        long excepted = 0;
        for (Severity s : Severity.values()) {
            long o = 0;
            long e = 0;
            for (AuditedFinding f : audit.findings()) {
                if (f.finding().severity() == s) {
                    if (f.open()) {
                        o++;
                    } else {
                        e++;
                    }
                }
            }
            bySeverity.add(new ComplianceReport.SeverityCount(s, o, e));
            open += o;
            excepted += e;
        }
        long expired = audit.findings().stream()
                .filter(f -> f.status() == AuditedFinding.Status.EXCEPTION_EXPIRED).count();
        List<ComplianceReport.ControlRow> controls = new ArrayList<>();
        for (ControlResult c : audit.controls()) {
            controls.add(new ComplianceReport.ControlRow(c.control().title(), c.control().requirement(), c.passed(),
                    c.failing().size(), c.rules(), c.unmet() != null ? c.basis() + "; " + c.unmet() : c.basis()));
        }
        Score.Parts parts = audit.scoreVersion() == 1 ? null : Score.of(audit.coverage().cluster(),
                audit.findings().stream().filter(AuditedFinding::open).map(AuditedFinding::finding).toList());
        return new ComplianceReport.Summary(audit.score(), audit.scoreVersion(), Score.formula(audit.scoreVersion()),
                parts, coverage(audit.coverage().cluster()), bySeverity, open, excepted, expired, controls,
                lastReview(audit));
    }

    /** The last periodic review the audit's settings hold, when reviews are tracked; else null. */
    private static ComplianceReport.ReviewRow lastReview(AuditReport audit) {
        if (!audit.settingsKnown() || audit.settings().reviews() == null) {
            return null;
        }
        ReviewTracking tracked = audit.settings().reviews();
        ReviewTracking.Review r = tracked.last();
        boolean overdue = tracked.overdueOn(audit.settings().day());
        return r == null ? new ComplianceReport.ReviewRow(tracked.interval().toString(), null, null, null, null, null,
                null, overdue)
                : new ComplianceReport.ReviewRow(tracked.interval().toString(), r.id(), r.reviewer(), r.at(),
                        r.snapshotId(), r.outcome(), tracked.due(), overdue);
    }

    private static ComplianceReport.FindingRow row(AuditedFinding audited, Map<String, String> titles) {
        Finding f = audited.finding();
        FindingException e = audited.exception();
        return new ComplianceReport.FindingRow(f.rule(), titles.get(f.rule()), f.severity(), f.namespace(),
                f.subject(), f.policy(), audited.status().wireName(), f.detail(), e == null ? null : e.owner(),
                e == null ? null : e.expires(), e == null ? null : e.justification(), f.routine(),
                e == null ? null : source(e), audited.otherExceptions().isEmpty() ? null
                        : String.join("; ", audited.otherExceptions().stream().map(o -> source(o) + ", owner "
                                + o.owner() + ", until " + o.expires()).toList()));
    }

    /** {@code file}, or {@code service #12 approved by token:4:bob}. */
    static String source(FindingException e) {
        return e.managed() ? "service #" + e.approval().id() + " approved by " + e.approval().approvedBy() : "file";
    }

    private static List<ComplianceReport.CoverageRow> coverage(List<Coverage> rows) {
        return rows.stream().map(ComplianceReports::coverage).toList();
    }

    private static ComplianceReport.CoverageRow coverage(Coverage c) {
        return new ComplianceReport.CoverageRow(c.scope(), c.endpoints(), c.ingressIsolated(), c.egressIsolated(),
                c.bothIsolated());
    }

    /**
     * The tenant matrix. A cross-tenant cell that no NP-TEN-001 finding reports is one the
     * tenants file allows (the rule reports every other one), so the tenancy itself is not needed.
     */
    private static List<ComplianceReport.TenantCell> tenantCells(AuditReport audit) {
        // the reported destinations by source tenant: tenant pairs as records hash poorly
        // (names alike, "tenant-01" and "tenant-10"), and there are tenants² of them
        Map<String, Set<String>> reported = new HashMap<>();
        for (AuditedFinding f : audit.findings()) {
            if (f.finding().subject() instanceof FindingSubject.TenantPair pair) {
                reported.computeIfAbsent(pair.from(), from -> new HashSet<>()).add(pair.to());
            }
        }
        Map<PortSet, String> portsText = new HashMap<>(); // a few port sets, over many cells
        List<ComplianceReport.TenantCell> out = new ArrayList<>(audit.tenants().cells().size());
        for (TenantMatrix.Cell cell : audit.tenants().cells()) {
            String relation = !cell.crossTenant() ? "same tenant"
                    : reported.getOrDefault(cell.from(), Set.of()).contains(cell.to()) ? "finding" : "allowed";
            out.add(new ComplianceReport.TenantCell(cell.from(), cell.to(), relation, cell.endpointPairs(),
                    cell.namespacePairCount(), portsText.computeIfAbsent(cell.ports(), ComplianceReports::ports),
                    cell.exampleFrom(), cell.exampleTo(), sorted(cell.egressPolicies()),
                    sorted(cell.ingressPolicies())));
        }
        return out;
    }

    private static List<String> sorted(Set<String> policies) {
        return policies.isEmpty() ? List.of() : policies.stream().sorted().toList();
    }

    private static String ports(PortSet ports) {
        return ports.isAll() ? "all ports" : ports.toString();
    }

    /**
     * The NetworkPolicies by namespace and name, then the cluster-tier policies in the order they
     * are checked: the Admin tier's, then the Baseline tier's, each by priority, kind and name.
     */
    private static List<ComplianceReport.PolicyRow> policies(ClusterState cluster) {
        List<ComplianceReport.PolicyRow> out = new ArrayList<>();
        cluster.policies().stream()
                .sorted(Comparator.comparing(NetworkPolicy::namespace).thenComparing(NetworkPolicy::name))
                .map(p -> new ComplianceReport.PolicyRow(p.namespace(), p.name(),
                        p.policyTypes().stream().map(PolicyType::wireName).toList(),
                        p.effectiveTypes().stream().sorted().map(PolicyType::wireName).toList(),
                        selector(p.podSelector()), p.ingress().size(), p.egress().size(),
                        CanonicalJson.sha256(CanonicalJson.write(p.spec()))))
                .forEach(out::add);
        cluster.clusterPolicies().stream()
                .sorted(Comparator.comparing(ClusterPolicy::tier).thenComparing(ClusterPolicy.ORDER))
                .map(p -> new ComplianceReport.PolicyRow(null, p.name(), List.of(), List.of(), null,
                        p.ingress().size(), p.egress().size(), CanonicalJson.sha256(CanonicalJson.write(p.spec())),
                        p.kind().name(), p.tier().wireName(),
                        p.priority() == ClusterPolicy.NO_PRIORITY ? null : p.priority(), subject(p.subject())))
                .forEach(out::add);
        // the network plugins' policies: Calico's in the order of its walk (tiers, then policies by
        // order and '<name>/<namespace>/<kind>'), then Cilium's by kind, namespace and name
        List<String> walk = cluster.plugins().calico().walk().stream().map(CalicoTier::name).toList();
        cluster.plugins().calico().policies().stream()
                .sorted(Comparator.comparingInt((CalicoPolicy p) -> walk.indexOf(p.tier()))
                        .thenComparing(p -> p.order() == null ? Double.POSITIVE_INFINITY : p.order())
                        .thenComparing(p -> p.name() + "/" + (p.namespace() == null ? "" : p.namespace()) + "/"
                                + p.kind().calicoKind()))
                .map(p -> new ComplianceReport.PolicyRow(p.namespace(), p.name(),
                        p.types().stream().map(PolicyType::wireName).toList(),
                        p.effectiveTypes().stream().sorted().map(PolicyType::wireName).toList(), p.selector().print()
                                + (p.namespaceSelector() == null ? "" : " in namespaces: " + p.namespaceSelector().print()),
                        p.ingress().size(), p.egress().size(), CanonicalJson.sha256(CanonicalJson.write(p.spec())),
                        p.kind().outputKind(), "Tier/" + p.tier(), null, null, p.order()))
                .forEach(out::add);
        cluster.plugins().cilium().policies().stream()
                .sorted(Comparator.comparing(CiliumPolicy::id))
                .map(p -> new ComplianceReport.PolicyRow(p.namespace(), p.name(), List.of(), List.of(),
                        String.join("; ", p.rules().stream().map(r -> r.hostPolicy() ? "(nodes)"
                                : selector(r.endpointSelector().selector())).toList()),
                        p.rules().stream().mapToInt(r -> r.ingress().size() + r.ingressDeny().size()).sum(),
                        p.rules().stream().mapToInt(r -> r.egress().size() + r.egressDeny().size()).sum(),
                        CanonicalJson.sha256(CanonicalJson.write(p.spec())),
                        p.clusterwide() ? "CiliumClusterwideNetworkPolicy" : "CiliumNetworkPolicy", "Cilium", null,
                        p.enforced() ? null : "(refused by the agent: " + p.refusal() + ")", null))
                .forEach(out::add);
        return out;
    }

    /**
     * {@code namespaces: team=a}, {@code pods: app=web in namespaces: (all namespaces)}; a subject of
     * fields this version does not know selects nothing.
     */
    static String subject(TierSubject subject) {
        return switch (subject) {
            case TierSubject.Namespaces n -> "namespaces: " + namespaces(n.namespaceSelector());
            case TierSubject.Pods p -> "pods: " + selector(p.podSelector()) + " in namespaces: "
                    + (p.namespaceSelector() == null ? "(all namespaces)" : namespaces(p.namespaceSelector()));
            case TierSubject.Unknown u -> "(unknown fields: selects nothing)";
        };
    }

    private static String namespaces(LabelSelector selector) {
        return selector.isEmpty() ? "(all namespaces)" : selector(selector);
    }

    /** {@code app=web, tier in (a, b), debug exists}; the empty selector selects every pod of the namespace. */
    static String selector(LabelSelector selector) {
        if (selector.isEmpty()) {
            return "(all pods)";
        }
        List<String> parts = new ArrayList<>();
        selector.matchLabels().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> parts.add(e.getKey() + "=" + e.getValue()));
        for (SelectorRequirement r : selector.matchExpressions()) {
            parts.add(switch (r.operator()) {
                case In -> r.key() + " in (" + String.join(", ", r.values()) + ")";
                case NotIn -> r.key() + " notin (" + String.join(", ", r.values()) + ")";
                case Exists -> r.key() + " exists";
                case DoesNotExist -> r.key() + " does not exist";
            });
        }
        return String.join(", ", parts);
    }

    private static List<ComplianceReport.ExceptionRow> exceptionRows(AuditReport audit,
            List<FindingException> exceptions, ComplianceReport.Header header) {
        Map<FindingException, Long> matched = new HashMap<>();
        for (AuditedFinding f : audit.findings()) {
            if (f.exception() != null) {
                matched.merge(f.exception(), 1L, Long::sum);
            }
        }
        return exceptions.stream()
                .map(e -> new ComplianceReport.ExceptionRow(e.rule(), e.subjectPattern(), e.owner(), e.expires(),
                        e.expiredOn(header.auditDate()), matched.getOrDefault(e, 0L), e.justification(),
                        e.managed() ? source(e) + " on " + e.approval().approvedAt() + ", proposed by "
                                + e.approval().proposedBy() + (e.approval().ticket() == null ? ""
                                        : ", ticket " + e.approval().ticket())
                                + (e.approval().cluster() == null ? ", every cluster" : "") : "file"))
                .toList();
    }
}
