package dev.netpolauditor.cli;

import dev.netpolauditor.analysis.Tenancy;
import dev.netpolauditor.analysis.diff.ConnectivityChange;
import dev.netpolauditor.analysis.diff.DiffReport;
import dev.netpolauditor.analysis.diff.FindingChange;
import dev.netpolauditor.analysis.diff.ObjectChange;
import dev.netpolauditor.analysis.diff.Side;
import dev.netpolauditor.analysis.diff.SnapshotDiff;
import dev.netpolauditor.engine.Endpoint;
import dev.netpolauditor.engine.PortSet;
import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.snapshot.ManifestException;
import dev.netpolauditor.snapshot.ManifestReader;
import dev.netpolauditor.snapshot.TenantsFile;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/** {@code diff}: what changed between two manifest directories, as JSON Lines or text. */
@CommandLine.Command(name = "diff", mixinStandardHelpOptions = true,
        description = {
            "Compare two states (two manifest directories): objects that changed in a way that matters, "
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
                    + "with counts, grouped by section."
        },
        footer = {"", "Example:",
            "  netpol-auditor diff --from snapshots/monday --to snapshots/tuesday \\",
            "      --external-ip 203.0.113.9 --tenant-label team --format text",
            "", "Exit status: 0 with or without changes, 2 invalid input on either side (one line on stderr "
                    + "naming the side and the file; the from side's when both are invalid)."})
final class DiffCommand implements Callable<Integer> {

    private static final List<String> FORMATS = List.of("jsonl", "text");

    @CommandLine.Option(names = "--from", required = true, paramLabel = "DIR",
            description = "Directory of manifests of the earlier state (as --manifests of the other commands).")
    Path from;

    @CommandLine.Option(names = "--to", required = true, paramLabel = "DIR",
            description = "Directory of manifests of the later state.")
    Path to;

    @CommandLine.Option(names = "--external-ip", paramLabel = "IP",
            description = "An IP address outside the cluster to include as endpoint ip:IP on both sides "
                    + "(repeatable; IPv4 or IPv6).")
    List<String> externalIps = new ArrayList<>();

    @CommandLine.Option(names = "--tenant-label", paramLabel = "KEY", defaultValue = TenantsFile.DEFAULT_LABEL,
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
        List<Endpoint.Ip> ips;
        ClusterState before;
        ClusterState after;
        try {
            FormatOption.require(format, FORMATS);
            ips = ConnectivityCommand.parseIps(externalIps);
            before = read("--from", from);
            after = read("--to", to);
        } catch (InvalidInput e) {
            spec.commandLine().getErr().println("netpol-auditor diff: " + e.getMessage());
            return Cli.INVALID_INPUT;
        }
        Tenancy tenancy = Tenancy.byLabel(tenantLabel);
        DiffReport report = SnapshotDiff.between(Side.of(before, tenancy, ips), Side.of(after, tenancy, ips));
        if (format.equals("text")) {
            output.write(spec, writer -> text(report, writer));
        } else {
            output.write(spec, writer -> jsonl(report, writer));
        }
        return 0;
    }

    private static ClusterState read(String option, Path dir) throws InvalidInput {
        if (!Files.isDirectory(dir)) {
            throw new InvalidInput(option + " " + dir + ": not a directory (" + option + " takes a directory of manifests)");
        }
        try {
            return ManifestReader.read(dir);
        } catch (ManifestException e) {
            throw new InvalidInput(option + " " + dir + ": " + e.getMessage());
        }
    }

    static void jsonl(DiffReport report, Writer writer) throws IOException {
        for (ObjectChange c : report.objects()) {
            line(writer, Json.object("section", "object", "change", c.change().wireName(), "kind", c.kind(),
                    "namespace", c.namespace(), "name", c.name(), "detail", c.detail()));
        }
        for (ConnectivityChange c : report.connectivity()) {
            line(writer, Json.object("section", "connectivity", "change", c.change().wireName(), "from", c.from(),
                    "to", c.to(), "before", text(c.before()), "after", text(c.after())));
        }
        for (FindingChange c : report.findings()) {
            line(writer, Json.object("section", "finding", "change", c.change().wireName(), "rule", c.rule(),
                    "severity", c.severity().wireName(), "namespace", c.namespace(), "subject", c.subject(),
                    "policy", c.policy()));
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
            for (ObjectChange c : report.objects()) {
                writer.write("  " + pad(c.change().wireName(), 8) + " " + c.detail() + "\n");
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
            }
        }
        if (!report.findings().isEmpty()) {
            writer.write("\nFindings (" + counts(List.of("new", "resolved", "incomparable"),
                    report.findings().stream().map(c -> c.change().wireName()).toList())
                    + ")\n");
            for (FindingChange c : report.findings()) {
                writer.write("  " + pad(c.change().wireName(), 12) + " " + pad(c.severity().wireName(), 6) + " "
                        + c.rule() + " " + c.subject() + "\n");
                if (c.detail() != null && !c.detail().isEmpty()) {
                    writer.write("      " + c.detail() + "\n");
                }
            }
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

    private static String text(PortSet ports) {
        return ports == null ? null : ports.toString();
    }

    private static void line(Writer writer, String json) throws IOException {
        writer.write(json);
        writer.write('\n');
    }
}
