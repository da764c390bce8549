package dev.netpolauditor.snapshot;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netpolauditor.model.ClusterState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A manifests directory built file by file in a test's temporary directory. */
final class ManifestDir {
    private final Path root;

    ManifestDir(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    ManifestDir file(String relative, String content) {
        return file(relative, content.getBytes(StandardCharsets.UTF_8));
    }

    ManifestDir file(String relative, byte[] content) {
        try {
            Path path = root.resolve(relative);
            Files.createDirectories(path.getParent());
            Files.write(path, content);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ClusterState read() throws ManifestException {
        return ManifestReader.read(root);
    }

    /** Reads expecting a failure; returns the message after checking it is one line naming every fragment. */
    String failure(String... fragments) {
        ManifestException e = assertThrows(ManifestException.class, () -> ManifestReader.read(root));
        String message = e.getMessage();
        assertFalse(message.contains("\n") || message.contains("\r"), () -> "not one line: " + message);
        for (String fragment : fragments) {
            assertTrue(message.contains(fragment), () -> "message lacks '" + fragment + "': " + message);
        }
        return message;
    }

    /** A NetworkPolicy prod/broken with the given spec (written as it would sit under {@code spec:}). */
    static String policy(String spec) {
        return """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata:
                  name: broken
                  namespace: prod
                spec:
                """ + spec.indent(2);
    }

    /** A Pod prod/web with the given labels and containers (each written as under its key). */
    static String pod(String labels, String containers) {
        return """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: web
                  namespace: prod
                  labels:
                """ + labels.indent(4) + """
                spec:
                  containers:
                """ + containers.indent(2);
    }
}
