package dev.netpolauditor.engine;

import dev.netpolauditor.model.Cidr;
import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.model.ContainerPort;
import dev.netpolauditor.model.IpAddress;
import dev.netpolauditor.model.LabelSelector;
import dev.netpolauditor.model.Namespace;
import dev.netpolauditor.model.NetworkPolicy;
import dev.netpolauditor.model.Peer;
import dev.netpolauditor.model.PodPhase;
import dev.netpolauditor.model.PolicyType;
import dev.netpolauditor.model.PortMatch;
import dev.netpolauditor.model.PortRule;
import dev.netpolauditor.model.Protocol;
import dev.netpolauditor.model.Rule;
import dev.netpolauditor.model.SourceRef;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link ClusterState} in a few readable lines, as a manifest would say it:
 *
 * <pre>{@code
 * new ClusterBuilder()
 *     .namespace("prod", "env", "prod")
 *     .pod("prod", "db", labels("app", "db"), serves("mysql", 3306))
 *     .policy(policy("prod", "db-allow-api").select("app", "db")
 *         .ingress(rule(from(pods("app", "api")), ports(tcp(3306)))))
 *     .build();
 * }</pre>
 *
 * Namespaces a pod or policy uses but that were not declared are added as implied ones.
 */
final class ClusterBuilder {
    private final Map<String, Namespace> namespaces = new LinkedHashMap<>();
    private final List<dev.netpolauditor.model.Pod> pods = new ArrayList<>();
    private final List<NetworkPolicy> policies = new ArrayList<>();

    ClusterBuilder namespace(String name, String... labelKeyValues) {
        namespaces.put(name, Namespace.of(name, labels(labelKeyValues), true, SourceRef.NONE));
        return this;
    }

    ClusterBuilder pod(String namespace, String name, Map<String, String> labels, ContainerPort... ports) {
        imply(namespace);
        pods.add(new dev.netpolauditor.model.Pod(namespace, name, labels, List.of(ports), false, PodPhase.RUNNING,
                List.of(), SourceRef.NONE));
        return this;
    }

    ClusterBuilder policy(PolicyBuilder policy) {
        NetworkPolicy built = policy.build();
        imply(built.namespace());
        policies.add(built);
        return this;
    }

    ClusterState build() {
        return new ClusterState(List.copyOf(namespaces.values()), pods, List.of(), policies);
    }

    private void imply(String namespace) {
        namespaces.computeIfAbsent(namespace, Namespace::implied);
    }

    // ---- labels and selectors

    static Map<String, String> labels(String... keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("labels come in key, value pairs");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            out.put(keyValues[i], keyValues[i + 1]);
        }
        return out;
    }

    /** A selector of matchLabels only; no arguments is the empty selector {@code {}}. */
    static LabelSelector selector(String... keyValues) {
        return new LabelSelector(labels(keyValues), List.of());
    }

    // ---- container ports

    /** A TCP container port the pod serves. */
    static ContainerPort serves(String name, int port) {
        return new ContainerPort(name, port, Protocol.TCP);
    }

    /** A UDP container port the pod serves. */
    static ContainerPort servesUdp(String name, int port) {
        return new ContainerPort(name, port, Protocol.UDP);
    }

    // ---- peers

    /** {@code - podSelector: {...}} alone: pods of the policy's namespace. */
    static Peer pods(String... keyValues) {
        return new Peer.Selectors(selector(keyValues), null);
    }

    /** {@code - namespaceSelector: {...}} alone: every pod of the matching namespaces. */
    static Peer namespaces(String... keyValues) {
        return new Peer.Selectors(null, selector(keyValues));
    }

    /** One entry with both selectors: matching pods in matching namespaces. */
    static Peer podsInNamespaces(LabelSelector pods, LabelSelector namespaces) {
        return new Peer.Selectors(pods, namespaces);
    }

    static Peer ipBlock(String cidr, String... except) {
        return new Peer.IpBlock(Cidr.parse(cidr), Arrays.stream(except).map(Cidr::parse).toList());
    }

    static List<Peer> from(Peer... peers) {
        return List.of(peers);
    }

    static List<Peer> to(Peer... peers) {
        return List.of(peers);
    }

    /** Absent or empty {@code from}/{@code to}: every peer. */
    static List<Peer> anyPeer() {
        return List.of();
    }

    // ---- policy ports

    static PortRule tcp(int port) {
        return new PortRule(Protocol.TCP, new PortMatch.Range(port, port));
    }

    static PortRule udp(int port) {
        return new PortRule(Protocol.UDP, new PortMatch.Range(port, port));
    }

    static PortRule tcp(String namedPort) {
        return new PortRule(Protocol.TCP, new PortMatch.Named(namedPort));
    }

    static PortRule tcpRange(int first, int last) {
        return new PortRule(Protocol.TCP, new PortMatch.Range(first, last));
    }

    static List<PortRule> ports(PortRule... ports) {
        return List.of(ports);
    }

    /** Absent or empty {@code ports}: every protocol and port. */
    static List<PortRule> anyPort() {
        return List.of();
    }

    static Rule rule(List<Peer> peers, List<PortRule> ports) {
        return new Rule(peers, ports);
    }

    // ---- endpoints

    static Endpoint.Ip ip(String address) {
        return new Endpoint.Ip(IpAddress.parse(address));
    }

    // ---- policies

    static PolicyBuilder policy(String namespace, String name) {
        return new PolicyBuilder(namespace, name);
    }

    static final class PolicyBuilder {
        private final String namespace;
        private final String name;
        private LabelSelector podSelector = LabelSelector.EVERYTHING;
        private List<PolicyType> policyTypes = List.of();
        private final List<Rule> ingress = new ArrayList<>();
        private final List<Rule> egress = new ArrayList<>();

        private PolicyBuilder(String namespace, String name) {
            this.namespace = namespace;
            this.name = name;
        }

        /** {@code spec.podSelector.matchLabels}; not calling it selects every pod of the namespace. */
        PolicyBuilder select(String... keyValues) {
            podSelector = selector(keyValues);
            return this;
        }

        /** {@code spec.policyTypes} as written; not calling it leaves them absent. */
        PolicyBuilder types(PolicyType... types) {
            policyTypes = List.of(types);
            return this;
        }

        PolicyBuilder ingress(Rule... rules) {
            ingress.addAll(List.of(rules));
            return this;
        }

        PolicyBuilder egress(Rule... rules) {
            egress.addAll(List.of(rules));
            return this;
        }

        NetworkPolicy build() {
            return new NetworkPolicy(namespace, name, podSelector, policyTypes, ingress, egress, SourceRef.NONE);
        }
    }
}
