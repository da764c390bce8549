package dev.netpolauditor.analysis.rules;

import dev.netpolauditor.analysis.AuditInput;
import dev.netpolauditor.analysis.CatalogRule;
import dev.netpolauditor.analysis.Finding;
import dev.netpolauditor.analysis.FindingSubject.Kind;
import dev.netpolauditor.analysis.FindingSubject.PolicyLocation;
import dev.netpolauditor.analysis.Locations;
import dev.netpolauditor.analysis.Severity;
import dev.netpolauditor.model.PortMatch;
import dev.netpolauditor.model.RuleAction;
import dev.netpolauditor.model.TierPort;
import java.util.function.Consumer;

/** NP-PERM-006: A port range spans more than 1,000 ports. */
public final class WidePortRange extends CatalogRule {
    public WidePortRange() {
        super("NP-PERM-006", Severity.LOW, Kind.POLICY_LOCATION,
                "A port range spans more than 1,000 ports.");
    }

    @Override
    public void check(AuditInput input, Consumer<Finding> findings) {
        EffectiveRules.forEach(input, (p, policy, direction, r, rule) -> {
            for (int k = 0; k < rule.ports().size(); k++) {
                if (rule.ports().get(k).match() instanceof PortMatch.Range range
                        && range.last() - range.first() + 1 > 1000) {
                    PolicyLocation location = Locations.port(policy, direction, r, k);
                    findings.accept(finding(policy.namespace(), location, policy.id(), location.text() + " opens "
                            + (range.last() - range.first() + 1) + " ports (" + rule.ports().get(k).protocol() + " "
                            + range.first() + "-" + range.last() + "): more than 1,000 ports in one range."));
                }
            }
        });
        ClusterTierRules.forEach(input, (policy, direction, r, rule) -> {
            if (rule.action() != RuleAction.ACCEPT) {
                return;
            }
            for (int k = 0; k < rule.ports().size(); k++) {
                if (rule.ports().get(k) instanceof TierPort.Range range && range.last() - range.first() + 1 > 1000) {
                    PolicyLocation location = Locations.port(policy, direction, r, k);
                    findings.accept(finding(null, location, policy.id(), location.text() + " opens "
                            + (range.last() - range.first() + 1) + " ports (" + range.protocol() + " " + range.first()
                            + "-" + range.last() + "): more than 1,000 ports in one range."));
                }
            }
        });
        PluginSites.calicoRules(input, (policy, direction, r, rule) -> {
            if (!PluginPermissions.opens(rule)) {
                return;
            }
            var ports = rule.destination().ports();
            for (int k = 0; k < ports.size(); k++) {
                if (ports.get(k) instanceof dev.netpolauditor.model.calico.CalicoPort.Range range
                        && range.last() - range.first() + 1 > 1000) {
                    PolicyLocation location = new PolicyLocation(policy.id(), PluginSites.rule(direction, r)
                            + ".destination.ports[" + k + "]");
                    findings.accept(finding(policy.namespace(), location, policy.id(), location.text() + " opens "
                            + (range.last() - range.first() + 1) + " ports (" + range.first() + ":" + range.last()
                            + "): more than 1,000 ports in one range."));
                }
            }
        });
        PluginSites.ciliumEntries(input, (policy, rule, direction, deny, i, entry, at) -> {
            if (deny || entry.toPorts() == null) {
                return;
            }
            for (int j = 0; j < entry.toPorts().size(); j++) {
                var ports = entry.toPorts().get(j).ports();
                for (int k = 0; k < ports.size(); k++) {
                    if (PluginPermissions.wide(ports.get(k))) {
                        PolicyLocation location = new PolicyLocation(policy.id(), at + ".toPorts[" + j + "].ports["
                                + k + "]");
                        findings.accept(finding(policy.namespace(), location, policy.id(), location.text() + " opens "
                                + (ports.get(k).last() - ports.get(k).first() + 1) + " ports (" + ports.get(k).first()
                                + "-" + ports.get(k).last() + "): more than 1,000 ports in one range."));
                    }
                }
            }
        });
    }
}
