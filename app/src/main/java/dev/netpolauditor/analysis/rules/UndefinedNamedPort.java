package dev.netpolauditor.analysis.rules;

import dev.netpolauditor.analysis.AuditInput;
import dev.netpolauditor.analysis.CatalogRule;
import dev.netpolauditor.analysis.Finding;
import dev.netpolauditor.analysis.FindingSubject.Kind;
import dev.netpolauditor.analysis.FindingSubject.PolicyLocation;
import dev.netpolauditor.analysis.Locations;
import dev.netpolauditor.analysis.Severity;
import dev.netpolauditor.model.PolicyType;
import dev.netpolauditor.model.PortMatch;
import dev.netpolauditor.model.PortRule;
import dev.netpolauditor.model.TierPort;
import java.util.function.Consumer;

/** NP-COV-009: A rule names a port (name and protocol) that no endpoint on the receiving side defines. */
public final class UndefinedNamedPort extends CatalogRule {
    public UndefinedNamedPort() {
        super("NP-COV-009", Severity.LOW, Kind.POLICY_LOCATION,
                "A rule names a port (name and protocol) that no endpoint on the receiving side defines.");
    }

    @Override
    public void check(AuditInput input, Consumer<Finding> findings) {
        EffectiveRules.forEach(input, (p, policy, direction, r, rule) -> {
            for (int k = 0; k < rule.ports().size(); k++) {
                PortRule port = rule.ports().get(k);
                if (port.match() instanceof PortMatch.Named named
                        && !input.compiled().receivingSideDefines(p, direction, r, named.name(), port.protocol())) {
                    PolicyLocation location = Locations.port(policy, direction, r, k);
                    String side = direction == PolicyType.INGRESS ? "none of the pods it selects defines"
                            : "none of the destinations it allows defines";
                    findings.accept(finding(policy.namespace(), location, policy.id(), location.text() + " names port '"
                            + named.name() + "' (" + port.protocol() + "), which " + side
                            + ": the entry matches nothing."));
                }
            }
        });
        ClusterTierRules.forEach(input, (policy, direction, r, rule) -> {
            for (int k = 0; k < rule.ports().size(); k++) {
                if (rule.ports().get(k) instanceof TierPort.Named named
                        && !input.compiled().clusterReceivingSideDefines(policy, direction, r, named.name())) {
                    PolicyLocation location = Locations.port(policy, direction, r, k);
                    String side = direction == PolicyType.INGRESS ? "none of the pods its subject selects defines"
                            : "none of the destinations it names defines";
                    findings.accept(finding(null, location, policy.id(), location.text() + " names port '" + named.name()
                            + "', which " + side + ": the entry matches nothing."));
                }
            }
        });
        PluginSites.calicoRules(input, (policy, direction, r, rule) -> {
            var ports = rule.destination().ports();
            for (int k = 0; k < ports.size(); k++) {
                if (ports.get(k) instanceof dev.netpolauditor.model.calico.CalicoPort.Named named
                        && !input.compiled().receivingSideDefines(policy, direction, rule, named.name())) {
                    PolicyLocation location = new PolicyLocation(policy.id(), PluginSites.rule(direction, r)
                            + ".destination.ports[" + k + "]");
                    findings.accept(finding(policy.namespace(), location, policy.id(), location.text() + " names port '"
                            + named.name() + "'" + (rule.protocol() == null ? "" : " (" + rule.protocol() + ")")
                            + ", which no destination of the rule defines: the entry matches nothing."));
                }
            }
        });
        PluginSites.ciliumEntries(input, (policy, rule, direction, deny, i, entry, at) -> {
            if (entry.toPorts() == null) {
                return;
            }
            for (int j = 0; j < entry.toPorts().size(); j++) {
                var ports = entry.toPorts().get(j).ports();
                for (int k = 0; k < ports.size(); k++) {
                    var port = ports.get(k);
                    if (port.name() != null && !input.compiled().receivingSideDefines(policy, rule, direction, entry,
                            port.name(), port.protocols())) {
                        PolicyLocation location = new PolicyLocation(policy.id(), at + ".toPorts[" + j + "].ports["
                                + k + "]");
                        findings.accept(finding(policy.namespace(), location, policy.id(), location.text()
                                + " names port '" + port.name() + "', which no endpoint on the receiving side defines:"
                                + " the entry matches nothing."));
                    }
                }
            }
        });
    }
}
