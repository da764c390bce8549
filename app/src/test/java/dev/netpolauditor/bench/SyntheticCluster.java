package dev.netpolauditor.bench;

import dev.netpolauditor.model.Cidr;
import dev.netpolauditor.model.ClusterPolicy;
import dev.netpolauditor.model.ClusterPolicyKind;
import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.model.ContainerPort;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A synthetic cluster shaped like real multi-tenant ones, for the benchmark: the same seed
 * and size always give the same cluster.
 *
 * <ul>
 *   <li>{@code round(pods/15)} namespaces (at least 3): {@code kube-system} with the DNS pods
 *       ({@code k8s-app=kube-dns}, ports {@code dns} 53/UDP and {@code dns-tcp} 53/TCP) and
 *       host-network kube-proxy pods, {@code monitoring} with Prometheus, and application
 *       namespaces labelled {@code tenant} (about one tenant per 20 namespaces), {@code env}
 *       (prod, staging, dev) and {@code team}.</li>
 *   <li>Exactly {@code pods} pods. An application namespace runs 2–6 apps from a shared
 *       vocabulary; an app is one deployment, sometimes two ({@code version} v1 and v2); pods
 *       carry {@code app}, {@code tier} (web, api, db, cache, worker), {@code version} and a
 *       {@code pod-template-hash} unique per deployment that no selector reads, and named
 *       container ports by tier ({@code http} 8080, {@code grpc} 9000, {@code metrics} 9090,
 *       {@code postgres} 5432, {@code mysql} 3306, {@code redis} 6379). A few worker pods
 *       have finished ({@code Succeeded}).</li>
 *   <li>Exactly {@code round(pods/8)} policies, mixed like real clusters: a default deny in
 *       most application namespaces (ingress only, or both directions plus DNS egress to
 *       kube-system), then app-to-app rules on named, numeric or ranged ports, ingress from
 *       the tenant's namespaces or from monitoring, ipBlock egress with except, egress to the
 *       namespace's databases, matchExpressions, and a few allow-alls; some with
 *       {@code policyTypes} omitted.</li>
 * </ul>
 *
 * <p>{@link #live} gives the same pods as a live cluster serves them, with the objects that own
 * them: each application deployment is a Deployment with its current ReplicaSet and one old
 * ReplicaSet scaled to zero, its pods controlled by the current one ({@code ownerReferences});
 * a canary is the same Deployment mid-rollout (a second ReplicaSet with the v2 pod); about a
 * quarter of the worker apps are CronJobs whose pods each run under a Job; CoreDNS is a
 * Deployment, kube-proxy a DaemonSet on the host network, Prometheus a StatefulSet; every pod
 * has {@code status.podIPs}. Its extra choices come from a second random stream, so its pods
 * have the names, labels and ports of {@link #generate} with the same seed.
 */
public final class SyntheticCluster {
    private static final String[] ENVS = {"prod", "staging", "dev"};
    private static final String[] TEAMS = {"payments", "checkout", "search", "identity", "platform", "data",
        "mobile", "storefront", "ml", "growth", "billing", "support"};
    private static final String[] APPS = {"frontend", "gateway", "checkout", "cart", "catalog", "payments",
        "orders", "users", "search", "auth", "inventory", "shipping", "reviews", "recommendations",
        "notifications", "billing", "reporting", "scheduler", "ledger", "media"};
    private static final String[] TIERS = {"web", "api", "db", "cache", "worker"};
    private static final String HEX = "0123456789abcdef";
    private static final String ALPHANUM = "bcdfghjklmnpqrstvwxz2456789";

    private final SplittableRandom random;
    /** The live shape's own choices, so that they leave {@link #random}'s sequence alone. */
    private final SplittableRandom extra;
    private final boolean live;
    private final List<Workload> workloads = new ArrayList<>();
    /** Live shape: the Deployment of each (namespace, app), once made. */
    private final Map<String, Workload> deployments = new LinkedHashMap<>();
    private final java.util.Set<String> cronJobs = new java.util.HashSet<>();
    private final int podCount;
    private final List<Namespace> namespaces = new ArrayList<>();
    private final List<AppNamespace> appNamespaces = new ArrayList<>();
    private final List<Pod> pods = new ArrayList<>();
    private final List<NetworkPolicy> policies = new ArrayList<>();
    private int policySerial;

    private record App(String name, String tier) {}

    private record AppNamespace(String name, String tenant, String env, String team, List<App> apps) {}

    private SyntheticCluster(long seed, int pods, boolean live) {
        this.random = new SplittableRandom(seed);
        this.extra = new SplittableRandom(seed * 31 + 17);
        this.live = live;
        this.podCount = pods;
    }

    /** A cluster of exactly {@code pods} pods, {@code round(pods/15)} namespaces, {@code round(pods/8)} policies. */
    public static ClusterState generate(long seed, int pods) {
        if (pods < 10) {
            throw new IllegalArgumentException("a synthetic cluster needs at least 10 pods");
        }
        return new SyntheticCluster(seed, pods, false).build();
    }

    /**
     * {@code cluster} with a platform team's cluster-tier policies: {@code admin} Admin-tier and
     * {@code baseline} Baseline-tier ClusterNetworkPolicies. The Admin tier walls tenants off
     * (one policy per tenant, for the first tenants: Deny ingress from every other tenant's
     * namespaces), lets monitoring scrape the {@code metrics} port everywhere, keeps workloads off
     * the cloud metadata address and passes in-cluster egress to the namespaces' own policies
     * ({@code networks}); the Baseline tier denies ingress by default per environment and denies
     * egress to the internet for dev namespaces.
     */
    public static ClusterState withClusterPolicies(ClusterState cluster, int admin, int baseline) {
        java.util.TreeSet<String> tenants = new java.util.TreeSet<>();
        for (Namespace ns : cluster.namespaces()) {
            String t = ns.labels().get("tenant");
            if (t != null) {
                tenants.add(t);
            }
        }
        List<ClusterPolicy> out = new ArrayList<>();
        LabelSelector anyTenant = new LabelSelector(Map.of(), List.of(
                new SelectorRequirement("tenant", SelectorOperator.Exists, List.of())));
        out.add(clusterPolicy("allow-monitoring-scrape", PolicyTier.ADMIN, 5, new TierSubject.Namespaces(anyTenant),
                List.of(new TierRule("scrape", RuleAction.ACCEPT, List.of(new TierPeer.Namespaces(
                        selector("purpose", "monitoring"))), List.of(new TierPort.Named("metrics")))), List.of()));
        out.add(clusterPolicy("no-cloud-metadata", PolicyTier.ADMIN, 6, new TierSubject.Namespaces(LabelSelector.EVERYTHING),
                List.of(), List.of(new TierRule("metadata", RuleAction.DENY, List.of(new TierPeer.Networks(
                        List.of(Cidr.parse("169.254.169.254/32")))), List.of()))));
        out.add(clusterPolicy("cluster-egress-to-owners", PolicyTier.ADMIN, 7, new TierSubject.Namespaces(anyTenant),
                List.of(), List.of(new TierRule("pod-network", RuleAction.PASS, List.of(new TierPeer.Networks(
                        List.of(Cidr.parse("10.0.0.0/8")))), List.of()))));
        for (String tenant : tenants) {
            if (out.size() >= admin) {
                break;
            }
            LabelSelector others = new LabelSelector(Map.of(), List.of(
                    new SelectorRequirement("tenant", SelectorOperator.Exists, List.of()),
                    new SelectorRequirement("tenant", SelectorOperator.NotIn, List.of(tenant))));
            out.add(clusterPolicy("wall-" + tenant, PolicyTier.ADMIN, 10,
                    new TierSubject.Namespaces(selector("tenant", tenant)),
                    List.of(new TierRule("other-tenants", RuleAction.DENY, List.of(new TierPeer.Namespaces(others)),
                            List.of())), List.of()));
        }
        int b = 0;
        for (String env : ENVS) {
            if (b++ >= baseline) {
                break;
            }
            out.add(clusterPolicy("default-deny-" + env, PolicyTier.BASELINE, 100 + b,
                    new TierSubject.Namespaces(selector("env", env)),
                    List.of(new TierRule("deny-all", RuleAction.DENY, List.of(new TierPeer.Namespaces(
                            LabelSelector.EVERYTHING)), List.of())), List.of()));
        }
        while (b++ < baseline) {
            out.add(clusterPolicy("dev-no-internet-" + b, PolicyTier.BASELINE, 200 + b,
                    new TierSubject.Pods(selector("env", "dev"), selector("tier", TIERS[b % TIERS.length])),
                    List.of(), List.of(new TierRule("internet", RuleAction.DENY, List.of(new TierPeer.Networks(
                            List.of(Cidr.parse("0.0.0.0/0")))), List.of()))));
        }
        return cluster.withClusterPolicies(out);
    }

    private static ClusterPolicy clusterPolicy(String name, PolicyTier tier, int priority, TierSubject subject,
            List<TierRule> ingress, List<TierRule> egress) {
        return new ClusterPolicy(ClusterPolicyKind.ClusterNetworkPolicy, name, tier, priority, subject, ingress,
                egress, SourceRef.NONE, null);
    }

    /** The same cluster as a live one serves it: the pods of {@link #generate}, owned by their workloads, addressed. */
    public static ClusterState live(long seed, int pods) {
        if (pods < 10) {
            throw new IllegalArgumentException("a synthetic cluster needs at least 10 pods");
        }
        return new SyntheticCluster(seed, pods, true).build();
    }

    private ClusterState build() {
        int namespaceCount = Math.max(3, Math.round(podCount / 15f));
        int policyCount = Math.round(podCount / 8f);
        int appNamespaceCount = namespaceCount - 2;
        int tenants = Math.max(1, Math.round(appNamespaceCount / 20f));

        systemNamespaces();
        for (int i = 0; i < appNamespaceCount; i++) {
            String env = ENVS[random.nextInt(ENVS.length)];
            String team = TEAMS[random.nextInt(TEAMS.length)];
            String tenant = "tenant-" + String.format("%02d", random.nextInt(tenants));
            String name = String.format("%s-%s-%03d", team, env, i);
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put("tenant", tenant);
            labels.put("env", env);
            labels.put("team", team);
            namespaces.add(Namespace.of(name, labels, true, SourceRef.NONE));
            appNamespaces.add(new AppNamespace(name, tenant, env, team, new ArrayList<>()));
        }
        int remaining = podCount - pods.size();
        for (int i = 0; i < appNamespaceCount; i++) {
            int quota = remaining / appNamespaceCount + (i < remaining % appNamespaceCount ? 1 : 0);
            appPods(appNamespaces.get(i), quota);
        }

        baselinePolicies(policyCount);
        while (policies.size() < policyCount) {
            extraPolicy();
        }
        if (live) {
            return addressed(new ClusterState(namespaces, pods, workloads, policies));
        }
        return new ClusterState(namespaces, pods, List.of(), policies);
    }

    /** Every pod with an address, as a running cluster reports them (host-network pods: their node's). */
    private static ClusterState addressed(ClusterState state) {
        List<Pod> out = new ArrayList<>(state.pods().size());
        int n = 0;
        for (Pod p : state.pods()) {
            n++;
            String ip = p.hostNetwork()
                    ? "192.168." + (n / 30 / 250) + "." + (n / 30 % 250 + 1)
                    : "10." + (n >> 16 & 0xff) + "." + (n >> 8 & 0xff) + "." + (n & 0xff);
            out.add(new Pod(p.namespace(), p.name(), p.labels(), p.ports(), p.hostNetwork(), p.phase(), List.of(ip),
                    p.controller(), p.source()));
        }
        return new ClusterState(state.namespaces(), out, state.workloads(), state.policies());
    }

    // ---- namespaces and pods

    private void systemNamespaces() {
        namespaces.add(Namespace.of("kube-system", Map.of(), true, SourceRef.NONE));
        namespaces.add(Namespace.of("monitoring", Map.of("purpose", "monitoring"), true, SourceRef.NONE));
        String dnsHash = hash();
        List<ContainerPort> dnsPorts = List.of(new ContainerPort("dns", 53, Protocol.UDP),
                new ContainerPort("dns-tcp", 53, Protocol.TCP), new ContainerPort("metrics", 9153, Protocol.TCP));
        OwnerRef dnsOwner = live ? replicaSet("kube-system", "coredns", Map.of("k8s-app", "kube-dns"), dnsPorts,
                dnsHash) : null;
        for (int i = 0; i < 2; i++) {
            pods.add(pod("kube-system", "coredns-" + dnsHash + "-" + suffix(),
                    Map.of("k8s-app", "kube-dns", "pod-template-hash", dnsHash), dnsPorts, false, PodPhase.RUNNING,
                    dnsOwner));
        }
        int nodes = Math.max(1, podCount / 250);
        OwnerRef proxy = live ? workload(WorkloadKind.DaemonSet, "kube-system", "kube-proxy",
                Map.of("k8s-app", "kube-proxy"), List.of(), true, null) : null;
        for (int i = 0; i < nodes; i++) {
            pods.add(pod("kube-system", "kube-proxy-" + suffix(), Map.of("k8s-app", "kube-proxy"), List.of(),
                    true, PodPhase.RUNNING, proxy));
        }
        List<ContainerPort> prometheusPorts = List.of(new ContainerPort("web", 9090, Protocol.TCP));
        OwnerRef prometheus = live ? workload(WorkloadKind.StatefulSet, "monitoring", "prometheus",
                Map.of("app", "prometheus", "tier", "worker"), prometheusPorts, false, null) : null;
        pods.add(pod("monitoring", "prometheus-0", Map.of("app", "prometheus", "tier", "worker"),
                prometheusPorts, false, PodPhase.RUNNING, prometheus));
    }

    /** Live shape: a workload object (no pods of its own); returns the reference its pods or children carry. */
    private OwnerRef workload(WorkloadKind kind, String namespace, String name, Map<String, String> templateLabels,
            List<ContainerPort> ports, boolean hostNetwork, OwnerRef controller) {
        workloads.add(new Workload(kind, namespace, name, templateLabels, ports, hostNetwork,
                List.of("registry.example/" + name + ":1"), controller, SourceRef.NONE));
        return new OwnerRef(kind.name(), name);
    }

    /**
     * Live shape: the ReplicaSet {@code app-hash} of Deployment {@code app} (made on first use,
     * with an old ReplicaSet scaled to zero; its template follows the newest revision), for the
     * pods of one revision.
     */
    private OwnerRef replicaSet(String namespace, String app, Map<String, String> labels, List<ContainerPort> ports,
            String hash) {
        String key = namespace + "/" + app;
        Map<String, String> template = new LinkedHashMap<>(labels);
        template.remove("pod-template-hash");
        Workload existing = deployments.get(key);
        OwnerRef deployment = new OwnerRef(WorkloadKind.Deployment.name(), app);
        if (existing == null) {
            workload(WorkloadKind.Deployment, namespace, app, template, ports, false, null);
            deployments.put(key, workloads.getLast());
            String old = extraHash();
            Map<String, String> oldLabels = new LinkedHashMap<>(template);
            oldLabels.put("pod-template-hash", old);
            workload(WorkloadKind.ReplicaSet, namespace, app + "-" + old, oldLabels, ports, false, deployment);
        } else {
            // a rollout in progress: the Deployment's template is the newest revision's
            workloads.set(workloads.indexOf(existing), new Workload(WorkloadKind.Deployment, namespace, app, template,
                    ports, false, existing.images(), null, SourceRef.NONE));
        }
        return workload(WorkloadKind.ReplicaSet, namespace, app + "-" + hash, labels, ports, false, deployment);
    }

    private void appPods(AppNamespace ns, int quota) {
        int appCount = Math.min(quota, 2 + random.nextInt(5));
        List<String> names = new ArrayList<>(List.of(APPS));
        int[] perApp = new int[appCount];
        for (int i = 0; i < quota; i++) {
            perApp[i < appCount ? i : random.nextInt(appCount)]++;
        }
        for (int a = 0; a < appCount; a++) {
            String app = names.remove(random.nextInt(names.size()));
            String tier = TIERS[random.nextInt(TIERS.length)];
            ns.apps().add(new App(app, tier));
            boolean canary = perApp[a] >= 3 && random.nextInt(5) == 0;
            int v1 = canary ? perApp[a] - 1 : perApp[a];
            deployment(ns.name(), app, tier, canary ? "v1" : (random.nextInt(3) == 0 ? "v2" : "v1"), v1);
            if (canary) {
                deployment(ns.name(), app, tier, "v2", 1);
            }
        }
    }

    private void deployment(String namespace, String app, String tier, String version, int replicas) {
        String hash = hash();
        Map<String, String> labels = Map.of("app", app, "tier", tier, "version", version, "pod-template-hash", hash);
        List<ContainerPort> ports = portsOf(tier, app);
        boolean cronJob = live && tier.equals("worker") && !deployments.containsKey(namespace + "/" + app)
                && extra.nextInt(4) == 0;
        OwnerRef owner = null;
        if (cronJob) {
            Map<String, String> template = new LinkedHashMap<>(labels);
            template.remove("pod-template-hash");
            // a second revision of a CronJob's app (a canary) runs under the same CronJob
            if (cronJobs.add(namespace + "/" + app)) {
                workload(WorkloadKind.CronJob, namespace, app, template, ports, false, null);
            }
        } else if (live) {
            owner = replicaSet(namespace, app, labels, ports, hash);
        }
        for (int r = 0; r < replicas; r++) {
            PodPhase phase = tier.equals("worker") && random.nextInt(50) == 0 ? PodPhase.SUCCEEDED : PodPhase.RUNNING;
            if (cronJob) { // one run of the CronJob per pod
                Map<String, String> template = new LinkedHashMap<>(labels);
                template.remove("pod-template-hash");
                owner = workload(WorkloadKind.Job, namespace, app + "-" + (29_000_000 + extra.nextInt(1_000_000)),
                        template, ports, false, new OwnerRef(WorkloadKind.CronJob.name(), app));
            }
            pods.add(pod(namespace, app + "-" + hash + "-" + suffix(), labels, ports, false, phase, owner));
        }
    }

    private static List<ContainerPort> portsOf(String tier, String app) {
        ContainerPort http = new ContainerPort("http", 8080, Protocol.TCP);
        ContainerPort metrics = new ContainerPort("metrics", 9090, Protocol.TCP);
        return switch (tier) {
            case "web" -> List.of(http, metrics);
            case "api" -> List.of(http, new ContainerPort("grpc", 9000, Protocol.TCP), metrics);
            case "db" -> app.hashCode() % 2 == 0
                    ? List.of(new ContainerPort("postgres", 5432, Protocol.TCP))
                    : List.of(new ContainerPort("mysql", 3306, Protocol.TCP));
            case "cache" -> List.of(new ContainerPort("redis", 6379, Protocol.TCP));
            default -> List.of(metrics);
        };
    }

    private static Pod pod(String namespace, String name, Map<String, String> labels, List<ContainerPort> ports,
            boolean hostNetwork, PodPhase phase, OwnerRef controller) {
        return new Pod(namespace, name, labels, ports, hostNetwork, phase, List.of(), controller, SourceRef.NONE);
    }

    private String extraHash() {
        StringBuilder sb = new StringBuilder(10);
        for (int i = 0; i < 10; i++) {
            sb.append(HEX.charAt(extra.nextInt(HEX.length())));
        }
        return sb.toString();
    }

    private String hash() {
        StringBuilder sb = new StringBuilder(10);
        for (int i = 0; i < 10; i++) {
            sb.append(HEX.charAt(random.nextInt(HEX.length())));
        }
        return sb.toString();
    }

    private String suffix() {
        StringBuilder sb = new StringBuilder(5);
        for (int i = 0; i < 5; i++) {
            sb.append(ALPHANUM.charAt(random.nextInt(ALPHANUM.length())));
        }
        return sb.toString();
    }

    // ---- policies

    /** Default denies in most application namespaces, with DNS egress where egress is denied. */
    private void baselinePolicies(int budget) {
        for (AppNamespace ns : appNamespaces) {
            if (policies.size() >= budget) {
                return;
            }
            if (random.nextInt(5) == 0) {
                continue; // about one namespace in five has no default deny
            }
            if (random.nextBoolean()) {
                add(ns.name(), "default-deny-ingress", LabelSelector.EVERYTHING, List.of(PolicyType.INGRESS),
                        List.of(), List.of());
            } else {
                add(ns.name(), "default-deny-all", LabelSelector.EVERYTHING,
                        List.of(PolicyType.INGRESS, PolicyType.EGRESS), List.of(), List.of());
                if (policies.size() < budget) {
                    add(ns.name(), "allow-dns", LabelSelector.EVERYTHING, List.of(PolicyType.EGRESS), List.of(),
                            List.of(dnsRule()));
                }
            }
        }
    }

    private Rule dnsRule() {
        Peer kubeDns = new Peer.Selectors(selector("k8s-app", "kube-dns"),
                selector(Namespace.NAME_LABEL, "kube-system"));
        List<PortRule> ports = random.nextBoolean()
                ? List.of(numeric(Protocol.UDP, 53, 53), numeric(Protocol.TCP, 53, 53))
                : List.of(new PortRule(Protocol.UDP, new PortMatch.Named("dns")),
                        new PortRule(Protocol.TCP, new PortMatch.Named("dns-tcp")));
        return new Rule(List.of(kubeDns), ports);
    }

    private void extraPolicy() {
        AppNamespace ns = appNamespaces.get(random.nextInt(appNamespaces.size()));
        App target = pick(ns.apps());
        App source = pick(ns.apps());
        int kind = random.nextInt(20);
        if (kind < 7) {
            // same namespace, app to app, policyTypes omitted half of the time
            List<PortRule> ports = switch (random.nextInt(5)) {
                case 0, 1 -> List.of(named("http"));
                case 2 -> List.of(numeric(Protocol.TCP, 8080, 8080));
                case 3 -> List.of(numeric(Protocol.TCP, 8000, 8100));
                default -> List.of(named("http"), named("grpc"));
            };
            add(ns.name(), "allow-" + source.name() + "-to-" + target.name(), selector("app", target.name()),
                    random.nextBoolean() ? List.of() : List.of(PolicyType.INGRESS),
                    List.of(new Rule(List.of(new Peer.Selectors(selector("app", source.name()), null)), ports)),
                    List.of());
        } else if (kind < 10) {
            // from every namespace of the tenant (sometimes another tenant), web tier only half of the time
            String tenant = random.nextInt(4) == 0 ? randomTenant() : ns.tenant();
            LabelSelector pods = random.nextBoolean() ? selector("tier", "web") : null;
            add(ns.name(), "allow-" + tenant + "-to-" + target.name(), selector("app", target.name()),
                    List.of(PolicyType.INGRESS),
                    List.of(new Rule(List.of(new Peer.Selectors(pods, selector("tenant", tenant))),
                            List.of(named("http")))),
                    List.of());
        } else if (kind < 13) {
            // scraping from monitoring
            LabelSelector monitoring = random.nextBoolean()
                    ? selector(Namespace.NAME_LABEL, "monitoring")
                    : selector("purpose", "monitoring");
            add(ns.name(), "allow-monitoring", LabelSelector.EVERYTHING, List.of(),
                    List.of(new Rule(List.of(new Peer.Selectors(selector("app", "prometheus"), monitoring)),
                            List.of(named("metrics")))),
                    List.of());
        } else if (kind < 15) {
            // internet egress on 443, private ranges excepted, plus DNS
            Peer internet = new Peer.IpBlock(Cidr.parse("0.0.0.0/0"), List.of(Cidr.parse("10.0.0.0/8"),
                    Cidr.parse("172.16.0.0/12"), Cidr.parse("192.168.0.0/16")));
            add(ns.name(), "allow-" + target.name() + "-internet", selector("app", target.name()),
                    List.of(PolicyType.EGRESS), List.of(),
                    List.of(new Rule(List.of(internet), List.of(numeric(Protocol.TCP, 443, 443))), dnsRule()));
        } else if (kind < 17) {
            // api tier talks to the namespace's databases and caches; policyTypes omitted
            LabelSelector stores = new LabelSelector(Map.of(),
                    List.of(new SelectorRequirement("tier", SelectorOperator.In, List.of("db", "cache"))));
            add(ns.name(), "api-egress-to-stores", selector("tier", "api"), List.of(), List.of(),
                    List.of(new Rule(List.of(new Peer.Selectors(stores, null)),
                                    List.of(named("postgres"), named("mysql"), named("redis"))),
                            dnsRule()));
        } else if (kind < 19) {
            // expressions: non-v1 web/api pods admit the namespace's api tier on a port range
            LabelSelector selected = new LabelSelector(Map.of(), List.of(
                    new SelectorRequirement("tier", SelectorOperator.In, List.of("web", "api")),
                    new SelectorRequirement("version", SelectorOperator.NotIn, List.of("v1"))));
            LabelSelector from = new LabelSelector(Map.of(), List.of(
                    new SelectorRequirement("tier", SelectorOperator.Exists, List.of()),
                    new SelectorRequirement("canary", SelectorOperator.DoesNotExist, List.of())));
            add(ns.name(), "allow-canary-range", selected, List.of(PolicyType.INGRESS),
                    List.of(new Rule(List.of(new Peer.Selectors(from, null)),
                            List.of(numeric(Protocol.TCP, 9000, 9100)))),
                    List.of());
        } else {
            // allow-all for one app, the kind of policy audits flag
            boolean ingress = random.nextBoolean();
            Rule everything = new Rule(List.of(), List.of());
            add(ns.name(), "allow-all-" + (ingress ? "ingress-" : "egress-") + target.name(),
                    selector("app", target.name()),
                    List.of(ingress ? PolicyType.INGRESS : PolicyType.EGRESS),
                    ingress ? List.of(everything) : List.of(),
                    ingress ? List.of() : List.of(everything));
        }
    }

    private String randomTenant() {
        return appNamespaces.get(random.nextInt(appNamespaces.size())).tenant();
    }

    private <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    private void add(String namespace, String name, LabelSelector podSelector, List<PolicyType> types,
            List<Rule> ingress, List<Rule> egress) {
        policies.add(new NetworkPolicy(namespace, name + "-" + (++policySerial), podSelector, types, ingress, egress,
                SourceRef.NONE));
    }

    private static LabelSelector selector(String key, String value) {
        return new LabelSelector(Map.of(key, value), List.of());
    }

    private static PortRule named(String name) {
        return new PortRule(Protocol.TCP, new PortMatch.Named(name));
    }

    private static PortRule numeric(Protocol protocol, int first, int last) {
        return new PortRule(protocol, new PortMatch.Range(first, last));
    }
}
