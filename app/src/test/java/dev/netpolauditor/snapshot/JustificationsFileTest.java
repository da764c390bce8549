package dev.netpolauditor.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.netpolauditor.analysis.Justification;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JustificationsFileTest {
    private static final String HASH = "aa3c5b5d6e1a487d231a1ca76c74ec2b14b3d1f355046559921c9d1523219b8d";

    @TempDir
    Path tmp;

    private Path write(String content) throws IOException {
        Path file = tmp.resolve("justifications.yaml");
        Files.writeString(file, content);
        return file;
    }

    private String failure(String content) throws IOException {
        Path file = write(content);
        ManifestException e = assertThrows(ManifestException.class, () -> JustificationsFile.read(file));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage().replace(file.toString(), "justifications.yaml");
    }

    private static String entry(String key, String value) {
        StringBuilder out = new StringBuilder("justifications:\n");
        String[][] fields = {{"policy", "prod/db"}, {"rule", "ingress[0]"}, {"sha256", HASH},
            {"text", "Backups."}, {"owner", "dba-team"}, {"approver", "alice@example.com"}, {"approved", "2026-01-15"}};
        String dash = "  - ";
        for (String[] f : fields) {
            if (f[0].equals(key)) {
                if (value == null) {
                    continue;
                }
                out.append(dash).append(key).append(": ").append(value).append('\n');
            } else {
                out.append(dash).append(f[0]).append(": ").append(f[1]).append('\n');
            }
            dash = "    ";
        }
        return out.toString();
    }

    @Test
    void readsBothFormsInFileOrderWithHashesInLowerCase() throws Exception {
        List<Justification> read = JustificationsFile.read(write("""
                - policy: prod/db
                  rule: egress[12]
                  sha256: %s
                  text: Backups to the vault.
                  owner: dba-team
                  approver: alice@example.com
                  approved: 2026-01-15
                - {policy: ClusterNetworkPolicy/allow-dns, rule: "ingress[0]", sha256: "%s", text: DNS,
                   owner: platform, approver: bob, approved: "2025-12-31"}
                """.formatted(HASH.toUpperCase(), HASH)));
        assertEquals(List.of(
                new Justification("prod/db", "egress[12]", HASH, "Backups to the vault.", "dba-team",
                        "alice@example.com", LocalDate.of(2026, 1, 15)),
                new Justification("ClusterNetworkPolicy/allow-dns", "ingress[0]", HASH, "DNS", "platform", "bob",
                        LocalDate.of(2025, 12, 31))), read);
        assertEquals(List.of(), JustificationsFile.read(write("")));
        assertEquals(List.of(), JustificationsFile.read(write("justifications: []")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "policy|db|justifications.yaml: justifications[0].policy: 'db' is not a policy: expected <namespace>/<name>",
        "policy|Prod/db|'Prod/db' is not a policy",
        "policy|NetworkPolicy/db|'NetworkPolicy/db' is not a policy",
        "rule|ingress|justifications[0].rule: 'ingress' is not a rule of a policy: expected ingress[N] or egress[N]",
        "rule|ingress[01]|'ingress[01]' is not a rule of a policy",
        "rule|from[0]|'from[0]' is not a rule of a policy",
        "sha256|abc|justifications[0].sha256: 'abc' is not a SHA-256: expected 64 hexadecimal digits",
        "text|'\"\"'|justifications[0].text: empty, expected a non-empty string",
        "approved|2026-02-30|justifications[0].approved: '2026-02-30' is not a date",
        "approver||justifications[0].approver: missing, expected a non-empty string",
        "owner|12|justifications[0].owner: expected a string, got the number 12 (quote it)",
        "ticket|X-1|justifications[0].ticket: unknown key 'ticket' (known keys: policy, rule, sha256, text, owner, approver,"
                + " approved)",
    })
    void refusesABadFieldWithOneLineNamingTheFileAndField(String key, String value, String message) throws Exception {
        String content = key.equals("ticket") ? entry("none", null) + "    ticket: " + value + "\n" : entry(key, value);
        String error = failure(content);
        assertEquals(true, error.contains(message), error);
    }

    @Test
    void refusesAnUnknownTopLevelKeyAndAScalarDocument() throws Exception {
        assertEquals("justifications.yaml: justification: unknown key 'justification' (known keys: justifications)",
                failure("justification: []"));
        assertEquals(true, failure("42").contains("expected a mapping with the key 'justifications'"));
    }
}
