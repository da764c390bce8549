package dev.netpolauditor.analysis.rules;

import dev.netpolauditor.analysis.AuditInput;
import dev.netpolauditor.analysis.CatalogRule;
import dev.netpolauditor.analysis.Control;
import dev.netpolauditor.analysis.Finding;
import dev.netpolauditor.analysis.FindingSubject;
import dev.netpolauditor.analysis.Severity;
import dev.netpolauditor.model.NetworkPlugin;
import dev.netpolauditor.model.SkippedGroup;
import dev.netpolauditor.model.WorkloadKind;
import java.util.List;
import java.util.function.Consumer;

/**
 * NP-CNI-003: policies of a network plugin's API group exist, DaemonSets of listed plugins are
 * present, and none of them runs the plugin that enforces the group (Cilium policies in a Calico
 * cluster): they are not enforced and were not analysed. Without any such DaemonSet the group is
 * skipped with a warning only (manifests from a Git repository rarely hold them).
 */
public final class UnenforcedPluginGroup extends CatalogRule {
    public UnenforcedPluginGroup() {
        super("NP-CNI-003", Severity.HIGH, FindingSubject.Kind.API_GROUP,
                "Policies of a network plugin's own API group exist but the cluster's network plugin does not "
                        + "enforce them.",
                Control.CIS_K8S_5_3_2, Control.NSA_CISA, Control.NIST_800_53_SC_7);
    }

    @Override
    public void check(AuditInput input, Consumer<Finding> findings) {
        List<String> daemonSets = input.cluster().workloads().stream()
                .filter(w -> w.kind() == WorkloadKind.DaemonSet)
                .filter(w -> NetworkPlugin.LISTED_PLUGIN_WORDS.stream().anyMatch(w::mentions))
                .map(w -> w.namespace() + "/" + w.name()).toList();
        if (daemonSets.isEmpty()) {
            return;
        }
        for (SkippedGroup group : input.cluster().plugins().skipped()) {
            if (group.policies() == 0) {
                continue;
            }
            NetworkPlugin plugin = group.plugin();
            boolean one = group.policies() == 1;
            findings.accept(finding(null, new FindingSubject.ApiGroup(group.apiVersion()), null, group.policies() + (one ? " policy" : " policies")
                    + " of " + group.apiVersion() + " (" + plugin.title() + ")" + (one ? " is" : " are")
                    + " not enforced: the network plugin DaemonSet" + (daemonSets.size() == 1 ? " " : "s ")
                    + String.join(", ", daemonSets) + (daemonSets.size() == 1 ? " does" : " do") + " not run "
                    + plugin.title() + " (no " + String.join(" or ", plugin.daemonSetWords()) + " in a name or image). "
                    + (one ? "It was" : "They were") + " not analysed; if " + plugin.title()
                    + " does run, name it (--network-plugin " + plugin.wireName() + ")."));
        }
    }
}
