package dev.netpolauditor.report;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netpolauditor.analysis.AuditedFinding;
import dev.netpolauditor.analysis.Control;
import dev.netpolauditor.analysis.Finding;
import dev.netpolauditor.analysis.FindingException;
import dev.netpolauditor.analysis.FindingRule;
import dev.netpolauditor.analysis.FindingRules;
import dev.netpolauditor.analysis.FindingSubject;
import dev.netpolauditor.analysis.Severity;
import dev.netpolauditor.model.ClusterPolicyKind;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Findings as a SARIF 2.1.0 log for code-scanning tools (GitHub code scanning, GitLab, Azure
 * DevOps): one run of netpol-auditor, every rule of the catalog with its title, help and
 * controls (as tags), and one result per finding at the manifest line and column of the
 * policy, rule, peer or port entry it is about (or of the endpoint or namespace object).
 *
 * <p>Severity maps to SARIF levels {@code high → error}, {@code medium → warning},
 * {@code low}/{@code info → note}, and to GitHub's {@code security-severity} (8.0, 5.5, 3.0,
 * 1.0). An excepted finding carries an accepted external suppression with the exception's
 * justification. The finding identity (rule, namespace, subject, policy) is in the result's
 * properties and, hashed, in its partial fingerprint, so a finding keeps its alert when lines
 * move.
 */
public final class SarifReport {
    private SarifReport() {}

    public static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where a finding is written: a URI (relative to the repository, or file:) and a 1-based line and column. */
    public record Location(String uri, int line, int column) {}

    /**
     * What in the manifests a finding points at: an object by kind, namespace (null for
     * cluster-scoped kinds) and name, and the path of keys and indexes inside it (empty: the
     * object itself).
     */
    public record Place(String kind, String namespace, String name, List<Object> path) {}

    private static final Pattern STEP = Pattern.compile("([A-Za-z]+)(?:\\[(\\d+)])?");

    /**
     * The place a finding is about: its policy location ({@code prod/db ingress[0].from[1]} is
     * {@code spec.ingress[0].from[1]} of NetworkPolicy prod/db; {@code ClusterNetworkPolicy/x
     * egress[0].protocols[1]} likewise), else its policy, else its endpoint ({@code prod/web} a
     * Pod, {@code prod/web[Deployment]} a workload) or namespace. Empty for subjects that are
     * not written anywhere (tenant pairs, {@code cluster}).
     */
    public static Optional<Place> place(Finding finding) {
        return switch (finding.subject()) {
            case FindingSubject.PolicyLocation location -> Optional.of(policyPart(location));
            case FindingSubject.Policy policy -> Optional.of(policyObject(policy.id()));
            case FindingSubject.PolicyPair pair -> Optional.of(policyObject(pair.first()));
            case FindingSubject.Namespace ns -> Optional.of(new Place("Namespace", null, ns.name(), List.of()));
            case FindingSubject.Endpoint endpoint -> Optional.of(endpoint(endpoint.name()));
            // a tenant pair, the cluster, a plugin's tier, API group or setting: written nowhere
            case FindingSubject.TenantPair p -> Optional.empty();
            case FindingSubject.Cluster c -> Optional.empty();
            case FindingSubject.Tier t -> Optional.empty();
            case FindingSubject.TierPair t -> Optional.empty();
            case FindingSubject.ApiGroup g -> Optional.empty();
            case FindingSubject.Setting setting -> Optional.empty();
        };
    }

    /** {@code prod/db ingress[0].from[1]}: {@code spec.ingress[0].from[1]} of NetworkPolicy prod/db. */
    private static Place policyPart(FindingSubject.PolicyLocation location) {
        Place object = policyObject(location.policy());
        if (location.part().isEmpty()) {
            return object;
        }
        List<Object> path = new ArrayList<>(List.of("spec"));
        for (String step : location.part().split("\\.")) {
            Matcher m = STEP.matcher(step);
            if (!m.matches()) {
                return object;
            }
            path.add(m.group(1));
            if (m.group(2) != null) {
                path.add(Integer.parseInt(m.group(2)));
            }
        }
        return new Place(object.kind(), object.namespace(), object.name(), path);
    }

    /** {@code prod/web} a Pod, {@code prod/web[Deployment]} a workload. */
    private static Place endpoint(String name) {
        int slash = name.indexOf('/');
        String namespace = name.substring(0, Math.max(slash, 0));
        String local = name.substring(slash + 1);
        int bracket = local.indexOf('[');
        if (bracket > 0 && local.endsWith("]")) {
            return new Place(local.substring(bracket + 1, local.length() - 1), namespace, local.substring(0, bracket),
                    List.of());
        }
        return new Place("Pod", namespace, local, List.of());
    }

    private static Place policyObject(String policy) {
        int slash = policy.indexOf('/');
        String prefix = policy.substring(0, Math.max(slash, 0));
        for (ClusterPolicyKind kind : ClusterPolicyKind.values()) {
            if (kind.name().equals(prefix)) {
                return new Place(prefix, null, policy.substring(slash + 1), List.of());
            }
        }
        return new Place("NetworkPolicy", prefix, policy.substring(slash + 1), List.of());
    }

    /**
     * Writes the log: {@code findings} in their order, each located by {@code locate} (empty:
     * a result without a physical location, named by its subject only).
     */
    public static void write(List<AuditedFinding> findings, Function<Finding, Optional<Location>> locate,
            String toolVersion, Writer out) throws IOException {
        ObjectNode log = JSON.createObjectNode();
        log.put("$schema", SCHEMA);
        log.put("version", "2.1.0");
        ObjectNode run = log.putArray("runs").addObject();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", "netpol-auditor");
        driver.put("version", toolVersion);
        ArrayNode rules = driver.putArray("rules");
        // the opt-in rules (NP-JUST-001) where they found something: every result names a listed rule
        List<FindingRule> catalog = FindingRules.CATALOG.stream().filter(r -> FindingRules.ALL.contains(r)
                || findings.stream().anyMatch(f -> f.finding().rule().equals(r.id()))).toList();
        for (FindingRule rule : catalog) {
            rules.add(rule(rule));
        }
        ArrayNode results = run.putArray("results");
        for (AuditedFinding audited : findings) {
            results.add(result(audited, catalog, locate.apply(audited.finding())));
        }
        run.put("columnKind", "unicodeCodePoints");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"));
        out.write(JSON.writer(printer).writeValueAsString(log));
        out.write('\n');
    }

    private static ObjectNode rule(FindingRule rule) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", rule.id());
        node.put("name", rule.id().replace("-", ""));
        node.putObject("shortDescription").put("text", rule.title());
        String fix = RuleHelp.fix(rule.id());
        StringBuilder text = new StringBuilder(rule.title());
        StringBuilder markdown = new StringBuilder("**").append(rule.id()).append("** (").append(
                rule.severity().wireName()).append("): ").append(rule.title());
        if (fix != null) {
            text.append(" ").append(fix);
            markdown.append("\n\n").append(fix);
        }
        if (!rule.controls().isEmpty()) {
            String controls = String.join(", ", rule.controls().stream().map(Control::title).toList());
            text.append(" Evidence for: ").append(controls).append('.');
            markdown.append("\n\nEvidence for: ").append(controls).append('.');
        }
        node.putObject("fullDescription").put("text", rule.title());
        node.putObject("help").put("text", text.toString()).put("markdown", markdown.toString());
        node.putObject("defaultConfiguration").put("level", level(rule.severity()));
        ObjectNode properties = node.putObject("properties");
        ArrayNode tags = properties.putArray("tags");
        tags.add("security");
        tags.add("kubernetes");
        tags.add("network-policy");
        for (Control c : rule.controls()) {
            tags.add(c.title());
        }
        properties.put("security-severity", securitySeverity(rule.severity()));
        properties.put("precision", "very-high");
        return node;
    }

    private static ObjectNode result(AuditedFinding audited, List<FindingRule> catalog, Optional<Location> at) {
        Finding f = audited.finding();
        ObjectNode node = JSON.createObjectNode();
        node.put("ruleId", f.rule());
        int index = indexOf(catalog, f.rule());
        if (index >= 0) {
            node.put("ruleIndex", index);
        }
        node.put("level", level(f.severity()));
        node.putObject("message").put("text", f.detail());
        ObjectNode location = node.putArray("locations").addObject();
        at.ifPresent(l -> {
            ObjectNode physical = location.putObject("physicalLocation");
            physical.putObject("artifactLocation").put("uri", l.uri());
            physical.putObject("region").put("startLine", l.line()).put("startColumn", l.column());
        });
        location.putArray("logicalLocations").addObject()
                .put("fullyQualifiedName", f.subject().text())
                .put("kind", "resource");
        node.putObject("partialFingerprints").put("netpolAuditorFinding/v1", fingerprint(f));
        FindingException exception = audited.exception();
        if (audited.status() == AuditedFinding.Status.EXCEPTED && exception != null) {
            node.putArray("suppressions").addObject()
                    .put("kind", "external")
                    .put("status", "accepted")
                    .put("justification", exception.justification() + " (owner " + exception.owner() + ", until "
                            + exception.expires() + ")");
        }
        ObjectNode properties = node.putObject("properties");
        properties.put("severity", f.severity().wireName());
        properties.put("namespace", f.namespace());
        properties.put("subject", f.subject().text());
        properties.put("policy", f.policy());
        properties.put("status", audited.status().wireName());
        return node;
    }

    private static int indexOf(List<FindingRule> catalog, String id) {
        for (int i = 0; i < catalog.size(); i++) {
            if (catalog.get(i).id().equals(id)) {
                return i;
            }
        }
        return -1;
    }

    static String level(Severity severity) {
        return switch (severity) {
            case HIGH -> "error";
            case MEDIUM -> "warning";
            case LOW, INFO -> "note";
        };
    }

    private static String securitySeverity(Severity severity) {
        return switch (severity) {
            case HIGH -> "8.0";
            case MEDIUM -> "5.5";
            case LOW -> "3.0";
            case INFO -> "1.0";
        };
    }

    /** SHA-256 of the finding identity: stable while the finding is the same finding. */
    private static String fingerprint(Finding f) {
        String identity = f.rule() + "\n" + f.namespace() + "\n" + f.subject().text() + "\n" + f.policy();
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(identity.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
