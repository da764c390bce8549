package dev.netpolauditor.cli;

import dev.netpolauditor.analysis.Audit;
import dev.netpolauditor.analysis.AuditReport;
import dev.netpolauditor.analysis.AuditedFinding;
import dev.netpolauditor.analysis.Finding;
import dev.netpolauditor.analysis.FindingException;
import dev.netpolauditor.analysis.Tenancy;
import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.report.AuditText;
import dev.netpolauditor.snapshot.ExceptionsFile;
import dev.netpolauditor.snapshot.ManifestException;
import dev.netpolauditor.snapshot.TenantsFile;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/** {@code audit}: the findings of the catalog, as JSON Lines or as text for people. */
@CommandLine.Command(name = "audit", mixinStandardHelpOptions = true,
        description = {
            "Audit the NetworkPolicies of a manifest directory: endpoints no policy protects, over-permissive "
                    + "rules, tenants that can reach each other, a network plugin that does not enforce policies.",
            "JSON Lines (default), one finding per line, sorted by rule, namespace, subject:",
            "  {\"rule\":\"NP-COV-001\",\"severity\":\"high\",\"namespace\":\"prod\",\"subject\":\"prod/web\","
                    + "\"policy\":null,\"detail\":\"...\"}",
            "A finding that an exception matches has two more keys after detail:",
            "  \"status\":\"excepted\" (or \"exception_expired\"),",
            "  \"exception\":{\"owner\":...,\"justification\":...,\"expires\":\"YYYY-MM-DD\"}",
            "--format text prints a report for people: summary and score, controls, findings by severity, "
                    + "coverage by namespace and tenant, the tenant matrix."
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
            "", "Examples:",
            "  netpol-auditor audit --manifests examples/web-api-db --format text",
            "  netpol-auditor audit --manifests cluster/ --tenants tenants.yaml \\",
            "      --exceptions exceptions.yaml --today 2026-01-31",
            "", "Exit status: 0 with or without findings, 2 invalid input (one line on stderr)."})
final class AuditCommand implements Callable<Integer> {

    private static final List<String> FORMATS = List.of("jsonl", "text");

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

    @CommandLine.Option(names = "--today", paramLabel = "YYYY-MM-DD",
            description = "The date exception expiry is judged against (default: today's date). Fix it for "
                    + "reproducible CI runs.")
    String today;

    @CommandLine.Option(names = "--format", paramLabel = "FORMAT", defaultValue = "jsonl",
            description = "jsonl (default) or text.")
    String format;

    @CommandLine.Mixin
    OutputTarget output;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ClusterState cluster;
        Tenancy tenancy;
        List<FindingException> exceptions;
        LocalDate date;
        try {
            checkFormat(format);
            date = date(today);
            cluster = input.read();
            tenancy = tenantsFile == null ? Tenancy.byLabel(tenantLabel) : TenantsFile.read(tenantsFile, tenantLabel);
            exceptions = exceptionsFile == null ? List.of() : ExceptionsFile.read(exceptionsFile);
        } catch (InvalidInput | ManifestException e) {
            spec.commandLine().getErr().println("netpol-auditor audit: " + e.getMessage());
            return Cli.INVALID_INPUT;
        }
        AuditReport report = Audit.run(cluster, new Audit.Options(tenancy, exceptions, date));
        if (format.equals("text")) {
            AuditText.Context context = new AuditText.Context(input.manifests.toString(), date, tenancy,
                    tenantsFile == null ? null : tenantsFile.toString(),
                    exceptionsFile == null ? null : exceptionsFile.toString(), exceptions.size());
            output.write(spec, writer -> writer.write(AuditText.render(report, context)));
        } else {
            output.write(spec, writer -> jsonl(report, writer));
        }
        return 0;
    }

    private static void checkFormat(String format) throws InvalidInput {
        if (format.equals("xlsx")) {
            throw new InvalidInput("--format xlsx: the spreadsheet report is not available in this version;"
                    + " available formats: " + String.join(", ", FORMATS));
        }
        FormatOption.require(format, FORMATS);
    }

    private static LocalDate date(String today) throws InvalidInput {
        if (today == null) {
            return LocalDate.now();
        }
        try {
            return LocalDate.parse(today);
        } catch (DateTimeParseException e) {
            throw new InvalidInput("--today " + today + ": not a date (expected YYYY-MM-DD, e.g. 2026-01-31)");
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
                    f.namespace(), "subject", f.subject(), "policy", f.policy(), "detail", f.detail());
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
