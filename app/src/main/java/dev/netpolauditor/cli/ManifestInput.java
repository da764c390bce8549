package dev.netpolauditor.cli;

import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.snapshot.ManifestException;
import dev.netpolauditor.snapshot.ManifestReader;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;

/** {@code --manifests DIR}, shared by the offline commands. */
final class ManifestInput {

    @CommandLine.Option(names = "--manifests", required = true, paramLabel = "DIR",
            description = "Directory of Kubernetes manifests (*.yaml, *.yml, *.json, recursively; "
                    + "multi-document files, List/<Kind>List, 'kubectl get -o yaml' output).")
    Path manifests;

    ClusterState read() throws InvalidInput {
        if (!Files.isDirectory(manifests)) {
            throw new InvalidInput(manifests + ": not a directory (--manifests takes a directory of manifests)");
        }
        try {
            return ManifestReader.read(manifests);
        } catch (ManifestException e) {
            throw new InvalidInput(e.getMessage());
        }
    }
}
