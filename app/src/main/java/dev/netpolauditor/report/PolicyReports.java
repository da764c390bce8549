package dev.netpolauditor.report;

import dev.netpolauditor.analysis.AuditedFinding;
import dev.netpolauditor.analysis.Finding;
import dev.netpolauditor.analysis.FindingRule;
import dev.netpolauditor.analysis.FindingRules;
import dev.netpolauditor.analysis.Severity;
import dev.netpolauditor.model.ClusterPolicyKind;
import dev.netpolauditor.model.WorkloadKind;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Findings as PolicyReports of the Policy Report API ({@code wgpolicyk8s.io/v1alpha2}, read by
 * Policy Reporter, Kyverno's UI and others): one {@code PolicyReport} named
 * {@value #NAME} per namespace and one {@code ClusterPolicyReport} for the findings without a
 * namespace (tenant pairs, the network plugin, cluster-tier policies).
 *
 * <p>Each finding is one result: {@code policy} its rule id, {@code result} {@code fail} for an
 * open high or medium finding, {@code warn} for an open low or info one, {@code skip} for one an
 * exception excepts (an expired exception excepts nothing); the finding identity (rule,
 * namespace, subject, policy) and its status are in {@code properties}, the object it is about
 * in {@code resources}. Each rule of the catalog that found nothing in a namespace (or, for the
 * rules about the whole cluster, in the cluster) is one {@code pass} result, so a report also
 * shows what was checked. netpol-auditor writes these documents; it never applies them to a
 * cluster ({@code kubectl apply -f} does).
 */
public final class PolicyReports {
    private PolicyReports() {}

    public static final String API_VERSION = "wgpolicyk8s.io/v1alpha2";
    public static final String NAME = "netpol-auditor";
    /** Rules whose findings are about the whole cluster, never a namespace: they pass or fail in the ClusterPolicyReport. */
    static final Set<String> CLUSTER_RULES = Set.of("NP-CNI-001", "NP-CNI-002", "NP-CNI-003", "NP-CNI-004",
            "NP-CNI-005", "NP-TEN-001", "NP-TIER-001");

    /** A finding and how it is reported. */
    public record Row(Finding finding, AuditedFinding.Status status) {}

    /**
     * The reports: the ClusterPolicyReport first, then a PolicyReport per namespace in name
     * order, for every namespace given and every namespace a finding names.
     */
    public static List<Map<String, Object>> of(List<Row> rows, List<String> namespaces, Instant at) {
        Map<String, List<Row>> byNamespace = new TreeMap<>();
        for (String ns : namespaces) {
            byNamespace.put(ns, new ArrayList<>());
        }
        List<Row> cluster = new ArrayList<>();
        for (Row row : rows) {
            String ns = row.finding().namespace();
            if (ns == null) {
                cluster.add(row);
            } else {
                byNamespace.computeIfAbsent(ns, k -> new ArrayList<>()).add(row);
            }
        }
        List<Map<String, Object>> reports = new ArrayList<>();
        reports.add(report(null, cluster, at));
        byNamespace.forEach((ns, found) -> reports.add(report(ns, found, at)));
        return reports;
    }

    /** The reports as a multi-document YAML stream, {@code kubectl apply -f}-able. */
    public static void writeYaml(List<Map<String, Object>> reports, Writer out) throws IOException {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndicatorIndent(0);
        options.setWidth(120);
        options.setExplicitStart(true);
        new Yaml(options).dumpAll(reports.iterator(), out);
    }

    /** The reports as one Kubernetes {@code List} ({@code kubectl apply -f} takes it too), for JSON. */
    public static Map<String, Object> list(List<Map<String, Object>> reports) {
        Map<String, Object> list = new LinkedHashMap<>();
        list.put("apiVersion", "v1");
        list.put("kind", "List");
        list.put("items", reports);
        return list;
    }

    private static Map<String, Object> report(String namespace, List<Row> rows, Instant at) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("apiVersion", API_VERSION);
        report.put("kind", namespace == null ? "ClusterPolicyReport" : "PolicyReport");
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", NAME);
        if (namespace != null) {
            metadata.put("namespace", namespace);
        }
        metadata.put("labels", Map.of("app.kubernetes.io/managed-by", NAME));
        report.put("metadata", metadata);
        List<Map<String, Object>> results = new ArrayList<>();
        Set<String> fired = new TreeSet<>();
        for (Row row : rows) {
            results.add(result(row, at));
            fired.add(row.finding().rule());
        }
        for (FindingRule rule : FindingRules.ALL) {
            boolean clusterRule = CLUSTER_RULES.contains(rule.id());
            if (clusterRule == (namespace == null) && !fired.contains(rule.id())) {
                results.add(pass(rule, namespace, at));
            }
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        for (String outcome : List.of("pass", "fail", "warn", "error", "skip")) {
            summary.put(outcome, results.stream().filter(r -> outcome.equals(r.get("result"))).count());
        }
        report.put("summary", summary);
        report.put("results", results);
        return report;
    }

    private static Map<String, Object> result(Row row, Instant at) {
        Finding f = row.finding();
        Map<String, Object> result = common(f.rule(), f.severity(), at);
        result.put("result", outcome(f.severity(), row.status()));
        result.put("message", f.detail());
        SarifReport.place(f).ifPresent(p -> result.put("resources", List.of(reference(p.kind(), p.namespace(),
                p.name()))));
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("rule", f.rule());
        if (f.namespace() != null) {
            properties.put("namespace", f.namespace());
        }
        properties.put("subject", f.subject().text());
        if (f.policy() != null) {
            properties.put("policy", f.policy());
        }
        properties.put("status", row.status().wireName());
        result.put("properties", properties);
        return result;
    }

    private static Map<String, Object> pass(FindingRule rule, String namespace, Instant at) {
        Map<String, Object> result = common(rule.id(), rule.severity(), at);
        result.put("result", "pass");
        result.put("message", "No finding: " + rule.title());
        if (namespace != null) {
            result.put("resources", List.of(reference("Namespace", null, namespace)));
        }
        return result;
    }

    private static Map<String, Object> common(String rule, Severity severity, Instant at) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("source", NAME);
        result.put("policy", rule);
        FindingRules.byId(rule).ifPresent(r -> result.put("rule", r.title()));
        result.put("category", category(rule));
        result.put("severity", severity.wireName());
        result.put("scored", true);
        Map<String, Object> timestamp = new LinkedHashMap<>();
        timestamp.put("seconds", at.getEpochSecond());
        timestamp.put("nanos", at.getNano());
        result.put("timestamp", timestamp);
        return result;
    }

    /** {@code fail} for open high/medium, {@code warn} for open low/info, {@code skip} for excepted. */
    static String outcome(Severity severity, AuditedFinding.Status status) {
        if (status == AuditedFinding.Status.EXCEPTED) {
            return "skip";
        }
        return severity == Severity.HIGH || severity == Severity.MEDIUM ? "fail" : "warn";
    }

    private static String category(String rule) {
        String family = rule.length() > 3 ? rule.substring(3, rule.lastIndexOf('-')) : rule;
        return switch (family) {
            case "COV" -> "Coverage";
            case "PERM" -> "Over-permissive rules";
            case "TEN" -> "Tenant isolation";
            case "CNI" -> "Enforcement";
            case "TIER" -> "Cluster-tier policies";
            case "JUST" -> "Justifications";
            default -> "Network policy";
        };
    }

    private static Map<String, Object> reference(String kind, String namespace, String name) {
        Map<String, Object> ref = new LinkedHashMap<>();
        ref.put("apiVersion", apiVersion(kind));
        ref.put("kind", kind);
        if (namespace != null) {
            ref.put("namespace", namespace);
        }
        ref.put("name", name);
        return ref;
    }

    private static String apiVersion(String kind) {
        for (ClusterPolicyKind k : ClusterPolicyKind.values()) {
            if (k.name().equals(kind)) {
                // as the manifest reader and the collector read them
                return k == ClusterPolicyKind.ClusterNetworkPolicy ? "policy.networking.k8s.io/v1alpha2"
                        : "policy.networking.k8s.io/v1alpha1";
            }
        }
        WorkloadKind workload = WorkloadKind.byName(kind);
        if (workload == WorkloadKind.Job || workload == WorkloadKind.CronJob) {
            return "batch/v1";
        }
        if (workload != null && workload != WorkloadKind.ReplicationController) {
            return "apps/v1";
        }
        return kind.equals("NetworkPolicy") ? "networking.k8s.io/v1" : "v1";
    }
}
