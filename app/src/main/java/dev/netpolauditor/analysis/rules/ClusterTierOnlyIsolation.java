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

/**
 * NP-TIER-002: an endpoint is isolated for ingress only by cluster-tier deny-all rules, whose
 * peers cannot name addresses: connections from outside the cluster still come in.
 */
public final class ClusterTierOnlyIsolation extends CatalogRule {
    public ClusterTierOnlyIsolation() {
        super("NP-TIER-002", Severity.HIGH, Kind.ENDPOINT,
                "An endpoint is isolated for ingress only by cluster-tier policies, whose ingress peers cannot name "
                        + "addresses: connections from outside the cluster are still accepted from anywhere.",
                Control.CIS_K8S_5_3_2, Control.NSA_CISA, Control.PCI_DSS_1_3, Control.ISO_27001_A_8_22);
    }

    @Override
    public void check(AuditInput input, Consumer<Finding> findings) {
        if (input.cluster().clusterPolicies().isEmpty()) {
            return;
        }
        for (Endpoint.Pod e : input.compiled().endpoints()) {
            if (input.compiled().isolated(e, PolicyType.INGRESS)
                    && !input.compiled().isolatedByNetworkPolicies(e, PolicyType.INGRESS)) {
                findings.accept(finding(e.namespace(), new FindingSubject.Endpoint(e.name()), null, e.name() + " is isolated for ingress only by "
                        + "cluster-tier deny-all rules, whose peers cannot name addresses: connections from outside the "
                        + "cluster are still accepted from anywhere. A NetworkPolicy selecting it (a namespace default "
                        + "deny) closes that."));
            }
        }
    }
}
