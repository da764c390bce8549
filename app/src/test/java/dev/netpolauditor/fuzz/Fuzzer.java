package dev.netpolauditor.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * Generative fuzzing with a budget, for targets that must survive any input: first every input
 * of the target's corpus (committed under {@code src/test/resources/fuzz/<name>/}: seeds, and
 * every input a run found, kept as a regression), then, until the budget is spent, inputs
 * made by mutating the corpus (bit flips, structural characters, repeated slices, splices,
 * truncations, bytes that are not UTF-8) and fresh ones from jqwik's generators.
 *
 * <p>The budget is {@code -Dnetpol.fuzz.seconds} per target: 2 s in every build (the corpus
 * replay is what matters there), more in {@code .ci/run}. The run is reproducible from
 * {@code -Dnetpol.fuzz.seed} (printed when it fails). A failing input — any exception, or an
 * input taking longer than {@link #SLOW} — is written to {@code target/fuzz-findings/<name>/}
 * for adding to the corpus once fixed.
 *
 * <p>Why not Jazzer: its artifacts resolve, but its instrumentation cannot read Java 25 class
 * files ("Unsupported class file major version 69"), so it fuzzes blind.
 */
public final class Fuzzer {
    /** An input that takes this long is a finding (a hang or a super-linear blow-up). */
    public static final Duration SLOW = Duration.ofSeconds(10);
    private static final byte[] STRUCTURE = ":-[]{},\"'&*!#|>%@`? \n\r\t\\/=+;.0123456789aZ~^$<_".getBytes(StandardCharsets.UTF_8);
    private static final byte[][] TOKENS = {
        "\u0000".getBytes(StandardCharsets.UTF_8), "%00".getBytes(StandardCharsets.UTF_8),
        "%zz".getBytes(StandardCharsets.UTF_8), "\uFEFF".getBytes(StandardCharsets.UTF_8),
        "\uD83D\uDE00".getBytes(StandardCharsets.UTF_8), "\u2028".getBytes(StandardCharsets.UTF_8),
        {(byte) 0xC3, (byte) 0x28}, {(byte) 0xFF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
        "!!binary ".getBytes(StandardCharsets.UTF_8), "&a ".getBytes(StandardCharsets.UTF_8),
        "*a".getBytes(StandardCharsets.UTF_8), "<<: ".getBytes(StandardCharsets.UTF_8),
        "---\n".getBytes(StandardCharsets.UTF_8), "...\n".getBytes(StandardCharsets.UTF_8),
        "9999999999999999999999".getBytes(StandardCharsets.UTF_8), "1e309".getBytes(StandardCharsets.UTF_8),
        "+999999999-12-31T23:59:59Z".getBytes(StandardCharsets.UTF_8), "\"\\u0000\"".getBytes(StandardCharsets.UTF_8),
        "kind: ".getBytes(StandardCharsets.UTF_8), "apiVersion: networking.k8s.io/v1\n".getBytes(StandardCharsets.UTF_8),
    };

    private Fuzzer() {}

    /** What one run did. */
    public record Run(int corpus, long generated, Duration took, long seed) {}

    /** Fuzzes {@code target} (which throws on a finding) under {@code name}; fails with the input on a finding. */
    public static Run run(String name, Consumer<byte[]> target) {
        Path corpusDir = Path.of("src", "test", "resources", "fuzz", name);
        List<byte[]> corpus = corpus(corpusDir);
        long seed = Long.getLong("netpol.fuzz.seed", System.nanoTime());
        Duration budget = Duration.ofSeconds(Long.getLong("netpol.fuzz.seconds", 2));
        Random random = new Random(seed);
        Iterator<byte[]> fresh = fresh().sampleStream().iterator();
        ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-" + name);
            t.setDaemon(true);
            return t;
        });
        long start = System.nanoTime();
        long generated = 0;
        try {
            for (byte[] input : corpus) {
                attempt(name, worker, target, input, seed);
            }
            while (System.nanoTime() - start < budget.toNanos()) {
                byte[] input = corpus.isEmpty() || random.nextInt(5) == 0 ? fresh.next()
                        : mutate(corpus, random);
                attempt(name, worker, target, input, seed);
                generated++;
            }
        } finally {
            worker.shutdownNow();
        }
        Run run = new Run(corpus.size(), generated, Duration.ofNanos(System.nanoTime() - start), seed);
        System.out.println("fuzz " + name + ": " + run.corpus() + " corpus inputs and " + run.generated()
                + " generated in " + run.took().toMillis() + " ms (seed " + seed + ")");
        return run;
    }

    private static void attempt(String name, ExecutorService worker, Consumer<byte[]> target, byte[] input,
            long seed) {
        Future<?> call = worker.submit(() -> target.accept(input));
        try {
            call.get(SLOW.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw finding(name, input, seed, "took longer than " + SLOW.toSeconds() + " s", null);
        } catch (java.util.concurrent.ExecutionException e) {
            throw finding(name, input, seed, String.valueOf(e.getCause()), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static AssertionError finding(String name, byte[] input, long seed, String what, Throwable cause) {
        Path saved;
        try {
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(input)).substring(0, 16);
            saved = Files.createDirectories(Path.of("target", "fuzz-findings", name)).resolve(hash);
            Files.write(saved, input);
        } catch (Exception e) {
            saved = null;
        }
        String shown = new String(input, StandardCharsets.UTF_8);
        return new AssertionError("fuzz " + name + " (seed " + seed + "): " + what + " on the input saved at " + saved
                + " (" + input.length + " bytes): " + (shown.length() > 500 ? shown.substring(0, 500) + "..." : shown),
                cause);
    }

    private static List<byte[]> corpus(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<byte[]> out = new ArrayList<>();
            for (Path p : files.filter(Files::isRegularFile).sorted(Comparator.naturalOrder()).toList()) {
                out.add(Files.readAllBytes(p));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fresh inputs: random bytes, or text of the characters that matter to parsers. */
    private static Arbitrary<byte[]> fresh() {
        Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(2048);
        Arbitrary<byte[]> text = Arbitraries.strings().withChars(":-[]{},\"'&*!#|>%@` \n\t\\/=+;.~^$<")
                .withCharRange('a', 'z').withCharRange('0', '9').withChars('\u0000', '\u0085', '\u2028', '\uFEFF', 'é')
                .ofMaxLength(1024).map(s -> s.getBytes(StandardCharsets.UTF_8));
        return Arbitraries.oneOf(bytes, text, text);
    }

    /** A mutation of one or two corpus inputs. */
    static byte[] mutate(List<byte[]> corpus, Random random) {
        byte[] base = corpus.get(random.nextInt(corpus.size()));
        List<Byte> out = new ArrayList<>(base.length + 64);
        for (byte b : base) {
            out.add(b);
        }
        for (int i = 0, n = 1 + random.nextInt(6); i < n; i++) {
            int at = out.isEmpty() ? 0 : random.nextInt(out.size() + 1);
            switch (random.nextInt(8)) {
                case 0 -> { // flip a bit
                    if (!out.isEmpty()) {
                        int j = Math.min(at, out.size() - 1);
                        out.set(j, (byte) (out.get(j) ^ (1 << random.nextInt(8))));
                    }
                }
                case 1 -> out.add(at, STRUCTURE[random.nextInt(STRUCTURE.length)]);
                case 2 -> { // a token that has hurt parsers before
                    byte[] token = TOKENS[random.nextInt(TOKENS.length)];
                    for (int k = token.length - 1; k >= 0; k--) {
                        out.add(at, token[k]);
                    }
                }
                case 3 -> { // repeat a slice: long scalars, deep nesting, many items
                    if (!out.isEmpty()) {
                        int from = random.nextInt(out.size());
                        int to = Math.min(out.size(), from + 1 + random.nextInt(16));
                        List<Byte> slice = new ArrayList<>(out.subList(from, to));
                        for (int r = 0, times = 1 + random.nextInt(200); r < times && out.size() < 200_000; r++) {
                            out.addAll(to, slice);
                        }
                    }
                }
                case 4 -> { // truncate
                    while (out.size() > at) {
                        out.removeLast();
                    }
                }
                case 5 -> { // splice another input in
                    byte[] other = corpus.get(random.nextInt(corpus.size()));
                    int from = other.length == 0 ? 0 : random.nextInt(other.length);
                    for (int k = Math.min(other.length, from + 1 + random.nextInt(64)) - 1; k >= from; k--) {
                        out.add(at, other[k]);
                    }
                }
                case 6 -> { // delete a few bytes
                    for (int k = 0, d = 1 + random.nextInt(8); k < d && at < out.size(); k++) {
                        out.remove(at);
                    }
                }
                default -> out.add(at, (byte) (0x80 | random.nextInt(0x80))); // not UTF-8 on its own
            }
        }
        byte[] result = new byte[out.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = out.get(i);
        }
        return result;
    }
}
