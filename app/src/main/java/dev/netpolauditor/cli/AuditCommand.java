package dev.netpolauditor.cli;

import dev.netpolauditor.analysis.Audit;
import dev.netpolauditor.analysis.AuditReport;
import dev.netpolauditor.analysis.AuditedFinding;
import dev.netpolauditor.analysis.Finding;
import dev.netpolauditor.analysis.Tenancy;
import dev.netpolauditor.model.ClusterState;
import java.io.IOException;
import java.io.Writer;
import java.time.LocalDate;
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
                    + "\"policy\":null,\"detail\":\"...\"}"
        },
        footer = {"", "Examples:",
            "  netpol-auditor audit --manifests examples/web-api-db --format text",
            "  netpol-auditor audit --manifests cluster/ --tenant-label team --exceptions exceptions.yaml",
            "", "Exit status: 0 whether or not there are findings, 2 invalid input."})
final class AuditCommand implements Callable<Integer> {

    @CommandLine.Mixin
    ManifestInput input;

    @CommandLine.Option(names = "--tenant-label", paramLabel = "KEY", defaultValue = "tenant",
            description = "Namespace label whose value names the namespace's tenant (default: ${DEFAULT-VALUE}).")
    String tenantLabel;

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
        try {
            if (!List.of("jsonl", "text").contains(format)) {
                throw new InvalidInput("--format " + format + ": use jsonl or text");
            }
            cluster = input.read();
        } catch (InvalidInput e) {
            spec.commandLine().getErr().println("netpol-auditor audit: " + e.getMessage());
            return Cli.INVALID_INPUT;
        }
        AuditReport report = Audit.run(cluster, new Audit.Options(Tenancy.byLabel(tenantLabel), List.of(),
                LocalDate.now()));
        output.write(spec, writer -> jsonl(report, writer));
        return 0;
    }

    static void jsonl(AuditReport report, Writer writer) throws IOException {
        for (AuditedFinding audited : report.findings()) {
            Finding f = audited.finding();
            writer.write(Json.object("rule", f.rule(), "severity", f.severity().wireName(), "namespace",
                    f.namespace(), "subject", f.subject(), "policy", f.policy(), "detail", f.detail()));
            writer.write('\n');
        }
    }
}
