package dev.netpolauditor.analysis.rules;

import dev.netpolauditor.analysis.AuditInput;
import dev.netpolauditor.analysis.CatalogRule;
import dev.netpolauditor.analysis.Control;
import dev.netpolauditor.analysis.Finding;
import dev.netpolauditor.analysis.FindingSubject.Kind;
import dev.netpolauditor.analysis.Severity;
import dev.netpolauditor.model.PolicyType;
import java.util.function.Consumer;

/** NP-COV-003: A namespace with endpoints has no namespace-wide ingress baseline (a policy with an empty podSelector governing Ingress). */
public final class NoIngressBaseline extends CatalogRule {
    public NoIngressBaseline() {
        super("NP-COV-003", Severity.MEDIUM, Kind.NAMESPACE,
                "A namespace with endpoints has no namespace-wide ingress baseline (a policy with an empty podSelector governing Ingress).",
                Control.CIS_K8S_5_3_2);
    }

    @Override
    public void check(AuditInput input, Consumer<Finding> findings) {
        Baselines.check(this, input, PolicyType.INGRESS, findings);
    }
}
