package dev.netpolauditor.analysis.rules;

import dev.netpolauditor.analysis.AuditInput;
import dev.netpolauditor.analysis.CatalogRule;
import dev.netpolauditor.analysis.Control;
import dev.netpolauditor.analysis.Finding;
import dev.netpolauditor.analysis.FindingSubject.Kind;
import dev.netpolauditor.analysis.FindingSubject;
import dev.netpolauditor.analysis.Severity;
import dev.netpolauditor.model.NetworkPlugin;
import dev.netpolauditor.model.cilium.CiliumConfig;
import java.util.function.Consumer;

/**
 * NP-CNI-004: a {@code cilium-config} setting turns policy enforcement off: {@code enable-policy:
 * never}, or {@code enable-k8s-networkpolicy: "false"} while v1 NetworkPolicies exist.
 */
public final class CiliumEnforcementOff extends CatalogRule {
    public CiliumEnforcementOff() {
        super("NP-CNI-004", Severity.HIGH, Kind.SETTING,
                "A setting of the network plugin turns policy enforcement off: the policies it concerns are not"
                        + " enforced.",
                Control.CIS_K8S_5_3_2, Control.NSA_CISA, Control.NIST_800_53_SC_7);
    }

    @Override
    public void check(AuditInput input, Consumer<Finding> findings) {
        if (!input.cluster().plugins().knows(NetworkPlugin.CILIUM)) {
            return;
        }
        CiliumConfig config = input.cluster().plugins().cilium().config();
        if (config.enforcement() == CiliumConfig.EnforcementMode.NEVER) {
            findings.accept(finding(null, new FindingSubject.Setting("cilium-config " + CiliumConfig.ENABLE_POLICY),
                    null, "cilium-config sets enable-policy: never: Cilium enforces no policy at all (its own,"
                            + " NetworkPolicies, cluster-tier ones), and every connection it carries is allowed."
                            + " What the other findings say of those policies describes intent only."));
        }
        if (!config.enforcesNetworkPolicies() && !input.cluster().policies().isEmpty()) {
            findings.accept(finding(null, new FindingSubject.Setting("cilium-config "
                    + CiliumConfig.ENABLE_K8S_NETWORK_POLICY), null, "cilium-config sets enable-k8s-networkpolicy:"
                    + " \"false\" while " + dev.netpolauditor.analysis.Locations.count(input.cluster().policies().size(),
                            "NetworkPolicy exists", "NetworkPolicies exist") + ": Cilium ignores them, so they are not"
                    + " enforced (its model leaves them out)."));
        }
    }
}
