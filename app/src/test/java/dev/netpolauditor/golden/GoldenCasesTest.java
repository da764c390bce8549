package dev.netpolauditor.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.netpolauditor.cli.Cli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The project's golden cases: every directory under {@code src/test/resources/golden/} is
 * one case, in the layout of the conformance suite (see the README next to the cases).
 * For each case, {@code connectivity} (and {@code audit} when {@code expected-audit.jsonl}
 * exists) runs in-process — for a diff case ({@code from/} and {@code to/} instead of
 * {@code manifests/}), {@code diff}, and {@code diff --format text} too when {@code expected-diff.txt}
 * exists — and its stdout must equal the expected file exactly — text,
 * order and, for audit, the {@code detail} sentences, so that wording changes are
 * deliberate. Exit status and stderr are checked as well.
 *
 * <p>A case is its files and nothing else: a file the harness does not know, or a case
 * without {@code manifests/} or {@code about.md}, fails. With {@code -Dgolden.update=true}
 * the expected files are rewritten from the actual output (in the source tree) instead of
 * compared; exit status and stderr are still checked, so a crash is never blessed.
 */
class GoldenCasesTest {

    static final String MANIFESTS = "manifests";
    static final String ABOUT = "about.md";
    static final String EXPECTED = "expected.jsonl";
    static final String EXPECTED_AUDIT = "expected-audit.jsonl";
    static final String EXTERNAL_IPS = "external-ips";
    static final String ARGS = "args";
    static final String AUDIT_ARGS = "audit-args";
    static final String EXPECT_EXIT = "expect-exit";
    static final String EXPECT_STDERR = "expect-stderr-contains";
    static final String README = "README.md";
    static final String FROM = "from";
    static final String TO = "to";
    static final String EXPECTED_DIFF = "expected-diff.jsonl";
    static final String DIFF_ARGS = "diff-args";
    static final String EXPECTED_DIFF_TEXT = "expected-diff.txt";
    static final String JUSTIFICATIONS = "justifications.yaml";
    static final String EXPECTED_WARNINGS = "expected-warnings";

    /** Every file a case directory may hold. */
    static final Set<String> KNOWN = Set.of(MANIFESTS, ABOUT, EXPECTED, EXPECTED_AUDIT, EXTERNAL_IPS, ARGS,
            AUDIT_ARGS, EXPECT_EXIT, EXPECT_STDERR, JUSTIFICATIONS, EXPECTED_WARNINGS);
    /** Every file a diff case directory ({@code from/} and {@code to/} instead of {@code manifests/}) may hold. */
    static final Set<String> KNOWN_DIFF = Set.of(FROM, TO, ABOUT, EXPECTED_DIFF, EXPECTED_DIFF_TEXT, EXTERNAL_IPS,
            DIFF_ARGS, EXPECT_EXIT, EXPECT_STDERR, JUSTIFICATIONS, EXPECTED_WARNINGS);
    static final Set<String> DIRECTORIES = Set.of(MANIFESTS, FROM, TO);

    static final boolean UPDATE = Boolean.getBoolean("golden.update");

    @TestFactory
    Stream<DynamicNode> goldenCases() throws IOException {
        Path root = goldenRoot();
        List<DynamicNode> nodes = new ArrayList<>();
        nodes.add(DynamicTest.dynamicTest("golden root holds only case directories and " + README,
                () -> checkRoot(root)));
        try (Stream<Path> entries = Files.list(root)) {
            entries.filter(Files::isDirectory).sorted().forEach(dir -> nodes.add(caseNode(dir)));
        }
        return nodes.stream();
    }

    private static DynamicContainer caseNode(Path dir) {
        String name = dir.getFileName().toString();
        List<DynamicTest> tests = new ArrayList<>();
        tests.add(DynamicTest.dynamicTest("layout", dir.toUri(), () -> checkLayout(dir)));
        if (isDiffCase(dir)) {
            tests.add(DynamicTest.dynamicTest("diff", dir.resolve(EXPECTED_DIFF).toUri(), () -> {
                checkLayout(dir);
                List<String> args = new ArrayList<>(List.of("diff", "--from", absolute(dir.resolve(FROM)),
                        "--to", absolute(dir.resolve(TO))));
                for (String ip : lines(dir.resolve(EXTERNAL_IPS))) {
                    args.add("--external-ip");
                    args.add(ip);
                }
                args.addAll(lines(dir.resolve(DIFF_ARGS)));
                args.addAll(justifications(dir));
                check(dir, EXPECTED_DIFF, args);
            }));
            if (Files.exists(dir.resolve(EXPECTED_DIFF_TEXT))) {
                tests.add(DynamicTest.dynamicTest("diff text", dir.resolve(EXPECTED_DIFF_TEXT).toUri(), () -> {
                    checkLayout(dir);
                    List<String> args = new ArrayList<>(List.of("diff", "--from", absolute(dir.resolve(FROM)),
                            "--to", absolute(dir.resolve(TO))));
                    for (String ip : lines(dir.resolve(EXTERNAL_IPS))) {
                        args.add("--external-ip");
                        args.add(ip);
                    }
                    args.addAll(lines(dir.resolve(DIFF_ARGS)));
                    args.addAll(justifications(dir));
                    args.addAll(List.of("--format", "text"));
                    check(dir, EXPECTED_DIFF_TEXT, args);
                }));
            }
            return DynamicContainer.dynamicContainer(name, dir.toUri(), tests.stream());
        }
        tests.add(DynamicTest.dynamicTest("connectivity", dir.resolve(EXPECTED).toUri(), () -> {
            checkLayout(dir);
            List<String> args = new ArrayList<>(List.of("connectivity", "--manifests", manifests(dir)));
            for (String ip : lines(dir.resolve(EXTERNAL_IPS))) {
                args.add("--external-ip");
                args.add(ip);
            }
            args.addAll(lines(dir.resolve(ARGS)));
            check(dir, EXPECTED, args);
        }));
        if (Files.exists(dir.resolve(EXPECTED_AUDIT))) {
            tests.add(DynamicTest.dynamicTest("audit", dir.resolve(EXPECTED_AUDIT).toUri(), () -> {
                checkLayout(dir);
                List<String> args = new ArrayList<>(List.of("audit", "--manifests", manifests(dir)));
                args.addAll(lines(dir.resolve(AUDIT_ARGS)));
                args.addAll(justifications(dir));
                check(dir, EXPECTED_AUDIT, args);
            }));
        }
        return DynamicContainer.dynamicContainer(name, dir.toUri(), tests.stream());
    }

    // ---------------------------------------------------------------- running a command

    record Run(int exit, String out, String err) {}

    static Run run(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit;
        try (PrintWriter o = new PrintWriter(out); PrintWriter e = new PrintWriter(err)) {
            exit = Cli.commandLine(o, e).execute(args.toArray(String[]::new));
        }
        return new Run(exit, out.toString(), err.toString());
    }

    private static void check(Path dir, String expectedFile, List<String> args) throws IOException {
        Run run = run(args);
        String command = String.join(" ", args);
        int wantExit = expectedExit(dir);
        assertEquals(wantExit, run.exit(), () -> command + ": exit status; stderr: " + run.err());
        if (wantExit == 0) {
            // a success prints nothing on stderr but the warnings the case expects, the command's name in each
            String verb = args.getFirst();
            String warnings = lines(dir.resolve(EXPECTED_WARNINGS)).stream()
                    .map(w -> "netpol-auditor " + verb + w.substring(w.indexOf(':')) + "\n")
                    .collect(java.util.stream.Collectors.joining());
            assertEquals(warnings, run.err(), () -> command + ": stderr must be empty on success, but for the "
                    + "warnings of " + EXPECTED_WARNINGS);
        } else {
            assertEquals("", run.out(), () -> command + ": nothing may be printed on stdout on failure");
            List<String> errLines = run.err().lines().toList();
            assertEquals(1, errLines.size(), () -> command + ": one line of stderr, got: " + run.err());
            for (String want : lines(dir.resolve(EXPECT_STDERR))) {
                assertTrue(errLines.getFirst().contains(want),
                        () -> command + ": stderr should contain '" + want + "': " + run.err());
            }
        }
        Path expected = dir.resolve(expectedFile);
        if (UPDATE) {
            Files.writeString(expected, run.out(), StandardCharsets.UTF_8);
            return;
        }
        assertEquals(Files.readString(expected, StandardCharsets.UTF_8), run.out(),
                () -> command + ": stdout differs from " + dir.getFileName() + "/" + expectedFile
                        + " (rerun with -Dgolden.update=true to rewrite it, then review the diff)");
    }

    private static int expectedExit(Path dir) throws IOException {
        List<String> exit = lines(dir.resolve(EXPECT_EXIT));
        return exit.isEmpty() ? 0 : Integer.parseInt(exit.getFirst());
    }

    // ---------------------------------------------------------------- layout

    private static void checkRoot(Path root) throws IOException {
        List<String> cases = new ArrayList<>();
        try (Stream<Path> entries = Files.list(root)) {
            for (Path p : entries.sorted().toList()) {
                String name = p.getFileName().toString();
                if (Files.isDirectory(p)) {
                    cases.add(name);
                } else {
                    assertEquals(README, name, () -> "stray file in the golden root: " + p);
                }
            }
        }
        assertFalse(cases.isEmpty(), "no golden case under " + root);
    }

    /** A diff case has {@code from/} (and {@code to/}) instead of {@code manifests/}. */
    static boolean isDiffCase(Path dir) {
        return Files.exists(dir.resolve(FROM)) || Files.exists(dir.resolve(TO));
    }

    /** A case is exactly its files: unknown files and missing essentials fail. */
    static void checkLayout(Path dir) throws IOException {
        List<String> problems = new ArrayList<>();
        boolean diff = isDiffCase(dir);
        Set<String> known = diff ? KNOWN_DIFF : KNOWN;
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path p : entries.sorted().toList()) {
                String name = p.getFileName().toString();
                if (!known.contains(name)) {
                    problems.add("unknown file '" + name + "' (known" + (diff ? " in a diff case" : "") + ": "
                            + known.stream().sorted().toList() + ")");
                } else if (DIRECTORIES.contains(name) != Files.isDirectory(p)) {
                    problems.add("'" + name + "' should be a " + (DIRECTORIES.contains(name) ? "directory" : "file"));
                }
            }
        }
        if (diff) {
            for (String side : List.of(FROM, TO)) {
                if (!Files.isDirectory(dir.resolve(side))) {
                    problems.add("no " + side + "/ directory");
                }
            }
            if (!UPDATE && !Files.isRegularFile(dir.resolve(EXPECTED_DIFF))) {
                problems.add("no " + EXPECTED_DIFF + " (create it empty and run with -Dgolden.update=true)");
            }
        } else if (!Files.isDirectory(dir.resolve(MANIFESTS))) {
            problems.add("no " + MANIFESTS + "/ directory");
        }
        if (!Files.isRegularFile(dir.resolve(ABOUT)) || Files.readString(dir.resolve(ABOUT)).isBlank()) {
            problems.add("no " + ABOUT + " (say what the case checks and why each expected line is there)");
        }
        if (!diff && !UPDATE && !Files.isRegularFile(dir.resolve(EXPECTED))) {
            problems.add("no " + EXPECTED + " (create it empty and run with -Dgolden.update=true)");
        }
        if (!diff && Files.exists(dir.resolve(JUSTIFICATIONS)) && !Files.exists(dir.resolve(EXPECTED_AUDIT))) {
            problems.add(JUSTIFICATIONS + " without " + EXPECTED_AUDIT + ": nothing would use it");
        }
        if (Files.exists(dir.resolve(AUDIT_ARGS)) && !Files.exists(dir.resolve(EXPECTED_AUDIT))) {
            problems.add(AUDIT_ARGS + " without " + EXPECTED_AUDIT + ": nothing would use it");
        }
        if (Files.exists(dir.resolve(EXPECTED_WARNINGS)) && Files.exists(dir.resolve(EXPECT_EXIT))) {
            problems.add(EXPECTED_WARNINGS + " with " + EXPECT_EXIT + ": a failure prints one line, its error");
        }
        if (Files.exists(dir.resolve(EXPECT_STDERR)) && !Files.exists(dir.resolve(EXPECT_EXIT))) {
            problems.add(EXPECT_STDERR + " without " + EXPECT_EXIT + ": a successful run prints nothing on stderr");
        }
        if (Files.exists(dir.resolve(EXPECT_EXIT))) {
            List<String> exit = lines(dir.resolve(EXPECT_EXIT));
            if (exit.size() != 1 || !exit.getFirst().matches("[1-9][0-9]*")) {
                problems.add(EXPECT_EXIT + " must hold one non-zero exit status");
            } else if (!Files.exists(dir.resolve(EXPECT_STDERR))) {
                problems.add(EXPECT_EXIT + " without " + EXPECT_STDERR + ": say what the error must name");
            }
        }
        if (!problems.isEmpty()) {
            fail("golden case " + dir.getFileName() + ": " + String.join("; ", problems));
        }
    }

    /** The non-blank lines of an optional file, trimmed (as the conformance runner reads them). */
    static List<String> lines(Path file) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::strip)
                .filter(s -> !s.isEmpty()).toList();
    }

    /** {@code --justifications <case>/justifications.yaml} when the case has one (audit and diff only). */
    private static List<String> justifications(Path dir) {
        Path file = dir.resolve(JUSTIFICATIONS);
        return Files.exists(file) ? List.of("--justifications", absolute(file)) : List.of();
    }

    private static String manifests(Path dir) {
        return absolute(dir.resolve(MANIFESTS));
    }

    private static String absolute(Path path) {
        return path.toAbsolutePath().toString();
    }

    // ---------------------------------------------------------------- where the cases are

    /**
     * {@code src/test/resources/golden} of this module: found from the copy on the test
     * classpath ({@code target/test-classes/golden}, two levels below the module), else
     * relative to the working directory (surefire runs in the module). The source tree,
     * not {@code target/}, so that update mode rewrites the files under version control.
     */
    static Path goldenRoot() {
        List<Path> candidates = new ArrayList<>();
        URL url = GoldenCasesTest.class.getResource("/golden");
        if (url != null && "file".equals(url.getProtocol())) {
            try {
                Path onClasspath = Path.of(url.toURI());
                Path module = onClasspath.getParent().getParent().getParent();
                candidates.add(module.resolve("src/test/resources/golden"));
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        candidates.add(Path.of("src/test/resources/golden"));
        candidates.add(Path.of("app/src/test/resources/golden"));
        for (Path p : candidates) {
            if (Files.isDirectory(p)) {
                return p.toAbsolutePath().normalize();
            }
        }
        throw new UncheckedIOException(new IOException("golden cases not found; tried " + candidates));
    }
}
