package dev.netpolauditor.engine;

import static dev.netpolauditor.engine.ClusterBuilder.anyPeer;
import static dev.netpolauditor.engine.ClusterBuilder.anyPort;
import static dev.netpolauditor.engine.ClusterBuilder.from;
import static dev.netpolauditor.engine.ClusterBuilder.ip;
import static dev.netpolauditor.engine.ClusterBuilder.ipBlock;
import static dev.netpolauditor.engine.ClusterBuilder.labels;
import static dev.netpolauditor.engine.ClusterBuilder.namespaces;
import static dev.netpolauditor.engine.ClusterBuilder.pods;
import static dev.netpolauditor.engine.ClusterBuilder.podsInNamespaces;
import static dev.netpolauditor.engine.ClusterBuilder.policy;
import static dev.netpolauditor.engine.ClusterBuilder.ports;
import static dev.netpolauditor.engine.ClusterBuilder.rule;
import static dev.netpolauditor.engine.ClusterBuilder.selector;
import static dev.netpolauditor.engine.ClusterBuilder.serves;
import static dev.netpolauditor.engine.ClusterBuilder.servesUdp;
import static dev.netpolauditor.engine.ClusterBuilder.tcp;
import static dev.netpolauditor.engine.ClusterBuilder.to;
import static dev.netpolauditor.engine.ClusterBuilder.udp;
import static dev.netpolauditor.model.PolicyType.EGRESS;
import static dev.netpolauditor.model.PolicyType.INGRESS;
import static dev.netpolauditor.model.Protocol.TCP;
import static dev.netpolauditor.model.Protocol.UDP;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.model.Namespace;
import dev.netpolauditor.model.PolicyType;
import dev.netpolauditor.model.Protocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The textbook NetworkPolicy setups, each checked on the engine and on the brute-force
 * reference alike: the allowed port sets, and the reasons explain() gives.
 */
class ClassicScenariosTest {
    private static final String ALL = "SCTP:1-65535,TCP:1-65535,UDP:1-65535";
    private static final String NOTHING = "";

    /** prod: web, api, db; db admits only api (podSelector-only peer) on TCP 3306. */
    @Nested
    class DatabaseReachableOnlyFromApi {
        final Scenario s = new Scenario(new ClusterBuilder()
                .namespace("prod")
                .namespace("staging")
                .pod("prod", "web", labels("app", "web"), serves("http", 8080))
                .pod("prod", "api", labels("app", "api"), serves("http", 8080))
                .pod("prod", "db", labels("app", "db"), serves("mysql", 3306))
                .pod("staging", "api", labels("app", "api"))
                .policy(policy("prod", "db-allow-api").select("app", "db")
                        .ingress(rule(from(pods("app", "api")), ports(tcp(3306)))))
                .build());

        @Test
        void apiReachesDbOnlyOnTcp3306() {
            s.assertAllowed("prod/api", "prod/db", "TCP:3306");
        }

        @Test
        void webReachesNothingOnDb() {
            s.assertAllowed("prod/web", "prod/db", NOTHING);
        }

        @Test
        void podSelectorOnlyPeerDoesNotMatchSameLabelsInAnotherNamespace() {
            s.assertAllowed("staging/api", "prod/db", NOTHING);
        }

        @Test
        void unselectedPodsStayOpenBothWays() {
            s.assertAllowed("prod/db", "prod/web", ALL);
            s.assertAllowed("prod/web", "prod/api", ALL);
        }

        @Test
        void explainNamesTheAdmittingRule() {
            s.assertExplained("prod/api", "prod/db", TCP, 3306,
                    notIsolated(), allowedBy(ref("prod/db-allow-api", INGRESS, 0)));
        }

        @Test
        void explainNamesTheIsolatingPolicyWhenRefused() {
            s.assertExplained("prod/web", "prod/db", TCP, 3306,
                    notIsolated(), refused("prod/db-allow-api"));
            s.assertExplained("prod/api", "prod/db", TCP, 3307,
                    notIsolated(), refused("prod/db-allow-api"));
        }
    }

    /** A backup server outside the cluster, 10.9.198.2, may reach db on TCP 3306. */
    @Nested
    class BackupServerByIpBlock {
        final Scenario s = new Scenario(new ClusterBuilder()
                .namespace("prod")
                .pod("prod", "db", labels("app", "db"), serves("mysql", 3306))
                .pod("prod", "web", labels("app", "web"))
                .policy(policy("prod", "db-allow-backup").select("app", "db")
                        .ingress(rule(from(ipBlock("10.9.198.2/32")), ports(tcp(3306)))))
                .build(), ip("10.9.198.2"), ip("10.9.198.3"));

        @Test
        void backupServerReachesDbOnTcp3306() {
            s.assertAllowed("ip:10.9.198.2", "prod/db", "TCP:3306");
        }

        @Test
        void neighbouringAddressReachesNothing() {
            s.assertAllowed("ip:10.9.198.3", "prod/db", NOTHING);
        }

        @Test
        void ipBlockNeverMatchesAPod() {
            s.assertAllowed("prod/web", "prod/db", NOTHING);
        }

        @Test
        void dbEgressIsNotIsolated() {
            s.assertAllowed("prod/db", "ip:10.9.198.2", ALL);
        }

        @Test
        void matrixHasNoPairOfTwoIps() {
            s.assertMatrix(
                    "ip:10.9.198.2 -> prod/db : TCP:3306",
                    "ip:10.9.198.2 -> prod/web : " + ALL,
                    "ip:10.9.198.3 -> prod/web : " + ALL,
                    "prod/db -> ip:10.9.198.2 : " + ALL,
                    "prod/db -> ip:10.9.198.3 : " + ALL,
                    "prod/db -> prod/web : " + ALL,
                    "prod/web -> ip:10.9.198.2 : " + ALL,
                    "prod/web -> ip:10.9.198.3 : " + ALL);
        }

        @Test
        void explainSaysTheIpSideIsNotApplicable() {
            s.assertExplained("ip:10.9.198.2", "prod/db", TCP, 3306,
                    notApplicable(), allowedBy(ref("prod/db-allow-backup", INGRESS, 0)));
            s.assertExplained("ip:10.9.198.3", "prod/db", TCP, 3306,
                    notApplicable(), refused("prod/db-allow-backup"));
        }
    }

    /** Default deny in both directions in prod, plus DNS egress to kube-dns in kube-system. */
    @Nested
    class DefaultDenyWithDnsEgress {
        final Scenario s = new Scenario(new ClusterBuilder()
                .namespace("prod")
                .namespace("kube-system")
                .pod("prod", "web", labels("app", "web"), serves("http", 8080))
                .pod("prod", "api", labels("app", "api"), serves("http", 8080))
                .pod("kube-system", "coredns", labels("k8s-app", "kube-dns"),
                        servesUdp("dns", 53), serves("dns-tcp", 53))
                .pod("kube-system", "metrics-server", labels("k8s-app", "metrics-server"))
                .policy(policy("prod", "default-deny").types(INGRESS, EGRESS))
                .policy(policy("prod", "allow-dns").types(EGRESS)
                        .egress(rule(
                                to(podsInNamespaces(selector("k8s-app", "kube-dns"),
                                        selector(Namespace.NAME_LABEL, "kube-system"))),
                                ports(udp(53), tcp(53)))))
                .build(), ip("8.8.8.8"));

        @Test
        void podsReachOnlyTheDnsPodsOnPort53() {
            s.assertMatrix(
                    "ip:8.8.8.8 -> kube-system/coredns : " + ALL,
                    "ip:8.8.8.8 -> kube-system/metrics-server : " + ALL,
                    "kube-system/coredns -> ip:8.8.8.8 : " + ALL,
                    "kube-system/coredns -> kube-system/metrics-server : " + ALL,
                    "kube-system/metrics-server -> ip:8.8.8.8 : " + ALL,
                    "kube-system/metrics-server -> kube-system/coredns : " + ALL,
                    "prod/api -> kube-system/coredns : TCP:53,UDP:53",
                    "prod/web -> kube-system/coredns : TCP:53,UDP:53");
        }

        @Test
        void explainNamesBothPoliciesIsolatingEgressAndTheDenyIsolatingIngress() {
            s.assertExplained("prod/web", "prod/api", TCP, 8080,
                    refused("prod/default-deny", "prod/allow-dns"), refused("prod/default-deny"));
        }

        @Test
        void explainNamesTheDnsRule() {
            s.assertExplained("prod/web", "kube-system/coredns", UDP, 53,
                    allowedBy(ref("prod/allow-dns", EGRESS, 0)), notIsolated());
        }

        @Test
        void nothingReachesProdFromOutside() {
            s.assertExplained("ip:8.8.8.8", "prod/web", TCP, 8080,
                    notApplicable(), refused("prod/default-deny"));
        }
    }

    /**
     * shop: backend admits frontend on its named port http; frontend's egress allows backend
     * on TCP 8080 and DNS in kube-system.
     */
    @Nested
    class FrontendAndBackend {
        final Scenario s = new Scenario(new ClusterBuilder()
                .namespace("shop")
                .namespace("kube-system")
                .pod("shop", "frontend", labels("app", "frontend"), serves("http", 80))
                .pod("shop", "backend", labels("app", "backend"), serves("http", 8080))
                .pod("shop", "backend-canary", labels("app", "backend"), serves("http", 8081))
                .pod("kube-system", "coredns", labels("k8s-app", "kube-dns"),
                        servesUdp("dns", 53), serves("dns-tcp", 53))
                .policy(policy("shop", "backend-allow-frontend").select("app", "backend")
                        .ingress(rule(from(pods("app", "frontend")), ports(tcp("http")))))
                .policy(policy("shop", "frontend-egress").select("app", "frontend").types(EGRESS)
                        .egress(
                                rule(to(pods("app", "backend")), ports(tcp(8080))),
                                rule(to(namespaces(Namespace.NAME_LABEL, "kube-system")),
                                        ports(udp(53), tcp(53)))))
                .build(), ip("93.184.216.34"));

        @Test
        void frontendReachesBackendOnTcp8080() {
            s.assertAllowed("shop/frontend", "shop/backend", "TCP:8080");
        }

        @Test
        void namedPortResolvesOnTheReceivingPodSoTheCanaryIsOutOfReach() {
            // backend-canary's http is 8081: its ingress allows 8081, frontend's egress only 8080
            s.assertAllowed("shop/frontend", "shop/backend-canary", NOTHING);
        }

        @Test
        void frontendReachesDnsButNotTheInternet() {
            s.assertAllowed("shop/frontend", "kube-system/coredns", "TCP:53,UDP:53");
            s.assertAllowed("shop/frontend", "ip:93.184.216.34", NOTHING);
        }

        @Test
        void otherDirectionsFollowOnlyTheirOwnSide() {
            s.assertAllowed("shop/backend", "shop/frontend", ALL);
            s.assertAllowed("ip:93.184.216.34", "shop/frontend", ALL);
            s.assertAllowed("ip:93.184.216.34", "shop/backend", NOTHING);
            s.assertAllowed("kube-system/coredns", "shop/backend", NOTHING);
        }

        @Test
        void explainNamesTheRuleOfEachSide() {
            s.assertExplained("shop/frontend", "shop/backend", TCP, 8080,
                    allowedBy(ref("shop/frontend-egress", EGRESS, 0)),
                    allowedBy(ref("shop/backend-allow-frontend", INGRESS, 0)));
            s.assertExplained("shop/frontend", "kube-system/coredns", UDP, 53,
                    allowedBy(ref("shop/frontend-egress", EGRESS, 1)), notIsolated());
        }

        @Test
        void explainRefusesOnBothSidesOffThePort() {
            s.assertExplained("shop/frontend", "shop/backend", TCP, 9090,
                    refused("shop/frontend-egress"), refused("shop/backend-allow-frontend"));
        }
    }

    /** A named port in an egress rule resolves on the destination; toward an IP it matches nothing. */
    @Nested
    class NamedEgressPort {
        final Scenario s = new Scenario(new ClusterBuilder()
                .namespace("shop")
                .pod("shop", "client", labels("app", "client"))
                .pod("shop", "backend", labels("app", "backend"), serves("http", 8080))
                .pod("shop", "backend-canary", labels("app", "backend"), serves("http", 8081))
                .pod("shop", "batch", labels("app", "batch"))
                .policy(policy("shop", "client-egress").select("app", "client").types(EGRESS)
                        .egress(rule(anyPeer(), ports(tcp("http")))))
                .build(), ip("10.0.0.1"));

        @Test
        void eachDestinationContributesItsOwnNumber() {
            s.assertAllowed("shop/client", "shop/backend", "TCP:8080");
            s.assertAllowed("shop/client", "shop/backend-canary", "TCP:8081");
        }

        @Test
        void destinationWithoutThePortNameIsOutOfReach() {
            s.assertAllowed("shop/client", "shop/batch", NOTHING);
        }

        @Test
        void namedPortTowardAnIpMatchesNothing() {
            s.assertAllowed("shop/client", "ip:10.0.0.1", NOTHING);
        }
    }

    /**
     * The {@code - ports:} pitfall: meant as one rule "api on 5432", written as two list
     * items, {@code - from: [api]} and {@code - ports: [5432]}: api gets every port, and
     * everyone (IPs included) gets 5432.
     */
    @Nested
    class PortsWrittenAsASeparateRule {
        final Scenario pitfall = new Scenario(new ClusterBuilder()
                .namespace("prod")
                .pod("prod", "web", labels("app", "web"))
                .pod("prod", "api", labels("app", "api"))
                .pod("prod", "db", labels("app", "db"), serves("postgres", 5432))
                .policy(policy("prod", "db-ingress").select("app", "db")
                        .ingress(
                                rule(from(pods("app", "api")), anyPort()),
                                rule(anyPeer(), ports(tcp(5432)))))
                .build(), ip("203.0.113.7"));

        final Scenario intended = new Scenario(new ClusterBuilder()
                .namespace("prod")
                .pod("prod", "web", labels("app", "web"))
                .pod("prod", "api", labels("app", "api"))
                .pod("prod", "db", labels("app", "db"), serves("postgres", 5432))
                .policy(policy("prod", "db-ingress").select("app", "db")
                        .ingress(rule(from(pods("app", "api")), ports(tcp(5432)))))
                .build(), ip("203.0.113.7"));

        @Test
        void anyoneReachesThePortAndApiReachesEverything() {
            pitfall.assertAllowed("prod/web", "prod/db", "TCP:5432");
            pitfall.assertAllowed("ip:203.0.113.7", "prod/db", "TCP:5432");
            pitfall.assertAllowed("prod/api", "prod/db", ALL);
        }

        @Test
        void explainNamesEachRuleThatAdmits() {
            pitfall.assertExplained("prod/web", "prod/db", TCP, 5432,
                    notIsolated(), allowedBy(ref("prod/db-ingress", INGRESS, 1)));
            pitfall.assertExplained("prod/api", "prod/db", TCP, 22,
                    notIsolated(), allowedBy(ref("prod/db-ingress", INGRESS, 0)));
            pitfall.assertExplained("prod/api", "prod/db", TCP, 5432,
                    notIsolated(), allowedBy(ref("prod/db-ingress", INGRESS, 0), ref("prod/db-ingress", INGRESS, 1)));
        }

        @Test
        void oneRuleWithFromAndPortsAdmitsOnlyApiOnThePort() {
            intended.assertAllowed("prod/api", "prod/db", "TCP:5432");
            intended.assertAllowed("prod/web", "prod/db", NOTHING);
            intended.assertAllowed("ip:203.0.113.7", "prod/db", NOTHING);
        }
    }

    /** One peer entry with both selectors is an AND; two entries are an OR. */
    @Nested
    class AndVersusOrPeers {
        private static ClusterBuilder base() {
            return new ClusterBuilder()
                    .namespace("prod", "env", "prod")
                    .namespace("staging", "env", "staging")
                    .pod("prod", "db", labels("app", "db"))
                    .pod("prod", "api", labels("app", "api"))
                    .pod("prod", "web", labels("app", "web"))
                    .pod("staging", "api", labels("app", "api"))
                    .pod("staging", "web", labels("app", "web"));
        }

        final Scenario and = new Scenario(base()
                .policy(policy("prod", "db-ingress").select("app", "db")
                        .ingress(rule(from(podsInNamespaces(selector("app", "api"), selector("env", "staging"))),
                                anyPort())))
                .build());

        final Scenario or = new Scenario(base()
                .policy(policy("prod", "db-ingress").select("app", "db")
                        .ingress(rule(from(pods("app", "api"), namespaces("env", "staging")), anyPort())))
                .build());

        @Test
        void bothSelectorsInOneEntryAdmitOnlyApiPodsOfStaging() {
            and.assertAllowed("staging/api", "prod/db", ALL);
            and.assertAllowed("staging/web", "prod/db", NOTHING);
            and.assertAllowed("prod/api", "prod/db", NOTHING);
            and.assertAllowed("prod/web", "prod/db", NOTHING);
        }

        @Test
        void twoEntriesAdmitApiPodsOfProdAndEveryPodOfStaging() {
            or.assertAllowed("prod/api", "prod/db", ALL);
            or.assertAllowed("staging/api", "prod/db", ALL);
            or.assertAllowed("staging/web", "prod/db", ALL);
            or.assertAllowed("prod/web", "prod/db", NOTHING);
        }

        @Test
        void explainPointsAtTheRuleNotThePeerEntry() {
            or.assertExplained("staging/web", "prod/db", TCP, 80,
                    notIsolated(), allowedBy(ref("prod/db-ingress", INGRESS, 0)));
            and.assertExplained("staging/web", "prod/db", TCP, 80,
                    notIsolated(), refused("prod/db-ingress"));
        }
    }

    // ---- vocabulary of the expectations

    private static RuleRef ref(String policy, PolicyType direction, int index) {
        return new RuleRef(policy, direction, index);
    }

    private static SideDecision allowedBy(RuleRef... rules) {
        return new SideDecision.AllowedBy(List.of(rules));
    }

    private static SideDecision refused(String... policies) {
        return new SideDecision.Refused(List.of(policies));
    }

    private static SideDecision notIsolated() {
        return new SideDecision.NotIsolated();
    }

    private static SideDecision notApplicable() {
        return new SideDecision.NotApplicable();
    }

    /** A cluster, its external IPs, and assertions that hold for the engine and the reference alike. */
    private static final class Scenario {
        private final ClusterState cluster;
        private final List<Endpoint.Ip> ips;
        private CompiledCluster engine;

        Scenario(ClusterState cluster, Endpoint.Ip... ips) {
            this.cluster = cluster;
            this.ips = List.of(ips);
        }

        private CompiledCluster engine() {
            if (engine == null) {
                engine = CompiledCluster.compile(cluster);
            }
            return engine;
        }

        Endpoint endpoint(String name) {
            for (Endpoint.Ip ip : ips) {
                if (ip.name().equals(name)) {
                    return ip;
                }
            }
            for (Endpoint.Pod pod : Endpoints.of(cluster)) {
                if (pod.name().equals(name)) {
                    return pod;
                }
            }
            throw new IllegalArgumentException("no endpoint " + name + " in the scenario");
        }

        void assertAllowed(String from, String to, String expected) {
            Endpoint f = endpoint(from);
            Endpoint t = endpoint(to);
            assertAll(from + " -> " + to,
                    () -> assertEquals(expected, ReferenceEvaluator.allowed(cluster, f, t).toString(), "reference"),
                    () -> assertEquals(expected, engine().allowed(f, t).toString(), "engine"));
        }

        void assertExplained(String from, String to, Protocol protocol, int port,
                SideDecision egress, SideDecision ingress) {
            Endpoint f = endpoint(from);
            Endpoint t = endpoint(to);
            String what = from + " -> " + to + " " + protocol + ":" + port;
            assertAll(what,
                    () -> assertReasons(what + " (reference)", egress, ingress,
                            ReferenceEvaluator.explain(cluster, f, t, protocol, port)),
                    () -> assertReasons(what + " (engine)", egress, ingress,
                            engine().explain(f, t, protocol, port)));
        }

        private static void assertReasons(String what, SideDecision egress, SideDecision ingress, Verdict verdict) {
            assertEquals(1, verdict.members().size(), what + ": one kind of member pair");
            Verdict.MemberVerdict only = verdict.members().getFirst();
            assertTrue(Verdicts.sameReasons(egress, only.egress()),
                    () -> what + ": egress expected " + egress + " but was " + only.egress());
            assertTrue(Verdicts.sameReasons(ingress, only.ingress()),
                    () -> what + ": ingress expected " + ingress + " but was " + only.ingress());
            assertEquals(egress.allows() && ingress.allows(), verdict.allowed(), what + ": allowed()");
        }

        /** The whole matrix, one {@code "from -> to : allowed"} line per allowed pair. */
        void assertMatrix(String... lines) {
            Map<String, String> expected = new TreeMap<>();
            for (String line : lines) {
                int colon = line.lastIndexOf(" : ");
                expected.put(line.substring(0, colon), line.substring(colon + 3));
            }
            assertAll("connectivity",
                    () -> {
                        Map<String, String> reference = new TreeMap<>();
                        ReferenceEvaluator.connectivity(cluster, ips).forEach((k, v) -> reference.put(k, v.toString()));
                        assertEquals(List.of(), EngineMatchesReferenceProperties.differences(expected, reference),
                                "reference");
                    },
                    () -> {
                        Map<String, String> actual = new TreeMap<>();
                        List<String> duplicates = new ArrayList<>();
                        engine().connectivity(ips).forEachPair((f, t, allowed) -> {
                            if (actual.put(ReferenceEvaluator.key(f, t), allowed.toString()) != null) {
                                duplicates.add(ReferenceEvaluator.key(f, t));
                            }
                        });
                        assertEquals(List.of(), duplicates, "engine visited these pairs twice");
                        assertEquals(List.of(), EngineMatchesReferenceProperties.differences(expected, actual),
                                "engine");
                    });
        }
    }
}
