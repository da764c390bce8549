package dev.netpolauditor.snapshot;

import io.kubernetes.client.util.KubeConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * What the configuration needs of a kubeconfig file at start: that it exists and can be read,
 * which context a cluster uses (the one named, else the file's current context) and that
 * context's API server, so a wrong path or context stops the start instead of failing every
 * snapshot, and a cluster configured by kubeconfig alone can be named after its context.
 */
public record KubeconfigFile(Path path, String context, String server) {

    /**
     * Reads the file; {@code context} null for its current context.
     *
     * @throws IllegalArgumentException with a message in our words (file not found, unreadable,
     *     not a kubeconfig, no such context, no current context)
     */
    public static KubeconfigFile read(Path path, String context) {
        KubeConfig config;
        try (Reader reader = Files.newBufferedReader(path)) {
            config = KubeConfig.loadKubeConfig(reader);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("file not found: " + path);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + path + ": " + e.getMessage());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(path + " is not a kubeconfig file (YAML with contexts, clusters and"
                    + " users)");
        }
        if (config == null) {
            throw new IllegalArgumentException(path + " is empty, not a kubeconfig file");
        }
        String chosen = context;
        if (chosen == null) {
            chosen = config.getCurrentContext();
            if (chosen == null || chosen.isBlank()) {
                throw new IllegalArgumentException(path + " has no current-context: name one with 'context'");
            }
        }
        try {
            if (!config.setContext(chosen)) {
                throw new IllegalArgumentException(path + " has no context '" + chosen + "'");
            }
        } catch (RuntimeException e) {
            if (e instanceof IllegalArgumentException) {
                throw e;
            }
            throw new IllegalArgumentException(path + " has no usable context '" + chosen + "'");
        }
        return new KubeconfigFile(path, chosen, config.getServer());
    }
}
