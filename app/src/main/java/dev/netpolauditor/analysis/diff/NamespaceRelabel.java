package dev.netpolauditor.analysis.diff;

import dev.netpolauditor.engine.RuleRef;
import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.model.Namespace;
import dev.netpolauditor.model.NetworkPolicy;
import dev.netpolauditor.model.Peer;
import dev.netpolauditor.model.PolicyType;
import dev.netpolauditor.model.Rule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A namespace on both sides whose labels changed, and the rules whose peers change because of
 * it: a namespaceSelector of the rule matches the namespace on one side only (judged with the
 * rule's own selector, so an edited selector is the policy's change, not the namespace's).
 * Rules of policies of either side, at their index on the {@code to} side when they exist there.
 */
public record NamespaceRelabel(String namespace, String labels, List<RuleRef> peersOf) {

    public NamespaceRelabel {
        peersOf = List.copyOf(peersOf);
    }

    static List<NamespaceRelabel> of(ClusterState from, ClusterState to) {
        Map<String, Namespace> before = new TreeMap<>();
        from.namespaces().forEach(n -> before.put(n.name(), n));
        Map<String, NetworkPolicy> policies = new LinkedHashMap<>();
        to.policies().forEach(p -> policies.put(p.id(), p));
        from.policies().forEach(p -> policies.putIfAbsent(p.id(), p));
        List<NamespaceRelabel> out = new ArrayList<>();
        for (Namespace now : to.namespaces()) {
            Namespace was = before.get(now.name());
            if (was == null || was.labels().equals(now.labels())) {
                continue;
            }
            Set<RuleRef> refs = new LinkedHashSet<>();
            for (NetworkPolicy p : policies.values()) {
                for (PolicyType direction : PolicyType.values()) {
                    List<Rule> rules = p.rules(direction);
                    for (int i = 0; i < rules.size(); i++) {
                        for (Peer peer : rules.get(i).peers()) {
                            if (peer instanceof Peer.Selectors s && s.namespaceSelector() != null
                                    && s.namespaceSelector().matches(was.labels())
                                            != s.namespaceSelector().matches(now.labels())) {
                                refs.add(new RuleRef(p.id(), direction, i));
                            }
                        }
                    }
                }
            }
            out.add(new NamespaceRelabel(now.name(), ObjectComparison.labelChanges(was.labels(), now.labels()),
                    List.copyOf(refs)));
        }
        out.sort(java.util.Comparator.comparing(NamespaceRelabel::namespace));
        return out;
    }
}
