package dev.netpolauditor.snapshot;

import dev.netpolauditor.analysis.FindingException;
import dev.netpolauditor.analysis.FindingRule;
import dev.netpolauditor.analysis.FindingRules;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

/**
 * The exceptions file ({@code audit --exceptions FILE}): accepted risks. A finding of
 * {@code rule} whose subject matches {@code subject} ({@code *} matches any run of
 * characters) is reported as excepted until {@code expires} (inclusive), then as
 * {@code exception_expired}, which counts as open again.
 *
 * <pre>{@code
 * exceptions:
 *   - rule: NP-COV-002
 *     subject: "kube-system/*"
 *     justification: DNS and metrics need to reach the API server; reviewed quarterly.
 *     owner: platform-team
 *     expires: 2027-03-31
 * }</pre>
 *
 * <p>The top level is either that mapping with its single key {@code exceptions}, or the list
 * itself. An empty file holds no exceptions. Every entry needs all five keys and no other;
 * {@code rule} is an id of the findings catalog; {@code subject}, {@code justification} and
 * {@code owner} are non-blank strings; {@code expires} is a date {@code YYYY-MM-DD} (quoted or
 * not; a YAML {@code !!timestamp} is accepted when it is a date without a time of day, read
 * in UTC so that no time zone shifts it). Errors are one line naming the file and the field,
 * e.g. {@code exceptions.yaml: exceptions[2].rule: unknown rule 'NP-COV-02' (rules: ...)}.
 */
public final class ExceptionsFile {
    private ExceptionsFile() {}

    private static final List<String> KEYS = List.of("rule", "subject", "justification", "owner", "expires");

    /** Reads the file; messages name it as {@code file.toString()}. Entries keep the file's order. */
    public static List<FindingException> read(Path file) throws ManifestException {
        return AuditSideFile.list(file, "exceptions", ExceptionsFile::exception);
    }

    private static FindingException exception(Field entry) {
        AuditSideFile.entry(entry, KEYS);
        String rule = rule(entry.get("rule"));
        String subject = AuditSideFile.text(entry.get("subject"));
        String justification = AuditSideFile.text(entry.get("justification"));
        String owner = AuditSideFile.text(entry.get("owner"));
        LocalDate expires = AuditSideFile.date(entry.get("expires"));
        return new FindingException(rule, subject, justification, owner, expires);
    }

    private static String rule(Field field) {
        String rule = AuditSideFile.text(field);
        if (FindingRules.byId(rule).isEmpty()) {
            throw field.invalid("unknown rule " + Field.quote(rule) + " (rules: "
                    + String.join(", ", FindingRules.ALL.stream().map(FindingRule::id).sorted().toList()) + ")");
        }
        return rule;
    }
}
