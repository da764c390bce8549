package dev.netpolauditor.analysis;

import java.time.LocalDate;
import java.util.regex.Pattern;

/**
 * An accepted risk: findings of {@code rule} whose subject matches {@code subjectPattern}
 * ({@code *} matches any run of characters, everything else literally) are reported as
 * excepted until {@code expires} (inclusive), with who owns the decision and why.
 */
public record FindingException(String rule, String subjectPattern, String justification, String owner,
        LocalDate expires) {

    public boolean matches(Finding finding) {
        return rule.equals(finding.rule()) && glob(subjectPattern).matcher(finding.subject().text()).matches();
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
