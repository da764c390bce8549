package dev.netpolauditor.snapshot;

import dev.netpolauditor.model.NetworkPlugin;
import dev.netpolauditor.snapshot.kube.ClusterCapture;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A directory of manifests as a cluster: a GitOps checkout, or {@code classpath:examples/...}
 * for the demo shipped inside the application. Read anew at every snapshot.
 */
public final class ManifestSource implements ClusterSource {
    static final String CLASSPATH = "classpath:";

    private final String location;
    private final Set<NetworkPlugin> plugins;

    public ManifestSource(String location) {
        this(location, Set.of());
    }

    /** A directory whose network plugins {@code plugins} names besides its DaemonSets. */
    public ManifestSource(String location, Set<NetworkPlugin> plugins) {
        this.location = location;
        this.plugins = Set.copyOf(plugins);
    }

    @Override
    public String describe() {
        return location;
    }

    @Override
    public ClusterCapture capture() throws ManifestException {
        return new ClusterCapture(null, Map.of(), List.of(), ManifestReader.read(directory(), plugins));
    }

    private Path directory() throws ManifestException {
        if (!location.startsWith(CLASSPATH)) {
            return Path.of(location);
        }
        String resource = location.substring(CLASSPATH.length()).replaceAll("^/+", "");
        URL url = ManifestSource.class.getClassLoader().getResource(resource);
        if (url == null) {
            throw new ManifestException(location + ": no such directory inside the application");
        }
        try {
            URI uri = url.toURI();
            if ("jar".equals(uri.getScheme())) {
                try {
                    FileSystems.newFileSystem(uri, Map.of());
                } catch (FileSystemAlreadyExistsException alreadyOpen) {
                    // opened by an earlier snapshot; Path.of finds it
                }
            }
            return Path.of(uri);
        } catch (URISyntaxException | IOException e) {
            throw new ManifestException(location + ": cannot open: " + e.getMessage(), e);
        }
    }
}
