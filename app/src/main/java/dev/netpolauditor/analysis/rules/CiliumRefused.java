package dev.netpolauditor.analysis.rules;

import dev.netpolauditor.analysis.AuditInput;
import dev.netpolauditor.analysis.CatalogRule;
import dev.netpolauditor.analysis.Control;
import dev.netpolauditor.analysis.Finding;
import dev.netpolauditor.analysis.FindingSubject.Kind;
import dev.netpolauditor.analysis.FindingSubject;
import dev.netpolauditor.analysis.Severity;
import dev.netpolauditor.model.cilium.CiliumPolicy;
import java.util.function.Consumer;

/** NP-CIL-003: the Cilium agent refuses the object: none of its rules is enforced. */
public final class CiliumRefused extends CatalogRule {
    public CiliumRefused() {
        super("NP-CIL-003", Severity.HIGH, Kind.POLICY,
                "The Cilium agent refuses the policy: none of its rules is enforced.",
                Control.CIS_K8S_5_3_2, Control.NSA_CISA, Control.NIST_800_53_SC_7);
    }

    @Override
    public void check(AuditInput input, Consumer<Finding> findings) {
        for (CiliumPolicy policy : input.cluster().plugins().cilium().policies()) {
            if (!policy.enforced()) {
                findings.accept(finding(policy.namespace(), new FindingSubject.Policy(policy.id()), policy.id(),
                        policy.id() + " is accepted by the API server but refused by the Cilium agent ("
                                + policy.refusal() + "): none of its rules is enforced, and it was not analysed."));
            }
        }
    }
}
