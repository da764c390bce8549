package dev.netpolauditor.analysis;

import dev.netpolauditor.analysis.FindingSubject.PolicyLocation;
import dev.netpolauditor.model.ClusterPolicy;
import dev.netpolauditor.model.LabelSelector;
import dev.netpolauditor.model.NetworkPolicy;
import dev.netpolauditor.model.Peer;
import dev.netpolauditor.model.PolicyType;
import dev.netpolauditor.model.SelectorRequirement;
import dev.netpolauditor.model.TierPeer;
import dev.netpolauditor.model.TierSubject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Policy locations as findings.md writes them ({@code prod/db ingress[0].from[1]}) and the
 * plain-words forms of selectors that details use.
 */
public final class Locations {
    private Locations() {}

    /** {@code prod/db egress}. */
    public static PolicyLocation direction(NetworkPolicy policy, PolicyType direction) {
        return new PolicyLocation(policy.id(), lower(direction));
    }

    /** {@code prod/db ingress[0]}. */
    public static PolicyLocation rule(NetworkPolicy policy, PolicyType direction, int rule) {
        return new PolicyLocation(policy.id(), rulePart(direction, rule));
    }

    /** {@code prod/db ingress[0].from[1]}. */
    public static PolicyLocation peer(NetworkPolicy policy, PolicyType direction, int rule, int peer) {
        return new PolicyLocation(policy.id(), peerPart(direction, rule, peer));
    }

    /** {@code prod/db egress[2].ports[0]}. */
    public static PolicyLocation port(NetworkPolicy policy, PolicyType direction, int rule, int port) {
        return new PolicyLocation(policy.id(), rulePart(direction, rule) + ".ports[" + port + "]");
    }

    /** {@code ClusterNetworkPolicy/guard ingress[0]}. */
    public static PolicyLocation rule(ClusterPolicy policy, PolicyType direction, int rule) {
        return new PolicyLocation(policy.id(), rulePart(direction, rule));
    }

    /** {@code ClusterNetworkPolicy/guard egress[1].to[2]}. */
    public static PolicyLocation peer(ClusterPolicy policy, PolicyType direction, int rule, int peer) {
        return new PolicyLocation(policy.id(), peerPart(direction, rule, peer));
    }

    /** {@code ClusterNetworkPolicy/guard ingress[0].protocols[1]}, {@code AdminNetworkPolicy/x egress[0].ports[0]}. */
    public static PolicyLocation port(ClusterPolicy policy, PolicyType direction, int rule, int port) {
        return new PolicyLocation(policy.id(), rulePart(direction, rule) + "." + policy.portsField() + "[" + port + "]");
    }

    private static String rulePart(PolicyType direction, int rule) {
        return lower(direction) + "[" + rule + "]";
    }

    private static String peerPart(PolicyType direction, int rule, int peer) {
        return rulePart(direction, rule) + "." + peersKey(direction) + "[" + peer + "]";
    }

    /** A cluster-tier subject in words: {@code namespaces [team=a]}, {@code pods [app=db] in namespaces [...]}. */
    public static String subject(TierSubject subject) {
        return switch (subject) {
            case TierSubject.Namespaces n -> "namespaces " + selector(n.namespaceSelector());
            case TierSubject.Pods p -> "pods " + selector(p.podSelector()) + " in "
                    + (p.namespaceSelector() == null ? "every namespace" : "namespaces " + selector(p.namespaceSelector()));
            case TierSubject.Unknown u -> "a subject of fields this version does not know";
        };
    }

    /** A cluster-tier peer in words. */
    public static String peer(TierPeer peer) {
        return switch (peer) {
            case TierPeer.Namespaces n -> "namespaces " + selector(n.namespaceSelector());
            case TierPeer.Pods p -> "pods " + selector(p.podSelector()) + " in "
                    + (p.namespaceSelector() == null ? "every namespace" : "namespaces " + selector(p.namespaceSelector()));
            case TierPeer.Networks n -> "networks " + n.cidrs();
            case TierPeer.Nodes n -> "nodes " + selector(n.nodeSelector());
            case TierPeer.DomainNames d -> "domain names " + String.join(", ", d.names());
            case TierPeer.Unknown u -> "a peer of fields this version does not know";
        };
    }

    public static String peersKey(PolicyType direction) {
        return direction == PolicyType.INGRESS ? "from" : "to";
    }

    public static String lower(PolicyType direction) {
        return direction.wireName().toLowerCase(java.util.Locale.ROOT);
    }

    /** {@code [app=web, tier in (a, b), !debug]}, or {@code [everything]} for the empty selector. */
    public static String selector(LabelSelector selector) {
        if (selector.isEmpty()) {
            return "[everything]";
        }
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, String> e : selector.matchLabels().entrySet()) {
            parts.add(e.getKey() + "=" + e.getValue());
        }
        for (SelectorRequirement r : selector.matchExpressions()) {
            parts.add(switch (r.operator()) {
                case In -> r.key() + " in (" + String.join(", ", r.values()) + ")";
                case NotIn -> r.key() + " notin (" + String.join(", ", r.values()) + ")";
                case Exists -> r.key();
                case DoesNotExist -> "!" + r.key();
            });
        }
        return "[" + String.join(", ", parts) + "]";
    }

    /** A selector peer in words: {@code pods [app=api] in namespaces [team=core]}. */
    public static String peer(Peer.Selectors peer) {
        if (peer.namespaceSelector() == null) {
            return "pods " + selector(peer.podSelector()) + " of the policy's namespace";
        }
        String namespaces = "namespaces " + selector(peer.namespaceSelector());
        return peer.podSelector() == null ? namespaces : "pods " + selector(peer.podSelector()) + " in " + namespaces;
    }

    /** "1 pod or workload" / "3 pods or workloads" style plurals. */
    public static String count(long n, String singular, String plural) {
        return n + " " + (n == 1 ? singular : plural);
    }
}
