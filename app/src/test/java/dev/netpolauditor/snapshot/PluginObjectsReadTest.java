package dev.netpolauditor.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netpolauditor.model.Cidr;
import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.model.PolicyType;
import dev.netpolauditor.model.Protocol;
import dev.netpolauditor.model.ServiceAccount;
import dev.netpolauditor.model.calico.CalicoAction;
import dev.netpolauditor.model.calico.CalicoPolicy;
import dev.netpolauditor.model.calico.CalicoPort;
import dev.netpolauditor.model.calico.CalicoRule;
import dev.netpolauditor.model.calico.CalicoSelector;
import dev.netpolauditor.model.calico.CalicoTier;
import dev.netpolauditor.model.calico.NetworkSet;
import dev.netpolauditor.model.cilium.CiliumEntity;
import dev.netpolauditor.model.cilium.CiliumEntry;
import dev.netpolauditor.model.cilium.CiliumPeer;
import dev.netpolauditor.model.cilium.CiliumPolicy;
import dev.netpolauditor.model.cilium.CiliumPort;
import dev.netpolauditor.model.cilium.CiliumRule;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What valid Calico and Cilium objects read into (cni-policies.md, "Calico: objects", "Cilium: objects and selection"). */
class PluginObjectsReadTest {

    @TempDir
    Path tmp;
    ManifestDir dir;

    @BeforeEach
    void setUp() {
        dir = new ManifestDir(tmp).file("kube-system.yaml", PluginValidationTest.PLUGINS);
    }

    @Test
    void calicoPoliciesTiersSetsAndAccounts() throws Exception {
        dir.file("calico.yaml", """
                apiVersion: projectcalico.org/v3
                kind: Tier
                metadata: {name: security}
                spec: {order: 100}
                ---
                apiVersion: projectcalico.org/v3
                kind: Tier
                metadata: {name: baselineadminnetworkpolicy}
                spec: {}
                ---
                apiVersion: projectcalico.org/v3
                kind: GlobalNetworkPolicy
                metadata: {name: security.partners}
                spec:
                  tier: security
                  order: 10.5
                  selector: app in {'web', 'api'}
                  namespaceSelector: tenant == 'acme'
                  ingress:
                  - action: Allow
                    protocol: TCP
                    source:
                      selector: role == 'partner'
                      namespaceSelector: global()
                    destination:
                      ports: [443, '8000:8080', https]
                  - action: Log
                  - action: Pass
                    notProtocol: 17
                    source: {nets: [198.51.100.0/24], notNets: [198.51.100.128/25]}
                ---
                apiVersion: projectcalico.org/v3
                kind: NetworkPolicy
                metadata: {name: db, namespace: prod}
                spec:
                  selector: ""
                  serviceAccountSelector: role == 'db'
                  egress:
                  - action: Deny
                    destination: {serviceAccounts: {names: [reporting]}, notPorts: [25]}
                    protocol: TCP
                ---
                apiVersion: projectcalico.org/v3
                kind: GlobalNetworkSet
                metadata: {name: partners, labels: {role: partner}}
                spec: {nets: [198.51.100.7, '2001:db8::/32']}
                ---
                apiVersion: v1
                kind: ServiceAccount
                metadata: {name: db, namespace: prod, labels: {role: db}}
                """);
        ClusterState state = dir.read();
        var calico = state.plugins().calico();
        assertEquals(List.of("security", "kube-baseline"), calico.tiers().stream().map(CalicoTier::name).toList(),
                "a 3.30-3.31 built-in tier name reads as today's");
        assertEquals(10_000_000.0, calico.tiers().get(1).order());

        CalicoPolicy partners = calico.policies().getFirst();
        assertEquals("GlobalNetworkPolicy/security.partners", partners.id());
        assertEquals("security", partners.tier());
        assertEquals(10.5, partners.order());
        assertEquals(CalicoSelector.parse("tenant == 'acme'"), partners.namespaceSelector());
        assertEquals(Set.of(PolicyType.INGRESS), partners.effectiveTypes(), "ingress rules only: Ingress");
        CalicoRule first = partners.ingress().getFirst();
        assertEquals(CalicoAction.ALLOW, first.action());
        assertEquals(Protocol.TCP, first.protocol().modelled());
        assertEquals(new CalicoSelector.Global(), first.source().namespaceSelector());
        assertEquals(List.of(new CalicoPort.Range(443, 443), new CalicoPort.Range(8000, 8080),
                new CalicoPort.Named("https")), first.destination().ports());
        assertEquals(CalicoAction.LOG, partners.ingress().get(1).action());
        CalicoRule pass = partners.ingress().get(2);
        assertEquals(17, pass.notProtocol().number());
        assertEquals(List.of(Cidr.parse("198.51.100.128/25")), pass.source().notNets());

        CalicoPolicy db = calico.policies().get(1);
        assertEquals("CalicoNetworkPolicy/prod/db", db.id());
        assertEquals("default", db.tier(), "no tier: default");
        assertNull(db.order(), "no order: after every ordered policy");
        assertTrue(db.selector().isAll(), "an empty selector is all()");
        assertEquals(Set.of(PolicyType.EGRESS), db.effectiveTypes(), "egress rules only: Egress");
        assertEquals(List.of("reporting"), db.egress().getFirst().destination().serviceAccounts().names());

        NetworkSet set = calico.networkSets().getFirst();
        assertEquals("GlobalNetworkSet/partners", set.id());
        assertEquals(List.of(Cidr.parse("198.51.100.7/32"), Cidr.parse("2001:db8::/32")), set.nets(),
                "an address is its own network");
        assertEquals(List.of(Map.of("role", "db")), state.plugins().serviceAccounts().stream()
                .map(ServiceAccount::labels).toList());
        assertTrue(state.namespaces().stream().anyMatch(n -> n.name().equals("prod")),
                "a Calico policy's namespace exists");
    }

    @Test
    void ciliumRulesEntriesAndPeers() throws Exception {
        dir.file("cilium.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: cilium-config, namespace: kube-system}
                data: {enable-policy: always, policy-cidr-match-mode: pods, cluster-name: eu-1}
                ---
                apiVersion: cilium.io/v2
                kind: CiliumNetworkPolicy
                metadata: {name: shop, namespace: prod}
                spec:
                  endpointSelector: {matchLabels: {'k8s:app': web}}
                  ingress:
                  - fromEndpoints: [{matchLabels: {'reserved:host': ''}}, {}]
                    toPorts:
                    - ports: [{port: '80', protocol: TCP}, {port: http}, {port: '8000', endPort: 8010}]
                      rules: {http: [{method: GET}]}
                  egressDeny:
                  - toCIDRSet: [{cidr: 10.0.0.0/8, except: [10.1.0.0/16]}]
                  - toFQDNs: [{matchName: example.com}]
                specs:
                - endpointSelector: {}
                  enableDefaultDeny: {egress: false}
                  egress:
                  - toEntities: [world, cluster]
                  - toPorts: [{ports: [{port: '53', protocol: UDP}]}]
                  - {}
                """);
        ClusterState state = dir.read();
        assertEquals("eu-1", state.plugins().cilium().config().clusterName());
        assertTrue(state.plugins().cilium().config().cidrMatchesPods());
        CiliumPolicy policy = state.plugins().cilium().policies().getFirst();
        assertEquals("CiliumNetworkPolicy/prod/shop", policy.id());
        assertTrue(policy.enforced());
        assertEquals(2, policy.rules().size(), "spec and specs both count");

        CiliumRule spec = policy.rules().getFirst();
        assertEquals("", spec.path());
        assertEquals(Map.of("app", "web"), spec.endpointSelector().selector().matchLabels(), "k8s: is no restriction");
        CiliumEntry in = spec.ingress().getFirst();
        CiliumPeer.Endpoints host = (CiliumPeer.Endpoints) in.peers().getFirst();
        assertTrue(host.selector().otherSource(), "reserved: matches no pod");
        assertTrue(((CiliumPeer.Endpoints) in.peers().get(1)).selector().isEmpty());
        List<CiliumPort> ports = in.toPorts().getFirst().ports();
        assertEquals(new CiliumPort(null, 80, 80, List.of(Protocol.TCP)), ports.getFirst());
        assertEquals(new CiliumPort("http", 0, 0, List.of(Protocol.TCP, Protocol.UDP, Protocol.SCTP)), ports.get(1),
                "no protocol: ANY, all three");
        assertEquals(8010, ports.get(2).last());
        assertTrue(in.toPorts().getFirst().l7());
        CiliumPeer.Cidrs set = (CiliumPeer.Cidrs) spec.egressDeny().getFirst().peers().getFirst();
        assertEquals(List.of(Cidr.parse("10.1.0.0/16")), set.except());
        assertEquals(new CiliumPeer.Unmodelled("egressDeny[1].toFQDNs[0]"),
                spec.egressDeny().get(1).peers().getFirst());

        CiliumRule specs = policy.rules().get(1);
        assertEquals("specs[0]", specs.path());
        assertEquals(Boolean.FALSE, specs.defaultDeny(PolicyType.EGRESS));
        assertNull(specs.defaultDeny(PolicyType.INGRESS));
        assertEquals(List.of(new CiliumPeer.Entity(CiliumEntity.WORLD, "specs[0].egress[0].toEntities[0]"),
                new CiliumPeer.Entity(CiliumEntity.CLUSTER, "specs[0].egress[0].toEntities[1]")),
                specs.egress().getFirst().peers());
        assertTrue(specs.egress().get(1).allPeers(), "ports without peers: every peer");
        assertFalse(specs.egress().get(2).allPeers(), "- {} only isolates");
    }

    @Test
    void whatTheAgentRefusesIsKeptWithTheReason() throws Exception {
        dir.file("cilium.yaml", """
                apiVersion: cilium.io/v2
                kind: CiliumClusterwideNetworkPolicy
                metadata: {name: mixed}
                spec:
                  endpointSelector: {}
                  ingress:
                  - fromEndpoints: [{}]
                    fromCIDR: [10.0.0.0/8]
                ---
                apiVersion: cilium.io/v2
                kind: CiliumClusterwideNetworkPolicy
                metadata: {name: dns-in}
                spec:
                  endpointSelector: {}
                  ingress:
                  - toPorts: [{ports: [{port: '53', protocol: UDP}], rules: {dns: [{matchPattern: '*'}]}}]
                ---
                apiVersion: cilium.io/v2
                kind: CiliumClusterwideNetworkPolicy
                metadata: {name: nodes}
                spec:
                  endpointSelector: {}
                  egress:
                  - toNodes: [{}]
                ---
                apiVersion: cilium.io/v2
                kind: CiliumClusterwideNetworkPolicy
                metadata: {name: outside}
                spec:
                  endpointSelector: {}
                  egress:
                  - toCIDRSet: [{cidr: 10.0.0.0/16, except: [10.1.0.0/24]}]
                """);
        List<String> refusals = dir.read().plugins().cilium().policies().stream().map(CiliumPolicy::refusal).toList();
        assertEquals(List.of(
                "spec.ingress[0]: an entry may name one kind of peer, not endpoints and CIDR",
                "spec.ingress[0].toPorts[0].rules: DNS rules are allowed only in egress",
                "spec.egress[0].toNodes: toNodes needs the agent option enable-node-selector-labels",
                "spec.egress[0].toCIDRSet[0].except[0]: '10.1.0.0/24' is not inside its cidr '10.0.0.0/16'"),
                refusals);
    }

    @Test
    void podsAndTemplatesKeepTheirServiceAccount() throws Exception {
        dir.file("pods.yaml", """
                apiVersion: v1
                kind: Pod
                metadata: {name: db, namespace: prod}
                spec: {serviceAccountName: db, containers: [{name: main, image: postgres}]}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: web, namespace: prod}
                spec: {containers: [{name: main, image: nginx}]}
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: api, namespace: prod}
                spec:
                  template:
                    spec: {serviceAccountName: api, containers: [{name: main, image: api}]}
                """);
        ClusterState state = dir.read();
        assertEquals(List.of("db", "default"), state.pods().stream().map(p -> p.serviceAccount()).toList(),
                "a pod that names no account runs as default");
        assertEquals("api", state.workloads().stream().filter(w -> w.name().equals("api")).findFirst().orElseThrow()
                .serviceAccount());
    }
}
