package dev.netpolauditor.analysis.rules;

import dev.netpolauditor.analysis.AuditInput;
import dev.netpolauditor.analysis.CatalogRule;
import dev.netpolauditor.analysis.Finding;
import dev.netpolauditor.analysis.FindingSubject.Kind;
import dev.netpolauditor.analysis.FindingSubject.PolicyLocation;
import dev.netpolauditor.analysis.Severity;
import dev.netpolauditor.model.calico.CalicoPolicy;
import dev.netpolauditor.model.calico.EntityRule;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * NP-CAL-002: a criterion of a Calico rule is not modelled ({@code services},
 * {@code source.ports}/{@code notPorts}, {@code icmp}/{@code notICMP}, a protocol outside TCP,
 * UDP and SCTP), or a {@code doNotTrack}/{@code preDNAT} GlobalNetworkPolicy was skipped.
 */
public final class CalicoUnmodelled extends CatalogRule {
    public CalicoUnmodelled() {
        super("NP-CAL-002", Severity.INFO, Kind.POLICY_LOCATION,
                "A Calico rule has a criterion the analysis does not model, or a host-endpoint policy was skipped.");
    }

    @Override
    public void check(AuditInput input, Consumer<Finding> findings) {
        for (CalicoPolicy policy : input.cluster().plugins().calico().policies()) {
            if (policy.hostEndpointsOnly()) {
                findings.accept(finding(policy.namespace(), new PolicyLocation(policy.id(), ""), policy.id(),
                        policy.id() + " has " + (policy.doNotTrack() ? "doNotTrack" : "preDNAT") + ": Calico applies"
                                + " it to host endpoints only, which the analysis does not model; it was skipped."));
            }
        }
        PluginSites.calicoRules(input, (policy, direction, r, rule) -> {
            String at = PluginSites.rule(direction, r);
            List<String> criteria = new ArrayList<>();
            if (rule.icmp() != null) {
                criteria.add("icmp (the rule matches no connection of the analysis, which has no ICMP)");
            }
            if (rule.notIcmp() != null) {
                criteria.add("notICMP (ignored)");
            }
            if (rule.protocol() != null && rule.protocol().modelled() == null) {
                criteria.add("protocol " + rule.protocol() + " (the analysis has TCP, UDP and SCTP connections only,"
                        + " so the rule matches none)");
            }
            if (!criteria.isEmpty()) {
                PolicyLocation location = new PolicyLocation(policy.id(), at);
                findings.accept(finding(policy.namespace(), location, policy.id(), location.text() + " uses "
                        + String.join(", ", criteria) + "."));
            }
            for (String sideName : List.of("source", "destination")) {
                EntityRule side = sideName.equals("source") ? rule.source() : rule.destination();
                List<String> sideCriteria = new ArrayList<>();
                if (side.services() != null) {
                    sideCriteria.add("services (" + side.services().name() + "): the analysis has no Services, so"
                            + " the rule matches no endpoint");
                }
                if (sideName.equals("source") && (!side.ports().isEmpty() || !side.notPorts().isEmpty())) {
                    sideCriteria.add("source ports: connections are known by their destination port only, so they"
                            + " are ignored");
                }
                if (!sideCriteria.isEmpty()) {
                    PolicyLocation location = new PolicyLocation(policy.id(), at + "." + sideName);
                    findings.accept(finding(policy.namespace(), location, policy.id(), location.text() + " uses "
                            + String.join("; ", sideCriteria) + "."));
                }
            }
        });
    }
}
