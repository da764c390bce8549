package dev.netpolauditor.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netpolauditor.analysis.AnalysisSettings;
import dev.netpolauditor.analysis.AuditedFinding;
import dev.netpolauditor.analysis.Finding;
import dev.netpolauditor.analysis.FindingException;
import dev.netpolauditor.analysis.Justifications;
import dev.netpolauditor.analysis.Severity;
import dev.netpolauditor.analysis.Tenancy;
import dev.netpolauditor.analysis.diff.Cause;
import dev.netpolauditor.analysis.diff.ConnectivityChange;
import dev.netpolauditor.analysis.diff.DiffReport;
import dev.netpolauditor.analysis.diff.FindingChange;
import dev.netpolauditor.analysis.diff.FlowSummary;
import dev.netpolauditor.analysis.diff.NamespaceRelabel;
import dev.netpolauditor.analysis.diff.ObjectChange;
import dev.netpolauditor.analysis.diff.Side;
import dev.netpolauditor.analysis.diff.SnapshotDiff;
import dev.netpolauditor.engine.Endpoint;
import dev.netpolauditor.engine.RuleRef;
import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.model.NetworkPlugin;
import dev.netpolauditor.report.ChangeReport;
import dev.netpolauditor.report.ChangeReports;
import dev.netpolauditor.report.DiffJson;
import dev.netpolauditor.report.ReportTemplates;
import dev.netpolauditor.report.SarifReport;
import dev.netpolauditor.report.xlsx.ChangeXlsxReport;
import dev.netpolauditor.service.EngineVersion;
import dev.netpolauditor.snapshot.ExceptionsFile;
import dev.netpolauditor.snapshot.JustificationsFile;
import dev.netpolauditor.snapshot.ManifestException;
import dev.netpolauditor.snapshot.ManifestReader;
import dev.netpolauditor.snapshot.TenantsFile;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;

/** {@code diff}: what changed between two manifest directories, as JSON Lines or text. */
@CommandLine.Command(name = "diff", mixinStandardHelpOptions = true,
        description = {
            "Compare two states (two manifest directories, or a directory and the live cluster with --to-cluster): objects that changed in a way that matters, "
                    + "flows whose allowed ports changed, findings that are new, resolved or incomparable.",
            "JSON Lines (default), one change per line, sections in this order, each sorted by its keys:",
            "  {\"section\":\"object\",\"change\":\"changed\",\"kind\":\"NetworkPolicy\",",
            "   \"namespace\":\"prod\",\"name\":\"db-policy\",\"detail\":\"...\"}",
            "  {\"section\":\"connectivity\",\"change\":\"changed\",\"from\":\"prod/api\",",
            "   \"to\":\"prod/db\",\"before\":\"TCP:1-65535\",\"after\":\"TCP:3306\"}",
            "  {\"section\":\"finding\",\"change\":\"resolved\",\"rule\":\"NP-COV-001\",",
            "   \"severity\":\"high\",\"namespace\":\"prod\",\"subject\":\"prod/db\",\"policy\":null}",
            "object: added | removed | changed. What counts: a NetworkPolicy's spec (as data), Namespace labels, "
                    + "Pod labels, workload template labels, container ports, hostNetwork, whether a Pod is "
                    + "terminated, DaemonSet images; not uid, resourceVersion, timestamps, annotations, status.",
            "connectivity: added (before null) | removed (after null) | changed; before/after are the "
                    + "canonical port sets of 'connectivity'.",
            "finding: new (to side only) | resolved (from side only, its subject still exists) | "
                    + "incomparable (from side only, its endpoint, namespace, policy or tenant is gone).",
            "Identical inputs print nothing (--format text: 'No changes.'). --format text prints a summary "
                    + "with counts, grouped by section: under each connectivity change the object changes that "
                    + "caused it, a relabelled namespace with the rules whose peers it changes, and the flow "
                    + "changes counted per namespace pair and per tenant pair.",
            "--with-causes adds to each connectivity line, after \"after\", the array",
            "  \"causes\":[{\"kind\":\"rule_added\",\"objectKind\":\"NetworkPolicy\",\"namespace\":\"prod\",",
            "   \"name\":\"db-policy\",\"rule\":\"prod/db-policy ingress[1]\",\"text\":\"...\"}]",
            "kind: endpoint_added | endpoint_removed | policy_added | policy_removed | policy_selection | "
                    + "rule_added | rule_removed | rule_changed | pod_labels | namespace_labels | named_port | "
                    + "unattributed; objectKind, namespace, name and rule are null where they do not apply.",
            "With --exceptions, a finding line an exception of its side matches has two more keys, as in "
                    + "audit: \"status\" (excepted or exception_expired) and \"exception\".",
            "With --justifications (the file of audit --help), NP-JUST-001 is judged on both sides: a rule "
                    + "changed after its approval is a new NP-JUST-001 finding, a rule justified since a "
                    + "resolved one.",
            "--format xlsx writes the change report as a spreadsheet to --output FILE (required): a summary "
                    + "with the counts and both sides' scores, then the connectivity changes with their causes, "
                    + "the object changes, the flows per namespace and tenant pair and the finding changes. "
                    + "--templates DIR changes its texts and colours, as for audit; SOURCE_DATE_EPOCH fixes its "
                    + "generation time.",
            "--format sarif prints the findings the change brings (new on the --to side) as a SARIF 2.1.0 log, "
                    + "located in the --to manifests as audit --format sarif does: what a pull request's code "
                    + "scanning should annotate."
        },
        footer = {"", "Example:",
            "  netpol-auditor diff --from snapshots/monday --to snapshots/tuesday \\",
            "      --external-ip 203.0.113.9 --tenant-label team --format text",
            "  netpol-auditor diff --from k8s/ --to-cluster --context prod   # Git against what runs",
            "", "CI gate on a pull request (the base branch's manifests against the branch's):",
            "  netpol-auditor diff --from base/k8s --to k8s --fail-on high --fail-on-new-flows tenant",
            "", "Exit status: 0 with or without changes (unless a gate fails), 2 invalid input on either side (one "
                    + "line on stderr naming the side and the file; the from side's when both are invalid), 3 a "
                    + "--fail-on or --fail-on-new-flows gate failed (the output is complete; stderr says what "
                    + "failed it)."})
final class DiffCommand implements Callable<Integer> {

    private static final List<String> FORMATS = List.of("jsonl", "text", "xlsx", "sarif");

    @CommandLine.Option(names = "--from", required = true, paramLabel = "DIR",
            description = "Directory of manifests of the earlier state (as --manifests of the other commands).")
    Path from;

    @CommandLine.Option(names = "--to", paramLabel = "DIR",
            description = "Directory of manifests of the later state (or --to-cluster).")
    Path to;

    @CommandLine.Option(names = "--to-cluster",
            description = "The later state is what runs in the live cluster of --kubeconfig [FILE] / --context "
                    + "NAME (default: the current context of $KUBECONFIG or ~/.kube/config): compare a Git "
                    + "checkout (--from) with the cluster.")
    boolean toCluster;

    @CommandLine.Mixin
    ClusterInput cluster;

    @CommandLine.Mixin
    NetworkPluginOption networkPlugins;

    @CommandLine.Option(names = "--external-ip", paramLabel = "IP",
            description = "An IP address outside the cluster to include as endpoint ip:IP on both sides "
                    + "(repeatable; IPv4 or IPv6).")
    List<String> externalIps = new ArrayList<>();

    @CommandLine.Option(names = "--tenant-label", paramLabel = "KEY", defaultValue = TenantsFile.DEFAULT_LABEL,
            description = "Namespace label whose value names the namespace's tenant (default: ${DEFAULT-VALUE}).")
    String tenantLabel;

    @CommandLine.Option(names = "--tenants", paramLabel = "FILE",
            description = "YAML tenants file, as for audit (its 'label' overrides --tenant-label); both sides.")
    Path tenantsFile;

    @CommandLine.Option(names = "--exceptions", paramLabel = "FILE",
            description = "YAML exceptions file, as for audit: finding changes it matches are marked, not hidden.")
    Path exceptionsFile;

    @CommandLine.Option(names = "--justifications", paramLabel = "FILE",
            description = "YAML justifications file, as for audit: turns on NP-JUST-001 on both sides, so a rule "
                    + "changed after its approval shows as a new finding.")
    Path justificationsFile;

    @CommandLine.Option(names = "--today", paramLabel = "YYYY-MM-DD",
            description = "The date exception expiry is judged against (default: today's date).")
    String today;

    @CommandLine.Option(names = "--with-causes",
            description = "jsonl: add the \"causes\" array to each connectivity line (--format text always "
                    + "shows them).")
    boolean withCauses;

    @CommandLine.Option(names = "--format", paramLabel = "FORMAT", defaultValue = "jsonl",
            description = "jsonl (default), text, xlsx (needs --output) or sarif (the new findings).")
    String format;

    @CommandLine.Option(names = "--templates", paramLabel = "DIR",
            description = "Directory with report.yaml overriding the bundled report templates key by key "
                    + "(--format xlsx; see reports/templates/README.md).")
    Path templatesDir;

    @CommandLine.Option(names = "--fail-on", paramLabel = "SEVERITY",
            description = "CI gate: exit with status 3 when the change brings a new finding (on the --to side only, "
                    + "not excepted there) of this severity or higher: high, medium, low or info.")
    String failOn;

    @CommandLine.Option(names = "--fail-on-new-flows", paramLabel = "BOUNDARY", split = ",",
            description = "CI gate: exit with status 3 when the change newly allows a flow (a pair added, or new "
                    + "ports on a pair) across this boundary: tenant (between namespaces of different tenants, "
                    + "as --tenant-label or --tenants say; not a pair the tenants file allows), namespace "
                    + "(between two namespaces), external (to or from an --external-ip address, which it needs). "
                    + "Repeatable or comma-separated.")
    List<String> failOnNewFlows = new ArrayList<>();

    @CommandLine.Mixin
    OutputTarget output;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<Endpoint.Ip> ips;
        ClusterState before;
        ClusterState after;
        Tenancy tenancy;
        List<FindingException> exceptions;
        Justifications justifications;
        LocalDate date;
        ReportTemplates templates = null;
        Instant generated = null;
        Severity severityGate = null;
        Set<Gates.Boundary> flowGate;
        Function<Finding, Optional<SarifReport.Location>> locate = null;
        try {
            FormatOption.require(format, FORMATS);
            if (failOn != null) {
                severityGate = Gates.severity("--fail-on", failOn);
            }
            flowGate = Gates.boundaries(failOnNewFlows);
            if (flowGate.contains(Gates.Boundary.EXTERNAL) && externalIps.isEmpty()) {
                throw new InvalidInput("--fail-on-new-flows external: give the outside addresses to watch with "
                        + "--external-ip IP (e.g. --external-ip 203.0.113.7 for the internet)");
            }
            if (format.equals("xlsx")) {
                if (output.file == null) {
                    throw new InvalidInput("--format xlsx writes a binary spreadsheet: give the file with --output FILE");
                }
                templates = ReportTemplates.load(templatesDir);
                generated = AuditCommand.generatedAt();
            } else if (templatesDir != null) {
                throw new InvalidInput("--templates " + templatesDir + ": only --format xlsx uses report templates");
            }
            ips = ConnectivityCommand.parseIps(externalIps);
            date = TodayOption.parse(today);
            if (cluster.given() && !toCluster) {
                throw new InvalidInput("--kubeconfig/--context name the cluster of --to-cluster; add --to-cluster");
            }
            if (toCluster == (to != null)) {
                throw new InvalidInput(toCluster ? "--to and --to-cluster: give one later state"
                        : "no later state: give --to DIR, or --to-cluster to compare with a live cluster");
            }
            Set<NetworkPlugin> plugins = networkPlugins.plugins();
            before = read("--from", from, plugins);
            after = toCluster ? cluster.read(spec.commandLine().getErr()).state() : read("--to", to, plugins);
            tenancy = tenantsFile == null ? Tenancy.byLabel(tenantLabel) : TenantsFile.read(tenantsFile, tenantLabel);
            exceptions = exceptionsFile == null ? List.of() : ExceptionsFile.read(exceptionsFile);
            justifications = justificationsFile == null ? Justifications.OFF
                    : Justifications.required(JustificationsFile.read(justificationsFile));
            if (format.equals("sarif")) {
                locate = SarifOutput.locator(toCluster ? null : to);
            }
        } catch (InvalidInput | ManifestException | ReportTemplates.TemplateException e) {
            spec.commandLine().getErr().println("netpol-auditor diff: " + e.getMessage());
            return Cli.INVALID_INPUT;
        }
        NetworkPluginOption.warn(spec.commandLine().getErr(), "diff", "--from: ", before);
        NetworkPluginOption.warn(spec.commandLine().getErr(), "diff", toCluster ? "the cluster: " : "--to: ", after);
        AnalysisSettings settings = new AnalysisSettings(tenancy, exceptions, date, justifications);
        Side fromSide = Side.of(before, ips, settings);
        Side toSide = Side.of(after, ips, settings);
        DiffReport report = SnapshotDiff.between(fromSide, toSide);
        if (format.equals("xlsx")) {
            String later = toCluster ? "the cluster" : to.toString();
            ChangeReport change = ChangeReports.of(fromSide, toSide, report, new ChangeReport.Header(
                    later, new ChangeReport.State(null, "manifests " + from, null),
                    new ChangeReport.State(null, (toCluster ? "" : "manifests ") + later, null), generated,
                    EngineVersion.current(), null));
            ReportTemplates chosen = templates;
            output.writeBinary(out -> ChangeXlsxReport.write(change, chosen, out));
        } else if (format.equals("text")) {
            output.write(spec, writer -> text(report, writer));
        } else if (format.equals("sarif")) {
            List<AuditedFinding> brought = report.findings().stream()
                    .filter(c -> c.change() == FindingChange.Change.NEW)
                    .map(c -> new AuditedFinding(new Finding(c.rule(), c.severity(), c.namespace(), c.subject(),
                            c.policy(), c.detail()), c.status() == null ? AuditedFinding.Status.OPEN : c.status(), c.exception()))
                    .toList();
            Function<Finding, Optional<SarifReport.Location>> located = locate;
            output.write(spec, writer -> SarifOutput.write(brought, located, writer));
        } else {
            output.write(spec, writer -> jsonl(report, writer, withCauses));
        }
        return gate(report, toSide, severityGate, flowGate);
    }

    /** The gates: 3 and one stderr line per failed gate, else 0. */
    private int gate(DiffReport report, Side toSide, Severity severityGate, Set<Gates.Boundary> flowGate) {
        boolean failed = false;
        if (severityGate != null) {
            List<FindingChange> brought = Gates.newAtOrAbove(report, severityGate);
            if (!brought.isEmpty()) {
                Gates.report(spec.commandLine().getErr(), "diff", brought.size() + " new finding(s) of severity "
                        + severityGate.wireName() + " or higher: " + Gates.list(brought.stream()
                                .map(c -> c.severity().wireName() + " " + c.rule() + " " + c.subject().text()).toList()));
                failed = true;
            }
        }
        if (!flowGate.isEmpty()) {
            Map<ConnectivityChange, Gates.Boundary> flows = Gates.newFlowsAcross(report, toSide, flowGate);
            if (!flows.isEmpty()) {
                List<String> named = new ArrayList<>();
                flows.forEach((c, b) -> named.add(c.from() + " -> " + c.to() + " (" + b.wireName() + ", now "
                        + c.after() + ")"));
                Gates.report(spec.commandLine().getErr(), "diff", flows.size() + " newly allowed flow(s) across "
                        + String.join(" or ", flowGate.stream().map(Gates.Boundary::wireName).toList())
                        + " boundaries: " + Gates.list(named));
                failed = true;
            }
        }
        return failed ? Gates.GATE_FAILED : 0;
    }

    private static ClusterState read(String option, Path dir, Set<NetworkPlugin> plugins) throws InvalidInput {
        if (!Files.isDirectory(dir)) {
            throw new InvalidInput(option + " " + dir + ": not a directory (" + option + " takes a directory of manifests)");
        }
        try {
            return ManifestReader.read(dir, plugins);
        } catch (ManifestException e) {
            throw new InvalidInput(option + " " + dir + ": " + e.getMessage());
        }
    }

    /** The contract's JSON Lines: each line is the API's JSON of one change with its section first. */
    static void jsonl(DiffReport report, Writer writer, boolean withCauses) throws IOException {
        for (ObjectChange c : report.objects()) {
            line(writer, "object", DiffJson.object(c));
        }
        for (ConnectivityChange c : report.connectivity()) {
            line(writer, "connectivity", DiffJson.connectivity(c, withCauses));
        }
        for (FindingChange c : report.findings()) {
            line(writer, "finding", DiffJson.finding(c));
        }
    }

    /** A summary for people: counts, then each section with one line per change. */
    static void text(DiffReport report, Writer writer) throws IOException {
        if (report.isEmpty()) {
            writer.write("No changes.\n");
            return;
        }
        writer.write("Changes: " + report.objects().size() + " object(s), " + report.connectivity().size()
                + " connectivity, " + report.findings().size() + " finding(s)\n");
        if (!report.objects().isEmpty()) {
            writer.write("\nObjects (" + counts(List.of("added", "removed", "changed"),
                    report.objects().stream().map(c -> c.change().wireName()).toList())
                    + ")\n");
            Map<String, NamespaceRelabel> relabelled = new HashMap<>();
            report.relabelled().forEach(r -> relabelled.put(r.namespace(), r));
            for (ObjectChange c : report.objects()) {
                NamespaceRelabel r = c.kind().equals("Namespace") ? relabelled.get(c.name()) : null;
                String peers = r == null || r.peersOf().isEmpty() ? ""
                        : " (changes the peers of: " + String.join(", ",
                                r.peersOf().stream().map(RuleRef::toString).map(x -> "policy " + x).toList()) + ")";
                writer.write("  " + pad(c.change().wireName(), 8) + " " + c.detail() + peers + "\n");
            }
        }
        if (!report.connectivity().isEmpty()) {
            writer.write("\nConnectivity (" + counts(List.of("added", "removed", "changed"),
                    report.connectivity().stream().map(c -> c.change().wireName()).toList()) + ")\n");
            for (ConnectivityChange c : report.connectivity()) {
                String ports = switch (c.change()) {
                    case ADDED -> "now " + c.after();
                    case REMOVED -> "was " + c.before();
                    case CHANGED -> c.before() + " -> " + c.after();
                };
                writer.write("  " + pad(c.change().wireName(), 8) + " " + c.from() + " -> " + c.to() + ": " + ports
                        + "\n");
                for (Cause cause : c.causes()) {
                    writer.write("      because " + cause.text() + "\n");
                }
            }
            summaries(writer, "namespace", report.namespacePairs());
            summaries(writer, "tenant", report.tenantPairs());
        }
        if (!report.findings().isEmpty()) {
            writer.write("\nFindings (" + counts(List.of("new", "resolved", "incomparable"),
                    report.findings().stream().map(c -> c.change().wireName()).toList())
                    + ")\n");
            for (FindingChange c : report.findings()) {
                writer.write("  " + pad(c.change().wireName(), 12) + " " + pad(c.severity().wireName(), 6) + " "
                        + c.rule() + " " + c.subject().text() + "\n");
                if (c.detail() != null && !c.detail().isEmpty()) {
                    writer.write("      " + c.detail() + "\n");
                }
                FindingException e = c.exception();
                if (e != null) {
                    writer.write("      " + c.status().wireName().replace('_', ' ') + ": " + e.owner() + ", until "
                            + e.expires() + ": " + e.justification() + "\n");
                }
            }
        }
    }

    /** Flow changes per namespace or tenant pair: {@code ops -> shop: 1 newly allowed, 1 no longer allowed}. */
    private static void summaries(Writer writer, String level, List<FlowSummary> pairs) throws IOException {
        if (pairs.isEmpty()) {
            return;
        }
        writer.write("\nFlows by " + level + " pair (" + pairs.size() + ")\n");
        for (FlowSummary p : pairs) {
            List<String> parts = new ArrayList<>();
            if (p.added() > 0) {
                parts.add(p.added() + " newly allowed");
            }
            if (p.removed() > 0) {
                parts.add(p.removed() + " no longer allowed");
            }
            if (p.changed() > 0) {
                parts.add(p.changed() + " changed");
            }
            writer.write("  " + p.from() + " -> " + p.to() + ": " + String.join(", ", parts) + "\n");
        }
    }

    /** {@code 2 added, 1 changed}: the vocabulary in its order, kinds that occur only. */
    private static String counts(List<String> vocabulary, List<String> changes) {
        List<String> parts = new ArrayList<>();
        for (String word : vocabulary) {
            long n = changes.stream().filter(word::equals).count();
            if (n > 0) {
                parts.add(n + " " + word);
            }
        }
        return String.join(", ", parts);
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    private static final ObjectMapper JSONL = new ObjectMapper();

    private static void line(Writer writer, String section, ObjectNode change) throws IOException {
        ObjectNode line = JSONL.createObjectNode().put("section", section);
        line.setAll(change);
        writer.write(JSONL.writeValueAsString(line));
        writer.write('\n');
    }
}
