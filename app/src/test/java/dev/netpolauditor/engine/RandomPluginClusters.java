package dev.netpolauditor.engine;

import dev.netpolauditor.engine.RandomClusters.GeneratedCluster;
import dev.netpolauditor.model.Cidr;
import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.model.LabelSelector;
import dev.netpolauditor.model.NetworkPlugin;
import dev.netpolauditor.model.PluginObjects;
import dev.netpolauditor.model.Pod;
import dev.netpolauditor.model.PolicyType;
import dev.netpolauditor.model.Protocol;
import dev.netpolauditor.model.SelectorOperator;
import dev.netpolauditor.model.SelectorRequirement;
import dev.netpolauditor.model.ServiceAccount;
import dev.netpolauditor.model.SourceRef;
import dev.netpolauditor.model.Workload;
import dev.netpolauditor.model.calico.CalicoAction;
import dev.netpolauditor.model.calico.CalicoObjects;
import dev.netpolauditor.model.calico.CalicoPolicy;
import dev.netpolauditor.model.calico.CalicoPolicyKind;
import dev.netpolauditor.model.calico.CalicoPort;
import dev.netpolauditor.model.calico.CalicoProtocol;
import dev.netpolauditor.model.calico.CalicoRule;
import dev.netpolauditor.model.calico.CalicoSelector;
import dev.netpolauditor.model.calico.CalicoTier;
import dev.netpolauditor.model.calico.EntityRule;
import dev.netpolauditor.model.calico.NetworkSet;
import dev.netpolauditor.model.calico.ServiceAccountMatch;
import dev.netpolauditor.model.cilium.CiliumConfig;
import dev.netpolauditor.model.cilium.CiliumEntity;
import dev.netpolauditor.model.cilium.CiliumEntry;
import dev.netpolauditor.model.cilium.CiliumObjects;
import dev.netpolauditor.model.cilium.CiliumPeer;
import dev.netpolauditor.model.cilium.CiliumPolicy;
import dev.netpolauditor.model.cilium.CiliumPort;
import dev.netpolauditor.model.cilium.CiliumPortRule;
import dev.netpolauditor.model.cilium.CiliumRule;
import dev.netpolauditor.model.cilium.CiliumSelector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Random small clusters of {@link RandomClusters} with a network plugin known (Calico, Cilium or
 * both) and its own objects: Calico tiers (orders that tie, both default actions, a tier a
 * policy names without it), NetworkPolicies and GlobalNetworkPolicies (orders that tie or are
 * absent; Allow, Deny, Pass and Log rules; protocols the model has and has not; ports, named
 * ports and notPorts; nets and notNets; selectors, notSelectors and namespace scopes, global();
 * service accounts; ipVersion), network sets and ServiceAccounts; Cilium policies and clusterwide
 * ones (several rules, allow and deny entries, endpoints with and without a namespace, entities,
 * CIDR peers, ports, named ports, port 0, ANY, ICMP, enableDefaultDeny) and the
 * {@code cilium-config} options that change the model. Pods run as one of two accounts.
 */
public final class RandomPluginClusters {
    private RandomPluginClusters() {}

    public static Arbitrary<GeneratedCluster> clusters() {
        Arbitrary<Set<NetworkPlugin>> plugins = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(Set.of(NetworkPlugin.CALICO))),
                Tuple.of(3, Arbitraries.just(Set.of(NetworkPlugin.CILIUM))),
                Tuple.of(1, Arbitraries.just(Set.of(NetworkPlugin.CALICO, NetworkPlugin.CILIUM))));
        return Combinators.combine(RandomClusters.clusters(), plugins, calico(), cilium(),
                        Arbitraries.integers().between(0, 1).list().ofSize(16))
                .as(RandomPluginClusters::assemble);
    }

    private static GeneratedCluster assemble(GeneratedCluster base, Set<NetworkPlugin> plugins, CalicoObjects calico,
            CiliumObjects cilium, List<Integer> accounts) {
        ClusterState c = base.cluster();
        List<Pod> pods = new ArrayList<>();
        for (int i = 0; i < c.pods().size(); i++) {
            Pod p = c.pods().get(i);
            pods.add(new Pod(p.namespace(), p.name(), p.labels(), p.ports(), p.hostNetwork(), p.phase(), p.podIps(),
                    p.controller(), p.source(), ACCOUNTS.get(accounts.get(i % accounts.size()))));
        }
        List<Workload> workloads = new ArrayList<>();
        for (int i = 0; i < c.workloads().size(); i++) {
            Workload w = c.workloads().get(i);
            workloads.add(new Workload(w.kind(), w.namespace(), w.name(), w.templateLabels(), w.ports(),
                    w.hostNetwork(), w.images(), w.controller(), w.source(),
                    ACCOUNTS.get(accounts.get((i + 7) % accounts.size()))));
        }
        // namespaced objects live in the namespaces the cluster has
        List<String> namespaces = c.namespaces().stream().map(n -> n.name()).toList();
        List<CalicoPolicy> calicoPolicies = calico.policies().stream().map(p -> p.namespace() == null ? p
                : new CalicoPolicy(p.kind(), namespaces.get(Math.abs(p.namespace().hashCode()) % namespaces.size()),
                        p.name(), p.tier(), p.order(), p.selector(), p.namespaceSelector(), p.serviceAccountSelector(),
                        p.types(), p.ingress(), p.egress(), false, false, false, SourceRef.NONE, null)).toList();
        List<NetworkSet> sets = calico.networkSets().stream().map(s -> s.namespace() == null ? s
                : new NetworkSet(namespaces.get(Math.abs(s.name().hashCode()) % namespaces.size()), s.name(),
                        s.labels(), s.nets(), SourceRef.NONE)).toList();
        List<CiliumPolicy> ciliumPolicies = cilium.policies().stream().map(p -> p.namespace() == null ? p
                : new CiliumPolicy(namespaces.get(Math.abs(p.name().hashCode()) % namespaces.size()), p.name(),
                        p.rules(), null, SourceRef.NONE, null)).toList();
        List<ServiceAccount> serviceAccounts = List.of(
                new ServiceAccount(namespaces.getFirst(), "sa1", Map.of("role", "db"), SourceRef.NONE),
                new ServiceAccount(namespaces.getLast(), "default", Map.of("role", "web"), SourceRef.NONE));
        PluginObjects objects = new PluginObjects(plugins, List.of(),
                new CalicoObjects(calico.tiers(), calicoPolicies, sets, List.of()),
                new CiliumObjects(ciliumPolicies, cilium.config()), serviceAccounts);
        ClusterState cluster = new ClusterState(c.namespaces(), pods, workloads, c.policies(), c.clusterPolicies(),
                objects);
        return new GeneratedCluster(cluster, base.externalIps());
    }

    private static final List<String> ACCOUNTS = List.of("default", "sa1");

    // ================================================================ Calico

    private static Arbitrary<CalicoObjects> calico() {
        Arbitrary<CalicoTier> tier = Combinators.combine(Arbitraries.of("security", "platform"),
                        Arbitraries.of(100.0, 100.0, 1000.0, 2_000_000.0).injectNull(0.2),
                        Arbitraries.of(CalicoTier.TierDefault.values()))
                .as((name, order, action) -> new CalicoTier(name, order, action, SourceRef.NONE));
        Arbitrary<List<CalicoTier>> tiers = tier.list().ofMaxSize(2).map(list -> {
            Map<String, CalicoTier> unique = new LinkedHashMap<>();
            list.forEach(t -> unique.putIfAbsent(t.name(), t));
            return List.copyOf(unique.values());
        });
        Arbitrary<NetworkSet> set = Combinators.combine(Arbitraries.of("partners", "office"), Arbitraries.of(true, false),
                        Arbitraries.of("partner", "office"), Arbitraries.of(NETS))
                .as((name, global, role, nets) -> new NetworkSet(global ? null : "x", name, Map.of("role", role),
                        nets, SourceRef.NONE));
        return Combinators.combine(tiers, calicoPolicy().list().ofMaxSize(3), set.list().ofMaxSize(2))
                .as((t, p, s) -> {
                    List<CalicoPolicy> named = new ArrayList<>();
                    for (int i = 0; i < p.size(); i++) {
                        CalicoPolicy x = p.get(i);
                        named.add(new CalicoPolicy(x.kind(), x.namespace(), "calico-" + i, x.tier(), x.order(),
                                x.selector(), x.namespaceSelector(), x.serviceAccountSelector(), x.types(), x.ingress(),
                                x.egress(), false, false, false, SourceRef.NONE, null));
                    }
                    Map<String, NetworkSet> sets = new LinkedHashMap<>();
                    s.forEach(x -> sets.putIfAbsent(x.name() + (x.namespace() == null), x));
                    return new CalicoObjects(t, named, List.copyOf(sets.values()), List.of());
                });
    }

    private static final List<List<Cidr>> NETS = List.of(
            List.of(Cidr.parse("10.1.0.0/16")),
            List.of(Cidr.parse("192.168.1.1/32"), Cidr.parse("8.8.8.0/24")),
            List.of(Cidr.parse("0.0.0.0/0")),
            List.of(Cidr.parse("2001:db8::/32")),
            List.of(Cidr.parse("10.0.0.0/8")));

    private static Arbitrary<CalicoPolicy> calicoPolicy() {
        Arbitrary<List<PolicyType>> types = Arbitraries.of(List.of(), List.of(PolicyType.INGRESS),
                List.of(PolicyType.EGRESS), List.of(PolicyType.INGRESS, PolicyType.EGRESS));
        return Combinators.combine(Arbitraries.of(true, false), Arbitraries.of("default", "security", "platform", "gone"),
                        Arbitraries.of(10.0, 1000.0, 1000.0, 500.0).injectNull(0.3), selectors(),
                        namespaceSelectors().injectNull(0.6), accountSelectors().injectNull(0.8), types,
                        calicoRule().list().ofMaxSize(3))
                .as((global, tier, order, selector, nsSelector, saSelector, t, rules) -> {
                    List<CalicoRule> ingress = rules.stream().filter(r -> r.hashCode() % 2 == 0).toList();
                    List<CalicoRule> egress = rules.stream().filter(r -> r.hashCode() % 2 != 0).toList();
                    return new CalicoPolicy(global ? CalicoPolicyKind.GLOBAL_NETWORK_POLICY
                            : CalicoPolicyKind.NETWORK_POLICY, global ? null : "n" + order, "p", tier, order, selector,
                            global ? nsSelector : null, saSelector, t, ingress, egress, false, false, false,
                            SourceRef.NONE, null);
                });
    }

    private static Arbitrary<CalicoRule> calicoRule() {
        Arbitrary<CalicoProtocol> protocol = Arbitraries.of(CalicoProtocol.byName("TCP"), CalicoProtocol.byName("UDP"),
                CalicoProtocol.byName("ICMP"), CalicoProtocol.byNumber(132)).injectNull(0.4);
        Arbitrary<Integer> ipVersion = Arbitraries.of(4, 6).injectNull(0.85);
        return Combinators.combine(Arbitraries.of(CalicoAction.values()), protocol,
                        Arbitraries.of(CalicoProtocol.byName("UDP")).injectNull(0.85), ipVersion, entity(false),
                        entity(true))
                .as((action, proto, notProto, version, source, destination) -> {
                    // numeric ports need a protocol with ports; named ones go with any
                    boolean ports = proto != null && proto.hasPorts();
                    EntityRule d = ports ? destination : new EntityRule(destination.nets(), destination.notNets(),
                            destination.selector(), destination.notSelector(), destination.namespaceSelector(),
                            destination.serviceAccounts(), null, proto == null ? named(destination.ports())
                                    : List.of(), proto == null ? named(destination.notPorts()) : List.of());
                    EntityRule s = withoutPorts(source);
                    if (version != null) { // one family: drop the nets of the other
                        s = family(s, version == 4);
                        d = family(d, version == 4);
                        if (proto != null && proto.icmp() && (proto.number() == 1) != (version == 4)) {
                            version = null;
                        }
                    } else if (mixed(s, d)) {
                        s = family(s, true);
                        d = family(d, true);
                    }
                    return new CalicoRule(action, proto, notProto, version, null, null, false, s, d);
                });
    }

    private static List<CalicoPort> named(List<CalicoPort> ports) {
        return ports.stream().filter(p -> p instanceof CalicoPort.Named).toList();
    }

    private static EntityRule withoutPorts(EntityRule e) {
        return new EntityRule(e.nets(), e.notNets(), e.selector(), e.notSelector(), e.namespaceSelector(),
                e.serviceAccounts(), null, List.of(), List.of());
    }

    private static EntityRule family(EntityRule e, boolean v4) {
        return new EntityRule(e.nets().stream().filter(c -> c.isV4() == v4).toList(),
                e.notNets().stream().filter(c -> c.isV4() == v4).toList(), e.selector(), e.notSelector(),
                e.namespaceSelector(), e.serviceAccounts(), null, e.ports(), e.notPorts());
    }

    private static boolean mixed(EntityRule a, EntityRule b) {
        List<Cidr> all = new ArrayList<>(a.nets());
        all.addAll(a.notNets());
        all.addAll(b.nets());
        all.addAll(b.notNets());
        return all.stream().anyMatch(Cidr::isV4) && all.stream().anyMatch(c -> !c.isV4());
    }

    private static Arbitrary<EntityRule> entity(boolean destination) {
        Arbitrary<List<Cidr>> nets = Arbitraries.of(NETS).injectNull(0.7).map(n -> n == null ? List.of() : n);
        Arbitrary<List<Cidr>> notNets = Arbitraries.of(List.of(Cidr.parse("10.1.0.0/16")),
                List.of(Cidr.parse("192.168.0.0/16"))).injectNull(0.8).map(n -> n == null ? List.of() : n);
        Arbitrary<ServiceAccountMatch> accounts = Arbitraries.of(
                new ServiceAccountMatch(List.of("sa1"), null),
                new ServiceAccountMatch(List.of(), CalicoSelector.parse("role == 'web'"))).injectNull(0.85);
        Arbitrary<List<CalicoPort>> ports = Arbitraries.<CalicoPort>of(new CalicoPort.Range(80, 80),
                new CalicoPort.Range(53, 53), new CalicoPort.Range(8000, 9000), new CalicoPort.Named("http"),
                new CalicoPort.Named("dns")).list().ofMaxSize(2);
        Arbitrary<List<CalicoPort>> notPorts = Arbitraries.<CalicoPort>of(new CalicoPort.Range(8080, 8080),
                new CalicoPort.Named("metrics")).list().ofMaxSize(1);
        return Combinators.combine(nets, notNets, selectors().injectNull(0.5), notSelectors().injectNull(0.85),
                        ruleNamespaceSelectors().injectNull(0.6), accounts, ports, notPorts)
                .as((n, nn, sel, notSel, ns, sa, p, np) -> new EntityRule(n, nn, sel, notSel, ns, sa, null,
                        destination ? p : List.of(), destination ? np : List.of()));
    }

    private static Arbitrary<CalicoSelector> selectors() {
        return Arbitraries.of("all()", "app == 'a'", "app in {'a', 'b'}", "has(tier)", "!has(app)", "tier != 'x'",
                "app == 'b' || tier == 'y'", "projectcalico.org/namespace == 'alpha'", "pcns.env == 'prod'",
                "projectcalico.org/serviceaccount == 'sa1'", "pcsa.role == 'db'", "role == 'partner'",
                "app starts with 'c'", "has(tier) && app != 'a'", "app in {'a', 'c'} && pcns.env == 'prod'",
                "(app == 'a' || has(role)) && tier == 'y'").map(CalicoSelector::parse);
    }

    private static Arbitrary<CalicoSelector> notSelectors() {
        return Arbitraries.of("app == 'b'", "role == 'office'", "has(tier)").map(CalicoSelector::parse);
    }

    private static Arbitrary<CalicoSelector> namespaceSelectors() {
        return Arbitraries.of("env == 'prod'", "all()", "projectcalico.org/name == 'beta'", "has(team)",
                "team not in {'red'}").map(CalicoSelector::parse);
    }

    private static Arbitrary<CalicoSelector> ruleNamespaceSelectors() {
        return Arbitraries.of("env == 'prod'", "all()", "global()", "projectcalico.org/name == 'alpha'", "!has(team)")
                .map(CalicoSelector::parse);
    }

    private static Arbitrary<CalicoSelector> accountSelectors() {
        return Arbitraries.of("role == 'db'", "projectcalico.org/name == 'default'").map(CalicoSelector::parse);
    }

    // ================================================================ Cilium

    private static Arbitrary<CiliumObjects> cilium() {
        Arbitrary<CiliumConfig> config = Combinators.combine(Arbitraries.of("default", "always", "never")
                                .injectNull(0.5), Arbitraries.of("false").injectNull(0.8),
                        Arbitraries.of("false").injectNull(0.8), Arbitraries.of("pods", "nodes").injectNull(0.6),
                        Arbitraries.of(true, false))
                .as((mode, k8s, nonDefault, cidr, given) -> {
                    if (!given) {
                        return CiliumConfig.ABSENT;
                    }
                    Map<String, String> data = new LinkedHashMap<>();
                    if (mode != null) {
                        data.put(CiliumConfig.ENABLE_POLICY, mode);
                    }
                    if (k8s != null) {
                        data.put(CiliumConfig.ENABLE_K8S_NETWORK_POLICY, k8s);
                    }
                    if (nonDefault != null) {
                        data.put(CiliumConfig.ENABLE_NON_DEFAULT_DENY, nonDefault);
                    }
                    if (cidr != null) {
                        data.put(CiliumConfig.CIDR_MATCH_MODE, cidr);
                    }
                    return new CiliumConfig("kube-system", data, SourceRef.NONE);
                });
        Arbitrary<CiliumPolicy> policy = Combinators.combine(Arbitraries.of(true, false), ciliumRule().list()
                        .ofMinSize(1).ofMaxSize(2))
                .as((clusterwide, rules) -> new CiliumPolicy(clusterwide ? null : "x", "p", rules, null, SourceRef.NONE,
                        null));
        return Combinators.combine(policy.list().ofMaxSize(3), config).as((policies, c) -> {
            List<CiliumPolicy> named = new ArrayList<>();
            for (int i = 0; i < policies.size(); i++) {
                CiliumPolicy p = policies.get(i);
                named.add(new CiliumPolicy(p.namespace(), "cilium-" + i, p.rules(), null, SourceRef.NONE, null));
            }
            return new CiliumObjects(named, c);
        });
    }

    private static Arbitrary<CiliumRule> ciliumRule() {
        Arbitrary<List<CiliumEntry>> entries = ciliumEntry().list().ofMaxSize(2);
        return Combinators.combine(ciliumSelectors(), entries, entries, entries, entries,
                        Arbitraries.of(true, false).injectNull(0.7), Arbitraries.of(true, false).injectNull(0.7))
                .as((selector, in, inDeny, out, outDeny, ddIn, ddOut) -> new CiliumRule("", selector, in, inDeny, out,
                        outDeny, ddIn, ddOut));
    }

    private static Arbitrary<CiliumEntry> ciliumEntry() {
        Arbitrary<CiliumPeer> peer = Arbitraries.frequencyOf(
                Tuple.of(3, ciliumSelectors().map(s -> (CiliumPeer) new CiliumPeer.Endpoints(s, "fromEndpoints[0]"))),
                Tuple.of(2, Arbitraries.of(CiliumEntity.ALL, CiliumEntity.WORLD, CiliumEntity.WORLD_IPV6,
                        CiliumEntity.CLUSTER, CiliumEntity.HOST).map(e -> (CiliumPeer) new CiliumPeer.Entity(e, "fromEntities[0]"))),
                Tuple.of(2, Arbitraries.of(
                        new CiliumPeer.Cidrs(Cidr.parse("10.0.0.0/8"), List.of(Cidr.parse("10.1.0.0/16")), "toCIDRSet[0]"),
                        new CiliumPeer.Cidrs(Cidr.parse("192.168.1.1/32"), List.of(), "toCIDRSet[0]"),
                        new CiliumPeer.Cidrs(Cidr.parse("0.0.0.0/0"), List.of(), "toCIDRSet[0]"),
                        new CiliumPeer.Cidrs(Cidr.parse("2001:db8::/32"), List.of(), "toCIDRSet[0]")).map(c -> (CiliumPeer) c)),
                Tuple.of(1, Arbitraries.just(new CiliumPeer.Unmodelled("toFQDNs[0]"))));
        Arbitrary<List<Protocol>> protocols = Arbitraries.of(List.of(Protocol.TCP), List.of(Protocol.UDP),
                List.of(Protocol.TCP, Protocol.UDP, Protocol.SCTP), List.of());
        Arbitrary<CiliumPort> port = Combinators.combine(Arbitraries.of(0, 53, 80, 8000, 8080), Arbitraries.of(0, 9000),
                        Arbitraries.of("http", "dns").injectNull(0.7), protocols)
                .as((p, end, name, proto) -> name != null ? new CiliumPort(name, 0, 0, proto)
                        : new CiliumPort(null, p, p != 0 && end > p ? end : p, proto));
        Arbitrary<List<CiliumPortRule>> toPorts = port.list().ofMaxSize(2)
                .map(ports -> List.of(new CiliumPortRule(ports, false, false))).injectNull(0.5);
        return Combinators.combine(peer.list().ofMaxSize(2), Arbitraries.of(true, false), toPorts,
                        Arbitraries.of(true, false).injectNull(0.9))
                .as((peers, fields, ports, icmps) -> {
                    // one kind of peer per entry (else the agent refuses the object); no icmps with toPorts
                    List<CiliumPeer> oneKind = peers.stream().filter(p -> p.getClass() == peers.getFirst().getClass())
                            .toList();
                    boolean icmp = icmps != null && ports == null;
                    return new CiliumEntry(oneKind, fields || !oneKind.isEmpty(), ports, icmp, false);
                });
    }

    private static Arbitrary<CiliumSelector> ciliumSelectors() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, RandomClusters.podSelectors().map(s -> new CiliumSelector(s, false))),
                Tuple.of(1, Arbitraries.of(
                        new CiliumSelector(new LabelSelector(Map.of(CiliumSelector.NAMESPACE, "beta"), List.of()), false),
                        new CiliumSelector(new LabelSelector(Map.of(), List.of(new SelectorRequirement(
                                CiliumSelector.NAMESPACE_LABELS + "env", SelectorOperator.In, List.of("prod")))), false),
                        new CiliumSelector(new LabelSelector(Map.of(CiliumSelector.SERVICE_ACCOUNT, "sa1"), List.of()),
                                false),
                        new CiliumSelector(new LabelSelector(Map.of("host", ""), List.of()), true))));
    }
}
