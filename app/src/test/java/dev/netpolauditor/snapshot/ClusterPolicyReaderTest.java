package dev.netpolauditor.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netpolauditor.model.Cidr;
import dev.netpolauditor.model.ClusterPolicy;
import dev.netpolauditor.model.ClusterPolicyKind;
import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.model.LabelSelector;
import dev.netpolauditor.model.PolicySpecs;
import dev.netpolauditor.model.PolicyTier;
import dev.netpolauditor.model.Protocol;
import dev.netpolauditor.model.RuleAction;
import dev.netpolauditor.model.SelectorOperator;
import dev.netpolauditor.model.SelectorRequirement;
import dev.netpolauditor.model.SourceRef;
import dev.netpolauditor.model.TierPeer;
import dev.netpolauditor.model.TierPort;
import dev.netpolauditor.model.TierRule;
import dev.netpolauditor.model.TierSubject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What valid cluster-tier policies read into, and what is skipped or fails closed. */
class ClusterPolicyReaderTest {

    @TempDir
    Path tmp;
    ManifestDir dir;

    @BeforeEach
    void setUp() {
        dir = new ManifestDir(tmp);
    }

    private static LabelSelector labels(String key, String value) {
        return new LabelSelector(Map.of(key, value), List.of());
    }

    @Test
    void readsAClusterNetworkPolicy() throws Exception {
        dir.file("cnp.yaml", """
                apiVersion: policy.networking.k8s.io/v1alpha2
                kind: ClusterNetworkPolicy
                metadata:
                  name: tenant-walls
                  namespace: ignored
                  labels: {owner: platform}
                spec:
                  tier: Admin
                  priority: 20
                  subject:
                    pods:
                      podSelector: {matchLabels: {app: web}}
                  ingress:
                  - name: monitoring
                    action: Accept
                    from:
                    - namespaces: {matchLabels: {purpose: monitoring}}
                    protocols:
                    - tcp: {destinationPort: {number: 9090}}
                    - udp: {destinationPort: {range: {start: 5000, end: 5100}}}
                    - destinationNamedPort: metrics
                  - action: Pass
                    from:
                    - pods:
                        namespaceSelector:
                          matchExpressions: [{key: team, operator: In, values: [a, b]}]
                        podSelector: {}
                  egress:
                  - action: Deny
                    to:
                    - networks: [10.0.0.1/8, "fd00::/64"]
                    - nodes: {matchLabels: {role: control-plane}}
                    protocols:
                    - sctp: {destinationPort: {number: 3868}}
                  - action: Accept
                    to:
                    - domainNames: ["*.example.com", api.example.org.]
                """);

        ClusterState state = dir.read();

        assertEquals(List.of(), state.policies());
        assertEquals(List.of(), state.namespaces(), "a cluster-scoped object implies no namespace");
        ClusterPolicy p = state.clusterPolicies().getFirst();
        assertEquals(ClusterPolicyKind.ClusterNetworkPolicy, p.kind());
        assertEquals("ClusterNetworkPolicy/tenant-walls", p.id());
        assertEquals(PolicyTier.ADMIN, p.tier());
        assertEquals(20, p.priority());
        assertEquals(new TierSubject.Pods(null, labels("app", "web")), p.subject(),
                "an absent namespaceSelector is every namespace");
        assertEquals(List.of(
                new TierRule("monitoring", RuleAction.ACCEPT,
                        List.of(new TierPeer.Namespaces(labels("purpose", "monitoring"))),
                        List.of(new TierPort.Range(Protocol.TCP, 9090, 9090), new TierPort.Range(Protocol.UDP, 5000, 5100),
                                new TierPort.Named("metrics"))),
                new TierRule(null, RuleAction.PASS, List.of(new TierPeer.Pods(new LabelSelector(Map.of(),
                        List.of(new SelectorRequirement("team", SelectorOperator.In, List.of("a", "b")))),
                        LabelSelector.EVERYTHING)), List.of())), p.ingress());
        assertEquals(List.of(
                new TierRule(null, RuleAction.DENY, List.of(
                        new TierPeer.Networks(List.of(Cidr.parse("10.0.0.1/8"), Cidr.parse("fd00::/64"))),
                        new TierPeer.Nodes(labels("role", "control-plane"))),
                        List.of(new TierPort.Range(Protocol.SCTP, 3868, 3868))),
                new TierRule(null, RuleAction.ACCEPT,
                        List.of(new TierPeer.DomainNames(List.of("*.example.com", "api.example.org."))), List.of())),
                p.egress());
        assertEquals(new SourceRef("cnp.yaml", 0), p.source());
        assertEquals(List.of("tier", "priority", "subject", "ingress", "egress").stream().sorted().toList(),
                List.copyOf(p.spec().keySet()), "the spec as written, keys sorted");
        assertEquals(20L, p.spec().get("priority"));
    }

    @Test
    void theSpecIsKeptAsWrittenInCanonicalForm() throws Exception {
        dir.file("a.json", """
                {"kind": "ClusterNetworkPolicy", "apiVersion": "policy.networking.k8s.io/v1alpha2",
                 "metadata": {"name": "x"},
                 "spec": {"priority": 5, "tier": "Baseline", "subject": {"namespaces": {}}, "egress": []}}
                """);
        ClusterPolicy p = dir.read().clusterPolicies().getFirst();

        assertEquals(PolicySpecs.canonical(Map.of("tier", "Baseline", "priority", 5L, "subject",
                Map.of("namespaces", Map.of()), "egress", List.of())), p.spec());
        assertEquals(List.of(), p.egress());
    }

    @Test
    void readsTheV1alpha1Kinds() throws Exception {
        dir.file("anp.yaml", """
                apiVersion: policy.networking.k8s.io/v1alpha1
                kind: AdminNetworkPolicy
                metadata: {name: dns}
                spec:
                  priority: 3
                  subject:
                    pods:
                      namespaceSelector: {}
                      podSelector: {matchLabels: {app: web}}
                  egress:
                  - action: Allow
                    to:
                    - pods:
                        namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}
                        podSelector: {matchLabels: {k8s-app: kube-dns}}
                    ports:
                    - portNumber: {port: 53}
                    - portNumber: {protocol: UDP, port: 53}
                    - portRange: {start: 8000, end: 8080}
                    - portRange: {protocol: SCTP, start: 9000, end: 9001}
                    - namedPort: dns
                ---
                apiVersion: policy.networking.k8s.io/v1alpha1
                kind: BaselineAdminNetworkPolicy
                metadata: {name: default}
                spec:
                  priority: 7
                  subject: {namespaces: {}}
                  ingress:
                  - action: Deny
                    from: [{namespaces: {}}]
                """);

        List<ClusterPolicy> read = dir.read().clusterPolicies();

        ClusterPolicy anp = read.get(0);
        assertEquals(PolicyTier.ADMIN, anp.tier());
        assertEquals(3, anp.priority());
        assertEquals(new TierSubject.Pods(LabelSelector.EVERYTHING, labels("app", "web")), anp.subject());
        assertEquals(List.of(new TierPort.Range(Protocol.TCP, 53, 53), new TierPort.Range(Protocol.UDP, 53, 53),
                new TierPort.Range(Protocol.TCP, 8000, 8080), new TierPort.Range(Protocol.SCTP, 9000, 9001),
                new TierPort.Named("dns")), anp.egress().getFirst().ports(), "protocol defaults to TCP");
        assertEquals(RuleAction.ACCEPT, anp.egress().getFirst().action(), "Allow is Accept");
        ClusterPolicy banp = read.get(1);
        assertEquals("BaselineAdminNetworkPolicy/default", banp.id());
        assertEquals(PolicyTier.BASELINE, banp.tier());
        assertEquals(ClusterPolicy.NO_PRIORITY, banp.priority(), "a priority on a BANP is not read");
        assertEquals(new TierSubject.Namespaces(LabelSelector.EVERYTHING), banp.subject());
    }

    @Test
    void otherVersionsAndGroupsOfTheseKindsAreSkippedUnexamined() throws Exception {
        dir.file("other.yaml", """
                apiVersion: policy.networking.k8s.io/v1alpha1
                kind: ClusterNetworkPolicy
                metadata: {name: old}
                spec: {tier: Platform, priority: 5000}
                ---
                apiVersion: policy.networking.k8s.io/v1alpha2
                kind: AdminNetworkPolicy
                metadata: {name: new}
                spec: {priority: -1}
                ---
                apiVersion: policy.networking.k8s.io/v1beta1
                kind: BaselineAdminNetworkPolicy
                metadata: {name: not-default}
                ---
                apiVersion: crd.antrea.io/v1beta1
                kind: ClusterNetworkPolicy
                metadata: {name: antrea}
                spec: {appliedTo: [{podSelector: {}}], ingress: [{action: Drop}]}
                ---
                kind: AdminNetworkPolicy
                metadata: {name: no-version}
                spec: 5
                """);

        assertEquals(List.of(), dir.read().clusterPolicies());
    }

    @Test
    void aClusterTierPolicyInAListIsRead() throws Exception {
        dir.file("list.yaml", """
                apiVersion: policy.networking.k8s.io/v1alpha2
                kind: ClusterNetworkPolicyList
                items:
                - metadata: {name: a}
                  spec: {tier: Baseline, priority: 1, subject: {namespaces: {}}}
                """);

        assertEquals("ClusterNetworkPolicy/a", dir.read().clusterPolicies().getFirst().id());
    }

    @Test
    void entriesWithOnlyUnknownFieldsFailClosed() throws Exception {
        dir.file("closed.yaml", """
                apiVersion: policy.networking.k8s.io/v1alpha2
                kind: ClusterNetworkPolicy
                metadata: {name: closed}
                spec:
                  tier: Admin
                  priority: 1
                  subject:
                    serviceAccounts: {names: [scanner]}
                  ingress:
                  - action: Accept
                    from:
                    - serviceAccounts: {namespaceSelector: {}, names: [scanner]}
                    - namespaces: {matchLabels: {purpose: monitoring}}
                  - action: Deny
                    from:
                    - networks: [10.0.0.0/8]
                    protocols:
                    - tcp: {destinationPort: {number: 5432}}
                  - action: Pass
                    from: [{namespaces: {}}]
                    protocols:
                    - icmp: {type: 8}
                  egress:
                  - action: Deny
                    to:
                    - namespaces: {}
                      futureField: {anything: [1, 2]}
                """);

        ClusterPolicy p = dir.read().clusterPolicies().getFirst();

        assertEquals(new TierSubject.Unknown(), p.subject(), "a subject of unknown fields selects nothing");
        TierRule accept = p.ingress().get(0);
        assertEquals(List.of(new TierPeer.Unknown(), new TierPeer.Namespaces(labels("purpose", "monitoring"))),
                accept.peers());
        assertFalse(accept.failsClosed(), "in an Accept rule an unknown peer only matches nothing");
        TierRule deny = p.ingress().get(1);
        assertEquals(List.of(new TierPeer.Unknown()), deny.peers(), "networks is no ingress peer field");
        assertTrue(deny.failsClosed());
        TierRule pass = p.ingress().get(2);
        assertEquals(List.of(new TierPort.Unknown()), pass.ports());
        assertTrue(pass.failsClosed());
        assertEquals(List.of(new TierPeer.Namespaces(LabelSelector.EVERYTHING)), p.egress().getFirst().peers(),
                "an unknown field beside a known one is ignored");
    }

    @Test
    void v1alpha1EntriesWithOnlyUnknownFieldsFailClosedToo() throws Exception {
        dir.file("closed.yaml", """
                apiVersion: policy.networking.k8s.io/v1alpha1
                kind: BaselineAdminNetworkPolicy
                metadata: {name: default}
                spec:
                  subject: {namespaces: {}}
                  egress:
                  - action: Deny
                    to: [{namespaces: {}}]
                    ports:
                    - allPorts: true
                  ingress:
                  - action: Allow
                    from: [{domainNames: [example.com]}]
                """);

        ClusterPolicy p = dir.read().clusterPolicies().getFirst();

        assertEquals(List.of(new TierPort.Unknown()), p.egress().getFirst().ports());
        assertEquals(List.of(new TierPeer.Unknown()), p.ingress().getFirst().peers(),
                "domainNames is an unknown ingress field, not a BANP error");
    }

    @Test
    void anEmptyRuleNameIsNoName() throws Exception {
        dir.file("a.yaml", """
                apiVersion: policy.networking.k8s.io/v1alpha2
                kind: ClusterNetworkPolicy
                metadata: {name: a}
                spec:
                  tier: Admin
                  priority: 1
                  subject: {namespaces: {}}
                  ingress: [{name: "", action: Deny, from: [{namespaces: {}}]}]
                """);

        assertNull(dir.read().clusterPolicies().getFirst().ingress().getFirst().name());
    }

    @Test
    void fromObjectsReadsThemAsTheApiServesThem() throws Exception {
        Map<String, Object> cnp = Map.of("kind", "ClusterNetworkPolicy",
                "apiVersion", "policy.networking.k8s.io/v1alpha2", "metadata", Map.of("name", "a", "uid", "u-1"),
                "spec", Map.of("tier", "Baseline", "priority", 3, "subject", Map.of("namespaces", Map.of())));

        ClusterState state = ManifestReader.fromObjects("Kubernetes API", List.of(cnp));

        assertEquals(PolicyTier.BASELINE, state.clusterPolicies().getFirst().tier());
        assertEquals(new SourceRef("Kubernetes API", 0), state.clusterPolicies().getFirst().source());
    }
}
