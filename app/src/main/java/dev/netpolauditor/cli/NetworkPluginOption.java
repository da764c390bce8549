package dev.netpolauditor.cli;

import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.model.NetworkPlugin;
import dev.netpolauditor.model.SkippedGroup;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;

/**
 * {@code --network-plugin NAME} (repeatable), shared by every command that reads manifests: the
 * plugins known to run when their DaemonSets are not among the manifests, so that their own
 * policy kinds count (cni-policies.md, "Which kinds count"). Also the warning each command
 * prints for an API group whose objects were skipped.
 */
final class NetworkPluginOption {

    @CommandLine.Option(names = "--network-plugin", paramLabel = "NAME",
            description = "A network plugin that runs the cluster: calico or cilium (repeatable). Its own policy "
                    + "kinds (projectcalico.org/v3, cilium.io/v2) are analysed; without this, only when its "
                    + "DaemonSet is among the manifests.")
    List<String> names = new ArrayList<>();

    /** The plugins named. */
    Set<NetworkPlugin> plugins() throws InvalidInput {
        Set<NetworkPlugin> out = EnumSet.noneOf(NetworkPlugin.class);
        for (String name : names) {
            NetworkPlugin plugin = NetworkPlugin.byName(name);
            if (plugin == null) {
                throw new InvalidInput("--network-plugin " + name + ": unknown plugin; name calico or cilium (the "
                        + "plugins whose own policy kinds are analysed)");
            }
            out.add(plugin);
        }
        return out;
    }

    /** One warning line per API group whose objects were skipped, each saying how to name the plugin. */
    static void warn(PrintWriter err, String command, ClusterState state) {
        warn(err, command, "", state);
    }

    /** The same for one of several states: {@code side} (e.g. {@code "--from: "}) starts each warning. */
    static void warn(PrintWriter err, String command, String side, ClusterState state) {
        for (String line : skippedLines(state)) {
            err.println("netpol-auditor " + command + ": warning: " + side + line);
        }
        err.flush();
    }

    /** For people: what was skipped, and how to have it analysed. */
    static List<String> skippedLines(ClusterState state) {
        List<String> out = new ArrayList<>();
        for (SkippedGroup group : state.plugins().skipped()) {
            out.add(group.describe() + "; if it runs, name it with --network-plugin " + group.plugin().wireName());
        }
        return out;
    }
}
