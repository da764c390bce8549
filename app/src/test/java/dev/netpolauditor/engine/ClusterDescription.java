package dev.netpolauditor.engine;

import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.model.ContainerPort;
import dev.netpolauditor.model.LabelSelector;
import dev.netpolauditor.model.Namespace;
import dev.netpolauditor.model.NetworkPolicy;
import dev.netpolauditor.model.Peer;
import dev.netpolauditor.model.Pod;
import dev.netpolauditor.model.PolicyType;
import dev.netpolauditor.model.PortMatch;
import dev.netpolauditor.model.PortRule;
import dev.netpolauditor.model.Rule;
import dev.netpolauditor.model.SelectorRequirement;
import dev.netpolauditor.model.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A compact, manifest-like text of a cluster for counterexamples, e.g.
 *
 * <pre>
 * namespaces:
 *   alpha {env=prod}
 * pods:
 *   alpha/pod-0 {app=a} ports [http/TCP/80]
 * policies:
 *   alpha/policy-0 podSelector {app=a, tier NotIn [x]} policyTypes [Ingress]
 *     ingress[0] from [pods {app=b} | ipBlock 10.0.0.0/8 except [10.1.0.0/16]] ports [TCP:http, UDP:53-80]
 * external IPs: [ip:10.1.2.3]
 * </pre>
 */
final class ClusterDescription {
    private ClusterDescription() {}

    static String describe(ClusterState cluster, List<Endpoint.Ip> externalIps) {
        StringBuilder sb = new StringBuilder("\nnamespaces:\n");
        for (Namespace ns : cluster.namespaces()) {
            Map<String, String> labels = new TreeMap<>(ns.labels());
            labels.remove(Namespace.NAME_LABEL);
            sb.append("  ").append(ns.name()).append(' ').append(labels(labels)).append('\n');
        }
        sb.append("pods:\n");
        for (Pod pod : cluster.pods()) {
            sb.append("  ").append(pod.namespace()).append('/').append(pod.name()).append(' ')
                    .append(labels(pod.labels())).append(ports(pod.ports()));
            if (pod.phase().terminated()) {
                sb.append(" (").append(pod.phase()).append(", not an endpoint)");
            }
            if (pod.hostNetwork()) {
                sb.append(" (hostNetwork, not an endpoint)");
            }
            if (pod.controller() != null) {
                sb.append(" controller ").append(pod.controller());
            }
            sb.append('\n');
        }
        if (!cluster.workloads().isEmpty()) {
            sb.append("workloads:\n");
            for (Workload w : cluster.workloads()) {
                sb.append("  ").append(w.namespace()).append('/').append(w.name()).append('[').append(w.kind())
                        .append("] ").append(labels(w.templateLabels())).append(ports(w.ports()));
                if (w.hostNetwork()) {
                    sb.append(" (hostNetwork template)");
                }
                if (w.controller() != null) {
                    sb.append(" controller ").append(w.controller());
                }
                sb.append('\n');
            }
        }
        sb.append("policies:").append(cluster.policies().isEmpty() ? " none\n" : "\n");
        for (NetworkPolicy p : cluster.policies()) {
            sb.append("  ").append(p.id()).append(" podSelector ").append(selector(p.podSelector()))
                    .append(" policyTypes ")
                    .append(p.policyTypes().isEmpty() ? "absent" : p.policyTypes().stream()
                            .map(PolicyType::wireName).collect(Collectors.joining(", ", "[", "]")))
                    .append('\n');
            rules(sb, "ingress", "from", p.ingress());
            rules(sb, "egress", "to", p.egress());
        }
        if (!cluster.clusterPolicies().isEmpty()) {
            sb.append("cluster-tier policies:\n");
            for (var p : cluster.clusterPolicies()) {
                sb.append("  ").append(p.id()).append(' ').append(p.tier().wireName()).append(" priority ")
                        .append(p.priority() == dev.netpolauditor.model.ClusterPolicy.NO_PRIORITY ? "-" : p.priority())
                        .append(" subject ").append(p.subject()).append('\n');
                for (var direction : dev.netpolauditor.model.PolicyType.values()) {
                    var rules = p.rules(direction);
                    for (int i = 0; i < rules.size(); i++) {
                        var r = rules.get(i);
                        sb.append("    ").append(direction.wireName().toLowerCase()).append('[').append(i).append("] ")
                                .append(r.action()).append(" peers ").append(r.peers()).append(" ports ")
                                .append(r.ports().isEmpty() ? "*" : r.ports()).append('\n');
                    }
                }
            }
        }
        if (cluster.plugins().any()) {
            var plugins = cluster.plugins();
            sb.append("plugins known: ").append(plugins.known()).append('\n');
            for (var t : plugins.calico().tiers()) {
                sb.append("  ").append(t.id()).append(" order ").append(t.order()).append(' ')
                        .append(t.defaultAction()).append('\n');
            }
            for (var p : plugins.calico().policies()) {
                sb.append("  ").append(p.id()).append(" tier ").append(p.tier()).append(" order ").append(p.order())
                        .append(" selector ").append(p.selector().print())
                        .append(p.namespaceSelector() == null ? "" : " namespaceSelector " + p.namespaceSelector().print())
                        .append(p.serviceAccountSelector() == null ? ""
                                : " serviceAccountSelector " + p.serviceAccountSelector().print())
                        .append(" types ").append(p.types()).append('\n');
                for (var direction : PolicyType.values()) {
                    var rules = p.rules(direction);
                    for (int i = 0; i < rules.size(); i++) {
                        sb.append("    ").append(direction.wireName().toLowerCase()).append('[').append(i).append("] ")
                                .append(rules.get(i)).append('\n');
                    }
                }
            }
            for (var n : plugins.calico().networkSets()) {
                sb.append("  ").append(n.id()).append(' ').append(n.labels()).append(' ').append(n.nets()).append('\n');
            }
            for (var p : plugins.cilium().policies()) {
                sb.append("  ").append(p.id()).append('\n');
                for (var r : p.rules()) {
                    sb.append("    ").append(r).append('\n');
                }
            }
            if (plugins.cilium().config().given()) {
                sb.append("  cilium-config ").append(plugins.cilium().config().data()).append('\n');
            }
            for (var a : plugins.serviceAccounts()) {
                sb.append("  ServiceAccount ").append(a.id()).append(' ').append(a.labels()).append('\n');
            }
            for (Pod pod : cluster.pods()) {
                if (!pod.serviceAccount().equals(dev.netpolauditor.model.Pod.DEFAULT_SERVICE_ACCOUNT)) {
                    sb.append("  pod ").append(pod.id()).append(" runs as ").append(pod.serviceAccount()).append('\n');
                }
            }
        }
        sb.append("external IPs: ").append(externalIps.stream().map(Endpoint::name).toList()).append('\n');
        return sb.toString();
    }

    private static void rules(StringBuilder sb, String direction, String peerWord, List<Rule> rules) {
        for (int i = 0; i < rules.size(); i++) {
            Rule r = rules.get(i);
            sb.append("    ").append(direction).append('[').append(i).append("] ").append(peerWord).append(' ')
                    .append(r.allPeers() ? "*" : r.peers().stream().map(ClusterDescription::peer)
                            .collect(Collectors.joining(" | ", "[", "]")))
                    .append(" ports ")
                    .append(r.allPorts() ? "*" : r.ports().stream().map(ClusterDescription::port)
                            .collect(Collectors.joining(", ", "[", "]")))
                    .append('\n');
        }
    }

    static String peer(Peer peer) {
        return switch (peer) {
            case Peer.Selectors s when s.namespaceSelector() == null -> "pods " + selector(s.podSelector());
            case Peer.Selectors s when s.podSelector() == null -> "namespaces " + selector(s.namespaceSelector());
            case Peer.Selectors s -> "pods " + selector(s.podSelector()) + " in namespaces "
                    + selector(s.namespaceSelector());
            case Peer.IpBlock b -> "ipBlock " + b.cidr()
                    + (b.except().isEmpty() ? "" : " except " + b.except());
        };
    }

    static String port(PortRule rule) {
        String match = switch (rule.match()) {
            case PortMatch.AnyPort any -> "*";
            case PortMatch.Range r -> r.first() == r.last() ? "" + r.first() : r.first() + "-" + r.last();
            case PortMatch.Named n -> n.name();
        };
        return rule.protocol() + ":" + match;
    }

    static String selector(LabelSelector selector) {
        List<String> parts = new ArrayList<>();
        selector.matchLabels().forEach((k, v) -> parts.add(k + "=" + v));
        for (SelectorRequirement r : selector.matchExpressions()) {
            parts.add(r.key() + " " + r.operator() + (r.values().isEmpty() ? "" : " " + r.values()));
        }
        return parts.stream().collect(Collectors.joining(", ", "{", "}"));
    }

    private static String labels(Map<String, String> labels) {
        return labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", ", "{", "}"));
    }

    private static String ports(List<ContainerPort> ports) {
        if (ports.isEmpty()) {
            return "";
        }
        return ports.stream()
                .map(p -> (p.name() == null ? "" : p.name() + "/") + p.protocol() + "/" + p.port())
                .collect(Collectors.joining(", ", " ports [", "]"));
    }
}
