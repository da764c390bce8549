package dev.netpolauditor.analysis.rules;

import dev.netpolauditor.analysis.AuditInput;
import dev.netpolauditor.analysis.CatalogRule;
import dev.netpolauditor.analysis.Finding;
import dev.netpolauditor.analysis.FindingSubject.Kind;
import dev.netpolauditor.analysis.Severity;
import dev.netpolauditor.model.PolicyType;
import java.util.function.Consumer;

/** NP-COV-004: A namespace with endpoints has no namespace-wide egress baseline (a policy with an empty podSelector governing Egress). */
public final class NoEgressBaseline extends CatalogRule {
    public NoEgressBaseline() {
        super("NP-COV-004", Severity.LOW, Kind.NAMESPACE,
                "A namespace with endpoints has no namespace-wide egress baseline (a policy with an empty podSelector governing Egress).");
    }

    @Override
    public void check(AuditInput input, Consumer<Finding> findings) {
        Baselines.check(this, input, PolicyType.EGRESS, findings);
    }
}
