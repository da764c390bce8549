package dev.netpolauditor.analysis;

import java.time.LocalDate;
import java.util.Locale;
import java.util.Objects;

/**
 * A documented business justification of one opening rule and its approval (findings.md,
 * "Justifications (opt-in)", PCI DSS v4 1.2.5): the policy ({@code prod/db} or
 * {@code ClusterNetworkPolicy/guard}), the rule ({@code ingress[0]}), the {@link RuleContent}
 * hash of the rule as it was approved, the text, its owner, who approved it and on which day.
 * It justifies the rule only while the rule's content still has that hash.
 *
 * <p>{@code id} is the record's id when the service manages it (null for a justifications file).
 */
public record Justification(String policy, String rule, String sha256, String text, String owner, String approver,
        LocalDate approved, Long id) {

    public Justification {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(rule, "rule");
        sha256 = sha256.toLowerCase(Locale.ROOT);
        Objects.requireNonNull(approved, "approved");
    }

    /** A justification of a justifications file. */
    public Justification(String policy, String rule, String sha256, String text, String owner, String approver,
            LocalDate approved) {
        this(policy, rule, sha256, text, owner, approver, approved, null);
    }

    /** {@code prod/db ingress[0]}: the policy location of the rule, as findings name it. */
    public String location() {
        return policy + " " + rule;
    }
}
