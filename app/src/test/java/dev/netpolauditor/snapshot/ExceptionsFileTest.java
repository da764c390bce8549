package dev.netpolauditor.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netpolauditor.analysis.FindingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ExceptionsFileTest {

    private static final String VALID_ENTRY = """
            rule: NP-COV-002
            subject: "kube-system/*"
            justification: DNS must reach the upstream resolvers.
            owner: platform-team
            expires: 2027-03-31
            """;

    @TempDir
    Path tmp;

    private Path write(String content) throws IOException {
        Path file = tmp.resolve("exceptions.yaml");
        Files.writeString(file, content);
        return file;
    }

    private String failure(String content) throws IOException {
        Path file = write(content);
        ManifestException e = assertThrows(ManifestException.class, () -> ExceptionsFile.read(file));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage().replace(file.toString(), "exceptions.yaml");
    }

    /** A file with one entry: the valid one without its {@code key} line, plus {@code line} when not null. */
    private String failureOfEntry(String key, String line) throws IOException {
        StringBuilder entry = new StringBuilder();
        for (String l : VALID_ENTRY.split("\n")) {
            if (!l.startsWith(key + ":")) {
                entry.append(l).append('\n');
            }
        }
        if (line != null) {
            entry.append(line).append('\n');
        }
        return failure("exceptions:\n" + ("- " + entry.toString().indent(2).strip()).indent(2));
    }

    @Test
    void readsEntriesInFileOrder() throws Exception {
        List<FindingException> exceptions = ExceptionsFile.read(write("""
                exceptions:
                  - rule: NP-COV-002
                    subject: "kube-system/*"
                    justification: DNS must reach the upstream resolvers.
                    owner: platform-team
                    expires: 2027-03-31
                  - {rule: NP-TEN-001, subject: retail -> finance, justification: "Billing export, ticket SEC-12",
                     owner: "finance-team", expires: "2026-06-30"}
                """));

        assertEquals(List.of(
                new FindingException("NP-COV-002", "kube-system/*", "DNS must reach the upstream resolvers.",
                        "platform-team", LocalDate.of(2027, 3, 31)),
                new FindingException("NP-TEN-001", "retail -> finance", "Billing export, ticket SEC-12",
                        "finance-team", LocalDate.of(2026, 6, 30))), exceptions);
    }

    @Test
    void theTopLevelMayBeTheListItself() throws Exception {
        List<FindingException> exceptions = ExceptionsFile.read(write("- " + VALID_ENTRY.indent(2).strip() + "\n"));

        assertEquals(1, exceptions.size());
        assertEquals("kube-system/*", exceptions.getFirst().subjectPattern());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "# none yet\n", "exceptions:\n", "exceptions: []\n", "[]\n"})
    void anEmptyFileHoldsNoExceptions(String content) throws Exception {
        assertEquals(List.of(), ExceptionsFile.read(write(content)));
    }

    @Test
    void aYamlTimestampIsReadAsTheDateItSaysWhateverTheTimeZone() throws Exception {
        TimeZone saved = TimeZone.getDefault();
        try {
            for (String zone : List.of("Pacific/Kiritimati", "Pacific/Pago_Pago", "UTC")) {
                TimeZone.setDefault(TimeZone.getTimeZone(zone));
                List<FindingException> exceptions = ExceptionsFile.read(write(
                        "- " + VALID_ENTRY.replace("expires: 2027-03-31", "expires: !!timestamp 2027-03-31")
                                .indent(2).strip() + "\n"));
                assertEquals(LocalDate.of(2027, 3, 31), exceptions.getFirst().expires(), zone);
            }
        } finally {
            TimeZone.setDefault(saved);
        }
    }

    @Test
    void aTimestampWithATimeOfDayIsNotADate() throws Exception {
        assertEquals("exceptions.yaml: exceptions[0].expires: the timestamp 2027-03-31T10:00Z has a time of day:"
                + " expected a date YYYY-MM-DD",
                failureOfEntry("expires", "expires: !!timestamp 2027-03-31T10:00:00Z"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "rule          | exceptions.yaml: exceptions[0].rule: missing, expected a non-empty string",
        "subject       | exceptions.yaml: exceptions[0].subject: missing, expected a non-empty string",
        "justification | exceptions.yaml: exceptions[0].justification: missing, expected a non-empty string",
        "owner         | exceptions.yaml: exceptions[0].owner: missing, expected a non-empty string",
        "expires       | exceptions.yaml: exceptions[0].expires: missing, expected a date YYYY-MM-DD",
    })
    void everyFieldIsRequired(String key, String message) throws Exception {
        assertEquals(message, failureOfEntry(key, null));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "rule          | rule: NP-COV-02         | exceptions.yaml: exceptions[0].rule: unknown rule 'NP-COV-02'"
                + " (rules: NP-CAL-001, NP-CAL-002, NP-CAL-003, NP-CAL-004, NP-CAL-005, NP-CAL-006, NP-CAL-007,"
                + " NP-CAL-008, NP-CIL-001, NP-CIL-002, NP-CIL-003, NP-CIL-004, NP-CIL-005, NP-CIL-006, NP-CNI-001,"
                + " NP-CNI-002, NP-CNI-003, NP-CNI-004, NP-CNI-005, NP-COV-001, NP-COV-002, NP-COV-003, NP-COV-004,"
                + " NP-COV-005, NP-COV-006, NP-COV-007, NP-COV-008, NP-COV-009, NP-COV-010, NP-PERM-001, NP-PERM-002,"
                + " NP-PERM-003, NP-PERM-004, NP-PERM-005, NP-PERM-006, NP-PERM-007, NP-TEN-001, NP-TEN-002,"
                + " NP-TIER-001, NP-TIER-002, NP-TIER-003, NP-TIER-004, NP-TIER-005)",
        "owner         | owner: '  '             | exceptions.yaml: exceptions[0].owner: empty, expected a non-empty string",
        "owner         | owner: [a, b]           | exceptions.yaml: exceptions[0].owner: expected a string, got a list",
        "justification | justification: yes      | exceptions.yaml: exceptions[0].justification: expected a string,"
                + " got the boolean true (quote it)",
        "expires       | expires: 2027-02-30     | exceptions.yaml: exceptions[0].expires: '2027-02-30' is not a date:"
                + " expected YYYY-MM-DD, e.g. 2027-03-31",
        "expires       | expires: 31.03.2027     | exceptions.yaml: exceptions[0].expires: '31.03.2027' is not a date:"
                + " expected YYYY-MM-DD, e.g. 2027-03-31",
        "expires       | expires: 20270331       | exceptions.yaml: exceptions[0].expires: expected a date YYYY-MM-DD,"
                + " got the number 20270331",
        "expires       | expires: 2027-03-31T00:00:00Z | exceptions.yaml: exceptions[0].expires:"
                + " '2027-03-31T00:00:00Z' is not a date: expected YYYY-MM-DD, e.g. 2027-03-31",
    })
    void invalidFieldsAreNamedByPath(String key, String line, String message) throws Exception {
        assertEquals(message, failureOfEntry(key, line));
    }

    @Test
    void unknownKeysAreRejectedWithTheKnownOnes() throws Exception {
        assertEquals("exceptions.yaml: exceptions[0].expiry: unknown key 'expiry' (known keys: rule, subject,"
                + " justification, owner, expires)", failureOfEntry("expires", "expiry: 2027-03-31"));
        assertEquals("exceptions.yaml: exception: unknown key 'exception' (known keys: exceptions)",
                failure("exception: []\n"));
    }

    @Test
    void theErrorPathFollowsTheTopLevelForm() throws Exception {
        assertEquals("exceptions.yaml: [1]: expected a mapping with the keys rule, subject, justification, owner,"
                + " expires, got the string 'NP-COV-001'",
                failure("- " + VALID_ENTRY.indent(2).strip() + "\n- NP-COV-001\n"));
    }

    @Test
    void theDocumentMustBeAListOrTheExceptionsMapping() throws Exception {
        assertEquals("exceptions.yaml: the document is the string 'NP-COV-001', expected a mapping with the key"
                + " 'exceptions' holding a list of exceptions", failure("NP-COV-001\n"));
        assertEquals("exceptions.yaml: exceptions: expected a list, got a mapping",
                failure("exceptions: {rule: NP-COV-001}\n"));
    }

    @Test
    void unparseableYamlNamesTheFile() throws Exception {
        String message = failure("exceptions:\n  - rule: [\n");
        assertTrue(message.startsWith("exceptions.yaml: invalid YAML: line "), message);
    }

    @Test
    void aMissingFileIsOneLine() {
        Path missing = tmp.resolve("nope.yaml");
        ManifestException e = assertThrows(ManifestException.class, () -> ExceptionsFile.read(missing));
        assertEquals(missing + ": no such file", e.getMessage());
    }
}
