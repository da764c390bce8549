package dev.netpolauditor.analysis.diff;

import dev.netpolauditor.analysis.AuditedFinding;
import dev.netpolauditor.analysis.Finding;
import dev.netpolauditor.analysis.FindingException;
import dev.netpolauditor.analysis.FindingSubject;
import dev.netpolauditor.analysis.Severity;
import java.util.Comparator;

/**
 * A finding identity present on one side only: {@code NEW} on the {@code to} side only;
 * {@code RESOLVED} on the {@code from} side only while its subject still exists on the
 * {@code to} side; {@code INCOMPARABLE} when the subject is gone (a change of scope is never
 * a resolution). {@code detail} is the finding's detail on the side it is on; {@code status}
 * and {@code exception} say whether an exception of that side matched it (null: none).
 */
public record FindingChange(Change change, String rule, Severity severity, String namespace,
        FindingSubject subject, String policy, String detail, AuditedFinding.Status status, FindingException exception) {

    /** The contract's order: rule, namespace (null first), subject, policy (null first). */
    public static final Comparator<FindingChange> ORDER = Comparator.comparing(FindingChange::rule)
            .thenComparing(FindingChange::namespace, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(c -> c.subject().text())
            .thenComparing(FindingChange::policy, Comparator.nullsFirst(Comparator.naturalOrder()));

    static FindingChange of(Change change, AuditedFinding audited) {
        Finding f = audited.finding();
        return new FindingChange(change, f.rule(), f.severity(), f.namespace(), f.subject(), f.policy(), f.detail(),
                audited.status(), audited.exception());
    }

    public enum Change {
        NEW, RESOLVED, INCOMPARABLE;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
