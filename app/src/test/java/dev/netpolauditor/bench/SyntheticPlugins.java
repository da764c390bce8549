package dev.netpolauditor.bench;

import dev.netpolauditor.model.Cidr;
import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.model.LabelSelector;
import dev.netpolauditor.model.Namespace;
import dev.netpolauditor.model.NetworkPlugin;
import dev.netpolauditor.model.PluginObjects;
import dev.netpolauditor.model.Pod;
import dev.netpolauditor.model.PolicyType;
import dev.netpolauditor.model.Protocol;
import dev.netpolauditor.model.SelectorOperator;
import dev.netpolauditor.model.SelectorRequirement;
import dev.netpolauditor.model.SourceRef;
import dev.netpolauditor.model.Workload;
import dev.netpolauditor.model.WorkloadKind;
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
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A platform team's network plugin policies on top of a {@link SyntheticCluster}, for the
 * benchmark (cni-policies.md): the plugin's DaemonSet (so its kinds count) and its own
 * policies, written over the namespaces, tenants, apps and tiers the cluster has. The same
 * cluster and seed always give the same policies.
 *
 * <p>{@link #withCalico}: tiers {@code security} (order 100) and {@code platform} (200), both
 * {@code Pass}, above {@code default}; {@value #CALICO_GLOBAL_POLICIES} GlobalNetworkPolicies
 * spread over the three (tenant walls, quarantined namespaces, a metadata block and a blocklist
 * network set in {@code security}; DNS, partner egress, per-app ingress and per-team internet
 * limits in {@code platform}; per-team web ingress and per-namespace rules around the v1
 * policies' order 1000 in {@code default}, and default denies at order 10,000: ingress of every
 * tenant namespace, egress of the dev ones), three namespaced Calico NetworkPolicies per tenant,
 * three GlobalNetworkSets.
 *
 * <p>{@link #withCilium}: a {@code cilium-config} and {@value #CILIUM_CLUSTERWIDE}
 * CiliumClusterwideNetworkPolicies (deny between tenant groups and between prod and dev without
 * default deny, DNS, {@code toEntities: [world]} egress, {@code fromEntities: [cluster]}, a
 * metadata {@code egressDeny}, monitoring), and one to three CiliumNetworkPolicies in about a
 * third of the application namespaces (app to app on ports, some with L7 HTTP rules;
 * matchExpressions to the namespace's stores; {@code toCIDR} and {@code toCIDRSet} egress).
 */
public final class SyntheticPlugins {
    static final int CALICO_GLOBAL_POLICIES = 200;
    static final int CILIUM_CLUSTERWIDE = 20;
    private static final int SECURITY_POLICIES = 60;
    private static final int PLATFORM_POLICIES = 80;
    private static final String[] TIERS = {"web", "api", "db", "cache", "worker"};

    private final ClusterState cluster;
    private final SplittableRandom random;
    /** Application namespaces (labelled {@code tenant}), in input order. */
    private final List<Namespace> appNamespaces = new ArrayList<>();
    /** Tenant → its namespaces, sorted by tenant. */
    private final Map<String, List<Namespace>> tenants = new TreeMap<>();
    /** Namespace → the apps its pods run, sorted. */
    private final Map<String, Set<String>> appsOf = new LinkedHashMap<>();
    private final Set<String> teams = new TreeSet<>();

    private SyntheticPlugins(ClusterState cluster, long seed) {
        this.cluster = cluster;
        this.random = new SplittableRandom(seed * 131 + 7);
        for (Namespace ns : cluster.namespaces()) {
            String tenant = ns.labels().get("tenant");
            if (tenant != null) {
                appNamespaces.add(ns);
                tenants.computeIfAbsent(tenant, t -> new ArrayList<>()).add(ns);
                teams.add(ns.labels().get("team"));
            }
        }
        for (Pod p : cluster.pods()) {
            String app = p.labels().get("app");
            if (app != null) {
                appsOf.computeIfAbsent(p.namespace(), n -> new TreeSet<>()).add(app);
            }
        }
    }

    // ================================================================ Calico

    /** {@code cluster} with a {@code calico-node} DaemonSet and a platform team's Calico objects (see the class comment). */
    public static ClusterState withCalico(ClusterState cluster, long seed) {
        return new SyntheticPlugins(cluster, seed).calico();
    }

    private ClusterState calico() {
        List<CalicoTier> tiers = List.of(
                new CalicoTier("security", 100.0, CalicoTier.TierDefault.PASS, SourceRef.NONE),
                new CalicoTier("platform", 200.0, CalicoTier.TierDefault.PASS, SourceRef.NONE));
        List<NetworkSet> sets = List.of(
                new NetworkSet(null, "partners", Map.of("role", "partner"),
                        List.of(Cidr.parse("203.0.113.0/24"), Cidr.parse("198.51.100.0/24")), SourceRef.NONE),
                new NetworkSet(null, "blocklist", Map.of("blocklist", "true"),
                        List.of(Cidr.parse("192.0.2.0/24")), SourceRef.NONE),
                new NetworkSet(null, "corporate", Map.of("role", "corporate"),
                        List.of(Cidr.parse("172.20.0.0/16")), SourceRef.NONE));
        List<CalicoPolicy> policies = new ArrayList<>();
        securityTier(policies);
        platformTier(policies);
        defaultTier(policies);
        tenantPolicies(policies);
        Workload node = new Workload(WorkloadKind.DaemonSet, "kube-system", "calico-node", Map.of("k8s-app",
                "calico-node"), List.of(), true, List.of("quay.io/calico/node:v3.32.0"), SourceRef.NONE);
        return withPlugin(node, new PluginObjects(Set.of(NetworkPlugin.CALICO), List.of(),
                new CalicoObjects(tiers, policies, sets, List.of()), CiliumObjects.NONE, List.of()));
    }

    private ClusterState withPlugin(Workload daemonSet, PluginObjects plugins) {
        List<Workload> workloads = new ArrayList<>(cluster.workloads());
        workloads.add(daemonSet);
        return new ClusterState(cluster.namespaces(), cluster.pods(), workloads, cluster.policies(),
                cluster.clusterPolicies(), plugins);
    }

    /** Deny-first rules of the security team; what they do not decide passes on. */
    private void securityTier(List<CalicoPolicy> out) {
        int start = out.size();
        out.add(global("security", "block-metadata", 10.0, "all()", null, List.of(), List.of(
                rule(CalicoAction.DENY, null, EntityRule.ANY, nets(List.of("169.254.169.254/32"), List.of())))));
        out.add(global("security", "blocklist", 20.0, "all()", null, List.of(), List.of(
                rule(CalicoAction.DENY, null, EntityRule.ANY, entity("blocklist == 'true'", "global()", List.of())))));
        out.add(global("security", "allow-monitoring", 30.0, "has(app)", "has(tenant)", List.of(
                rule(CalicoAction.ALLOW, tcp(), entity("app == 'prometheus'", "purpose == 'monitoring'", List.of()),
                        ports(new CalicoPort.Named("metrics")))), List.of()));
        // tenant walls: ingress from another tenant's namespaces is denied, the rest passes on
        for (String tenant : tenants.keySet()) {
            if (out.size() - start >= SECURITY_POLICIES / 2) {
                break;
            }
            out.add(global("security", "wall-" + tenant, 100.0, "all()", "tenant == '" + tenant + "'", List.of(
                    rule(CalicoAction.DENY, null, entity(null, "has(tenant) && tenant != '" + tenant + "'", List.of()),
                            EntityRule.ANY),
                    rule(CalicoAction.PASS, null, EntityRule.ANY, EntityRule.ANY)), List.of()));
        }
        // quarantined namespaces: nothing in or out but DNS
        while (out.size() - start < SECURITY_POLICIES) {
            Namespace ns = pick(appNamespaces);
            out.add(global("security", "quarantine-" + ns.name(), 200.0,
                    "projectcalico.org/namespace == '" + ns.name() + "'", null,
                    List.of(rule(CalicoAction.DENY, null, EntityRule.ANY, EntityRule.ANY)),
                    List.of(rule(CalicoAction.PASS, udp(), EntityRule.ANY,
                                    new EntityRule(List.of(), List.of(), CalicoSelector.parse("k8s-app == 'kube-dns'"),
                                            null, CalicoSelector.parse("projectcalico.org/name == 'kube-system'"),
                                            null, null, List.of(new CalicoPort.Range(53, 53)), List.of())),
                            rule(CalicoAction.DENY, null, EntityRule.ANY, EntityRule.ANY))));
        }
    }

    /** The platform team's allows and limits; what they do not decide passes on to the namespaces' policies. */
    private void platformTier(List<CalicoPolicy> out) {
        int start = out.size();
        out.add(global("platform", "allow-dns", 10.0, "all()", null, List.of(), List.of(
                rule(CalicoAction.ALLOW, udp(), EntityRule.ANY, new EntityRule(List.of(), List.of(),
                        CalicoSelector.parse("k8s-app == 'kube-dns'"), null,
                        CalicoSelector.parse("projectcalico.org/name == 'kube-system'"), null, null,
                        List.of(new CalicoPort.Range(53, 53)), List.of())))));
        for (String env : List.of("prod", "staging", "dev")) {
            out.add(global("platform", "partner-egress-" + env, 20.0,
                    "app in {'payments', 'billing', 'checkout', 'orders', 'shipping'}", "env == '" + env + "'", List.of(),
                    List.of(rule(CalicoAction.ALLOW, tcp(), EntityRule.ANY,
                                    entity("role == 'partner'", "global()", List.of(new CalicoPort.Range(443, 443)))),
                            rule(CalicoAction.DENY, null, EntityRule.ANY, entity("role == 'partner'", "global()",
                                    List.of())))));
        }
        // per app: its tier's usual callers on its service ports, anything else to it passes on
        Set<String> apps = new TreeSet<>();
        appsOf.values().forEach(apps::addAll);
        for (String app : apps) {
            if (out.size() - start >= PLATFORM_POLICIES / 2) {
                break;
            }
            String callers = random.nextBoolean() ? "tier in {'web', 'api'}" : "tier == 'api' && version != 'v2'";
            out.add(global("platform", "ingress-" + app, 100.0 + out.size() - start, "app == '" + app + "' && has(tier)",
                    null, List.of(
                            rule(CalicoAction.ALLOW, tcp(), entity(callers, null, List.of()), ports(
                                    new CalicoPort.Range(8080, 8080), new CalicoPort.Range(9000, 9100))),
                            rule(CalicoAction.PASS, null, EntityRule.ANY, EntityRule.ANY)), List.of()));
        }
        // dev namespaces of a team: no internet except the corporate network, no SSH anywhere
        for (String team : teams) {
            if (out.size() - start >= PLATFORM_POLICIES - 10) {
                break;
            }
            out.add(global("platform", "dev-egress-" + team, 300.0, "all()",
                    "env == 'dev' && team == '" + team + "'", List.of(), List.of(
                            rule(CalicoAction.DENY, tcp(), EntityRule.ANY, ports(new CalicoPort.Range(22, 22))),
                            rule(CalicoAction.ALLOW, null, EntityRule.ANY, entity("role == 'corporate'", "global()",
                                    List.of())),
                            rule(CalicoAction.DENY, null, EntityRule.ANY, nets(List.of(), List.of("10.0.0.0/8",
                                    "172.16.0.0/12", "192.168.0.0/16"))))));
        }
        // per namespace: the namespace's api tier may reach the stores of its tenant's other namespaces
        while (out.size() - start < PLATFORM_POLICIES) {
            Namespace ns = pick(appNamespaces);
            String tenant = ns.labels().get("tenant");
            out.add(global("platform", "stores-" + ns.name(), 400.0,
                    "projectcalico.org/namespace == '" + ns.name() + "' && tier == 'api'", null, List.of(), List.of(
                            rule(CalicoAction.ALLOW, tcp(), EntityRule.ANY,
                                    entity("tier in {'db', 'cache'}", "tenant == '" + tenant + "'", List.of(
                                            new CalicoPort.Named("postgres"), new CalicoPort.Named("mysql"),
                                            new CalicoPort.Named("redis")))))));
        }
    }

    /** Global policies of the default tier, before and after the v1 policies (order 1000), and the default deny. */
    private void defaultTier(List<CalicoPolicy> out) {
        int target = CALICO_GLOBAL_POLICIES - 2;
        for (String team : teams) {
            if (out.size() >= target - 20) {
                break;
            }
            out.add(global("default", "web-ingress-" + team, 900.0, "tier == 'web'", "team == '" + team + "'",
                    List.of(rule(CalicoAction.ALLOW, tcp(), nets(List.of("0.0.0.0/0"), List.of()),
                            ports(new CalicoPort.Named("http")))), List.of()));
        }
        while (out.size() < target) {
            Namespace ns = pick(appNamespaces);
            List<String> apps = new ArrayList<>(appsOf.getOrDefault(ns.name(), Set.of()));
            String app = apps.isEmpty() ? "frontend" : pick(apps);
            boolean early = random.nextBoolean();
            out.add(global("default", (early ? "allow-" : "late-allow-") + ns.name() + "-" + app, early ? 500.0 : 1500.0,
                    "projectcalico.org/namespace == '" + ns.name() + "' && app == '" + app + "'", null, List.of(
                            rule(CalicoAction.ALLOW, tcp(), entity("has(tier) && tier != 'db'",
                                    "tenant == '" + ns.labels().get("tenant") + "'", List.of()),
                                    ports(new CalicoPort.Named("http"), new CalicoPort.Range(8000, 8100)))),
                    List.of()));
        }
        // the default deny: ingress of every tenant namespace, egress of the dev ones
        out.add(new CalicoPolicy(CalicoPolicyKind.GLOBAL_NETWORK_POLICY, null, "default-deny", "default", 10_000.0,
                CalicoSelector.ALL, CalicoSelector.parse("has(tenant)"), null, List.of(PolicyType.INGRESS), List.of(),
                List.of(), false, false, false, SourceRef.NONE, null));
        out.add(new CalicoPolicy(CalicoPolicyKind.GLOBAL_NETWORK_POLICY, null, "default-deny-dev-egress", "default",
                10_000.0, CalicoSelector.ALL, CalicoSelector.parse("has(tenant) && env == 'dev'"), null,
                List.of(PolicyType.EGRESS), List.of(), List.of(), false, false, false, SourceRef.NONE, null));
    }

    /** Three namespaced Calico NetworkPolicies in one namespace of each tenant. */
    private void tenantPolicies(List<CalicoPolicy> out) {
        for (Map.Entry<String, List<Namespace>> e : tenants.entrySet()) {
            Namespace ns = e.getValue().get(random.nextInt(e.getValue().size()));
            out.add(namespaced(ns.name(), "platform", "platform.same-namespace", 500.0, "all()", List.of(
                    rule(CalicoAction.ALLOW, null, entity("all()", null, List.of()), EntityRule.ANY)), List.of()));
            out.add(namespaced(ns.name(), "default", "deny-from-dev", 100.0, "has(app)", List.of(
                    rule(CalicoAction.DENY, null, entity(null, "env == 'dev'", List.of()), EntityRule.ANY)), List.of()));
            out.add(namespaced(ns.name(), "default", "default-account-egress", 200.0, "tier in {'web', 'api'}",
                    List.of(), List.of(rule(CalicoAction.ALLOW, tcp(), EntityRule.ANY, new EntityRule(List.of(),
                            List.of(), null, null, null, new ServiceAccountMatch(List.of(Pod.DEFAULT_SERVICE_ACCOUNT),
                                    null), null, List.of(new CalicoPort.Named("http")), List.of())))));
        }
    }

    private static CalicoPolicy global(String tier, String name, Double order, String selector, String namespaceSelector,
            List<CalicoRule> ingress, List<CalicoRule> egress) {
        return new CalicoPolicy(CalicoPolicyKind.GLOBAL_NETWORK_POLICY, null,
                tier.equals("default") ? name : tier + "." + name, tier, order, CalicoSelector.parse(selector),
                namespaceSelector == null ? null : CalicoSelector.parse(namespaceSelector), null, List.of(), ingress,
                egress, false, false, false, SourceRef.NONE, null);
    }

    private static CalicoPolicy namespaced(String namespace, String tier, String name, Double order, String selector,
            List<CalicoRule> ingress, List<CalicoRule> egress) {
        return new CalicoPolicy(CalicoPolicyKind.NETWORK_POLICY, namespace, name, tier, order,
                CalicoSelector.parse(selector), null, null, List.of(), ingress, egress, false, false, false,
                SourceRef.NONE, null);
    }

    private static CalicoRule rule(CalicoAction action, CalicoProtocol protocol, EntityRule source,
            EntityRule destination) {
        return new CalicoRule(action, protocol, null, null, null, null, false, source, destination);
    }

    private static CalicoProtocol tcp() {
        return CalicoProtocol.byName("TCP");
    }

    private static CalicoProtocol udp() {
        return CalicoProtocol.byName("UDP");
    }

    /** An entity rule of pods (or network sets) matching a selector, in a namespace scope, on ports. */
    private static EntityRule entity(String selector, String namespaceSelector, List<CalicoPort> ports) {
        return new EntityRule(List.of(), List.of(), selector == null ? null : CalicoSelector.parse(selector), null,
                namespaceSelector == null ? null : CalicoSelector.parse(namespaceSelector), null, null, ports,
                List.of());
    }

    private static EntityRule nets(List<String> nets, List<String> notNets) {
        return new EntityRule(nets.stream().map(Cidr::parse).toList(), notNets.stream().map(Cidr::parse).toList(),
                null, null, null, null, null, List.of(), List.of());
    }

    /** A side of any peer on these ports. */
    private static EntityRule ports(CalicoPort... ports) {
        return new EntityRule(List.of(), List.of(), null, null, null, null, null, List.of(ports), List.of());
    }

    // ================================================================ Cilium

    /** {@code cluster} with a {@code cilium} DaemonSet, a {@code cilium-config} and Cilium policies (see the class comment). */
    public static ClusterState withCilium(ClusterState cluster, long seed) {
        return new SyntheticPlugins(cluster, seed).cilium();
    }

    private ClusterState cilium() {
        List<CiliumPolicy> policies = new ArrayList<>();
        clusterwide(policies);
        for (Namespace ns : appNamespaces) {
            if (random.nextInt(3) == 0) {
                namespacedCilium(ns, policies);
            }
        }
        CiliumConfig config = new CiliumConfig("kube-system", Map.of(CiliumConfig.CLUSTER_NAME, "bench",
                CiliumConfig.ENABLE_POLICY, "default"), SourceRef.NONE);
        Workload agent = new Workload(WorkloadKind.DaemonSet, "kube-system", "cilium", Map.of("k8s-app", "cilium"),
                List.of(), true, List.of("quay.io/cilium/cilium:v1.19.1"), SourceRef.NONE);
        return withPlugin(agent, new PluginObjects(Set.of(NetworkPlugin.CILIUM), List.of(), CalicoObjects.NONE,
                new CiliumObjects(policies, config), List.of()));
    }

    private void clusterwide(List<CiliumPolicy> out) {
        // tenant groups (tenants dealt round-robin into four): each group's pods deny ingress from the next group's
        List<List<String>> groups = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        int t = 0;
        for (String tenant : tenants.keySet()) {
            groups.get(t++ % groups.size()).add(tenant);
        }
        for (int g = 0; g < groups.size(); g++) {
            List<String> own = groups.get(g);
            List<String> next = groups.get((g + 1) % groups.size());
            if (own.isEmpty() || next.isEmpty() || own == next) {
                continue;
            }
            out.add(ccnp("tenant-group-wall-" + g, rule(in(CiliumSelector.NAMESPACE_LABELS + "tenant", own),
                    List.of(), List.of(new CiliumEntry(List.of(new CiliumPeer.Endpoints(
                            in(CiliumSelector.NAMESPACE_LABELS + "tenant", next), "ingressDeny[0].fromEndpoints[0]")),
                            true, null, false, false)), List.of(), List.of(), false, null)));
        }
        // prod and dev do not talk, either way
        out.add(ccnp("prod-dev-wall", rule(namespaceLabel("env", "prod"), List.of(),
                List.of(endpoints(namespaceLabel("env", "dev"), "ingressDeny[0].fromEndpoints[0]", null)),
                List.of(), List.of(endpoints(namespaceLabel("env", "dev"), "egressDeny[0].toEndpoints[0]", null)),
                false, false)));
        out.add(ccnp("no-cloud-metadata", rule(CiliumSelector.EVERYTHING, List.of(), List.of(), List.of(),
                List.of(new CiliumEntry(List.of(new CiliumPeer.Cidrs(Cidr.parse("169.254.169.254/32"), List.of(),
                        "egressDeny[0].toCIDR[0]")), true, null, false, false)), null, false)));
        // DNS for everyone, without isolating anyone
        out.add(ccnp("allow-dns", rule(CiliumSelector.EVERYTHING, List.of(), List.of(), List.of(dns("egress[0]")),
                List.of(), null, false)));
        // monitoring scrapes every application pod's metrics port
        out.add(ccnp("allow-monitoring", rule(new CiliumSelector(new LabelSelector(Map.of(), List.of(
                        new SelectorRequirement("app", SelectorOperator.Exists, List.of()))), false),
                List.of(endpoints(new CiliumSelector(new LabelSelector(Map.of("app", "prometheus",
                                CiliumSelector.NAMESPACE, "monitoring"), List.of()), false),
                        "ingress[0].fromEndpoints[0]", List.of(new CiliumPortRule(List.of(named("metrics")), false,
                                false)))), List.of(), List.of(), List.of(), false, null)));
        // the internet on 443 (and DNS) for the web tier of some environments and teams, egress isolated
        List<String> teamList = new ArrayList<>(teams);
        for (int i = 0; out.size() < CILIUM_CLUSTERWIDE - 4 && i < teamList.size(); i++) {
            String team = teamList.get(i);
            LabelSelector subject = new LabelSelector(Map.of(CiliumSelector.NAMESPACE_LABELS + "team", team,
                    "tier", "web"), List.of());
            boolean l7 = i % 3 == 0;
            out.add(ccnp("web-internet-" + team, rule(new CiliumSelector(subject, false), List.of(), List.of(),
                    List.of(new CiliumEntry(List.of(new CiliumPeer.Entity(CiliumEntity.WORLD, "egress[0].toEntities[0]")),
                                    true, List.of(new CiliumPortRule(List.of(port(443)), false, false)), false, false),
                            dns("egress[1]"),
                            new CiliumEntry(List.of(new CiliumPeer.Entity(CiliumEntity.CLUSTER,
                                    "egress[2].toEntities[0]")), true, List.of(new CiliumPortRule(List.of(port(8080)),
                                    l7, false)), false, false)),
                    List.of(), null, null)));
        }
        // the whole cluster may reach staging, but nothing from outside
        out.add(ccnp("staging-from-cluster", rule(namespaceLabel("env", "staging"),
                List.of(new CiliumEntry(List.of(new CiliumPeer.Entity(CiliumEntity.CLUSTER,
                        "ingress[0].fromEntities[0]")), true, null, false, false)), List.of(), List.of(), List.of(),
                null, null)));
        while (out.size() < CILIUM_CLUSTERWIDE) {
            String env = List.of("prod", "staging", "dev").get(out.size() % 3);
            String tier = TIERS[random.nextInt(TIERS.length)];
            out.add(ccnp("world-ingress-" + env + "-" + tier + "-" + out.size(), rule(new CiliumSelector(
                    new LabelSelector(Map.of(CiliumSelector.NAMESPACE_LABELS + "env", env, "tier", tier), List.of()),
                    false), List.of(new CiliumEntry(List.of(new CiliumPeer.Entity(CiliumEntity.WORLD,
                    "ingress[0].fromEntities[0]")), true, List.of(new CiliumPortRule(List.of(named("http")), false,
                    false)), false, false)), List.of(), List.of(), List.of(), false, null)));
        }
    }

    private void namespacedCilium(Namespace ns, List<CiliumPolicy> out) {
        List<String> apps = new ArrayList<>(appsOf.getOrDefault(ns.name(), Set.of()));
        if (apps.isEmpty()) {
            return;
        }
        String target = pick(apps);
        String source = pick(apps);
        boolean l7 = random.nextInt(3) == 0;
        out.add(cnp(ns.name(), "allow-" + source + "-to-" + target, rule(matchLabel("app", target),
                List.of(endpoints(matchLabel("app", source), "ingress[0].fromEndpoints[0]",
                        List.of(new CiliumPortRule(List.of(named("http"), port(8080)), l7, false)))),
                List.of(), List.of(), List.of(), null, null)));
        if (random.nextBoolean()) {
            CiliumSelector stores = new CiliumSelector(new LabelSelector(Map.of(), List.of(
                    new SelectorRequirement("tier", SelectorOperator.In, List.of("db", "cache")))), false);
            CiliumSelector api = new CiliumSelector(new LabelSelector(Map.of(), List.of(
                    new SelectorRequirement("tier", SelectorOperator.In, List.of("api")),
                    new SelectorRequirement("version", SelectorOperator.NotIn, List.of("v0")))), false);
            out.add(cnp(ns.name(), "api-to-stores", rule(api, List.of(), List.of(),
                    List.of(endpoints(stores, "egress[0].toEndpoints[0]", List.of(new CiliumPortRule(List.of(
                            port(5432), port(3306), port(6379)), false, false))), dns("egress[1]")),
                    List.of(), null, null)));
        }
        if (random.nextInt(3) == 0) {
            CiliumPeer partner = random.nextBoolean()
                    ? new CiliumPeer.Cidrs(Cidr.parse("203.0.113.0/24"), List.of(), "egress[0].toCIDR[0]")
                    : new CiliumPeer.Cidrs(Cidr.parse("0.0.0.0/0"), List.of(Cidr.parse("10.0.0.0/8"),
                            Cidr.parse("172.16.0.0/12"), Cidr.parse("192.168.0.0/16")), "egress[0].toCIDRSet[0]");
            out.add(cnp(ns.name(), "egress-" + target + "-external", rule(matchLabel("app", target), List.of(),
                    List.of(), List.of(new CiliumEntry(List.of(partner), true, List.of(new CiliumPortRule(
                            List.of(port(443)), false, false)), false, false), dns("egress[1]")), List.of(), null, null)));
        }
    }

    private static CiliumRule rule(CiliumSelector subject, List<CiliumEntry> ingress, List<CiliumEntry> ingressDeny,
            List<CiliumEntry> egress, List<CiliumEntry> egressDeny, Boolean defaultDenyIngress,
            Boolean defaultDenyEgress) {
        return new CiliumRule("", subject, ingress, ingressDeny, egress, egressDeny, defaultDenyIngress,
                defaultDenyEgress);
    }

    private static CiliumPolicy ccnp(String name, CiliumRule rule) {
        return new CiliumPolicy(null, name, List.of(rule), null, SourceRef.NONE, null);
    }

    private static CiliumPolicy cnp(String namespace, String name, CiliumRule rule) {
        return new CiliumPolicy(namespace, name, List.of(rule), null, SourceRef.NONE, null);
    }

    private static CiliumEntry endpoints(CiliumSelector selector, String location, List<CiliumPortRule> toPorts) {
        return new CiliumEntry(List.of(new CiliumPeer.Endpoints(selector, location)), true, toPorts, false, false);
    }

    /** Egress to the cluster's DNS pods on 53, UDP and TCP. */
    private static CiliumEntry dns(String location) {
        return endpoints(new CiliumSelector(new LabelSelector(Map.of("k8s-app", "kube-dns", CiliumSelector.NAMESPACE,
                "kube-system"), List.of()), false), location + ".toEndpoints[0]", List.of(new CiliumPortRule(List.of(
                new CiliumPort(null, 53, 53, List.of(Protocol.UDP)), new CiliumPort(null, 53, 53,
                        List.of(Protocol.TCP))), false, false)));
    }

    private static CiliumSelector matchLabel(String key, String value) {
        return new CiliumSelector(new LabelSelector(Map.of(key, value), List.of()), false);
    }

    private static CiliumSelector namespaceLabel(String key, String value) {
        return matchLabel(CiliumSelector.NAMESPACE_LABELS + key, value);
    }

    private static CiliumSelector in(String key, List<String> values) {
        return new CiliumSelector(new LabelSelector(Map.of(), List.of(new SelectorRequirement(key, SelectorOperator.In,
                values))), false);
    }

    private static CiliumPort port(int port) {
        return new CiliumPort(null, port, port, List.of(Protocol.TCP));
    }

    private static CiliumPort named(String name) {
        return new CiliumPort(name, 0, 0, List.of(Protocol.TCP));
    }

    private <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }
}
