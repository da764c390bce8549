package dev.netpolauditor.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * The linear-time YAML reading ({@link InMemoryStreamReader} over {@link ManifestText}) is
 * SnakeYAML's own reading, only faster: on thousands of inputs — valid manifests, their
 * mutations, control characters, CR line ends, byte order marks, characters outside the BMP
 * — it yields the same documents, or fails where SnakeYAML's reader fails, at the same line
 * and column with the same problem. And a long scalar costs linear time.
 */
class YamlReaderEquivalenceTest {

    /** What one way of reading gives: the documents, or the failure at its mark. */
    private record Outcome(List<Object> documents, String failure) {}

    private static Outcome snakeYamlsOwn(byte[] bytes) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(DocumentParser.MAX_ALIASES_FOR_COLLECTIONS);
        options.setNestingDepthLimit(DocumentParser.MAX_NESTING_DEPTH);
        options.setCodePointLimit(DocumentParser.MAX_CODE_POINTS);
        options.setAllowDuplicateKeys(false);
        options.setAllowRecursiveKeys(false);
        DumperOptions dumper = new DumperOptions();
        Yaml yaml = new Yaml(new SafeConstructor(options), new Representer(dumper), dumper, options, new Resolver() {
            @Override
            public Tag resolve(NodeId kind, String value, boolean implicit) {
                Tag tag = super.resolve(kind, value, implicit);
                return implicit && Tag.TIMESTAMP.equals(tag) ? Tag.STR : tag;
            }
        });
        List<Object> documents = new ArrayList<>();
        try {
            for (Object document : yaml.loadAll(new ByteArrayInputStream(bytes))) {
                documents.add(document);
            }
            return new Outcome(documents, null);
        } catch (MarkedYAMLException e) {
            var mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            return new Outcome(documents, "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ": "
                    + (e.getProblem() != null ? e.getProblem() : e.getContext()));
        } catch (RuntimeException e) {
            return new Outcome(documents, "other");
        }
    }

    private static Outcome ours(byte[] bytes) {
        List<Object> documents = new ArrayList<>();
        try {
            DocumentParser.parseYaml("f.yaml", bytes, (index, document) -> documents.add(document));
            return new Outcome(documents, null);
        } catch (ManifestException e) {
            if (e.getCause() instanceof MarkedYAMLException) {
                String m = e.getMessage();
                return new Outcome(documents, m.substring(m.indexOf("invalid YAML: ") + "invalid YAML: ".length()));
            }
            return new Outcome(documents, "other");
        }
    }

    private static void same(byte[] input) {
        Outcome expected = snakeYamlsOwn(input);
        Outcome actual = ours(input);
        // Our messages are one line and at most 200 characters of the problem.
        String expectedFailure = expected.failure() == null ? null
                : new ManifestException(expected.failure().lines().findFirst().orElse("")).getMessage();
        if (expectedFailure != null && expectedFailure.length() > 200 + 30) {
            expectedFailure = null; // shortened by us; compare only that both failed
            assertTrue(actual.failure() != null, () -> "SnakeYAML fails, we do not, on " + show(input));
        } else {
            String actualFailure = actual.failure();
            assertEquals(expectedFailure, actualFailure, () -> "different failure on " + show(input));
        }
        assertEquals(expected.documents(), actual.documents(), () -> "different documents on " + show(input));
    }

    private static String show(byte[] input) {
        return Arrays.toString(input.length > 300 ? Arrays.copyOf(input, 300) : input) + " = "
                + new String(input, StandardCharsets.UTF_8);
    }

    private static final String SAMPLE = """
            kind: List
            items:
            - apiVersion: v1
              kind: Namespace
              metadata: {name: shop, labels: {team: "web \\u00e9", "date": 2024-01-01}}
            - apiVersion: v1
              kind: Pod
              metadata:
                name: web
                annotations:
                  note: |
                    a literal
                    block
                  folded: >
                    folded text
                    here
                  single: 'it''s'
                labels: {app: web, tier: "1", on: yes, n: 0x1F, f: 1.5e3, nothing: ~}
              spec:
                containers:
                - image: registry.example/web:1
                  ports: [{name: http, containerPort: 8080, protocol: TCP}]
            ---
            anchors: &a {x: 1}
            ref: *a
            merged: {<<: *a, y: 2}
            ...
            --- !!str plain
            """;

    @Test
    void mutatedManifestsReadExactlyAsSnakeYamlReadsThem() {
        byte[] sample = SAMPLE.getBytes(StandardCharsets.UTF_8);
        byte[] noise = ":-[]{},\"'&*!#|>?% \n\r\t\u00000aZ\\".getBytes(StandardCharsets.UTF_8);
        Random random = new Random(20261207);
        same(sample);
        for (int round = 0; round < 3000; round++) {
            byte[] input;
            switch (random.nextInt(4)) {
                case 0 -> input = Arrays.copyOf(sample, random.nextInt(sample.length));
                case 1 -> {
                    input = sample.clone();
                    for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
                        input[random.nextInt(input.length)] = noise[random.nextInt(noise.length)];
                    }
                }
                case 2 -> {
                    input = sample.clone();
                    input[random.nextInt(input.length)] = (byte) random.nextInt(0x20); // control characters
                }
                default -> {
                    String text = SAMPLE.replace("\n", random.nextBoolean() ? "\r\n" : "\r")
                            .replace("web", random.nextBoolean() ? "w\uD83D\uDE00b" : "w\u2028b");
                    input = text.getBytes(StandardCharsets.UTF_8);
                }
            }
            same(input);
        }
    }

    @Test
    void byteOrderMarksAndUtf16ReadAsSnakeYamlReadsThem() {
        String text = "kind: Pod\nmetadata: {name: caf\u00e9, labels: {smile: \"\uD83D\uDE00\"}}\n";
        same(concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, text.getBytes(StandardCharsets.UTF_8)));
        same(concat(new byte[] {(byte) 0xFE, (byte) 0xFF}, text.getBytes(StandardCharsets.UTF_16BE)));
        same(concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, text.getBytes(StandardCharsets.UTF_16LE)));
        same("a: \"\\x07 escaped is fine\"\nb: \uFEFF\n".getBytes(StandardCharsets.UTF_8));
        same("a: b\u0007\n".getBytes(StandardCharsets.UTF_8));
        same(("x: " + "y".repeat(5000) + "\u0001\n").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void invalidUtf8IsReportedWithItsLineAndByteOffset() {
        byte[] bytes = concat("kind: Pod\nmetadata:\n  name: ".getBytes(StandardCharsets.UTF_8),
                new byte[] {(byte) 0xC3, (byte) 0x28, '\n'});
        ManifestException e = org.junit.jupiter.api.Assertions.assertThrows(ManifestException.class,
                () -> DocumentParser.parseYaml("bad.yaml", bytes, (i, d) -> { }));

        assertEquals("bad.yaml: invalid YAML: line 3, byte offset 28: 0xC3 is not valid UTF-8; manifests must be"
                + " UTF-8 text", e.getMessage());
        assertFalse(e.getMessage().contains("Exception"));
    }

    @Test
    void invalidUtf8InJsonIsReportedWithItsLineAndByteOffsetToo() {
        byte[] bytes = concat("{\"kind\": \"Pod\",\n \"metadata\": {\"name\": \"".getBytes(StandardCharsets.UTF_8),
                new byte[] {(byte) 0xFF, '"', '}', '}'});
        ManifestException e = org.junit.jupiter.api.Assertions.assertThrows(ManifestException.class,
                () -> DocumentParser.parseJson("bad.json", bytes, (i, d) -> { }));

        assertEquals("bad.json: invalid JSON: line 2, byte offset 39: 0xFF is not valid UTF-8; manifests must be"
                + " UTF-8 text", e.getMessage());
    }

    @Test
    void aLongScalarTakesLinearTime() {
        // SnakeYAML's own reader needs minutes for this (quadratic in the scalar's length).
        for (String quote : List.of("\"", "'", "")) {
            String yaml = "kind: ConfigMap\ndata:\n  big: " + quote + "x".repeat(12 * 1024 * 1024) + quote + "\n";
            byte[] bytes = yaml.getBytes(StandardCharsets.UTF_8);
            List<Object> documents = new ArrayList<>();
            assertTimeoutPreemptively(Duration.ofSeconds(10),
                    () -> DocumentParser.parseYaml("big.yaml", bytes, (i, d) -> documents.add(d)));
            assertEquals(12 * 1024 * 1024, ((String) ((java.util.Map<?, ?>) ((java.util.Map<?, ?>) documents.getFirst())
                    .get("data")).get("big")).length(), quote);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return Objects.requireNonNull(out);
    }
}
