package dev.netpolauditor.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netpolauditor.bench.SyntheticCluster;
import dev.netpolauditor.bench.SyntheticPlugins;
import dev.netpolauditor.fuzz.Fuzzer;
import dev.netpolauditor.kube.ApiObjects;
import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.model.NetworkPlugin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link JsonManifestReader}, the fast way of reading JSON manifests, gives exactly what the
 * general way ({@link DocumentParser} into maps, then {@link Field}) gives: the same cluster, or
 * the same failure message, on the synthetic cluster, on the manifests of the test resources
 * written as JSON, on thousands of random mutations of them, and on fuzzed JSON.
 */
class JsonManifestReaderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    /** What a reading gives: the cluster, or the failure's message. */
    private record Outcome(ClusterState state, String failure) {}

    private static Outcome outcome(Path dir, boolean fast, Set<NetworkPlugin> plugins) {
        try {
            return new Outcome(ManifestReader.read(dir, plugins, fast), null);
        } catch (ManifestException e) {
            return new Outcome(null, e.getMessage());
        }
    }

    private static void assertSameReading(Path dir, Set<NetworkPlugin> plugins) {
        Outcome general = outcome(dir, false, plugins);
        Outcome fast = outcome(dir, true, plugins);
        assertEquals(general.failure(), fast.failure(), () -> "failure differs in " + describe(dir));
        assertEquals(general.state(), fast.state(), () -> "cluster differs in " + describe(dir));
    }

    private static String describe(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            StringBuilder out = new StringBuilder(dir.toString());
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                String text = Files.readString(file, StandardCharsets.ISO_8859_1);
                out.append("\n").append(dir.relativize(file)).append(": ")
                        .append(text.length() > 4000 ? text.substring(0, 4000) + "..." : text);
            }
            return out.toString();
        } catch (IOException e) {
            return dir.toString();
        }
    }

    @Test
    void syntheticClusterIsReadTheFastWayAndTheSame() throws IOException, ManifestException {
        ClusterState cluster = SyntheticCluster.generate(42, 2000);
        cluster = SyntheticPlugins.withCalico(SyntheticCluster.withClusterPolicies(cluster, 4, 1), 42);
        List<Map<String, Object>> objects = ApiObjects.manifests(cluster);
        Path dir = Files.createDirectories(temp.resolve("synthetic"));
        int files = 0;
        for (int from = 0; from < objects.size(); from += 500, files++) {
            Map<String, Object> list = new LinkedHashMap<>();
            list.put("apiVersion", "v1");
            if (files % 2 == 0) {
                list.put("kind", "List"); // as the CLI benchmark writes it
                list.put("items", objects.subList(from, Math.min(from + 500, objects.size())));
            } else {
                list.put("items", objects.subList(from, Math.min(from + 500, objects.size()))); // as kubectl writes it
                list.put("kind", "List");
                list.put("metadata", Map.of("resourceVersion", ""));
            }
            byte[] bytes = JSON.writeValueAsBytes(list);
            Files.write(dir.resolve(String.format("%04d.json", files)), bytes);
            assertNotNull(JsonManifestReader.read("f.json", bytes), "the fast way gave up on file " + files);
        }
        assertSameReading(dir, Set.of());
        assertSameReading(dir, Set.of(NetworkPlugin.CALICO));
        ClusterState read = ManifestReader.read(dir);
        assertEquals(cluster.pods().size(), read.pods().size());
        assertEquals(cluster.policies().size(), read.policies().size());
    }

    @Test
    void irregularFilesAreLeftToTheGeneralWay() {
        for (String json : List.of(
                "", "[]", "{\"kind\":\"List\",\"items\":[]} {}", // trailing tokens
                "{\"kind\":\"List\",\"kind\":\"List\",\"items\":[]}", // a duplicate key
                "{\"kind\":\"PodList\",\"items\":[]}", // a typed list
                "{\"kind\":\"List\",\"items\":[{\"kind\":\"List\",\"items\":[]}]}", // nested
                "{\"kind\":\"List\",\"items\":[{\"metadata\":{\"name\":\"a\"},\"kind\":\"Pod\"}]}", // kind late
                "{\"kind\":\"List\",\"items\":[{\"kind\":\"Pod\",\"metadata\":{\"name\":\"a\",\"labels\":{\"a\":1}}}]}",
                "{\"kind\":\"List\",\"items\":[{\"kind\":\"Pod\",\"metadata\":{\"name\":\"a\",\"a\":1,\"a\":2}}]}")) {
            assertNull(JsonManifestReader.read("f.json", json.getBytes(StandardCharsets.UTF_8)), json);
        }
        assertNotNull(JsonManifestReader.read("f.json",
                "{\"kind\":\"List\",\"items\":[{\"kind\":\"Pod\",\"metadata\":{\"name\":\"a\"}}]}".getBytes(StandardCharsets.UTF_8)));
    }

    /** Every YAML manifest directory of the test resources, its documents written as JSON lists. */
    @Test
    void testResourceManifestsAsJson() throws IOException {
        List<Path> dirs = manifestDirs();
        assertTrue(dirs.size() > 50, "found only " + dirs.size());
        int i = 0;
        for (Path source : dirs) {
            Path dir = Files.createDirectories(temp.resolve("resources-" + i++));
            if (asJson(source, dir)) {
                assertSameReading(dir, Set.of());
            }
        }
    }

    /** Random mutations of the test resources' objects: values replaced, fields dropped, reordered, duplicated. */
    @Test
    void mutatedManifests() throws IOException {
        List<Map<String, Object>> pool = new ArrayList<>();
        for (Path source : manifestDirs()) {
            for (Object document : documents(source)) {
                if (document instanceof Map<?, ?> map && map.get("kind") instanceof String) {
                    try {
                        pool.add(copy(map));
                    } catch (IllegalArgumentException tooDeep) {
                        // not a JSON manifest
                    }
                }
            }
        }
        pool.addAll(ApiObjects.manifests(SyntheticCluster.generate(7, 60)));
        assertTrue(pool.size() > 100, "pool " + pool.size());
        Random random = new Random(Long.getLong("netpol.equivalence.seed", 21));
        int rounds = Integer.getInteger("netpol.equivalence.rounds", 3000);
        int fastTaken = 0;
        for (int round = 0; round < rounds; round++) {
            List<Object> items = new ArrayList<>();
            int count = 1 + random.nextInt(4);
            for (int k = 0; k < count; k++) {
                Map<String, Object> object = copy(pool.get(random.nextInt(pool.size())));
                int mutations = random.nextInt(3);
                for (int m = 0; m < mutations; m++) {
                    mutate(object, random);
                }
                items.add(random.nextInt(10) == 0 ? shuffled(object, random) : object);
            }
            Map<String, Object> list = new LinkedHashMap<>();
            list.put("apiVersion", "v1");
            list.put("kind", "List");
            list.put("items", items);
            Object document = items.size() == 1 && random.nextBoolean() ? items.get(0) : list;
            Path dir = Files.createDirectories(temp.resolve("mutated-" + round));
            byte[] bytes = JSON.writeValueAsBytes(document);
            Files.write(dir.resolve("a.json"), bytes);
            if (random.nextInt(4) == 0) {
                Files.write(dir.resolve("b.json"), bytes); // every object twice
            }
            if (JsonManifestReader.read("a.json", bytes) != null) {
                fastTaken++;
            }
            assertSameReading(dir, random.nextBoolean() ? Set.of() : Set.of(NetworkPlugin.CALICO, NetworkPlugin.CILIUM));
        }
        assertTrue(fastTaken > rounds / 4, "the fast way took only " + fastTaken + " of " + rounds);
    }

    /** The JSON fuzz corpus and inputs made from it (see {@link Fuzzer}), each as a manifest file. */
    @Test
    void fuzzed() throws IOException {
        Path dir = Files.createDirectories(temp.resolve("fuzzed"));
        Fuzzer.run("manifest-json", bytes -> {
            try {
                Files.write(dir.resolve("a.json"), bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            assertSameReading(dir, Set.of());
        });
    }

    private static final Object[] VALUES = {
        null, "", "x", "Pod", "UPPER", "a/b", "-a", "kube-system", "10.0.0.0/8", "10.1.0.0/16", "http", "TCP", "SCTP",
        "Ingress", "In", "Exists", 0, 1, 80, 65535, 65536, -1, 2.5, true, false, List.of(), Map.of(),
        new BigInteger("99999999999999999999"), List.of("a"), List.of(Map.of()), Map.of("a", "b"),
        Map.of("matchLabels", Map.of("app", "web")), Map.of("controller", true, "kind", "ReplicaSet", "name", "rs"),
        List.of(Map.of("controller", true, "kind", "ReplicaSet", "name", "rs")), "networking.k8s.io/v1", "v1",
    };

    /** One change at a random place of {@code object}: a value replaced or removed, or an entry added. */
    @SuppressWarnings("unchecked")
    private static void mutate(Map<String, Object> object, Random random) {
        Object node = object;
        for (int depth = 0; depth < 8; depth++) {
            if (node instanceof Map<?, ?> map && !map.isEmpty()) {
                List<Object> keys = new ArrayList<>(map.keySet());
                Object key = keys.get(random.nextInt(keys.size()));
                Object child = map.get(key);
                if (child instanceof Map<?, ?> || child instanceof List<?> && !((List<?>) child).isEmpty()) {
                    if (random.nextInt(3) != 0) {
                        node = child;
                        continue;
                    }
                }
                Map<String, Object> m = (Map<String, Object>) map;
                switch (random.nextInt(4)) {
                    case 0 -> m.remove(key);
                    case 1 -> m.put("extra" + random.nextInt(3), copy(VALUES[random.nextInt(VALUES.length)]));
                    default -> m.put((String) key, copy(VALUES[random.nextInt(VALUES.length)]));
                }
                return;
            } else if (node instanceof List<?> list && !list.isEmpty()) {
                int index = random.nextInt(list.size());
                Object child = list.get(index);
                if ((child instanceof Map<?, ?> || child instanceof List<?>) && random.nextInt(3) != 0) {
                    node = child;
                    continue;
                }
                List<Object> l = (List<Object>) list;
                switch (random.nextInt(3)) {
                    case 0 -> l.remove(index);
                    case 1 -> l.add(copy(l.get(index)));
                    default -> l.set(index, copy(VALUES[random.nextInt(VALUES.length)]));
                }
                return;
            } else {
                return;
            }
        }
    }

    private static Map<String, Object> shuffled(Map<String, Object> object, Random random) {
        List<String> keys = new ArrayList<>(object.keySet());
        Collections.shuffle(keys, random);
        Map<String, Object> out = new LinkedHashMap<>();
        keys.forEach(k -> out.put(k, object.get(k)));
        return out;
    }

    /** A deep, mutable copy; YAML-only values (dates, bytes) as strings. */
    private static <T> T copy(Object value) {
        return copy(value, 0);
    }

    /** @throws IllegalArgumentException for a value nested deeper than JSON manifests may be (a YAML alias cycle, say) */
    @SuppressWarnings("unchecked")
    private static <T> T copy(Object value, int depth) {
        if (depth > DocumentParser.MAX_NESTING_DEPTH) {
            throw new IllegalArgumentException("too deep");
        }
        Object out = switch (value) {
            case null -> null;
            case Map<?, ?> map -> {
                Map<String, Object> m = new LinkedHashMap<>();
                map.forEach((k, v) -> m.put(String.valueOf(k), copy(v, depth + 1)));
                yield m;
            }
            case List<?> list -> {
                List<Object> l = new ArrayList<>();
                list.forEach(v -> l.add(copy(v, depth + 1)));
                yield l;
            }
            case String s -> s;
            case Boolean b -> b;
            case Number n -> n;
            default -> value.toString();
        };
        return (T) out;
    }

    private static List<Path> manifestDirs() throws IOException {
        try (Stream<Path> walk = Files.walk(Path.of("src", "test", "resources"))) {
            return walk.filter(Files::isDirectory)
                    .filter(JsonManifestReaderTest::holdsYaml)
                    .sorted(Comparator.comparing(Path::toString))
                    .toList();
        }
    }

    private static boolean holdsYaml(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(f -> f.toString().endsWith(".yaml") && !f.toString().contains("fuzz"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The documents of the directory's YAML files that parse (the others are not what this test is about). */
    private static List<Object> documents(Path dir) throws IOException {
        List<Object> documents = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                List<Object> ofFile = new ArrayList<>();
                try {
                    DocumentParser.parseYaml(file.toString(), Files.readAllBytes(file), (i, d) -> ofFile.add(d));
                } catch (ManifestException e) {
                    continue;
                }
                documents.addAll(ofFile);
            }
        }
        return documents;
    }

    /** The directory's YAML files as JSON files (one object, or a v1 List of several); false when none is left. */
    private static boolean asJson(Path source, Path target) throws IOException {
        boolean any = false;
        try (Stream<Path> files = Files.list(source)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                List<Object> documents = new ArrayList<>();
                try {
                    DocumentParser.parseYaml(file.toString(), Files.readAllBytes(file), (i, d) -> documents.add(copy(d)));
                } catch (ManifestException | RuntimeException e) {
                    continue;
                }
                documents.removeIf(d -> d == null);
                if (documents.isEmpty()) {
                    continue;
                }
                Object document;
                if (documents.size() == 1) {
                    document = documents.get(0);
                } else {
                    Map<String, Object> list = new LinkedHashMap<>();
                    list.put("apiVersion", "v1");
                    list.put("kind", "List");
                    list.put("items", documents);
                    document = list;
                }
                String name = file.getFileName().toString();
                Files.write(target.resolve(name.substring(0, name.length() - ".yaml".length()) + ".json"),
                        JSON.writeValueAsBytes(document));
                any = true;
            }
        }
        return any;
    }
}
