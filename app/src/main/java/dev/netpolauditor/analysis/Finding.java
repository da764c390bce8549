package dev.netpolauditor.analysis;

import java.util.Comparator;

/**
 * One finding. Its identity — what history tracks from snapshot to snapshot — is (rule,
 * namespace, subject, policy); {@code detail} is for people and may change wording.
 * {@code namespace} and {@code policy} may be null.
 *
 * <p>{@code routine} marks a finding about a pattern that hardening guides recommend or that
 * only reflects what the inputs leave out: an egress rule that opens nothing but DNS, a peer
 * naming a namespace that is not among the inputs. The finding is reported as the catalog
 * says; only the {@link Score} weighs it lightly. It is no part of the identity.
 */
public record Finding(String rule, Severity severity, String namespace, FindingSubject subject, String policy,
        String detail, boolean routine) {

    /** A finding that is not routine. */
    public Finding(String rule, Severity severity, String namespace, FindingSubject subject, String policy,
            String detail) {
        this(rule, severity, namespace, subject, policy, detail, false);
    }

    /** The contract's order: rule, namespace (null first), subject, policy (null first). */
    public static final Comparator<Finding> ORDER = Comparator.comparing(Finding::rule)
            .thenComparing(Finding::namespace, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(f -> f.subject().text())
            .thenComparing(Finding::policy, Comparator.nullsFirst(Comparator.naturalOrder()));

    public Identity identity() {
        return new Identity(rule, namespace, subject.text(), policy);
    }

    /** What makes two findings the same finding; the subject as its contract text, as history stores it. */
    public record Identity(String rule, String namespace, String subject, String policy) {}
}
