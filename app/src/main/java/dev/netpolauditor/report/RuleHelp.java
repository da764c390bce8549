package dev.netpolauditor.report;

import java.util.Map;

/**
 * What to do about a finding of each rule, in a sentence or two, for the help of code-scanning
 * tools (SARIF) and other outputs that show a rule on its own. The rule's title says what is
 * wrong; this says how it is usually put right.
 */
public final class RuleHelp {
    private RuleHelp() {}

    private static final Map<String, String> FIX = Map.ofEntries(
            Map.entry("NP-CAL-001", "Nothing to fix in the policy; know that the HTTP criteria are enforced only with"
                    + " Calico's application layer policy, and that the analysis counts the rule's ports as open."),
            Map.entry("NP-CAL-002", "Check the criterion by hand: the analysis cannot tell what it matches (Services,"
                    + " ICMP, source ports, other protocols, host endpoints)."),
            Map.entry("NP-CAL-003", "Create the Tier with its order and defaultAction, or move the policy to a tier that"
                    + " exists."),
            Map.entry("NP-CAL-004", "Give the two policies different orders, so which decides does not depend on their"
                    + " names."),
            Map.entry("NP-CAL-005", "Give the two tiers different orders, so their order does not depend on their"
                    + " names."),
            Map.entry("NP-CAL-006", "Set the tier's defaultAction to Pass, or end its policies with Pass rules, if it was"
                    + " meant to audit only."),
            Map.entry("NP-CAL-007", "Give the tier the Allow and Deny rules it was meant to have, or remove it."),
            Map.entry("NP-CAL-008", "Nothing to fix: enforce the staged policy (as a NetworkPolicy or"
                    + " GlobalNetworkPolicy) when its report is what you want."),
            Map.entry("NP-CIL-001", "Nothing to fix in the policy; know that the L7 rules are enforced by Cilium's proxy"
                    + " and that the analysis counts the ports as open."),
            Map.entry("NP-CIL-002", "Check the peer or refinement by hand: the analysis cannot tell what it matches."),
            Map.entry("NP-CIL-003", "Fix what the agent refuses (the detail says what): until then none of the policy's"
                    + " rules is enforced."),
            Map.entry("NP-CIL-004", "Make sure the owners of the overridden allows know that the deny wins, or narrow the"
                    + " deny entry."),
            Map.entry("NP-CIL-005", "Set enableDefaultDeny for the direction to false if only the denied peers were meant,"
                    + " or add the allow entries the endpoints need."),
            Map.entry("NP-CIL-006", "Select pods by label (fromEndpoints/toEndpoints), or enable"
                    + " policy-cidr-match-mode: pods."),
            Map.entry("NP-CNI-001", "Install a network plugin that enforces NetworkPolicy (Calico, Cilium, Antrea, "
                    + "kube-router, ...) or run Canal beside flannel; until then the policies are intent only."),
            Map.entry("NP-CNI-002", "Install a network plugin that enforces the cluster-tier policy API in use, or "
                    + "express the guardrails as NetworkPolicies."),
            Map.entry("NP-CNI-003", "Remove the policies of the plugin that does not run, or move them to the "
                    + "plugin that does; if that plugin does run, name it so its policies are analysed."),
            Map.entry("NP-CNI-004", "Turn enforcement back on in cilium-config (enable-policy: default or always,"
                    + " enable-k8s-networkpolicy: \"true\"), or rely on other policies."),
            Map.entry("NP-CNI-005", "Nothing to fix: both plugins' policies must allow a connection; keep them in step."),
            Map.entry("NP-COV-001", "Add a NetworkPolicy that selects the endpoint for Ingress, best a namespace "
                    + "default deny (podSelector: {}, policyTypes: [Ingress]) plus rules for what it must accept."),
            Map.entry("NP-COV-002", "Add a NetworkPolicy that selects the endpoint for Egress (a namespace default "
                    + "deny with policyTypes: [Egress]) and allow DNS and what it must reach."),
            Map.entry("NP-COV-003", "Add a namespace-wide default deny: a NetworkPolicy with podSelector: {} and "
                    + "policyTypes: [Ingress]."),
            Map.entry("NP-COV-004", "Add a namespace-wide default deny for egress: podSelector: {} and policyTypes: "
                    + "[Egress], with rules for DNS."),
            Map.entry("NP-COV-005", "Give the namespace NetworkPolicies, starting with a default deny for ingress "
                    + "and egress."),
            Map.entry("NP-COV-006", "Fix the podSelector (a label typo?) or delete the stale policy."),
            Map.entry("NP-COV-007", "Fix the peer's selectors (a label typo?) or remove the peer: it can never match."),
            Map.entry("NP-COV-008", "Avoid hostNetwork where you can; NetworkPolicy cannot isolate such pods, so "
                    + "protect them at the node (host firewall) instead."),
            Map.entry("NP-COV-009", "Use a port name that a container on the receiving side declares (with its "
                    + "protocol), or a number."),
            Map.entry("NP-COV-010", "Add the direction to spec.policyTypes, or delete the rules it ignores."),
            Map.entry("NP-PERM-001", "Give the ingress rule peers (from) and ports, or delete it if admitting "
                    + "everything was not meant."),
            Map.entry("NP-PERM-002", "Give the egress rule peers (to) and ports, or delete it if allowing "
                    + "everything was not meant."),
            Map.entry("NP-PERM-003", "Select the namespaces meant (namespaceSelector with labels, e.g. "
                    + "kubernetes.io/metadata.name) instead of namespaceSelector: {}."),
            Map.entry("NP-PERM-004", "Name the addresses meant instead of 0.0.0.0/0 or ::/0, or put the endpoint "
                    + "behind an ingress controller."),
            Map.entry("NP-PERM-005", "Add the ports the peers need to the rule."),
            Map.entry("NP-PERM-006", "Narrow the port range to the ports in use."),
            Map.entry("NP-PERM-007", "If the ports belong to the rule above, write them in that rule: 'ports:' "
                    + "must not start a new '-' entry; otherwise give the rule peers."),
            Map.entry("NP-TEN-001", "Isolate the tenants' namespaces (default deny) and admit only the flows meant; "
                    + "declare intended tenant-to-tenant flows in the tenants file's 'allowed'."),
            Map.entry("NP-TEN-002", "Add a default deny for ingress to the tenant's namespace."),
            Map.entry("NP-TIER-001", "Give the two policies different priorities, so every plugin orders them the "
                    + "same way."),
            Map.entry("NP-TIER-002", "Add a NetworkPolicy default deny for the endpoint's namespace: cluster-tier "
                    + "rules cannot refuse addresses outside the cluster."),
            Map.entry("NP-TIER-003", "Check that the Admin-tier rule should override the namespace owner's policy; "
                    + "narrow its subject, peers or ports if not."),
            Map.entry("NP-TIER-004", "Delete the shadowed rule, or move it before the rules that decide its "
                    + "connections."),
            Map.entry("NP-TIER-005", "Nothing to fix: connections to nodes and domain names are not analysed; "
                    + "review these peers by hand."),
            Map.entry("NP-JUST-001", "Record a justification for the rule (policy, rule, hash of its content, text, "
                    + "owner, approver) in the justifications file, or propose it in the service (POST "
                    + "/api/v1/justifications) for a second person to approve; a changed rule needs a new approval."));

    /** How a finding of {@code rule} is usually put right, or null for a rule without advice. */
    public static String fix(String rule) {
        return FIX.get(rule);
    }
}
