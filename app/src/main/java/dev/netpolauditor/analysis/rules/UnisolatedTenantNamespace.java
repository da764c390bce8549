package dev.netpolauditor.analysis.rules;

import dev.netpolauditor.analysis.AuditInput;
import dev.netpolauditor.analysis.CatalogRule;
import dev.netpolauditor.analysis.Control;
import dev.netpolauditor.analysis.Finding;
import dev.netpolauditor.analysis.FindingSubject.Kind;
import dev.netpolauditor.analysis.FindingSubject.Namespace;
import dev.netpolauditor.analysis.Locations;
import dev.netpolauditor.analysis.Severity;
import dev.netpolauditor.engine.Endpoint;
import dev.netpolauditor.model.PolicyType;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** NP-TEN-002: a tenant's namespace has an endpoint that is not isolated for ingress. */
public final class UnisolatedTenantNamespace extends CatalogRule {
    public UnisolatedTenantNamespace() {
        super("NP-TEN-002", Severity.HIGH, Kind.NAMESPACE,
                "A tenant's namespace has an endpoint that is not isolated for ingress, so every other tenant can reach it.",
                Control.ISO_27001_A_8_22, Control.PCI_DSS_1_3, Control.SOC2_CC6_6);
    }

    @Override
    public void check(AuditInput input, Consumer<Finding> findings) {
        for (Map.Entry<String, List<Endpoint.Pod>> ns : input.endpointsByNamespace().entrySet()) {
            String tenant = input.tenantOf(ns.getKey());
            if (tenant == null) {
                continue;
            }
            List<Endpoint.Pod> open = ns.getValue().stream()
                    .filter(e -> !input.compiled().isolated(e, PolicyType.INGRESS)).toList();
            if (!open.isEmpty()) {
                findings.accept(finding(ns.getKey(), new Namespace(ns.getKey()), null, "Namespace " + ns.getKey() + " of tenant "
                        + tenant + " has " + Locations.count(open.size(), "endpoint", "endpoints")
                        + " not isolated for ingress (e.g. " + open.getFirst().name() + "): every other tenant can reach "
                        + (open.size() == 1 ? "it." : "them.")));
            }
        }
    }
}
