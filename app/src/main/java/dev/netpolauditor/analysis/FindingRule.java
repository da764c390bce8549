package dev.netpolauditor.analysis;

import java.util.List;
import java.util.function.Consumer;

/**
 * One rule of the findings catalog (findings.md): a stable id, a severity, the controls it
 * gives evidence for, and the check itself over a frozen audit input.
 */
public interface FindingRule {

    String id();

    Severity severity();

    /** What the rule checks, in one sentence for a report's legend. */
    String title();

    List<Control> controls();

    /** The kind of subject its findings have (findings.md's "subject" column). */
    FindingSubject.Kind subjectKind();

    void check(AuditInput input, Consumer<Finding> findings);

    /** A finding of this rule. */
    default Finding finding(String namespace, FindingSubject subject, String policy, String detail) {
        return new Finding(id(), severity(), namespace, ofKind(subject), policy, detail);
    }

    /** A routine finding of this rule (see {@link Finding}): the score weighs it lightly. */
    default Finding routineFinding(String namespace, FindingSubject subject, String policy, String detail) {
        return new Finding(id(), severity(), namespace, ofKind(subject), policy, detail, true);
    }

    private FindingSubject ofKind(FindingSubject subject) {
        if (subject.kind() != subjectKind()) {
            throw new IllegalStateException(id() + " has " + subjectKind() + " subjects, not " + subject.kind());
        }
        return subject;
    }
}
