package dev.netpolauditor.analysis.rules;

import dev.netpolauditor.analysis.AuditInput;
import dev.netpolauditor.analysis.CatalogRule;
import dev.netpolauditor.analysis.Finding;
import dev.netpolauditor.analysis.FindingSubject.Kind;
import dev.netpolauditor.analysis.FindingSubject;
import dev.netpolauditor.analysis.Severity;
import dev.netpolauditor.model.calico.StagedPolicy;
import java.util.function.Consumer;

/** NP-CAL-008: a staged Calico policy: Calico never enforces it, and it is not analysed. */
public final class CalicoStagedPolicy extends CatalogRule {
    public CalicoStagedPolicy() {
        super("NP-CAL-008", Severity.INFO, Kind.POLICY,
                "A staged Calico policy: Calico never enforces it, and it is not analysed.");
    }

    @Override
    public void check(AuditInput input, Consumer<Finding> findings) {
        for (StagedPolicy staged : input.cluster().plugins().calico().staged()) {
            findings.accept(finding(staged.namespace(), new FindingSubject.Policy(staged.id()), staged.id(),
                    staged.id() + " is staged (tier " + staged.tier() + "): Calico only reports what it would do and"
                            + " never enforces it, so it is not analysed; a tier holding only staged policies does not"
                            + " apply."));
        }
    }
}
