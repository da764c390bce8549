package dev.netpolauditor.cli;

import dev.netpolauditor.engine.CompiledCluster;
import dev.netpolauditor.engine.ConnectionExplanation;
import dev.netpolauditor.engine.Endpoint;
import dev.netpolauditor.engine.SideExplanation;
import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.model.IpAddress;
import dev.netpolauditor.model.PortSet;
import dev.netpolauditor.model.Protocol;
import dev.netpolauditor.report.EndpointNames;
import dev.netpolauditor.report.ExplanationJson;
import dev.netpolauditor.report.SideDecisions;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/** {@code explain}: why one endpoint may or may not connect to another. */
@CommandLine.Command(name = "explain", mixinStandardHelpOptions = true,
        description = {
            "Explain whether FROM may open a connection to TO, on which ports, and which policies and "
                    + "rules decide it on each side (egress of FROM, ingress of TO)."
        },
        footer = {"", "Examples:",
            "  netpol-auditor explain --manifests examples/web-api-db \\",
            "      --from 'prod/api[Deployment]' --to 'prod/db[StatefulSet]'",
            "  netpol-auditor explain --manifests examples/web-api-db \\",
            "      --from ip:10.9.198.2 --to 'prod/db[StatefulSet]' --port 3306 --format json",
            "", "Exit status: 0 (allowed or not), 2 invalid input, a cluster that cannot be read, or an unknown endpoint."})
final class ExplainCommand implements Callable<Integer> {

    @CommandLine.Mixin
    ManifestInput input;

    @CommandLine.Option(names = "--from", required = true, paramLabel = "ENDPOINT",
            description = "Source: ns/name, ns/name[Kind] or ip:ADDR.")
    String from;

    @CommandLine.Option(names = "--to", required = true, paramLabel = "ENDPOINT",
            description = "Destination: ns/name, ns/name[Kind] or ip:ADDR.")
    String to;

    @CommandLine.Option(names = "--port", paramLabel = "PORT",
            description = "Ask about one port (1-65535); without it, all ports are explained.")
    Integer port;

    @CommandLine.Option(names = "--protocol", paramLabel = "PROTO", defaultValue = "TCP",
            description = "Protocol of --port: TCP, UDP or SCTP (default: ${DEFAULT-VALUE}).")
    String protocol;

    @CommandLine.Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default) or json.")
    String format;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        try {
            Protocol proto = Protocol.byName(protocol);
            if (proto == null) {
                throw new InvalidInput("--protocol " + protocol + ": use TCP, UDP or SCTP (upper case)");
            }
            if (port != null && (port < PortSet.MIN_PORT || port > PortSet.MAX_PORT)) {
                throw new InvalidInput("--port " + port + ": a port is 1-65535");
            }
            FormatOption.require(format, List.of("text", "json"));
            ClusterState state = input.read(spec.commandLine().getErr());
            NetworkPluginOption.warn(err, "explain", state);
            CompiledCluster cluster = CompiledCluster.compile(state);
            Endpoint source = endpoint(cluster, from, "--from");
            Endpoint target = endpoint(cluster, to, "--to");
            if (source.equals(target)) {
                throw new InvalidInput("--from and --to name the same endpoint; a pod to itself is not part of "
                        + "the model");
            }
            ConnectionExplanation explanation = cluster.explain(source, target);
            PrintWriter out = spec.commandLine().getOut();
            out.print(format.equals("json") ? json(explanation, proto) : text(explanation, proto));
            out.flush();
            return 0;
        } catch (InvalidInput e) {
            err.println("netpol-auditor explain: " + e.getMessage());
            return Cli.INVALID_INPUT;
        }
    }

    private static Endpoint endpoint(CompiledCluster cluster, String name, String option) throws InvalidInput {
        if (name.startsWith("ip:")) {
            try {
                return new Endpoint.Ip(IpAddress.parse(name.substring(3)));
            } catch (IllegalArgumentException e) {
                throw new InvalidInput(option + " " + name + ": not an IP address");
            }
        }
        return cluster.endpoint(name).orElseThrow(() -> new InvalidInput(option + " " + name
                + ": no such endpoint. Endpoints are named ns/name for pods and ns/name[Kind] for workloads"
                + EndpointNames.suggestion(cluster, name)));
    }

    private String text(ConnectionExplanation e, Protocol proto) {
        StringBuilder sb = new StringBuilder();
        String head = e.from().name() + " -> " + e.to().name();
        verdict(sb, head, e.allowed(), proto);
        if (e.single()) {
            ConnectionExplanation.MemberPair pair = e.pairs().getFirst();
            side(sb, "  ", "egress of " + e.from().name(), pair.egress(), proto);
            side(sb, "  ", "ingress of " + e.to().name(), pair.ingress(), proto);
            return sb.toString();
        }
        // members that differ (a rollout in progress): each kind of member pair decides on its own
        sb.append("  the members differ; what is allowed is the union over these member pairs:\n");
        for (ConnectionExplanation.MemberPair pair : e.pairs()) {
            verdict(sb, "  " + pair.fromMember() + " -> " + pair.toMember(), pair.allowed(), proto);
            side(sb, "    ", "egress of " + pair.fromMember(), pair.egress(), proto);
            side(sb, "    ", "ingress of " + pair.toMember(), pair.ingress(), proto);
        }
        return sb.toString();
    }

    private void verdict(StringBuilder sb, String head, PortSet allowed, Protocol proto) {
        if (port != null) {
            boolean ok = allowed.contains(proto, port);
            sb.append(head).append(" on ").append(proto).append(' ').append(port).append(": ")
                    .append(ok ? "ALLOWED" : "REFUSED").append('\n');
        } else {
            sb.append(head).append(": ").append(allowed.isEmpty() ? "nothing allowed" : "allowed " + allowed)
                    .append('\n');
        }
    }

    private void side(StringBuilder sb, String indent, String title, SideExplanation side, Protocol proto) {
        sb.append(indent).append(title).append(": ");
        if (!side.applicable()) {
            sb.append("an IP endpoint has no policies; the other side decides\n");
            return;
        }
        if (side.clusterTier()) {
            tiered(sb, indent, side, proto);
            return;
        }
        if (!side.isolated()) {
            sb.append("not isolated (no policy selects it for this direction), so everything is allowed\n");
            return;
        }
        sb.append("isolated by ").append(String.join(", ", side.isolatingPolicies())).append('\n');
        List<SideExplanation.Contribution> relevant = side.contributions().stream()
                .filter(c -> port == null || c.ports().contains(proto, port)).toList();
        if (relevant.isEmpty()) {
            sb.append(indent).append("  no rule of these policies admits ")
                    .append(port == null ? "this connection" : proto + " " + port).append('\n');
        }
        for (SideExplanation.Contribution c : relevant) {
            sb.append(indent).append("  ").append(c.rule()).append(" admits ").append(c.ports()).append('\n');
        }
    }

    /** A side some cluster-tier rule decided or passed: the decision of the port, or of each set of ports. */
    private void tiered(StringBuilder sb, String indent, SideExplanation side, Protocol proto) {
        if (port != null) {
            for (SideExplanation.Decision d : side.decisions()) {
                if (d.ports().contains(proto, port)) {
                    sb.append(SideDecisions.describe(side, d)).append('\n');
                }
            }
            return;
        }
        sb.append(SideDecisions.heading(side)).append('\n');
        for (SideExplanation.Decision d : side.decisions()) {
            sb.append(indent).append("  ").append(d.ports().isAll() ? "every port" : d.ports()).append(": ")
                    .append(SideDecisions.describe(side, d)).append('\n');
        }
    }

    private String json(ConnectionExplanation e, Protocol proto) {
        return ExplanationJson.text(e, proto, port) + "\n";
    }
}
