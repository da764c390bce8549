package dev.netpolauditor.analysis.rules;

import dev.netpolauditor.analysis.AuditInput;
import dev.netpolauditor.analysis.CatalogRule;
import dev.netpolauditor.analysis.Control;
import dev.netpolauditor.analysis.Finding;
import dev.netpolauditor.analysis.FindingSubject.Kind;
import dev.netpolauditor.analysis.FindingSubject.TenantPair;
import dev.netpolauditor.analysis.Locations;
import dev.netpolauditor.analysis.Severity;
import dev.netpolauditor.analysis.TenantMatrix;
import dev.netpolauditor.model.PortSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * NP-TEN-001: some endpoint of one tenant can open a connection to some endpoint of
 * another; one finding per ordered tenant pair (bounded by tenants², however large the
 * cluster), with the breakdown left to the tenant matrix.
 */
public final class CrossTenantReach extends CatalogRule {
    public CrossTenantReach() {
        super("NP-TEN-001", Severity.HIGH, Kind.TENANT_PAIR,
                "An endpoint of one tenant can open a connection to an endpoint of another tenant.",
                Control.ISO_27001_A_8_22, Control.PCI_DSS_1_3, Control.SOC2_CC6_6, Control.NIST_800_53_SC_7);
    }

    @Override
    public void check(AuditInput input, Consumer<Finding> findings) {
        Map<PortSet, String> portsText = new HashMap<>(); // a few port sets, over tenants² cells
        for (TenantMatrix.Cell cell : input.tenantMatrix().cells()) {
            if (!cell.crossTenant() || input.tenancy().allows(cell.from(), cell.to())) {
                continue;
            }
            String detail = "Tenant " + cell.from() + " can reach tenant " + cell.to() + ": "
                    + Locations.count(cell.namespacePairCount(), "namespace pair", "namespace pairs") + ", "
                    + Locations.count(cell.endpointPairs(), "endpoint pair", "endpoint pairs") + ", e.g. "
                    + cell.exampleFrom() + " -> " + cell.exampleTo() + " on "
                    + portsText.computeIfAbsent(cell.examplePorts(), PortSet::toString)
                    + "; all pairs together: " + portsText.computeIfAbsent(cell.ports(), PortSet::toString) + "; "
                    + side("egress", "source", cell.egressPolicies(), cell.egressUnrestricted()) + "; "
                    + side("ingress", "destination", cell.ingressPolicies(), cell.ingressUnrestricted()) + ".";
            findings.accept(finding(null, new TenantPair(cell.from(), cell.to()), null, detail));
        }
    }

    private static String side(String direction, String end, Set<String> policies, boolean unrestricted) {
        String admitted = policies.isEmpty() ? "" : direction + " admitted by " + String.join(", ",
                new java.util.TreeSet<>(policies));
        String open = unrestricted ? direction + " not restricted (no policy isolates the " + end + ")" : "";
        if (admitted.isEmpty()) {
            return open;
        }
        return open.isEmpty() ? admitted : admitted + ", and " + open;
    }
}
