package dev.netpolauditor.analysis.rules;

import dev.netpolauditor.analysis.AuditInput;
import dev.netpolauditor.analysis.CatalogRule;
import dev.netpolauditor.analysis.Control;
import dev.netpolauditor.analysis.Finding;
import dev.netpolauditor.analysis.FindingSubject;
import dev.netpolauditor.analysis.FindingSubject.Kind;
import dev.netpolauditor.analysis.Severity;
import dev.netpolauditor.engine.Endpoint;
import dev.netpolauditor.model.PolicyType;
import java.util.function.Consumer;

/** NP-COV-001: An endpoint is not isolated for ingress: any source can connect to it. */
public final class UnisolatedIngress extends CatalogRule {
    public UnisolatedIngress() {
        super("NP-COV-001", Severity.HIGH, Kind.ENDPOINT,
                "An endpoint is not isolated for ingress: any source can connect to it.",
                Control.CIS_K8S_5_3_2, Control.NSA_CISA, Control.PCI_DSS_1_3, Control.ISO_27001_A_8_22);
    }

    @Override
    public void check(AuditInput input, Consumer<Finding> findings) {
        for (Endpoint.Pod e : input.compiled().endpoints()) {
            if (!input.compiled().isolated(e, PolicyType.INGRESS)) {
                findings.accept(finding(e.namespace(), new FindingSubject.Endpoint(e.name()), null, e.name() + " accepts connections from any source: no network policy "
                        + (input.cluster().clusterPolicies().isEmpty() ? "" : "or cluster-tier deny-all rule ")
                        + "selects it for ingress."));
            }
        }
    }
}
