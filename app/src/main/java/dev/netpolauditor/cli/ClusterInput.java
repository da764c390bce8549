package dev.netpolauditor.cli;

import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.snapshot.KubeconfigFile;
import dev.netpolauditor.snapshot.KubernetesSource;
import dev.netpolauditor.snapshot.kube.ClusterResource;
import dev.netpolauditor.snapshot.kube.CollectionException;
import dev.netpolauditor.snapshot.kube.KubernetesCollector;
import java.io.File;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine;

/**
 * {@code --kubeconfig [FILE]}, {@code --context NAME} and {@code --quiet}: a live cluster read
 * through the service's own collector ({@link KubernetesSource}: API discovery, paged lists,
 * the 410 fallback, retries) and kubeconfig handling ({@link KubeconfigFile}), read-only.
 */
final class ClusterInput {

    @CommandLine.Option(names = "--kubeconfig", arity = "0..1", paramLabel = "FILE", fallbackValue = "",
            description = "Read a live cluster through the Kubernetes API instead of manifests (read-only: "
                    + "cluster-wide lists of namespaces, pods, workloads and policies). FILE defaults to the "
                    + "first file of $KUBECONFIG, else ~/.kube/config.")
    String kubeconfig;

    @CommandLine.Option(names = "--context", paramLabel = "NAME",
            description = "The kubeconfig context to read (default: its current-context); implies --kubeconfig.")
    String context;

    @CommandLine.Option(names = "--page-size", paramLabel = "N", defaultValue = "500",
            description = "Objects per list request when reading a cluster (limit/continue paging; default "
                    + "${DEFAULT-VALUE}).")
    int pageSize;

    @CommandLine.Option(names = {"-q", "--quiet"},
            description = "Print no progress on stderr while reading a cluster (errors are still printed).")
    boolean quiet;

    /** A cluster read: its state and where it was read, for people. */
    record Read(ClusterState state, String description) {}

    boolean given() {
        return kubeconfig != null || context != null;
    }

    /** The kubeconfig file: as given, else the first of {@code $KUBECONFIG}, else {@code ~/.kube/config}. */
    Path file() {
        if (kubeconfig != null && !kubeconfig.isEmpty()) {
            return KubernetesSource.expandHome(kubeconfig);
        }
        String env = System.getenv("KUBECONFIG");
        if (env != null && !env.isBlank()) {
            for (String entry : env.split(File.pathSeparator)) {
                if (!entry.isBlank()) {
                    return KubernetesSource.expandHome(entry.strip());
                }
            }
        }
        return Path.of(System.getProperty("user.home"), ".kube", "config");
    }

    /**
     * Reads the cluster; progress (objects listed so far per kind) on {@code err} unless quiet.
     *
     * @throws InvalidInput for a kubeconfig that cannot be used, or a cluster that cannot be read
     */
    Read read(PrintWriter err) throws InvalidInput {
        if (pageSize < 1) {
            throw new InvalidInput("--page-size " + pageSize + ": give at least 1");
        }
        KubernetesCollector.Settings settings = KubernetesCollector.Settings.DEFAULTS.withPageSize(pageSize);
        Path file = file();
        KubeconfigFile config;
        try {
            config = KubeconfigFile.read(file, context);
        } catch (IllegalArgumentException e) {
            throw new InvalidInput("--kubeconfig: " + e.getMessage());
        }
        String description = config.server() + " (kubeconfig " + file + ", context " + config.context() + ")";
        KubernetesSource source = new KubernetesSource(file, config.context(), settings, description);
        long started = System.nanoTime();
        if (!quiet) {
            err.println("netpol-auditor: reading " + description);
            err.flush();
        }
        try {
            ClusterState state = source.capture(quiet ? KubernetesCollector.Progress.NONE : progress(err)).state();
            if (!quiet) {
                err.println("netpol-auditor: read " + state.namespaces().size() + " namespaces, "
                        + state.pods().size() + " pods, " + state.workloads().size() + " workloads, "
                        + (state.policies().size() + state.clusterPolicies().size()) + " policies in "
                        + seconds(Duration.ofNanos(System.nanoTime() - started)));
                err.flush();
            }
            return new Read(state, description);
        } catch (CollectionException e) {
            throw new InvalidInput("cannot read the cluster at " + description + ": " + e.getMessage());
        }
    }

    /** One line per page while a collection is listed, and one when it is complete. */
    private static KubernetesCollector.Progress progress(PrintWriter err) {
        return (ClusterResource resource, int listed, boolean complete) -> {
            err.println("  " + resource.label() + ": " + listed + (complete ? " listed" : " listed so far"));
            err.flush();
        };
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
