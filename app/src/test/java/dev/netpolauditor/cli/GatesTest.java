package dev.netpolauditor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The CI gates on the golden cases: {@code audit --fail-on}, {@code diff --fail-on} and
 * {@code diff --fail-on-new-flows} exit 3 exactly when the case has what the gate looks for,
 * with stdout unchanged (the golden output) and one stderr line naming what failed it.
 */
class GatesTest {

    @TempDir
    Path tmp;

    private record Run(int exit, String out, String err) {}

    private static Run run(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Cli.commandLine(new PrintWriter(out), new PrintWriter(err)).execute(args.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    private static Path golden(String name) {
        try {
            return Path.of(GatesTest.class.getResource("/golden/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank()).toList() : List.of();
    }

    @ParameterizedTest(name = "audit {0} --fail-on {1}: exit {2}")
    @CsvSource({
        "audit-locked-down-namespace, info, 0",
        "audit-dangling-peers, high, 0",
        "audit-dangling-peers, medium, 0",
        "audit-dangling-peers, low, 3",
        "audit-dangling-peers, info, 3",
        "audit-any-namespace, high, 0",
        "audit-any-namespace, medium, 3",
        "audit-whole-internet, HIGH, 3",
        "audit-tenant-label-option, high, 3",
    })
    void auditGate(String name, String severity, int exit) throws IOException {
        Path dir = golden(name);
        List<String> args = new ArrayList<>(List.of("audit", "--manifests", dir.resolve("manifests").toString()));
        args.addAll(lines(dir.resolve("audit-args")));
        args.addAll(List.of("--fail-on", severity));
        Run run = run(args);
        assertEquals(exit, run.exit(), run.err());
        assertEquals(Files.readString(dir.resolve("expected-audit.jsonl")), run.out(), "the gate changes no output");
        if (exit == 0) {
            assertEquals("", run.err());
        } else {
            assertEquals(1, run.err().lines().count(), run.err());
            assertTrue(run.err().startsWith("netpol-auditor audit: gate failed: "), run.err());
            assertTrue(run.err().contains("of severity " + severity.toLowerCase() + " or higher"), run.err());
        }
    }

    @Test
    void anExceptedFindingPassesTheGateAndAnExpiredOneDoesNot() throws IOException {
        Path dir = golden("audit-whole-internet");
        List<String> highs = lines(dir.resolve("expected-audit.jsonl")).stream()
                .filter(l -> l.contains("\"severity\":\"high\"")).toList();
        StringBuilder yaml = new StringBuilder("exceptions:\n");
        for (String line : highs) {
            String rule = field(line, "rule");
            String subject = field(line, "subject");
            yaml.append("  - rule: ").append(rule).append("\n    subject: \"").append(subject)
                    .append("\"\n    justification: accepted for the test\n    owner: qa\n    expires: 2030-01-31\n");
        }
        Path exceptions = Files.writeString(tmp.resolve("exceptions.yaml"), yaml);
        List<String> args = List.of("audit", "--manifests", dir.resolve("manifests").toString(), "--exceptions",
                exceptions.toString(), "--fail-on", "high");
        assertEquals(0, run(concat(args, "--today", "2030-01-31")).exit());
        Run expired = run(concat(args, "--today", "2030-02-01"));
        assertEquals(3, expired.exit(), expired.err());
        assertTrue(expired.err().contains(highs.size() + " open finding(s)"), expired.err());
    }

    @ParameterizedTest(name = "diff {0} {1} {2}: exit {3}")
    @CsvSource(delimiter = '|', value = {
        "diff-attrib-unchanged          | --fail-on           | info               | 0",
        "diff-attrib-named-port-renamed | --fail-on           | low                | 3",
        "diff-attrib-named-port-renamed | --fail-on           | medium             | 0",
        "diff-attrib-policy-deleted     | --fail-on           | high               | 3",
        "diff-attrib-namespace-relabelled | --fail-on         | info               | 0",
        "diff-attrib-policy-deleted     | --fail-on-new-flows | external           | 3",
        "diff-attrib-policy-deleted     | --fail-on-new-flows | namespace          | 3",
        "diff-attrib-policy-deleted     | --fail-on-new-flows | tenant             | 0",
        "diff-attrib-namespace-relabelled | --fail-on-new-flows | namespace        | 3",
        "diff-attrib-label-typo-fixed   | --fail-on-new-flows | namespace,tenant   | 0",
        "diff-attrib-tier-action-flipped | --fail-on-new-flows | namespace         | 0",
        "diff-scope-changes             | --fail-on-new-flows | tenant             | 3",
        "diff-scope-changes             | --fail-on           | high               | 3",
    })
    void diffGate(String name, String option, String value, int exit) throws IOException {
        Path dir = golden(name);
        List<String> args = new ArrayList<>(List.of("diff", "--from", dir.resolve("from").toString(), "--to",
                dir.resolve("to").toString()));
        for (String ip : lines(dir.resolve("external-ips"))) {
            args.addAll(List.of("--external-ip", ip));
        }
        args.addAll(lines(dir.resolve("diff-args")));
        args.addAll(List.of(option, value));
        Run run = run(args);
        assertEquals(exit, run.exit(), run.err());
        assertEquals(Files.readString(dir.resolve("expected-diff.jsonl")), run.out(), "the gate changes no output");
        if (exit == 0) {
            assertEquals("", run.err());
        } else {
            assertTrue(run.err().startsWith("netpol-auditor diff: gate failed: "), run.err());
            assertTrue(run.err().contains(option.equals("--fail-on") ? "new finding(s) of severity " + value
                    : "newly allowed flow(s) across"), run.err());
        }
    }

    @Test
    void theNewFlowsNameTheirBoundary() {
        Path dir = golden("diff-attrib-policy-deleted");
        Run run = run(List.of("diff", "--from", dir.resolve("from").toString(), "--to", dir.resolve("to").toString(),
                "--external-ip", "203.0.113.9", "--fail-on-new-flows", "external"));
        assertEquals(3, run.exit());
        assertTrue(run.err().contains("5 newly allowed flow(s) across external boundaries: ip:203.0.113.9 -> "
                + "prod/api (external, now SCTP:1-65535,TCP:1-65535,UDP:1-65535)"), run.err());
    }

    @Test
    void badGateValuesAreInvalidInput() {
        Path dir = golden("diff-attrib-unchanged");
        List<String> diff = List.of("diff", "--from", dir.resolve("from").toString(), "--to",
                dir.resolve("to").toString());
        Run severity = run(concat(diff, "--fail-on", "critical"));
        assertEquals(2, severity.exit());
        assertEquals("", severity.out());
        assertTrue(severity.err().contains("--fail-on critical: unknown severity; give high, medium, low or info"),
                severity.err());
        Run boundary = run(concat(diff, "--fail-on-new-flows", "cluster"));
        assertEquals(2, boundary.exit());
        assertTrue(boundary.err().contains("unknown boundary 'cluster'; give tenant, namespace or external"),
                boundary.err());
        Run external = run(concat(diff, "--fail-on-new-flows", "external"));
        assertEquals(2, external.exit());
        assertTrue(external.err().contains("--external-ip"), external.err());
    }

    @Test
    void helpDocumentsTheExitStatuses() {
        for (String command : List.of("audit", "diff")) {
            String help = run(List.of(command, "--help")).out().replaceAll("\\s+", " ");
            assertTrue(help.contains(" 3 ") && help.contains("gate failed"), help);
            assertTrue(help.contains("exit with status 3"), help);
        }
        assertTrue(run(List.of("--help")).out().replaceAll("\\s+", " ").contains("3 a CI gate failed"));
    }

    private static List<String> concat(List<String> args, String... more) {
        List<String> out = new ArrayList<>(args);
        out.addAll(Arrays.asList(more));
        return out;
    }

    private static String field(String line, String key) {
        int at = line.indexOf("\"" + key + "\":\"") + key.length() + 4;
        return line.substring(at, line.indexOf('"', at));
    }
}
