package dev.netpolauditor.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Invalid cluster-tier policies (semantics.md, "Invalid input", the cluster-tier items): what the
 * API server would reject fails the read with one line naming the file, the object and the field.
 */
class ClusterPolicyValidationTest {

    @TempDir
    Path tmp;
    ManifestDir dir;

    @BeforeEach
    void setUp() {
        dir = new ManifestDir(tmp);
    }

    /** A ClusterNetworkPolicy {@code broken} (Admin, priority 10, subject namespace prod) with these rules. */
    static String cnp(String rules) {
        return cnpSpec("""
                tier: Admin
                priority: 10
                subject:
                  namespaces:
                    matchLabels: {kubernetes.io/metadata.name: prod}
                """ + rules);
    }

    /** A ClusterNetworkPolicy {@code broken} with this spec. */
    static String cnpSpec(String spec) {
        return object("ClusterNetworkPolicy", "policy.networking.k8s.io/v1alpha2", "broken", spec);
    }

    /** An AdminNetworkPolicy {@code broken} (priority 10, subject namespace prod) with these rules. */
    static String anp(String rules) {
        return object("AdminNetworkPolicy", "policy.networking.k8s.io/v1alpha1", "broken", """
                priority: 10
                subject:
                  namespaces:
                    matchLabels: {kubernetes.io/metadata.name: prod}
                """ + rules);
    }

    /** The BaselineAdminNetworkPolicy {@code default} (subject every namespace) with these rules. */
    static String banp(String rules) {
        return object("BaselineAdminNetworkPolicy", "policy.networking.k8s.io/v1alpha1", "default", """
                subject:
                  namespaces: {}
                """ + rules);
    }

    static String object(String kind, String apiVersion, String name, String spec) {
        return """
                apiVersion: %s
                kind: %s
                metadata:
                  name: %s
                spec:
                """.formatted(apiVersion, kind, name) + spec.indent(2);
    }

    @Nested
    class Values {
        @Test
        void aTierOutsideAdminAndBaseline() {
            dir.file("bad.yaml", cnpSpec("""
                    tier: Platform
                    priority: 10
                    subject: {namespaces: {}}
                    """));

            assertEquals("bad.yaml: ClusterNetworkPolicy broken: spec.tier: unknown tier 'Platform', expected Admin"
                    + " or Baseline", dir.failure());
        }

        @Test
        void aTierIsRequired() {
            dir.file("bad.yaml", cnpSpec("""
                    priority: 10
                    subject: {namespaces: {}}
                    """));

            dir.failure("bad.yaml: ClusterNetworkPolicy broken: spec.tier: missing");
        }

        @Test
        void tierValuesAreCaseSensitive() {
            dir.file("bad.yaml", cnpSpec("""
                    tier: admin
                    priority: 10
                    subject: {namespaces: {}}
                    """));

            dir.failure("spec.tier: unknown tier 'admin'");
        }

        @Test
        void allowIsNoActionOfAClusterNetworkPolicy() {
            dir.file("bad.yaml", cnp("""
                    ingress:
                    - action: Allow
                      from: [{namespaces: {}}]
                    """));

            assertEquals("bad.yaml: ClusterNetworkPolicy broken: spec.ingress[0].action: unknown action 'Allow',"
                    + " expected Accept, Deny or Pass (ClusterNetworkPolicy)", dir.failure());
        }

        @Test
        void acceptIsNoActionOfAnAdminNetworkPolicy() {
            dir.file("bad.yaml", anp("""
                    egress:
                    - action: Accept
                      to: [{namespaces: {}}]
                    """));

            assertEquals("bad.yaml: AdminNetworkPolicy broken: spec.egress[0].action: unknown action 'Accept',"
                    + " expected Allow, Deny or Pass (AdminNetworkPolicy)", dir.failure());
        }

        @Test
        void passIsNoActionOfABaselineAdminNetworkPolicy() {
            dir.file("bad.yaml", banp("""
                    ingress:
                    - action: Pass
                      from: [{namespaces: {}}]
                    """));

            dir.failure("bad.yaml: BaselineAdminNetworkPolicy default: spec.ingress[0].action: unknown action 'Pass'",
                    "expected Allow or Deny");
        }

        @Test
        void anActionIsRequired() {
            dir.file("bad.yaml", cnp("""
                    ingress:
                    - from: [{namespaces: {}}]
                    """));

            dir.failure("ClusterNetworkPolicy broken: spec.ingress[0].action: missing");
        }

        @ParameterizedTest
        @ValueSource(strings = {"tcp", "Tcp", "ICMP"})
        void aV1alpha1ProtocolOutsideTcpUdpSctp(String protocol) {
            dir.file("bad.yaml", anp("""
                    ingress:
                    - action: Allow
                      from: [{namespaces: {}}]
                      ports:
                      - portNumber: {protocol: %s, port: 80}
                    """.formatted(protocol)));

            dir.failure("AdminNetworkPolicy broken: spec.ingress[0].ports[0].portNumber.protocol: unknown protocol '"
                    + protocol + "'");
        }
    }

    @Nested
    class Priorities {
        @ParameterizedTest
        @ValueSource(strings = {"-1", "1001", "99999999999999999999"})
        void aPriorityOutside0To1000(String priority) {
            dir.file("bad.yaml", cnpSpec("""
                    tier: Baseline
                    priority: %s
                    subject: {namespaces: {}}
                    """.formatted(priority)));

            assertEquals("bad.yaml: ClusterNetworkPolicy broken: spec.priority: priority " + priority
                    + " is outside 0..1000", dir.failure());
        }

        @Test
        void theBoundsAreAllowed() throws Exception {
            dir.file("a.yaml", cnpSpec("""
                    tier: Admin
                    priority: 0
                    subject: {namespaces: {}}
                    """));
            dir.file("b.yaml", object("AdminNetworkPolicy", "policy.networking.k8s.io/v1alpha1", "last", """
                    priority: 1000
                    subject: {namespaces: {}}
                    """));

            assertEquals(2, dir.read().clusterPolicies().size());
        }

        @Test
        void aPriorityIsRequiredOfAClusterNetworkPolicy() {
            dir.file("bad.yaml", cnpSpec("""
                    tier: Admin
                    subject: {namespaces: {}}
                    """));

            dir.failure("ClusterNetworkPolicy broken: spec.priority: missing, expected an integer");
        }

        @Test
        void aPriorityIsRequiredOfAnAdminNetworkPolicy() {
            dir.file("bad.yaml", object("AdminNetworkPolicy", "policy.networking.k8s.io/v1alpha1", "broken", """
                    subject: {namespaces: {}}
                    """));

            dir.failure("AdminNetworkPolicy broken: spec.priority: missing, expected an integer");
        }

        @Test
        void aPriorityIsAnInteger() {
            dir.file("bad.yaml", cnpSpec("""
                    tier: Admin
                    priority: "10"
                    subject: {namespaces: {}}
                    """));

            dir.failure("spec.priority: expected an integer, got the string '10'");
        }
    }

    @Nested
    class Limits {
        private static String rules(String direction, String peers, int count) {
            return direction + ":\n" + IntStream.range(0, count)
                    .mapToObj(i -> "- action: Deny\n  " + peers + ": [{namespaces: {matchLabels: {n: '" + i + "'}}}]\n")
                    .collect(Collectors.joining());
        }

        private static String peers(int count) {
            return IntStream.range(0, count).mapToObj(i -> "  - namespaces: {matchLabels: {n: '" + i + "'}}\n")
                    .collect(Collectors.joining());
        }

        @Test
        void aClusterNetworkPolicyHasAtMost25RulesPerDirection() throws Exception {
            dir.file("ok.yaml", cnp(rules("egress", "to", 25)));
            assertEquals(25, dir.read().clusterPolicies().getFirst().egress().size());

            dir.file("ok.yaml", cnp(rules("egress", "to", 26)));
            assertEquals("ok.yaml: ClusterNetworkPolicy broken: spec.egress: 26 rules, at most 25 per direction in"
                    + " v1alpha2", dir.failure());
        }

        @Test
        void anAdminNetworkPolicyHasAtMost100RulesPerDirection() throws Exception {
            dir.file("ok.yaml", anp(rules("ingress", "from", 100)));
            assertEquals(100, dir.read().clusterPolicies().getFirst().ingress().size());

            dir.file("ok.yaml", anp(rules("ingress", "from", 101)));
            dir.failure("AdminNetworkPolicy broken: spec.ingress: 101 rules, at most 100 per direction in v1alpha1");
        }

        @Test
        void peersPerRule() throws Exception {
            dir.file("a.yaml", cnp("ingress:\n- action: Deny\n  from:\n" + peers(26)));
            dir.failure("ClusterNetworkPolicy broken: spec.ingress[0].from: 26 peers, at most 25 per rule in v1alpha2");

            dir.file("a.yaml", anp("ingress:\n- action: Deny\n  from:\n" + peers(100)));
            assertEquals(100, dir.read().clusterPolicies().getFirst().ingress().getFirst().peers().size());

            dir.file("a.yaml", anp("ingress:\n- action: Deny\n  from:\n" + peers(101)));
            dir.failure("AdminNetworkPolicy broken: spec.ingress[0].from: 101 peers, at most 100 per rule in v1alpha1");
        }

        @Test
        void protocolEntriesPerRule() throws Exception {
            String protocols = IntStream.range(0, 26).mapToObj(i -> "  - tcp: {destinationPort: {number: " + (80 + i)
                    + "}}\n").collect(Collectors.joining());
            dir.file("a.yaml", cnp("ingress:\n- action: Deny\n  from: [{namespaces: {}}]\n  protocols:\n" + protocols));
            dir.failure("spec.ingress[0].protocols: 26 entries, at most 25 protocols in v1alpha2");

            String ports = IntStream.range(0, 101).mapToObj(i -> "  - portNumber: {port: " + (80 + i) + "}\n")
                    .collect(Collectors.joining());
            dir.file("a.yaml", anp("ingress:\n- action: Deny\n  from: [{namespaces: {}}]\n  ports:\n" + ports));
            dir.failure("AdminNetworkPolicy broken: spec.ingress[0].ports: 101 entries, at most 100 ports in v1alpha1");

            dir.file("a.yaml", anp("ingress:\n- action: Deny\n  from: [{namespaces: {}}]\n  ports:\n"
                    + ports.lines().limit(100).map(l -> l + "\n").collect(Collectors.joining())));
            assertEquals(100, dir.read().clusterPolicies().getFirst().ingress().getFirst().ports().size());
        }

        @Test
        void networksAndDomainNamesHoldAtMost25ItemsInEitherVersion() {
            String networks = IntStream.range(0, 26).mapToObj(i -> "10." + i + ".0.0/16")
                    .collect(Collectors.joining(", "));
            dir.file("a.yaml", anp("egress:\n- action: Deny\n  to: [{networks: [" + networks + "]}]\n"));
            dir.failure("AdminNetworkPolicy broken: spec.egress[0].to[0].networks: 26 items, at most 25 networks in"
                    + " v1alpha1");

            String names = IntStream.range(0, 26).mapToObj(i -> "n" + i + ".example.com")
                    .collect(Collectors.joining(", "));
            dir.file("a.yaml", cnp("egress:\n- action: Accept\n  to: [{domainNames: [" + names + "]}]\n"));
            dir.failure("ClusterNetworkPolicy broken: spec.egress[0].to[0].domainNames: 26 items, at most 25"
                    + " domainNames in v1alpha2");
        }

        @Test
        void listsThatMustNotBeEmpty() {
            dir.file("a.yaml", cnp("egress:\n- action: Deny\n  to: [{networks: []}]\n"));
            dir.failure("spec.egress[0].to[0].networks: empty: networks needs at least one item");

            dir.file("a.yaml", cnp("egress:\n- action: Accept\n  to: [{domainNames: []}]\n"));
            dir.failure("spec.egress[0].to[0].domainNames: empty: domainNames needs at least one item");

            dir.file("a.yaml", cnp("ingress:\n- action: Deny\n  from: [{namespaces: {}}]\n  protocols: []\n"));
            dir.failure("spec.ingress[0].protocols: empty: protocols needs at least one entry when given");

            dir.file("a.yaml", anp("ingress:\n- action: Deny\n  from: [{namespaces: {}}]\n  ports: []\n"));
            dir.failure("spec.ingress[0].ports: empty: ports needs at least one entry when given");
        }

        @Test
        void aRuleNameOfMoreThan100Characters() throws Exception {
            dir.file("a.yaml", cnp("ingress:\n- name: " + "r".repeat(100) + "\n  action: Deny\n"
                    + "  from: [{namespaces: {}}]\n"));
            assertEquals("r".repeat(100), dir.read().clusterPolicies().getFirst().ingress().getFirst().name());

            dir.file("a.yaml", cnp("ingress:\n- name: " + "r".repeat(101) + "\n  action: Deny\n"
                    + "  from: [{namespaces: {}}]\n"));
            assertEquals("a.yaml: ClusterNetworkPolicy broken: spec.ingress[0].name: a rule name of 101 characters,"
                    + " at most 100", dir.failure());
        }
    }

    @Nested
    class Peers {
        @Test
        void aRuleWithoutPeers() {
            dir.file("bad.yaml", cnp("""
                    egress:
                    - name: nowhere
                      action: Deny
                    """));

            assertEquals("bad.yaml: ClusterNetworkPolicy broken: spec.egress[0].to: missing: a rule needs at least one"
                    + " peer", dir.failure());
        }

        @Test
        void aRuleWithAnEmptyPeerList() {
            dir.file("bad.yaml", banp("""
                    ingress:
                    - action: Deny
                      from: []
                    """));

            dir.failure("BaselineAdminNetworkPolicy default: spec.ingress[0].from: empty: a rule needs at least one peer");
        }

        @Test
        void aPeerWithNoFieldAtAll() {
            dir.file("bad.yaml", cnp("""
                    ingress:
                    - action: Deny
                      from:
                      - {}
                    """));

            assertEquals("bad.yaml: ClusterNetworkPolicy broken: spec.ingress[0].from[0]: an ingress peer needs one of"
                    + " namespaces or pods", dir.failure());
        }

        @Test
        void anEgressPeerWithNoFieldAtAllNamesEveryKnownField() {
            dir.file("bad.yaml", anp("""
                    egress:
                    - action: Deny
                      to:
                      - {namespaces: null}
                    """));

            dir.failure("AdminNetworkPolicy broken: spec.egress[0].to[0]: an egress peer needs one of namespaces, pods,"
                    + " networks, nodes or domainNames");
        }

        @Test
        void aPeerWithTwoKnownFields() {
            dir.file("bad.yaml", cnp("""
                    egress:
                    - action: Deny
                      to:
                      - namespaces: {}
                        networks: [10.0.0.0/8]
                    """));

            dir.failure("ClusterNetworkPolicy broken: spec.egress[0].to[0]: an egress peer must have exactly one of"
                    + " namespaces, pods, networks, nodes or domainNames, not namespaces and networks");
        }

        @Test
        void aPodsPeerNeedsAPodSelector() {
            dir.file("bad.yaml", cnp("""
                    ingress:
                    - action: Deny
                      from:
                      - pods: {namespaceSelector: {}}
                    """));

            dir.failure("ClusterNetworkPolicy broken: spec.ingress[0].from[0].pods.podSelector: missing: pods needs a"
                    + " podSelector");
        }

        @Test
        void anAdminNetworkPolicyPodsPeerNeedsANamespaceSelectorToo() {
            dir.file("bad.yaml", anp("""
                    egress:
                    - action: Deny
                      to:
                      - pods: {podSelector: {}}
                    """));

            dir.failure("AdminNetworkPolicy broken: spec.egress[0].to[0].pods.namespaceSelector: missing: in v1alpha1"
                    + " pods needs a namespaceSelector too");
        }

        @Test
        void aMalformedNetworksCidr() {
            dir.file("bad.yaml", cnp("""
                    egress:
                    - action: Deny
                      to:
                      - networks: [10.0.0.0/8, 10.1.0.0]
                    """));

            assertEquals("bad.yaml: ClusterNetworkPolicy broken: spec.egress[0].to[0].networks[1]: '10.1.0.0' is not a"
                    + " CIDR (address/prefix)", dir.failure());
        }

        @ParameterizedTest
        @ValueSource(strings = {"10.0.0.0/33", "fd00::/129", "10.0.0.300/8", "::/-1", ""})
        void networksAreParsedAsIpBlocksAre(String cidr) {
            dir.file("bad.yaml", anp("""
                    egress:
                    - action: Pass
                      to:
                      - networks: ["%s"]
                    """.formatted(cidr)));

            dir.failure("AdminNetworkPolicy broken: spec.egress[0].to[0].networks[0]:");
        }

        @Test
        void domainNamesOnlyInAcceptRules() {
            dir.file("bad.yaml", cnp("""
                    egress:
                    - action: Pass
                      to:
                      - domainNames: [ads.example.com]
                    """));
            dir.failure("ClusterNetworkPolicy broken: spec.egress[0].to[0].domainNames: domainNames are allowed only in"
                    + " rules whose action is Accept, not Pass");

            dir.file("bad.yaml", anp("""
                    egress:
                    - action: Deny
                      to:
                      - domainNames: [ads.example.com]
                    """));
            dir.failure("AdminNetworkPolicy broken: spec.egress[0].to[0].domainNames: domainNames are allowed only in"
                    + " rules whose action is Allow, not Deny");
        }

        @ParameterizedTest
        @ValueSource(strings = {"www.example.com:443", "example", "*example.com", "a.*.example.com", "-a.example.com",
                "a..example.com", "example.com..", "http://example.com", "exa mple.com", "''"})
        void domainNamesFollowTheApisPattern(String name) {
            dir.file("bad.yaml", cnp("""
                    egress:
                    - action: Accept
                      to:
                      - domainNames: [api.example.com, "%s"]
                    """.formatted(name.replace("'", ""))));

            dir.failure("ClusterNetworkPolicy broken: spec.egress[0].to[0].domainNames[1]:");
        }

        @Test
        void domainNamesTheApiAccepts() throws Exception {
            dir.file("ok.yaml", cnp("""
                    egress:
                    - action: Accept
                      to:
                      - domainNames: [kubernetes.io, "*.kubernetes.io", my_host.example.com., A1.b-2.C3]
                    """));

            assertEquals(1, dir.read().clusterPolicies().size());
        }

        @Test
        void aBaselineAdminNetworkPolicyHasNoDomainNames() {
            dir.file("bad.yaml", banp("""
                    egress:
                    - action: Allow
                      to:
                      - domainNames: [updates.example.com]
                    """));

            assertEquals("bad.yaml: BaselineAdminNetworkPolicy default: spec.egress[0].to[0].domainNames: a"
                    + " BaselineAdminNetworkPolicy peer cannot have domainNames", dir.failure());
        }

        @Test
        void peerSelectorsAreValidatedAsForV1() {
            dir.file("bad.yaml", cnp("""
                    ingress:
                    - action: Deny
                      from:
                      - namespaces:
                          matchExpressions: [{key: team, operator: Equals, values: [a]}]
                    """));
            dir.failure("spec.ingress[0].from[0].namespaces.matchExpressions[0].operator: unknown operator 'Equals'");

            dir.file("bad.yaml", anp("""
                    egress:
                    - action: Deny
                      to:
                      - nodes: {matchLabels: {role: 1}}
                    """));
            dir.failure("spec.egress[0].to[0].nodes.matchLabels.role: label value must be a string");
        }
    }

    @Nested
    class Subjects {
        @Test
        void aSubjectWithBothFields() {
            dir.file("bad.yaml", cnpSpec("""
                    tier: Admin
                    priority: 10
                    subject:
                      namespaces: {}
                      pods: {podSelector: {}}
                    """));

            assertEquals("bad.yaml: ClusterNetworkPolicy broken: spec.subject: a subject must have exactly one of"
                    + " namespaces or pods, not namespaces and pods", dir.failure());
        }

        @Test
        void aSubjectWithNoField() {
            dir.file("bad.yaml", cnpSpec("""
                    tier: Admin
                    priority: 10
                    subject: {}
                    """));

            dir.failure("ClusterNetworkPolicy broken: spec.subject: a subject needs one of namespaces or pods");
        }

        @Test
        void aSubjectIsRequired() {
            dir.file("bad.yaml", banp("").replace("  subject:\n    namespaces: {}\n", "  ingress: []\n"));

            dir.failure("BaselineAdminNetworkPolicy default: spec.subject: missing: a subject needs namespaces or pods");
        }

        @Test
        void aPodsSubjectNeedsAPodSelector() {
            dir.file("bad.yaml", cnpSpec("""
                    tier: Admin
                    priority: 10
                    subject:
                      pods: {namespaceSelector: {}}
                    """));

            assertEquals("bad.yaml: ClusterNetworkPolicy broken: spec.subject.pods.podSelector: missing: pods needs a"
                    + " podSelector ({} selects every pod)", dir.failure());
        }

        @Test
        void anAdminNetworkPolicyPodsSubjectNeedsANamespaceSelector() {
            dir.file("bad.yaml", object("AdminNetworkPolicy", "policy.networking.k8s.io/v1alpha1", "broken", """
                    priority: 10
                    subject:
                      pods: {podSelector: {matchLabels: {app: db}}}
                    """));

            dir.failure("AdminNetworkPolicy broken: spec.subject.pods.namespaceSelector: missing");
        }

        @Test
        void subjectSelectorsAreValidated() {
            dir.file("bad.yaml", cnpSpec("""
                    tier: Admin
                    priority: 10
                    subject:
                      namespaces: {matchLabels: {"bad key": x}}
                    """));

            dir.failure("spec.subject.namespaces.matchLabels['bad key']: label key 'bad key'");
        }
    }

    @Nested
    class Ports {
        @ParameterizedTest
        @ValueSource(strings = {"tcp", "udp", "sctp"})
        void aProtocolWithoutDestinationPort(String protocol) {
            dir.file("bad.yaml", cnp("""
                    ingress:
                    - action: Accept
                      from: [{namespaces: {}}]
                      protocols:
                      - %s: {}
                    """.formatted(protocol)));

            assertEquals("bad.yaml: ClusterNetworkPolicy broken: spec.ingress[0].protocols[0]." + protocol
                    + ".destinationPort: missing: " + protocol + " needs a destinationPort", dir.failure());
        }

        @Test
        void aProtocolEntryWithTwoProtocols() {
            dir.file("bad.yaml", cnp("""
                    ingress:
                    - action: Accept
                      from: [{namespaces: {}}]
                      protocols:
                      - tcp: {destinationPort: {number: 80}}
                        udp: {destinationPort: {number: 53}}
                    """));

            dir.failure("spec.ingress[0].protocols[0]: a protocol entry must have exactly one of tcp, udp, sctp or"
                    + " destinationNamedPort, not tcp and udp");
        }

        @Test
        void aProtocolEntryWithNoField() {
            dir.file("bad.yaml", cnp("""
                    ingress:
                    - action: Accept
                      from: [{namespaces: {}}]
                      protocols: [{}]
                    """));

            dir.failure("spec.ingress[0].protocols[0]: a protocol entry needs one of tcp, udp, sctp or"
                    + " destinationNamedPort");
        }

        @Test
        void aDestinationPortNeedsExactlyOneOfNumberAndRange() {
            dir.file("bad.yaml", cnp("""
                    ingress:
                    - action: Accept
                      from: [{namespaces: {}}]
                      protocols:
                      - tcp: {destinationPort: {number: 80, range: {start: 1, end: 2}}}
                    """));
            dir.failure("spec.ingress[0].protocols[0].tcp.destinationPort: a destinationPort must have exactly one of"
                    + " number or range, not number and range");

            dir.file("bad.yaml", cnp("""
                    ingress:
                    - action: Accept
                      from: [{namespaces: {}}]
                      protocols:
                      - udp: {destinationPort: {}}
                    """));
            dir.failure("spec.ingress[0].protocols[0].udp.destinationPort: a destinationPort needs one of number or"
                    + " range");
        }

        @ParameterizedTest
        @ValueSource(strings = {"0", "65536", "-80"})
        void aPortNumberOutside1To65535(String number) {
            dir.file("bad.yaml", cnp("""
                    ingress:
                    - action: Accept
                      from: [{namespaces: {}}]
                      protocols:
                      - sctp: {destinationPort: {number: %s}}
                    """.formatted(number)));

            dir.failure("spec.ingress[0].protocols[0].sctp.destinationPort.number: port " + number
                    + " is outside 1..65535");
        }

        @ParameterizedTest
        @ValueSource(strings = {"{start: 9000, end: 8000}", "{start: 8000, end: 8000}"})
        void aRangeMustStartBelowItsEnd(String range) {
            dir.file("bad.yaml", cnp("""
                    ingress:
                    - action: Accept
                      from: [{namespaces: {}}]
                      protocols:
                      - tcp: {destinationPort: {range: %s}}
                    """.formatted(range)));

            dir.failure("ClusterNetworkPolicy broken: spec.ingress[0].protocols[0].tcp.destinationPort.range.end: a"
                    + " port range must start below its end");
        }

        @Test
        void aRangeNeedsBothEnds() {
            dir.file("bad.yaml", cnp("""
                    ingress:
                    - action: Accept
                      from: [{namespaces: {}}]
                      protocols:
                      - tcp: {destinationPort: {range: {start: 9000}}}
                    """));

            dir.failure("spec.ingress[0].protocols[0].tcp.destinationPort.range.end: missing, expected an integer");
        }

        @Test
        void aV1alpha1PortsEntryWithTwoFields() {
            dir.file("bad.yaml", anp("""
                    ingress:
                    - action: Allow
                      from: [{namespaces: {}}]
                      ports:
                      - portNumber: {port: 80}
                        namedPort: http
                    """));

            dir.failure("AdminNetworkPolicy broken: spec.ingress[0].ports[0]: a ports entry must have exactly one of"
                    + " portNumber, namedPort or portRange, not");
        }

        @Test
        void aV1alpha1PortsEntryWithNoField() {
            dir.file("bad.yaml", banp("""
                    ingress:
                    - action: Allow
                      from: [{namespaces: {}}]
                      ports: [{}]
                    """));

            dir.failure("BaselineAdminNetworkPolicy default: spec.ingress[0].ports[0]: a ports entry needs one of"
                    + " portNumber, namedPort or portRange");
        }

        @Test
        void v1alpha1PortNumbersAndRanges() {
            dir.file("bad.yaml", anp("""
                    ingress:
                    - action: Allow
                      from: [{namespaces: {}}]
                      ports:
                      - portNumber: {protocol: UDP}
                    """));
            dir.failure("spec.ingress[0].ports[0].portNumber.port: missing, expected an integer");

            dir.file("bad.yaml", anp("""
                    ingress:
                    - action: Allow
                      from: [{namespaces: {}}]
                      ports:
                      - portRange: {protocol: UDP, start: 70000, end: 70001}
                    """));
            dir.failure("spec.ingress[0].ports[0].portRange.start: port 70000 is outside 1..65535");

            dir.file("bad.yaml", anp("""
                    ingress:
                    - action: Allow
                      from: [{namespaces: {}}]
                      ports:
                      - portRange: {start: 90, end: 80}
                    """));
            dir.failure("spec.ingress[0].ports[0].portRange.end: a port range must start below its end, not 90..80");
        }

        @Test
        void aNamedPortWithANetworksPeer() {
            dir.file("bad.yaml", cnp("""
                    egress:
                    - action: Accept
                      to:
                      - namespaces: {}
                      - networks: [10.0.0.0/8]
                      protocols:
                      - destinationNamedPort: http
                    """));

            assertEquals("bad.yaml: ClusterNetworkPolicy broken: spec.egress[0].protocols[0]: the named port 'http'"
                    + " cannot be used in a rule with a networks, nodes or domainNames peer (to[1]): they have no named"
                    + " ports", dir.failure());
        }

        @Test
        void aNamedPortWithANodesOrDomainNamesPeer() {
            dir.file("bad.yaml", anp("""
                    egress:
                    - action: Allow
                      to:
                      - nodes: {}
                      ports:
                      - portNumber: {port: 80}
                      - namedPort: http
                    """));
            dir.failure("AdminNetworkPolicy broken: spec.egress[0].ports[1]: the named port 'http' cannot be used",
                    "(to[0])");

            dir.file("bad.yaml", cnp("""
                    egress:
                    - action: Accept
                      to:
                      - domainNames: [example.com]
                      protocols:
                      - destinationNamedPort: http
                    """));
            dir.failure("spec.egress[0].protocols[0]: the named port 'http' cannot be used");
        }

        @Test
        void aNamedPortWithSelectorPeersIsFine() throws Exception {
            dir.file("ok.yaml", cnp("""
                    egress:
                    - action: Accept
                      to:
                      - namespaces: {}
                      - pods: {podSelector: {}}
                      protocols:
                      - destinationNamedPort: http
                    ingress:
                    - action: Accept
                      from:
                      - networks: [10.0.0.0/8]
                      protocols:
                      - destinationNamedPort: http
                    """));

            assertEquals(1, dir.read().clusterPolicies().size(), "an ingress networks peer is unknown, not networks");
        }
    }

    @Nested
    class Identity {
        @Test
        void aBaselineAdminNetworkPolicyIsNamedDefault() {
            dir.file("bad.yaml", object("BaselineAdminNetworkPolicy", "policy.networking.k8s.io/v1alpha1", "baseline",
                    "subject: {namespaces: {}}\n"));

            assertEquals("bad.yaml: BaselineAdminNetworkPolicy baseline: metadata.name: a BaselineAdminNetworkPolicy"
                    + " must be named 'default' (the only name the API accepts), not 'baseline'", dir.failure());
        }

        @Test
        void aClusterTierPolicyNeedsAName() {
            dir.file("bad.yaml", cnp("").replace("  name: broken\n", ""));

            dir.failure("bad.yaml: ClusterNetworkPolicy (no name): metadata.name: missing");
        }

        @Test
        void theSamePolicyTwiceIsAnErrorWhateverNamespaceItClaims() {
            dir.file("a.yaml", cnp("").replace("  name: broken\n", "  name: broken\n  namespace: dev\n"));
            dir.file("b.yaml", cnp("").replace("  name: broken\n", "  name: broken\n  namespace: prod\n"));

            assertEquals("b.yaml: ClusterNetworkPolicy broken: defined twice, in a.yaml and b.yaml", dir.failure());
        }

        @Test
        void theSameNameOfAnotherKindIsAnotherObject() throws Exception {
            dir.file("a.yaml", cnp(""));
            dir.file("b.yaml", anp(""));

            assertEquals(2, dir.read().clusterPolicies().size());
        }

        @Test
        void metadataLabelsAreValidated() {
            dir.file("bad.yaml", cnp("").replace("  name: broken\n", "  name: broken\n  labels: {team: 7}\n"));

            dir.failure("ClusterNetworkPolicy broken: metadata.labels.team: label value must be a string");
        }
    }

    @Nested
    class WrongTypes {
        @ParameterizedTest
        @ValueSource(strings = {
                "spec: 5|ClusterNetworkPolicy broken: spec: expected a mapping, got the number 5",
                "spec: {tier: Admin, priority: 1, subject: []}|spec.subject: expected a mapping, got a list",
                "spec: {tier: Admin, priority: 1, subject: {namespaces: {}}, ingress: {}}|spec.ingress: expected a list",
                "spec: {tier: Admin, priority: 1, subject: {namespaces: {}}, egress: [5]}|spec.egress[0]: expected a"
                        + " mapping, got the number 5",
                "spec: {tier: Admin, priority: 1, subject: {namespaces: {}}, egress: [{action: Deny, to: [x]}]}"
                        + "|spec.egress[0].to[0]: expected a mapping, got the string 'x'",
                "spec: {tier: Admin, priority: 1, subject: {pods: 3}}|spec.subject.pods: expected a mapping",
                "spec: {tier: Admin, priority: 1, subject: {namespaces: {}}, egress: [{action: Deny, to: [{networks:"
                        + " 10.0.0.0/8}]}]}|spec.egress[0].to[0].networks: expected a list"})
        void fieldsOfTheWrongTypeAreNamed(String specAndMessage) {
            String[] parts = specAndMessage.split("\\|");
            dir.file("bad.yaml", """
                    apiVersion: policy.networking.k8s.io/v1alpha2
                    kind: ClusterNetworkPolicy
                    metadata: {name: broken}
                    """ + parts[0] + "\n");

            dir.failure("bad.yaml: ClusterNetworkPolicy broken: " + parts[1].replace("ClusterNetworkPolicy broken: ", ""));
        }
    }
}
