package dev.netpolauditor.analysis.rules;

import dev.netpolauditor.analysis.AuditInput;
import dev.netpolauditor.analysis.CatalogRule;
import dev.netpolauditor.analysis.Finding;
import dev.netpolauditor.analysis.Locations;
import dev.netpolauditor.analysis.Severity;
import dev.netpolauditor.engine.Endpoint;
import dev.netpolauditor.model.ContainerPort;
import dev.netpolauditor.model.PolicyType;
import dev.netpolauditor.model.PortMatch;
import dev.netpolauditor.model.PortRule;
import java.util.List;
import java.util.function.Consumer;

/** NP-COV-009: A rule names a port (name and protocol) that no endpoint on the receiving side defines. */
public final class UndefinedNamedPort extends CatalogRule {
    public UndefinedNamedPort() {
        super("NP-COV-009", Severity.LOW,
                "A rule names a port (name and protocol) that no endpoint on the receiving side defines.");
    }

    @Override
    public void check(AuditInput input, Consumer<Finding> findings) {
        EffectiveRules.forEach(input, (p, policy, direction, r, rule) -> {
            List<Endpoint.Pod> receiving = null;
            for (int k = 0; k < rule.ports().size(); k++) {
                PortRule port = rule.ports().get(k);
                if (!(port.match() instanceof PortMatch.Named named)) {
                    continue;
                }
                if (receiving == null) {
                    receiving = direction == PolicyType.INGRESS ? input.compiled().selectedBy(p)
                            : input.compiled().matchedBy(p, direction, r);
                }
                if (!defines(receiving, named.name(), port)) {
                    String location = Locations.port(policy, direction, r, k);
                    String side = direction == PolicyType.INGRESS ? "none of the pods it selects defines"
                            : "none of the destinations it allows defines";
                    findings.accept(finding(policy.namespace(), location, policy.id(), location + " names port '"
                            + named.name() + "' (" + port.protocol() + "), which " + side
                            + ": the entry matches nothing."));
                }
            }
        });
    }

    private static boolean defines(List<Endpoint.Pod> endpoints, String name, PortRule port) {
        for (Endpoint.Pod e : endpoints) {
            for (ContainerPort c : e.ports()) {
                if (name.equals(c.name()) && c.protocol() == port.protocol()) {
                    return true;
                }
            }
        }
        return false;
    }
}
