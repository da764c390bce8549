package dev.netpolauditor.engine;

import dev.netpolauditor.model.Cidr;
import dev.netpolauditor.model.ClusterPolicy;
import dev.netpolauditor.model.ClusterPolicyKind;
import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.model.ContainerPort;
import dev.netpolauditor.model.IpAddress;
import dev.netpolauditor.model.LabelSelector;
import dev.netpolauditor.model.Namespace;
import dev.netpolauditor.model.NetworkPolicy;
import dev.netpolauditor.model.OwnerRef;
import dev.netpolauditor.model.Peer;
import dev.netpolauditor.model.Pod;
import dev.netpolauditor.model.PodPhase;
import dev.netpolauditor.model.PolicyTier;
import dev.netpolauditor.model.PolicyType;
import dev.netpolauditor.model.PortMatch;
import dev.netpolauditor.model.PortRule;
import dev.netpolauditor.model.Protocol;
import dev.netpolauditor.model.Rule;
import dev.netpolauditor.model.RuleAction;
import dev.netpolauditor.model.SelectorOperator;
import dev.netpolauditor.model.SelectorRequirement;
import dev.netpolauditor.model.SourceRef;
import dev.netpolauditor.model.TierPeer;
import dev.netpolauditor.model.TierPort;
import dev.netpolauditor.model.TierRule;
import dev.netpolauditor.model.TierSubject;
import dev.netpolauditor.model.Workload;
import dev.netpolauditor.model.WorkloadKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Random small clusters for comparing the engine with {@link ReferenceEvaluator}. The
 * vocabularies are small on purpose, so that selectors, named ports and CIDRs collide
 * often: 2–3 namespaces, 2–8 pods (a few terminated or on the host network), 0–3 workloads
 * with the objects a live cluster serves (a Deployment's ReplicaSet and pods with their
 * controller references, a CronJob's Job, StatefulSet and DaemonSet pods; members alike or
 * mid-rollout; references to objects that are not given, and controller loops), 0–4 policies,
 * 0–3 cluster-tier policies (Admin and Baseline ClusterNetworkPolicies, AdminNetworkPolicies,
 * the BaselineAdminNetworkPolicy; equal priorities; Accept, Deny and Pass rules; namespaces,
 * pods and networks peers, nodes and domain names, entries that fail closed; pods with and
 * without addresses) and 0–2 external IPs.
 *
 * <p>Everything is built from jqwik combinators (no flatMap), so a counterexample shrinks
 * to a small cluster; {@link GeneratedCluster#toString()} prints it like a manifest summary.
 */
public final class RandomClusters {
    private RandomClusters() {}

    public static final List<String> NAMESPACE_NAMES = List.of("alpha", "beta", "gamma");
    private static final String[] APPS = {"a", "b", "c"};
    private static final String[] TIERS = {"x", "y"};

    /** A generated cluster and the external IPs to ask about. */
    public record GeneratedCluster(ClusterState cluster, List<Endpoint.Ip> externalIps) {
        @Override
        public String toString() {
            return ClusterDescription.describe(cluster, externalIps);
        }
    }

    public static Arbitrary<GeneratedCluster> clusters() {
        return Combinators.combine(
                        namespaceLabels().list().ofMinSize(2).ofMaxSize(3),
                        pods().list().ofMinSize(2).ofMaxSize(8),
                        workloads().list().ofMaxSize(3),
                        policies().list().ofMaxSize(4),
                        clusterPolicies().list().ofMaxSize(3),
                        Arbitraries.of(EXTERNAL_IPS).set().ofMaxSize(2))
                .as(RandomClusters::assemble);
    }

    // ---- namespaces

    private static Arbitrary<Map<String, String>> namespaceLabels() {
        return Combinators.combine(
                        Arbitraries.of("prod", "dev").injectNull(0.3),
                        Arbitraries.of("red", "blue").injectNull(0.3))
                .as((env, team) -> {
                    Map<String, String> labels = new LinkedHashMap<>();
                    if (env != null) {
                        labels.put("env", env);
                    }
                    if (team != null) {
                        labels.put("team", team);
                    }
                    return labels;
                });
    }

    // ---- pods and the workload template

    /** A pod before it is placed: namespace as an index (taken modulo the namespace count). */
    private record PodSpec(int namespace, Map<String, String> labels, List<ContainerPort> ports, PodPhase phase,
            boolean hostNetwork, String ip) {}

    private static Arbitrary<PodSpec> pods() {
        Arbitrary<Map<String, String>> labels = Combinators.combine(
                        Arbitraries.of(APPS).injectNull(0.2),
                        Arbitraries.of(TIERS).injectNull(0.4))
                .as((app, tier) -> {
                    Map<String, String> l = new LinkedHashMap<>();
                    if (app != null) {
                        l.put("app", app);
                    }
                    if (tier != null) {
                        l.put("tier", tier);
                    }
                    return l;
                });
        // one port per name at most, as Kubernetes requires; the same name on different
        // numbers and protocols across pods
        Arbitrary<ContainerPort> http = Arbitraries.of(
                new ContainerPort("http", 80, Protocol.TCP),
                new ContainerPort("http", 8080, Protocol.TCP),
                new ContainerPort("http", 8080, Protocol.UDP)).injectNull(0.4);
        Arbitrary<ContainerPort> dns = Arbitraries.of(
                new ContainerPort("dns", 53, Protocol.UDP),
                new ContainerPort("dns", 53, Protocol.TCP)).injectNull(0.6);
        Arbitrary<ContainerPort> other = Arbitraries.of(
                new ContainerPort("metrics", 9090, Protocol.TCP),
                new ContainerPort(null, 5432, Protocol.TCP)).injectNull(0.6);
        Arbitrary<List<ContainerPort>> ports = Combinators.combine(http, dns, other)
                .as((a, b, c) -> Arrays.asList(a, b, c).stream().filter(Objects::nonNull).toList());
        Arbitrary<Tuple.Tuple2<PodPhase, Boolean>> state = Arbitraries.frequencyOf(
                Tuple.of(12, Arbitraries.just(Tuple.of(PodPhase.RUNNING, false))),
                Tuple.of(1, Arbitraries.just(Tuple.of(PodPhase.SUCCEEDED, false))),
                Tuple.of(1, Arbitraries.just(Tuple.of(PodPhase.FAILED, false))),
                Tuple.of(1, Arbitraries.just(Tuple.of(PodPhase.RUNNING, true))));
        Arbitrary<String> ip = Arbitraries.of("10.1.2.3", "10.200.0.1", "192.168.1.1", "2001:db8::1", "10.1.9.9")
                .injectNull(0.4);
        return Combinators.combine(Arbitraries.integers().between(0, 2), labels, ports, state, ip)
                .as((ns, l, p, s, a) -> new PodSpec(ns, l, p, s.get1(), s.get2(), a));
    }

    /**
     * A workload and its pods before they are placed: {@code kind} indexes {@link #KINDS};
     * {@code shape} says how the objects refer to each other (see {@link #assemble}).
     */
    private record WorkloadSpec(int namespace, int kind, PodSpec template, List<PodSpec> pods, int shape) {}

    private static final WorkloadKind[] KINDS = {WorkloadKind.Deployment, WorkloadKind.StatefulSet,
        WorkloadKind.CronJob, WorkloadKind.DaemonSet, WorkloadKind.ReplicaSet, WorkloadKind.Job};

    private static Arbitrary<WorkloadSpec> workloads() {
        return Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 5),
                        pods(), pods().list().ofMaxSize(3), Arbitraries.integers().between(0, 9))
                .as(WorkloadSpec::new);
    }

    // ---- policies

    private record PolicySpec(int namespace, LabelSelector podSelector, List<PolicyType> types,
            List<Rule> ingress, List<Rule> egress) {}

    private static Arbitrary<PolicySpec> policies() {
        Arbitrary<List<PolicyType>> types = Arbitraries.of(
                List.of(),
                List.of(PolicyType.INGRESS),
                List.of(PolicyType.EGRESS),
                List.of(PolicyType.INGRESS, PolicyType.EGRESS));
        return Combinators.combine(
                        Arbitraries.integers().between(0, 2),
                        podSelectors(),
                        types,
                        rules().list().ofMaxSize(2),
                        rules().list().ofMaxSize(2))
                .as(PolicySpec::new);
    }

    private static Arbitrary<Rule> rules() {
        Arbitrary<List<Peer>> peers = Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(List.<Peer>of())),
                Tuple.of(4, peer().list().ofMinSize(1).ofMaxSize(2)));
        Arbitrary<List<PortRule>> ports = Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(List.<PortRule>of())),
                Tuple.of(3, portRule().list().ofMinSize(1).ofMaxSize(2)));
        return Combinators.combine(peers, ports).as(Rule::new);
    }

    private static Arbitrary<Peer> peer() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, podSelectors().map(p -> (Peer) new Peer.Selectors(p, null))),
                Tuple.of(2, namespaceSelectors().map(n -> (Peer) new Peer.Selectors(null, n))),
                Tuple.of(2, Combinators.combine(podSelectors(), namespaceSelectors())
                        .as((p, n) -> (Peer) new Peer.Selectors(p, n))),
                Tuple.of(2, Arbitraries.of(IP_BLOCKS)));
    }

    private static final List<Peer> IP_BLOCKS = List.of(
            block("10.0.0.0/8"),
            block("10.0.0.0/8", "10.1.0.0/16"),
            block("10.1.2.3/16"), // host bits set: means 10.1.0.0/16
            block("0.0.0.0/0", "10.0.0.0/8", "192.168.0.0/16"),
            block("192.168.1.1/32"),
            block("::/0", "2001:db8::/32"),
            block("2001:db8::/32", "2001:db8::/64"),
            block("::ffff:0:0/96")); // IPv4-mapped IPv6 addresses, which are IPv6

    private static final List<Endpoint.Ip> EXTERNAL_IPS = List.of(
            ip("10.1.2.3"), ip("10.200.0.1"), ip("192.168.1.1"), ip("8.8.8.8"),
            ip("2001:db8::1"), ip("2001:db9::5"), ip("::ffff:10.1.2.3"));

    private static Peer block(String cidr, String... except) {
        return new Peer.IpBlock(Cidr.parse(cidr), Arrays.stream(except).map(Cidr::parse).toList());
    }

    private static Endpoint.Ip ip(String text) {
        return new Endpoint.Ip(IpAddress.parse(text));
    }

    private static Arbitrary<PortRule> portRule() {
        Arbitrary<Protocol> protocol = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.just(Protocol.TCP)),
                Tuple.of(2, Arbitraries.just(Protocol.UDP)),
                Tuple.of(1, Arbitraries.just(Protocol.SCTP)));
        Arbitrary<PortMatch> match = Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(new PortMatch.AnyPort())),
                Tuple.of(3, Arbitraries.of(
                        new PortMatch.Range(53, 53), new PortMatch.Range(80, 80), new PortMatch.Range(8080, 8080),
                        new PortMatch.Range(1, 1024), new PortMatch.Range(8000, 9000), new PortMatch.Range(53, 80),
                        new PortMatch.Range(9090, 9091), new PortMatch.Range(65535, 65535))),
                Tuple.of(3, Arbitraries.of("http", "dns", "metrics", "nobody-has-it").map(PortMatch.Named::new)));
        return Combinators.combine(protocol, match).as(PortRule::new);
    }

    // ---- cluster-tier policies

    /** A cluster-tier policy before it is named: {@code kind} 0-1 ClusterNetworkPolicy Admin/Baseline, 2 ANP, 3 BANP. */
    private record ClusterPolicySpec(int kind, int priority, TierSubject subject, List<TierRule> ingress,
            List<TierRule> egress) {}

    private static Arbitrary<ClusterPolicySpec> clusterPolicies() {
        return Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.of(10, 20), subjects(),
                        tierRules(true).list().ofMaxSize(2), tierRules(false).list().ofMaxSize(2))
                .as(ClusterPolicySpec::new);
    }

    private static Arbitrary<TierSubject> subjects() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, namespaceSelectors().map(n -> (TierSubject) new TierSubject.Namespaces(n))),
                Tuple.of(3, Combinators.combine(namespaceSelectors().injectNull(0.3), podSelectors())
                        .as((n, p) -> (TierSubject) new TierSubject.Pods(n, p))),
                Tuple.of(1, Arbitraries.just(new TierSubject.Unknown())));
    }

    private static Arbitrary<TierRule> tierRules(boolean ingress) {
        Arbitrary<TierPeer> peer = ingress
                ? Arbitraries.frequencyOf(
                        Tuple.of(3, namespaceSelectors().map(n -> (TierPeer) new TierPeer.Namespaces(n))),
                        Tuple.of(3, Combinators.combine(namespaceSelectors().injectNull(0.3), podSelectors())
                                .as((n, p) -> (TierPeer) new TierPeer.Pods(n, p))),
                        Tuple.of(1, Arbitraries.just(new TierPeer.Unknown())))
                : Arbitraries.frequencyOf(
                        Tuple.of(3, namespaceSelectors().map(n -> (TierPeer) new TierPeer.Namespaces(n))),
                        Tuple.of(2, Combinators.combine(namespaceSelectors().injectNull(0.3), podSelectors())
                                .as((n, p) -> (TierPeer) new TierPeer.Pods(n, p))),
                        Tuple.of(3, Arbitraries.of(NETWORKS)),
                        Tuple.of(1, Arbitraries.just(new TierPeer.Nodes(LabelSelector.EVERYTHING))),
                        Tuple.of(1, Arbitraries.just(new TierPeer.DomainNames(List.of("api.example.com")))),
                        Tuple.of(1, Arbitraries.just(new TierPeer.Unknown())));
        Arbitrary<TierPort> port = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of(new TierPort.Range(Protocol.TCP, 80, 80),
                        new TierPort.Range(Protocol.TCP, 8000, 9000), new TierPort.Range(Protocol.UDP, 53, 53),
                        new TierPort.Range(Protocol.SCTP, 1, 65535), new TierPort.Range(Protocol.TCP, 5432, 5432))),
                Tuple.of(3, Arbitraries.of("http", "dns", "metrics", "nobody-has-it").map(TierPort.Named::new)),
                Tuple.of(1, Arbitraries.just(new TierPort.Unknown())));
        Arbitrary<List<TierPort>> ports = Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.just(List.<TierPort>of())),
                Tuple.of(3, port.list().ofMinSize(1).ofMaxSize(2)));
        return Combinators.combine(Arbitraries.of(RuleAction.values()), peer.list().ofMinSize(1).ofMaxSize(2), ports)
                .as((action, peers, p) -> {
                    // the API allows domainNames in Accept rules only
                    List<TierPeer> valid = action == RuleAction.ACCEPT ? peers : withoutDomainNames(peers);
                    return new TierRule(null, action, valid, validPorts(valid, p));
                });
    }

    /** The API refuses a named port in a rule with a networks, nodes or domainNames peer: such rules get the numbered ones. */
    private static List<TierPort> validPorts(List<TierPeer> peers, List<TierPort> ports) {
        boolean unnamed = peers.stream().anyMatch(p -> p instanceof TierPeer.Networks || p instanceof TierPeer.Nodes
                || p instanceof TierPeer.DomainNames);
        return unnamed ? ports.stream().filter(p -> !(p instanceof TierPort.Named)).toList() : ports;
    }

    private static final List<TierPeer> NETWORKS = List.of(
            new TierPeer.Networks(List.of(Cidr.parse("10.0.0.0/8"))),
            new TierPeer.Networks(List.of(Cidr.parse("10.1.0.0/16"), Cidr.parse("192.168.1.1/32"))),
            new TierPeer.Networks(List.of(Cidr.parse("0.0.0.0/0"))),
            new TierPeer.Networks(List.of(Cidr.parse("::/0"))),
            new TierPeer.Networks(List.of(Cidr.parse("2001:db8::/32"))));

    // ---- selectors

    static Arbitrary<LabelSelector> podSelectors() {
        return selectors(Map.of("app", List.of("a", "b", "c", "z"), "tier", List.of("x", "y")));
    }

    static Arbitrary<LabelSelector> namespaceSelectors() {
        return selectors(Map.of(
                "env", List.of("prod", "dev"),
                "team", List.of("red", "blue"),
                Namespace.NAME_LABEL, NAMESPACE_NAMES));
    }

    /** Mostly small selectors; a third of them empty ({@code {}}). */
    private static Arbitrary<LabelSelector> selectors(Map<String, List<String>> vocabulary) {
        List<String> keys = vocabulary.keySet().stream().sorted().toList();
        Arbitrary<String> key = Arbitraries.of(keys);
        Arbitrary<Map<String, String>> matchLabels = key
                .flatMap(k -> Arbitraries.of(vocabulary.get(k)).map(v -> Map.entry(k, v)))
                .list().ofMaxSize(2)
                .map(entries -> {
                    Map<String, String> m = new LinkedHashMap<>();
                    entries.forEach(e -> m.put(e.getKey(), e.getValue()));
                    return m;
                });
        Arbitrary<SelectorRequirement> requirement = Combinators.combine(
                        key, Arbitraries.of(SelectorOperator.values()), Arbitraries.integers().between(0, 3))
                .as((k, op, pick) -> {
                    List<String> values = vocabulary.get(k);
                    List<String> chosen = switch (op) {
                        case In, NotIn -> pick % 2 == 0
                                ? List.of(values.get(pick % values.size()))
                                : List.of(values.get(0), values.get(values.size() - 1));
                        case Exists, DoesNotExist -> List.of();
                    };
                    return new SelectorRequirement(k, op, chosen.stream().distinct().toList());
                });
        Arbitrary<LabelSelector> nonEmpty = Combinators.combine(matchLabels, requirement.list().ofMaxSize(2))
                .as(LabelSelector::new);
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(LabelSelector.EVERYTHING)),
                Tuple.of(2, nonEmpty));
    }

    // ---- assembly

    /** The BaselineAdminNetworkPolicy has Allow and Deny rules only, and no domainNames peers. */
    private static TierRule noPass(TierRule r) {
        return new TierRule(r.name(), r.action() == RuleAction.PASS ? RuleAction.DENY : r.action(),
                withoutDomainNames(r.peers()), r.ports());
    }

    private static TierRule v1alpha1(TierRule r) {
        return new TierRule(r.name(), r.action(), r.peers().stream().map(p -> p instanceof TierPeer.Pods pods
                && pods.namespaceSelector() == null
                ? (TierPeer) new TierPeer.Pods(LabelSelector.EVERYTHING, pods.podSelector()) : p).toList(), r.ports());
    }

    private static List<TierPeer> withoutDomainNames(List<TierPeer> peers) {
        return peers.stream().map(p -> p instanceof TierPeer.DomainNames
                ? (TierPeer) new TierPeer.Nodes(LabelSelector.EVERYTHING) : p).toList();
    }

    /**
     * One workload's objects, as a live cluster serves them. By {@code shape}: 0–5 as Kubernetes
     * makes them (a Deployment's pods through its ReplicaSet, plus an old ReplicaSet; a CronJob's
     * through a Job; the others' directly), the pods' labels and ports their own (members that
     * differ, as mid-rollout) for shapes 0–2 and the template's (alike members) for 3–5; 6: the
     * pods name a controller that is not given; 7: they name no controller; 8: the middle object
     * (ReplicaSet, Job) names no controller of its own; 9: the middle object and the top one
     * control each other (a loop).
     */
    private static void place(WorkloadSpec s, int index, String namespace, List<Pod> pods, List<Workload> workloads) {
        WorkloadKind kind = KINDS[s.kind()];
        String name = kind.name().toLowerCase(java.util.Locale.ROOT) + "-" + index;
        PodSpec t = s.template();
        WorkloadKind middleKind = kind == WorkloadKind.Deployment ? WorkloadKind.ReplicaSet
                : kind == WorkloadKind.CronJob ? WorkloadKind.Job : null;
        OwnerRef top = new OwnerRef(kind.name(), name);
        OwnerRef podController = top;
        OwnerRef topController = null;
        if (middleKind != null) {
            String middle = name + "-" + (s.shape() % 2 == 0 ? "5d4c" : "7c9f");
            podController = new OwnerRef(middleKind.name(), middle);
            OwnerRef middleController = s.shape() == 8 ? null : top;
            if (s.shape() == 9) {
                topController = podController;
            }
            workloads.add(new Workload(middleKind, namespace, middle, t.labels(), t.ports(), t.hostNetwork(),
                    List.of("example/app:1"), middleController, SourceRef.NONE));
            if (kind == WorkloadKind.Deployment) { // an old revision, scaled to zero
                workloads.add(new Workload(middleKind, namespace, name + "-old", Map.of("app", "z"), List.of(),
                        false, List.of("example/app:0"), top, SourceRef.NONE));
            }
        }
        workloads.add(new Workload(kind, namespace, name, t.labels(), t.ports(), t.hostNetwork(),
                List.of("example/app:1"), topController, SourceRef.NONE));
        if (s.shape() == 6) {
            podController = new OwnerRef(WorkloadKind.ReplicaSet.name(), name + "-gone");
        } else if (s.shape() == 7) {
            podController = null;
        }
        for (int j = 0; j < s.pods().size(); j++) {
            PodSpec p = s.pods().get(j);
            boolean alike = s.shape() >= 3 && s.shape() <= 5;
            pods.add(new Pod(namespace, name + "-p" + j, alike ? t.labels() : p.labels(),
                    alike ? t.ports() : p.ports(), p.hostNetwork(), p.phase(),
                    p.ip() == null ? List.of() : List.of(p.ip()), podController, SourceRef.NONE));
        }
    }

    private static GeneratedCluster assemble(List<Map<String, String>> namespaceLabels, List<PodSpec> podSpecs,
            List<WorkloadSpec> workloadSpecs, List<PolicySpec> policySpecs, List<ClusterPolicySpec> clusterSpecs,
            Set<Endpoint.Ip> ips) {
        int nsCount = namespaceLabels.size();
        List<Namespace> namespaces = new ArrayList<>();
        for (int i = 0; i < nsCount; i++) {
            namespaces.add(Namespace.of(NAMESPACE_NAMES.get(i), namespaceLabels.get(i), true, SourceRef.NONE));
        }
        List<Pod> pods = new ArrayList<>();
        for (int i = 0; i < podSpecs.size(); i++) {
            PodSpec s = podSpecs.get(i);
            pods.add(new Pod(NAMESPACE_NAMES.get(s.namespace() % nsCount), "pod-" + i, s.labels(), s.ports(),
                    s.hostNetwork(), s.phase(), s.ip() == null ? List.of() : List.of(s.ip()), SourceRef.NONE));
        }
        List<Workload> workloads = new ArrayList<>();
        for (int i = 0; i < workloadSpecs.size(); i++) {
            place(workloadSpecs.get(i), i, NAMESPACE_NAMES.get(workloadSpecs.get(i).namespace() % nsCount), pods,
                    workloads);
        }
        List<NetworkPolicy> policies = new ArrayList<>();
        for (int i = 0; i < policySpecs.size(); i++) {
            PolicySpec s = policySpecs.get(i);
            policies.add(new NetworkPolicy(NAMESPACE_NAMES.get(s.namespace() % nsCount), "policy-" + i,
                    s.podSelector(), s.types(), s.ingress(), s.egress(), SourceRef.NONE));
        }
        List<ClusterPolicy> clusterPolicies = new ArrayList<>();
        boolean baselineAdmin = false;
        for (int i = 0; i < clusterSpecs.size(); i++) {
            ClusterPolicySpec c = clusterSpecs.get(i);
            ClusterPolicyKind kind = c.kind() <= 1 ? ClusterPolicyKind.ClusterNetworkPolicy
                    : c.kind() == 2 ? ClusterPolicyKind.AdminNetworkPolicy : ClusterPolicyKind.BaselineAdminNetworkPolicy;
            if (kind == ClusterPolicyKind.BaselineAdminNetworkPolicy) {
                if (baselineAdmin) {
                    kind = ClusterPolicyKind.ClusterNetworkPolicy; // there is one BaselineAdminNetworkPolicy at most
                }
                baselineAdmin = true;
            }
            boolean baseline = kind == ClusterPolicyKind.BaselineAdminNetworkPolicy || c.kind() == 1;
            List<TierRule> ingress = c.ingress();
            List<TierRule> egress = c.egress();
            if (kind == ClusterPolicyKind.BaselineAdminNetworkPolicy) { // Allow and Deny only
                ingress = ingress.stream().map(RandomClusters::noPass).toList();
                egress = egress.stream().map(RandomClusters::noPass).toList();
            }
            TierSubject subject = c.subject();
            if (kind != ClusterPolicyKind.ClusterNetworkPolicy) { // v1alpha1: pods name their namespaces
                subject = subject instanceof TierSubject.Pods p && p.namespaceSelector() == null
                        ? new TierSubject.Pods(LabelSelector.EVERYTHING, p.podSelector()) : subject;
                ingress = ingress.stream().map(RandomClusters::v1alpha1).toList();
                egress = egress.stream().map(RandomClusters::v1alpha1).toList();
            }
            clusterPolicies.add(new ClusterPolicy(kind,
                    kind == ClusterPolicyKind.BaselineAdminNetworkPolicy ? "default" : "cluster-" + i,
                    baseline ? PolicyTier.BASELINE : PolicyTier.ADMIN,
                    kind == ClusterPolicyKind.BaselineAdminNetworkPolicy ? ClusterPolicy.NO_PRIORITY : c.priority(),
                    subject, ingress, egress, SourceRef.NONE, null));
        }
        return new GeneratedCluster(new ClusterState(namespaces, pods, workloads, policies, clusterPolicies),
                ips.stream().sorted(Comparator.comparing(Endpoint::name)).toList());
    }
}
