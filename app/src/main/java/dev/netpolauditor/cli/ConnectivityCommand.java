package dev.netpolauditor.cli;

import dev.netpolauditor.engine.CompiledCluster;
import dev.netpolauditor.engine.Endpoint;
import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.model.IpAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/** {@code connectivity}: every allowed ordered pair of endpoints, as sorted JSON Lines. */
@CommandLine.Command(name = "connectivity", mixinStandardHelpOptions = true,
        description = {
            "Print every ordered pair of endpoints between which anything is allowed (JSON Lines), from manifests "
                    + "or a live cluster (--kubeconfig, --context).",
            "  {\"from\":\"prod/api\",\"to\":\"prod/db\",\"allowed\":\"TCP:3306\"}",
            "Endpoints are pods (ns/name), workload templates (ns/name[Kind]) and --external-ip "
                    + "addresses (ip:ADDR). 'allowed' is the canonical port set (SCTP < TCP < UDP, "
                    + "ranges merged). Lines are sorted by from, then to; pairs with nothing allowed "
                    + "are not printed."
        },
        footer = {"", "Example:",
            "  netpol-auditor connectivity --manifests examples/web-api-db \\",
            "      --external-ip 10.9.198.2",
            "  netpol-auditor connectivity --kubeconfig ~/.kube/config --context kind-shop",
            "", "Exit status: 0 success, 2 invalid input (one line on stderr naming the file and object) or a cluster "
                    + "that cannot be read."})
final class ConnectivityCommand implements Callable<Integer> {

    @CommandLine.Mixin
    ManifestInput input;

    @CommandLine.Option(names = "--external-ip", paramLabel = "IP",
            description = "An IP address outside the cluster to include as endpoint ip:IP (repeatable; "
                    + "IPv4 or IPv6).")
    List<String> externalIps = new ArrayList<>();

    @CommandLine.Mixin
    OutputTarget output;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private record Line(String from, String to, String allowed) {}

    @Override
    public Integer call() throws Exception {
        List<Endpoint.Ip> ips;
        ClusterState cluster;
        try {
            ips = parseIps(externalIps);
            cluster = input.read(spec.commandLine().getErr());
        } catch (InvalidInput e) {
            spec.commandLine().getErr().println("netpol-auditor connectivity: " + e.getMessage());
            return Cli.INVALID_INPUT;
        }
        NetworkPluginOption.warn(spec.commandLine().getErr(), "connectivity", cluster);
        List<Line> lines = new ArrayList<>();
        CompiledCluster.compile(cluster).connectivity(ips).forEachPair(
                (from, to, allowed) -> lines.add(new Line(from.name(), to.name(), allowed.toString())));
        lines.sort(Comparator.comparing(Line::from).thenComparing(Line::to));
        output.write(spec, writer -> {
            for (Line line : lines) {
                writer.write(Json.object("from", line.from(), "to", line.to(), "allowed", line.allowed()));
                writer.write('\n');
            }
        });
        return 0;
    }

    static List<Endpoint.Ip> parseIps(List<String> values) throws InvalidInput {
        List<Endpoint.Ip> ips = new ArrayList<>();
        for (String value : values) {
            try {
                ips.add(new Endpoint.Ip(IpAddress.parse(value)));
            } catch (IllegalArgumentException e) {
                throw new InvalidInput("--external-ip " + value + ": not an IP address (give an IPv4 address "
                        + "like 203.0.113.7 or an IPv6 address like 2001:db8::7)");
            }
        }
        return ips;
    }
}
