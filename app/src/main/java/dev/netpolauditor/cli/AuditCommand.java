package dev.netpolauditor.cli;

import dev.netpolauditor.analysis.AnalysisSettings;
import dev.netpolauditor.analysis.Audit;
import dev.netpolauditor.analysis.AuditReport;
import dev.netpolauditor.analysis.AuditedFinding;
import dev.netpolauditor.analysis.Finding;
import dev.netpolauditor.analysis.FindingException;
import dev.netpolauditor.analysis.Justifications;
import dev.netpolauditor.analysis.Severity;
import dev.netpolauditor.analysis.Tenancy;
import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.model.Namespace;
import dev.netpolauditor.report.AuditText;
import dev.netpolauditor.report.ComplianceReport;
import dev.netpolauditor.report.ComplianceReports;
import dev.netpolauditor.report.CsvReport;
import dev.netpolauditor.report.GenerationTime;
import dev.netpolauditor.report.JsonReport;
import dev.netpolauditor.report.PolicyReports;
import dev.netpolauditor.report.ReportTemplates;
import dev.netpolauditor.report.SarifReport;
import dev.netpolauditor.report.xlsx.XlsxReport;
import dev.netpolauditor.service.EngineVersion;
import dev.netpolauditor.snapshot.ExceptionsFile;
import dev.netpolauditor.snapshot.JustificationsFile;
import dev.netpolauditor.snapshot.ManifestException;
import dev.netpolauditor.snapshot.TenantsFile;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;

/** {@code audit}: the findings of the catalog, as JSON Lines or as text for people. */
@CommandLine.Command(name = "audit", mixinStandardHelpOptions = true,
        description = {
            "Audit the NetworkPolicies of a manifest directory (or of a live cluster: --kubeconfig, --context): endpoints no policy protects, over-permissive "
                    + "rules, tenants that can reach each other, a network plugin that does not enforce policies.",
            "JSON Lines (default), one finding per line, sorted by rule, namespace, subject:",
            "  {\"rule\":\"NP-COV-001\",\"severity\":\"high\",\"namespace\":\"prod\",\"subject\":\"prod/web\","
                    + "\"policy\":null,\"detail\":\"...\"}",
            "A finding that an exception matches has two more keys after detail:",
            "  \"status\":\"excepted\" (or \"exception_expired\"),",
            "  \"exception\":{\"owner\":...,\"justification\":...,\"expires\":\"YYYY-MM-DD\"}",
            "--format text prints a report for people: summary and score, controls, findings by severity, "
                    + "coverage by namespace and tenant, the tenant matrix.",
            "--format xlsx writes the compliance report as a spreadsheet to --output FILE (required): a summary "
                    + "with score and controls, then sheets of findings, over-permissive rules, coverage by "
                    + "namespace and tenant, the tenant matrix, the policies (with the SHA-256 of each spec) and "
                    + "the exceptions. --templates DIR changes its texts, colours and branding.",
            "--format csv prints the findings as CSV (RFC 4180, a header row); --format json prints the whole "
                    + "report (the spreadsheet's content) as one JSON document.",
            "--format sarif prints a SARIF 2.1.0 log for code scanning (GitHub, GitLab): every rule with its help "
                    + "and controls, one result per finding at the file, line and column of the policy, rule, peer "
                    + "or port entry (or endpoint, or namespace) it is about; excepted findings are suppressed "
                    + "results. File paths are --manifests as given joined with the file's path inside it.",
            "--format policyreport prints PolicyReports (wgpolicyk8s.io/v1alpha2) as YAML, ready for kubectl "
                    + "apply: one per namespace and a ClusterPolicyReport for findings without a namespace; each "
                    + "finding a result (fail: open high or medium, warn: open low or info, skip: excepted) with "
                    + "its identity in properties, and a pass for each rule that found nothing there. "
                    + "netpol-auditor never writes them to a cluster itself."
        },
        footer = {"", "Tenants file (--tenants), every key optional:",
            "  label: tenant                # overrides --tenant-label",
            "  tenants:                     # explicit assignments, win over the label",
            "    retail: [shop-a, shop-b]",
            "    finance: [ledger]",
            "    payments: []               # namespaces from the label only",
            "  shared: [kube-system]        # reachable by every tenant, part of none",
            "  allowed:                     # intended flows, no NP-TEN-001 for them;",
            "    - {from: retail, to: finance}   # tenants declared under 'tenants'",
            "Exceptions file (--exceptions), every key required:",
            "  exceptions:",
            "    - rule: NP-COV-002",
            "      subject: \"kube-system/*\" # * matches any run of characters",
            "      justification: DNS must reach the upstream resolvers.",
            "      owner: platform-team",
            "      expires: 2027-03-31      # excepted through this day",
            "Justifications file (--justifications), every key required; giving it turns on NP-JUST-001:",
            "every opening rule (one admitting connections beyond its namespace: no peers, a",
            "namespaceSelector or ipBlock peer; a cluster-tier Accept rule with a namespaces, pods or",
            "networks peer) needs a justification whose sha256 is the rule's current content hash",
            "(RFC 8785 canonical JSON of the rule as written; the NP-JUST-001 finding names it):",
            "  justifications:",
            "    - policy: prod/db-from-api-and-backup   # or ClusterNetworkPolicy/<name>",
            "      rule: ingress[0]",
            "      sha256: 0c5ba9...        # 64 hex digits: the rule as approved",
            "      text: The backup server restores the database nightly (CHG-1042).",
            "      owner: dba-team",
            "      approver: alice@example.com",
            "      approved: 2026-01-15",
            "", "Examples:",
            "  netpol-auditor audit --manifests examples/web-api-db --format text",
            "  netpol-auditor audit --manifests cluster/ --tenants tenants.yaml \\",
            "      --exceptions exceptions.yaml --today 2026-01-31",
            "  netpol-auditor audit --manifests cluster/ --format xlsx --output report.xlsx",
            "  netpol-auditor audit --kubeconfig --context prod --format text   # the live cluster",
            "", "The report's generation time is the current time, or SOURCE_DATE_EPOCH (seconds) when set: with it "
                    + "and --today fixed, the same input gives a byte-identical spreadsheet.",
            "  netpol-auditor audit --manifests k8s/ --fail-on high --exceptions exceptions.yaml",
            "", "Exit status: 0 with or without findings (unless --fail-on fails), 2 invalid input (one line on "
                    + "stderr), 3 the --fail-on gate failed (the output is complete; one line on stderr names the "
                    + "findings)."})
final class AuditCommand implements Callable<Integer> {

    private static final List<String> FORMATS = List.of("jsonl", "text", "xlsx", "csv", "json", "sarif", "policyreport");
    /** The formats rendered from the compliance report model. */
    private static final List<String> REPORT_FORMATS = List.of("xlsx", "csv", "json", "policyreport");

    @CommandLine.Mixin
    ManifestInput input;

    @CommandLine.Option(names = "--tenant-label", paramLabel = "KEY", defaultValue = TenantsFile.DEFAULT_LABEL,
            description = "Namespace label whose value names the namespace's tenant (default: ${DEFAULT-VALUE}; "
                    + "a tenants file's 'label' overrides it).")
    String tenantLabel;

    @CommandLine.Option(names = "--tenants", paramLabel = "FILE",
            description = "YAML tenants file: explicit tenant assignments, shared namespaces, allowed "
                    + "tenant-to-tenant flows (format below).")
    Path tenantsFile;

    @CommandLine.Option(names = "--exceptions", paramLabel = "FILE",
            description = "YAML exceptions file: accepted risks, each with rule, subject pattern (* matches "
                    + "anything), justification, owner and expiry date (format below).")
    Path exceptionsFile;

    @CommandLine.Option(names = "--justifications", paramLabel = "FILE",
            description = "YAML justifications file: the approved business need of each opening rule, by the "
                    + "hash of its content (format below). Giving it turns on NP-JUST-001 (PCI DSS v4 1.2.5).")
    Path justificationsFile;

    @CommandLine.Option(names = "--today", paramLabel = "YYYY-MM-DD",
            description = "The date exception expiry is judged against (default: today's date). Fix it for "
                    + "reproducible CI runs.")
    String today;

    @CommandLine.Option(names = "--format", paramLabel = "FORMAT", defaultValue = "jsonl",
            description = "jsonl (default), text, xlsx (needs --output), csv, json, sarif or policyreport.")
    String format;

    @CommandLine.Option(names = "--templates", paramLabel = "DIR",
            description = "Directory with report.yaml and/or email.yaml overriding the bundled report templates "
                    + "key by key (texts, colours, branding of --format xlsx; see reports/templates/README.md).")
    Path templatesDir;

    @CommandLine.Option(names = "--fail-on", paramLabel = "SEVERITY",
            description = "CI gate: exit with status 3 when an open finding (not excepted; an expired exception "
                    + "does not except) of this severity or higher exists: high, medium, low or info. The "
                    + "output is written as without it; stderr names the findings that failed the gate.")
    String failOn;

    @CommandLine.Mixin
    OutputTarget output;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ClusterState cluster;
        Tenancy tenancy;
        List<FindingException> exceptions;
        Justifications justifications;
        LocalDate date;
        ReportTemplates templates = null;
        Instant generated = null;
        Severity gate = null;
        Function<Finding, Optional<SarifReport.Location>> locate = null;
        try {
            checkFormat(format);
            if (failOn != null) {
                gate = Gates.severity("--fail-on", failOn);
            }
            date = TodayOption.parse(today);
            if (format.equals("xlsx")) {
                if (output.file == null) {
                    throw new InvalidInput("--format xlsx writes a binary spreadsheet: give the file with --output FILE");
                }
                templates = ReportTemplates.load(templatesDir);
            } else if (templatesDir != null) {
                throw new InvalidInput("--templates " + templatesDir + ": only --format xlsx uses report templates");
            }
            if (REPORT_FORMATS.contains(format)) {
                generated = generatedAt();
            }
            cluster = input.read(spec.commandLine().getErr());
            tenancy = tenantsFile == null ? Tenancy.byLabel(tenantLabel) : TenantsFile.read(tenantsFile, tenantLabel);
            exceptions = exceptionsFile == null ? List.of() : ExceptionsFile.read(exceptionsFile);
            justifications = justificationsFile == null ? Justifications.OFF
                    : Justifications.required(JustificationsFile.read(justificationsFile));
            if (format.equals("sarif")) {
                locate = SarifOutput.locator(input.isDirectory() ? input.manifests : null);
            }
        } catch (InvalidInput | ManifestException | ReportTemplates.TemplateException e) {
            spec.commandLine().getErr().println("netpol-auditor audit: " + e.getMessage());
            return Cli.INVALID_INPUT;
        }
        NetworkPluginOption.warn(spec.commandLine().getErr(), "audit", cluster);
        AuditReport report = Audit.run(cluster, new AnalysisSettings(tenancy, exceptions, date, justifications));
        if (format.equals("text")) {
            AuditText.Context context = new AuditText.Context(input.description(), date, tenancy,
                    tenantsFile == null ? null : tenantsFile.toString(),
                    exceptionsFile == null ? null : exceptionsFile.toString(), exceptions.size(),
                    NetworkPluginOption.skippedLines(cluster));
            output.write(spec, writer -> writer.write(AuditText.render(report, context)));
        } else if (format.equals("jsonl")) {
            output.write(spec, writer -> jsonl(report, writer));
        } else if (format.equals("sarif")) {
            Function<Finding, Optional<SarifReport.Location>> located = locate;
            output.write(spec, writer -> SarifOutput.write(report.findings(), located, writer));
        } else if (format.equals("policyreport")) {
            List<Map<String, Object>> reports = PolicyReports.of(report.findings().stream()
                    .map(f -> new PolicyReports.Row(f.finding(), f.status())).toList(),
                    cluster.namespaces().stream().map(Namespace::name).toList(), generated);
            output.write(spec, writer -> PolicyReports.writeYaml(reports, writer));
        } else {
            ComplianceReport compliance = ComplianceReports.of(report, cluster, exceptions,
                    header(date, generated, NetworkPluginOption.skippedLines(cluster)));
            switch (format) {
                case "xlsx" -> {
                    ReportTemplates chosen = templates;
                    output.writeBinary(out -> XlsxReport.write(compliance, chosen, out));
                }
                case "csv" -> output.write(spec, writer -> CsvReport.write(compliance, writer));
                case "json" -> output.write(spec, writer -> JsonReport.write(compliance, writer));
                default -> throw new IllegalStateException(format);
            }
        }
        return gate == null ? 0 : gate(report, gate);
    }

    /** {@code --fail-on}: 3 and one stderr line when open findings at or above the severity exist, else 0. */
    private int gate(AuditReport report, Severity threshold) {
        List<AuditedFinding> failing = Gates.openAtOrAbove(report, threshold);
        if (failing.isEmpty()) {
            return 0;
        }
        Gates.report(spec.commandLine().getErr(), "audit", failing.size() + " open finding(s) of severity "
                + threshold.wireName() + " or higher: " + Gates.list(failing.stream()
                        .map(f -> f.finding().severity().wireName() + " " + f.finding().rule() + " "
                                + f.finding().subject().text())
                        .toList()));
        return Gates.GATE_FAILED;
    }

    private static void checkFormat(String format) throws InvalidInput {
        FormatOption.require(format, FORMATS);
    }

    /** What was audited: the manifests directory as given (or the live cluster read), no capture time. */
    private ComplianceReport.Header header(LocalDate date, Instant generated, List<String> notAnalysed) {
        String what = input.description();
        return new ComplianceReport.Header(what, (input.isDirectory() ? "manifests " : "cluster ") + what, null, date,
                generated, EngineVersion.current(), true, notAnalysed);
    }

    /** Now, or SOURCE_DATE_EPOCH (reproducible-builds.org) when set; diff's workbook too. */
    static Instant generatedAt() throws InvalidInput {
        try {
            return GenerationTime.now(GenerationTime.clock(System.getenv(GenerationTime.VARIABLE),
                    java.time.Clock.systemUTC()));
        } catch (IllegalArgumentException e) {
            throw new InvalidInput(e.getMessage());
        }
    }

    /**
     * One object per finding with the contract's keys in order; a finding an exception matched
     * gets {@code status} and the {@code exception} object after {@code detail}.
     */
    static void jsonl(AuditReport report, Writer writer) throws IOException {
        for (AuditedFinding audited : report.findings()) {
            Finding f = audited.finding();
            String line = Json.object("rule", f.rule(), "severity", f.severity().wireName(), "namespace",
                    f.namespace(), "subject", f.subject().text(), "policy", f.policy(), "detail", f.detail());
            FindingException e = audited.exception();
            if (e != null) {
                StringBuilder sb = new StringBuilder().append(line, 0, line.length() - 1); // reopen the object
                sb.append(",\"status\":");
                Json.string(sb, audited.status().wireName());
                sb.append(",\"exception\":").append(Json.object("owner", e.owner(), "justification",
                        e.justification(), "expires", e.expires().toString()));
                line = sb.append('}').toString();
            }
            writer.write(line);
            writer.write('\n');
        }
    }
}
