package dev.netpolauditor.bench;

import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.snapshot.ManifestException;
import dev.netpolauditor.snapshot.ManifestReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Times the manifest reader (what {@code connectivity --manifests DIR} and a manifests
 * cluster's snapshot do) on one file of long scalars, from 1 to 64 MiB: the shape that made
 * SnakeYAML's own reader quadratic. The file is a stream of documents (the reader's limit is
 * 16 M code points per document), each a ConfigMap — skipped unexamined by the reader, but
 * parsed whole — whose data holds long scalars in the three YAML styles (double-quoted,
 * single-quoted, plain), and a Pod to show the objects around them are read.
 *
 * <p>Usage: {@code bench/reader [sizes in MiB...] [--scalar-kib N]}, defaults 1 2 4 8 16 32 64
 * and 1024 KiB scalars. One warm-up run per size, then three; the minimum and median wall time
 * and the sum of the heap pools' peaks during the measured runs (an upper bound) are printed,
 * with the time per MiB, which stays flat when reading is linear.
 */
public final class ReaderBenchmark {
    private ReaderBenchmark() {}

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = new ArrayList<>();
        int scalarKib = 4096;
        boolean snakeYamlsOwn = false;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--scalar-kib")) {
                scalarKib = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--snakeyaml")) {
                snakeYamlsOwn = true;
            } else {
                sizes.add(Integer.parseInt(args[i]));
            }
        }
        if (sizes.isEmpty()) {
            sizes = List.of(1, 2, 4, 8, 16, 32, 64);
        }
        System.out.printf(Locale.ROOT, "%d cores, max heap %d MB, scalars of up to %d KiB (a third of the file),"
                        + " read by %s%n%n", Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, scalarKib,
                snakeYamlsOwn ? "SnakeYAML's own reader (before)" : "ManifestReader");
        System.out.println("| file MiB | documents | scalar KiB | min ms | median ms | ms per MiB | peak heap MB |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|");
        Path dir = Files.createTempDirectory("reader-bench");
        try {
            for (int mib : sizes) {
                Path file = dir.resolve("big.yaml");
                int scalar = Math.max(1, Math.min(scalarKib, (mib << 10) / 3 - 1));
                int documents = write(file, mib, scalar);
                long bytes = Files.size(file);
                List<Long> times = new ArrayList<>();
                int runs = snakeYamlsOwn ? 1 : 3;
                if (!snakeYamlsOwn) {
                    read(dir); // warm-up
                }
                System.gc();
                resetPeaks();
                for (int run = 0; run < runs; run++) {
                    long start = System.nanoTime();
                    int pods = snakeYamlsOwn ? snakeYaml(file) : read(dir).pods().size();
                    times.add((System.nanoTime() - start) / 1_000_000);
                    if (pods != documents) {
                        throw new IllegalStateException("read " + pods + " pods, expected " + documents);
                    }
                }
                long peak = peakHeapMb();
                times.sort(Comparator.naturalOrder());
                long median = times.get(times.size() / 2);
                System.out.printf(Locale.ROOT, "| %.1f | %d | %d | %d | %d | %.0f | %d |%n", bytes / 1048576.0, documents,
                        scalar, times.getFirst(), median, median / (bytes / 1048576.0), peak);
                System.out.flush();
                Files.delete(file);
            }
        } finally {
            try (Stream<Path> left = Files.list(dir)) {
                for (Path p : left.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
    }

    /** The pods SnakeYAML's own reader (UnicodeReader, StreamReader) finds: the "before" of this change. */
    private static int snakeYaml(Path file) throws IOException {
        org.yaml.snakeyaml.LoaderOptions options = new org.yaml.snakeyaml.LoaderOptions();
        options.setCodePointLimit(16 * 1024 * 1024);
        org.yaml.snakeyaml.Yaml yaml = new org.yaml.snakeyaml.Yaml(
                new org.yaml.snakeyaml.constructor.SafeConstructor(options));
        int pods = 0;
        try (var in = Files.newInputStream(file)) {
            for (Object document : yaml.loadAll(in)) {
                if (document instanceof java.util.Map<?, ?> map && "Pod".equals(map.get("kind"))) {
                    pods++;
                }
            }
        }
        return pods;
    }

    private static ClusterState read(Path dir) throws ManifestException {
        return ManifestReader.read(dir);
    }

    /** A file of about {@code mib} MiB: documents of long scalars, each followed by a Pod. */
    static int write(Path file, int mib, int scalarKib) throws IOException {
        long target = (long) mib << 20;
        String chunk = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_.".repeat(16); // 1 KiB
        int documents = 0;
        long written = 0;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            while (written < target) {
                StringBuilder doc = new StringBuilder(3 * (scalarKib << 10) + 512);
                doc.append("---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: blob-").append(documents)
                        .append(", namespace: bench}\ndata:\n");
                for (String style : List.of("\"", "'", "")) {
                    doc.append("  ").append(style.isEmpty() ? "plain" : style.equals("\"") ? "double" : "single")
                            .append(": ").append(style);
                    for (int k = 0; k < scalarKib; k++) {
                        doc.append(chunk);
                    }
                    doc.append(style).append('\n');
                }
                doc.append("---\napiVersion: v1\nkind: Pod\nmetadata: {name: web-").append(documents)
                        .append(", namespace: bench, labels: {app: web}}\nspec: {containers: [{image: web}]}\n");
                if (documents > 0 && written + doc.length() > target) {
                    break; // stay within the size asked (and the reader's 64 MiB limit)
                }
                out.write(doc.toString());
                written += doc.length();
                documents++;
            }
        }
        return documents;
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    private static long peakHeapMb() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum >> 20;
    }
}
