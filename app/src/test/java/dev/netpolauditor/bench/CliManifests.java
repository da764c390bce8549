package dev.netpolauditor.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netpolauditor.kube.ApiObjects;
import dev.netpolauditor.model.ClusterState;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a synthetic cluster as a manifest directory for {@code bench/cli}, which times
 * {@code audit --manifests DIR} of the jar on it: {@link SyntheticCluster#generate} (with
 * {@code --tiers}, {@link SyntheticCluster#withClusterPolicies} 40 Admin and 10 Baseline) as
 * {@link ApiObjects#manifests} gives its objects, {@value #PER_FILE} a file as a {@code v1 List},
 * the shape {@code kubectl get -o json} writes, in the order of the objects (namespaces, pods,
 * workloads, policies).
 *
 * <p>Usage: {@code CliManifests DIR PODS [--seed N] [--tiers]}; {@code DIR} must not exist yet.
 */
public final class CliManifests {
    private static final int PER_FILE = 1000;

    private CliManifests() {}

    public static void main(String[] args) throws IOException {
        long seed = 42;
        boolean tiers = false;
        Path dir = null;
        Integer pods = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--tiers" -> tiers = true;
                default -> {
                    if (dir == null) {
                        dir = Path.of(args[i]);
                    } else {
                        pods = Integer.parseInt(args[i].replace("_", ""));
                    }
                }
            }
        }
        if (dir == null || pods == null) {
            throw new IllegalArgumentException("usage: CliManifests DIR PODS [--seed N] [--tiers]");
        }
        ClusterState cluster = SyntheticCluster.generate(seed, pods);
        if (tiers) {
            cluster = SyntheticCluster.withClusterPolicies(cluster, 40, 10);
        }
        List<Map<String, Object>> objects = ApiObjects.manifests(cluster);
        Files.createDirectories(dir.getParent());
        Path partial = Files.createTempDirectory(dir.getParent(), dir.getFileName() + ".partial");
        ObjectMapper json = new ObjectMapper();
        long bytes = 0;
        for (int from = 0; from < objects.size(); from += PER_FILE) {
            Map<String, Object> list = new LinkedHashMap<>();
            list.put("apiVersion", "v1");
            list.put("kind", "List");
            list.put("items", objects.subList(from, Math.min(from + PER_FILE, objects.size())));
            Path file = partial.resolve(String.format(Locale.ROOT, "%04d.json", from / PER_FILE));
            try (OutputStream out = Files.newOutputStream(file)) {
                json.writeValue(out, list);
            }
            bytes += Files.size(file);
        }
        // complete or absent: a run stopped half-way leaves only the .partial directory
        Files.move(partial, dir);
        System.err.printf(Locale.ROOT, "%s: %d objects (%d pods, %d namespaces, %d policies, %d cluster-tier), "
                        + "%d files, %.1f MB%n", dir, objects.size(), cluster.pods().size(), cluster.namespaces().size(),
                cluster.policies().size(), cluster.clusterPolicies().size(), (objects.size() + PER_FILE - 1) / PER_FILE,
                bytes / 1e6);
    }
}
