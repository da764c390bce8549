package dev.netpolauditor.snapshot;

import dev.netpolauditor.model.NetworkPlugin;
import dev.netpolauditor.snapshot.kube.ClusterCapture;
import dev.netpolauditor.snapshot.kube.CollectionException;
import dev.netpolauditor.snapshot.kube.KubernetesCollector;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * A Kubernetes API server reached through a kubeconfig file (and context) or, in a pod, the
 * service account. The client is built at the first snapshot, so a cluster that is unreachable
 * when the service starts fails its snapshots (recorded, retried on schedule), not the service.
 */
public final class KubernetesSource implements ClusterSource {
    /** The kubeconfig file, or null for the pod's service account. */
    private final Path kubeconfig;
    /** The kubeconfig's context, or null for its current one. */
    private final String context;
    private final KubernetesCollector.Settings settings;
    /** Fixed when the source is made, so what {@code GET /clusters} shows never changes. */
    private final String description;
    /** The plugins the cluster's settings name as running, besides those its DaemonSets show. */
    private final Set<NetworkPlugin> plugins;
    private volatile ApiClient client;

    /** A server through {@code kubeconfig} (and {@code context}, null for its current one); null for the pod's service account. */
    public KubernetesSource(Path kubeconfig, String context, KubernetesCollector.Settings settings,
            String description) {
        this(kubeconfig, context, settings, description, Set.of());
    }

    public KubernetesSource(Path kubeconfig, String context, KubernetesCollector.Settings settings,
            String description, Set<NetworkPlugin> plugins) {
        this.kubeconfig = kubeconfig;
        this.context = context;
        this.settings = settings;
        this.description = description;
        this.plugins = Set.copyOf(plugins);
    }

    /** A source over a client built elsewhere (tests, a preconfigured client). */
    public KubernetesSource(ApiClient client, KubernetesCollector.Settings settings) {
        this.kubeconfig = null;
        this.context = null;
        this.settings = settings;
        this.client = client;
        this.description = client.getBasePath();
        this.plugins = Set.of();
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public ClusterCapture capture() throws CollectionException {
        return capture(KubernetesCollector.Progress.NONE);
    }

    /** As {@link #capture()}, telling {@code progress} how many objects of each collection were listed so far. */
    public ClusterCapture capture(KubernetesCollector.Progress progress) throws CollectionException {
        ClusterCapture capture = new KubernetesCollector(client(), settings, d -> Thread.sleep(d.toMillis()), progress)
                .collect();
        if (capture.state().plugins().known().containsAll(plugins)) {
            return capture;
        }
        // a plugin the settings name but no DaemonSet shows: its kinds count too, so read the objects again
        try {
            return new ClusterCapture(capture.clusterUid(), capture.listVersions(), capture.absent(), capture.objects(),
                    ManifestReader.fromObjects("Kubernetes API", capture.objects(), plugins));
        } catch (ManifestException e) {
            throw new CollectionException("the cluster returned an object the analysis cannot read: " + e.getMessage(),
                    e);
        }
    }

    private ApiClient client() throws CollectionException {
        ApiClient c = client;
        if (c == null) {
            c = build();
            client = c;
        }
        return c;
    }

    private ApiClient build() throws CollectionException {
        try {
            ApiClient built;
            if (kubeconfig == null) {
                built = ClientBuilder.cluster().build();
            } else {
                KubeConfig config;
                try (Reader reader = Files.newBufferedReader(kubeconfig)) {
                    config = KubeConfig.loadKubeConfig(reader);
                }
                config.setFile(kubeconfig.toFile());
                if (context != null && !config.setContext(context)) {
                    throw new CollectionException("the kubeconfig " + kubeconfig + " has no context '"
                            + context + "'");
                }
                built = ClientBuilder.kubeconfig(config).build();
            }
            built.setReadTimeout((int) Duration.ofSeconds(60).toMillis());
            built.setConnectTimeout((int) Duration.ofSeconds(10).toMillis());
            return built;
        } catch (IOException | RuntimeException e) {
            String where = kubeconfig == null
                    ? "the in-cluster service account (is the service running in a pod with a service account token?)"
                    : "the kubeconfig " + kubeconfig;
            throw new CollectionException("cannot build a Kubernetes client from " + where + ": " + e.getMessage(), e);
        }
    }

    public static Path expandHome(String path) {
        return Path.of(path.startsWith("~/") ? System.getProperty("user.home") + path.substring(1) : path);
    }
}
