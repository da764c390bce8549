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

    void check(AuditInput input, Consumer<Finding> findings);

    /** A finding of this rule. */
    default Finding finding(String namespace, String subject, String policy, String detail) {
        return new Finding(id(), severity(), namespace, subject, policy, detail);
    }

    /** A routine finding of this rule (see {@link Finding}): the score weighs it lightly. */
    default Finding routineFinding(String namespace, String subject, String policy, String detail) {
        return new Finding(id(), severity(), namespace, subject, policy, detail, true);
    }
}
