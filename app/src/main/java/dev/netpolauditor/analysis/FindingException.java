package dev.netpolauditor.analysis;

import java.time.LocalDate;
import java.util.regex.Pattern;

/**
 * An accepted risk: findings of {@code rule} whose subject matches {@code subjectPattern}
 * ({@code *} matches any run of characters, everything else literally) are reported as
 * excepted until {@code expires} (inclusive), with who owns the decision and why.
 *
 * <p>{@code approval} is null for an exception of an exceptions file, and says who proposed and
 * who approved an exception managed in the service.
 */
public record FindingException(String rule, String subjectPattern, String justification, String owner,
        LocalDate expires, Approval approval) {

    /** An exception of an exceptions file. */
    public FindingException(String rule, String subjectPattern, String justification, String owner,
            LocalDate expires) {
        this(rule, subjectPattern, justification, owner, expires, null);
    }

    public boolean matches(Finding finding) {
        return matches(finding.rule(), finding.subject().text());
    }

    /** Whether it matches findings of {@code findingRule} about {@code subject}. */
    public boolean matches(String findingRule, String subject) {
        return rule.equals(findingRule) && glob(subjectPattern).matcher(subject).matches();
    }

    /** Whether it is managed in the service (approved there) rather than written in an exceptions file. */
    public boolean managed() {
        return approval != null;
    }

    /** {@code file}, or {@code service} for one managed in the service. */
    public String source() {
        return managed() ? "service" : "file";
    }

    public boolean expiredOn(LocalDate today) {
        return today.isAfter(expires);
    }

    private static Pattern glob(String pattern) {
        String[] parts = pattern.split("\\*", -1);
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(parts[i]));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
