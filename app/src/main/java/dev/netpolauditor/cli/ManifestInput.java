package dev.netpolauditor.cli;

import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.model.NetworkPlugin;
import dev.netpolauditor.snapshot.ManifestException;
import dev.netpolauditor.snapshot.ManifestReader;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import picocli.CommandLine;

/**
 * {@code --manifests DIR}, shared by the offline commands, or instead a live cluster
 * ({@code --kubeconfig [FILE]}, {@code --context NAME}; see {@link ClusterInput}).
 */
final class ManifestInput {

    @CommandLine.Option(names = "--manifests", paramLabel = "DIR",
            description = "Directory of Kubernetes manifests (*.yaml, *.yml, *.json, recursively; "
                    + "multi-document files, List/<Kind>List, 'kubectl get -o yaml' output). "
                    + "Required unless --kubeconfig or --context reads a live cluster.")
    Path manifests;

    @CommandLine.Mixin
    ClusterInput cluster;

    @CommandLine.Mixin
    NetworkPluginOption networkPlugins;

    /** What was read, for reports: the manifests directory as given, or the cluster's API server and context. */
    private String description;

    /** The state, from the manifests or the cluster; progress of a cluster read on {@code err}. */
    ClusterState read(PrintWriter err) throws InvalidInput {
        if (manifests != null && cluster.given()) {
            throw new InvalidInput("--manifests and --kubeconfig/--context: give one input, a directory of manifests "
                    + "or a live cluster");
        }
        if (cluster.given()) {
            ClusterInput.Read read = cluster.read(err);
            description = read.description();
            return read.state();
        }
        if (manifests == null) {
            throw new InvalidInput("no input: give --manifests DIR, or --kubeconfig [FILE] (and --context NAME) to "
                    + "read a live cluster");
        }
        description = manifests.toString();
        return read(manifests, networkPlugins.plugins());
    }

    /** Where the state was read, after {@link #read}: the directory as given, or the cluster. */
    String description() {
        return description;
    }

    /** Whether the input is a manifests directory (source positions exist) rather than a live cluster. */
    boolean isDirectory() {
        return manifests != null && !cluster.given();
    }

    static ClusterState read(Path manifests, Set<NetworkPlugin> plugins) throws InvalidInput {
        if (!Files.isDirectory(manifests)) {
            throw new InvalidInput(manifests + ": not a directory (--manifests takes a directory of manifests)");
        }
        try {
            return ManifestReader.read(manifests, plugins);
        } catch (ManifestException e) {
            throw new InvalidInput(e.getMessage());
        }
    }
}
