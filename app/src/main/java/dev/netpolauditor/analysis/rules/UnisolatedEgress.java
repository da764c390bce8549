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

/** NP-COV-002: An endpoint is not isolated for egress: it can connect to any destination. */
public final class UnisolatedEgress extends CatalogRule {
    public UnisolatedEgress() {
        super("NP-COV-002", Severity.MEDIUM, Kind.ENDPOINT,
                "An endpoint is not isolated for egress: it can connect to any destination.",
                Control.NSA_CISA, Control.PCI_DSS_1_3);
    }

    @Override
    public void check(AuditInput input, Consumer<Finding> findings) {
        for (Endpoint.Pod e : input.compiled().endpoints()) {
            if (!input.compiled().isolated(e, PolicyType.EGRESS)) {
                findings.accept(finding(e.namespace(), new FindingSubject.Endpoint(e.name()), null, e.name() + " can connect to any destination: no network policy "
                        + (input.cluster().clusterPolicies().isEmpty() ? "" : "or cluster-tier deny-all rule ")
                        + "selects it for egress."));
            }
        }
    }
}
