package dev.netpolauditor.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Invalid Calico and Cilium objects (cni-policies.md, "Calico: invalid input", "Cilium: invalid
 * input and refused policies"), once their plugin is known: what the API server or the CRD
 * schema would reject fails the read with one line naming the file, the object and the field.
 */
class PluginValidationTest {

    /** The DaemonSets that make both plugins known. */
    static final String PLUGINS = """
            apiVersion: apps/v1
            kind: DaemonSet
            metadata: {name: calico-node, namespace: kube-system}
            spec:
              template:
                spec:
                  hostNetwork: true
                  containers: [{name: calico-node, image: quay.io/calico/node:v3.32.0}]
            ---
            apiVersion: apps/v1
            kind: DaemonSet
            metadata: {name: cilium, namespace: kube-system}
            spec:
              template:
                spec:
                  hostNetwork: true
                  containers: [{name: cilium-agent, image: quay.io/cilium/cilium:v1.19.1}]
            """;

    @TempDir
    Path tmp;
    ManifestDir dir;

    @BeforeEach
    void setUp() {
        dir = new ManifestDir(tmp).file("kube-system.yaml", PLUGINS);
    }

    /** A GlobalNetworkPolicy {@code broken} with this spec (as under {@code spec:}). */
    static String gnp(String spec) {
        return object("projectcalico.org/v3", "GlobalNetworkPolicy", "broken", null, spec);
    }

    /** A Calico NetworkPolicy {@code prod/broken} with this spec. */
    static String calicoPolicy(String spec) {
        return object("projectcalico.org/v3", "NetworkPolicy", "broken", "prod", spec);
    }

    /** A CiliumNetworkPolicy {@code prod/broken} with this spec. */
    static String cnp(String spec) {
        return object("cilium.io/v2", "CiliumNetworkPolicy", "broken", "prod", spec);
    }

    static String object(String apiVersion, String kind, String name, String namespace, String spec) {
        return """
                apiVersion: %s
                kind: %s
                metadata:
                  name: %s
                %sspec:
                """.formatted(apiVersion, kind, name, namespace == null ? "" : "  namespace: " + namespace + "\n")
                + spec.indent(2);
    }

    /** One ingress rule of a GlobalNetworkPolicy selecting everything. */
    static String gnpRule(String rule) {
        return gnp("selector: all()\ningress:\n- " + rule.indent(2).substring(2));
    }

    static Stream<Arguments> calico() {
        return Stream.of(
                Arguments.of("a selector that does not parse", gnp("selector: app == 'web' &&"),
                        new String[] {"GlobalNetworkPolicy broken: spec.selector: 'app == 'web' &&':",
                            "expected a term after \"&&\" at position 15"}),
                Arguments.of("a selector over 1024 characters", gnp("selector: \"" + "a".repeat(1020)
                        + " == 'x'\""), new String[] {"spec.selector: a selector of 1027 characters, at most 1024"}),
                Arguments.of("global() as a policy selector", gnp("selector: global()"),
                        new String[] {"spec.selector: 'global()': global() is allowed only alone, in a rule's"
                                + " namespaceSelector"}),
                Arguments.of("global() not alone", gnpRule("""
                        action: Allow
                        source: {namespaceSelector: "global() || all()"}"""),
                        new String[] {"spec.ingress[0].source.namespaceSelector: 'global() || all()': global() is"
                                + " allowed only alone"}),
                Arguments.of("an action outside the list", gnpRule("action: allow"),
                        new String[] {"spec.ingress[0].action: unknown action 'allow', expected Allow, Deny, Pass or"
                                + " Log"}),
                Arguments.of("a type outside the list", gnp("types: [Ingress, Forward]"),
                        new String[] {"spec.types[1]: unknown type 'Forward', expected Ingress or Egress"}),
                Arguments.of("a type twice", gnp("types: [Egress, Egress]"),
                        new String[] {"spec.types[1]: the type Egress is given twice"}),
                Arguments.of("over 1024 rules", gnp("ingress: [" + IntStream.range(0, 1025)
                        .mapToObj(i -> "{action: Allow}").collect(Collectors.joining(", ")) + "]"),
                        new String[] {"spec.ingress: 1025 rules, at most 1024 per direction"}),
                Arguments.of("over 50 ports", gnpRule("action: Allow\nprotocol: TCP\ndestination: {ports: ["
                        + IntStream.rangeClosed(1, 51).mapToObj(Integer::toString).collect(Collectors.joining(", "))
                        + "]}"), new String[] {"spec.ingress[0].destination.ports: 51 ports, at most 50"}),
                Arguments.of("over 256 nets", gnpRule("action: Allow\nsource: {nets: [" + IntStream.range(0, 257)
                        .mapToObj(i -> "10." + (i / 256) + "." + (i % 256) + ".0/24").collect(Collectors.joining(", "))
                        + "]}"), new String[] {"spec.ingress[0].source.nets: 257 networks, at most 256"}),
                Arguments.of("a protocol name in lower case", gnpRule("action: Allow\nprotocol: tcp"),
                        new String[] {"spec.ingress[0].protocol: unknown protocol 'tcp'", "case-sensitive"}),
                Arguments.of("a protocol number over 255", gnpRule("action: Allow\nprotocol: 256"),
                        new String[] {"spec.ingress[0].protocol: protocol number 256 is outside 1..255"}),
                Arguments.of("numeric ports without a protocol", gnpRule("action: Allow\ndestination: {ports: [80]}"),
                        new String[] {"spec.ingress[0].destination.ports[0]: numeric ports need a protocol"}),
                Arguments.of("ports with a protocol that has none", gnpRule(
                        "action: Allow\nprotocol: ICMP\ndestination: {ports: [http]}"),
                        new String[] {"spec.ingress[0].destination.ports[0]: ports need protocol TCP, UDP or SCTP, not"
                                + " ICMP"}),
                Arguments.of("port 0", gnpRule("action: Allow\nprotocol: TCP\ndestination: {ports: [0]}"),
                        new String[] {"spec.ingress[0].destination.ports[0]: port 0 is outside 1..65535"}),
                Arguments.of("a port over 65535", gnpRule("action: Allow\nprotocol: UDP\ndestination: {ports: [70000]}"),
                        new String[] {"port 70000 is outside 1..65535"}),
                Arguments.of("a range that starts above its end", gnpRule(
                        "action: Allow\nprotocol: TCP\ndestination: {notPorts: ['90:80']}"),
                        new String[] {"spec.ingress[0].destination.notPorts[0]: the port range '90:80' starts above its"
                                + " end"}),
                Arguments.of("a port name that is no IANA service name", gnpRule(
                        "action: Allow\ndestination: {ports: [Web_UI]}"),
                        new String[] {"spec.ingress[0].destination.ports[0]: port name 'Web_UI' is not a valid IANA"
                                + " service name"}),
                Arguments.of("icmp without an ICMP protocol", gnpRule("action: Allow\nicmp: {type: 8}"),
                        new String[] {"spec.ingress[0].icmp: icmp needs protocol ICMP or ICMPv6"}),
                Arguments.of("an ICMP type over 254", gnpRule("action: Allow\nprotocol: ICMP\nicmp: {type: 255}"),
                        new String[] {"spec.ingress[0].icmp.type: ICMP type 255 is outside 0..254"}),
                Arguments.of("an ICMP code over 255", gnpRule("action: Allow\nprotocol: ICMP\nicmp: {type: 3, code: 256}"),
                        new String[] {"spec.ingress[0].icmp.code: ICMP code 256 is outside 0..255"}),
                Arguments.of("an ICMP code without a type", gnpRule("action: Allow\nprotocol: ICMPv6\nicmp: {code: 0}"),
                        new String[] {"spec.ingress[0].icmp.code: an ICMP code needs a type"}),
                Arguments.of("an ipVersion other than 4 and 6", gnpRule("action: Allow\nipVersion: 5"),
                        new String[] {"spec.ingress[0].ipVersion: ipVersion 5, expected 4 or 6"}),
                Arguments.of("an ipVersion contradicting ICMP", gnpRule("action: Allow\nprotocol: ICMP\nipVersion: 6"),
                        new String[] {"spec.ingress[0].ipVersion: ipVersion 6 contradicts protocol ICMP"}),
                Arguments.of("an ipVersion contradicting the nets", gnpRule(
                        "action: Allow\nipVersion: 6\nsource: {nets: [10.0.0.0/8]}"),
                        new String[] {"spec.ingress[0].source.nets: '10.0.0.0/8' contradicts ipVersion 6"}),
                Arguments.of("a net with host bits set", gnpRule("action: Allow\nsource: {nets: [10.1.2.3/16]}"),
                        new String[] {"spec.ingress[0].source.nets[0]: '10.1.2.3/16' has host bits set: write its"
                                + " network, 10.1.0.0/16"}),
                Arguments.of("a net that is no CIDR", gnpRule("action: Allow\ndestination: {nets: [10.1.2.3]}"),
                        new String[] {"spec.ingress[0].destination.nets[0]: '10.1.2.3' is not a CIDR"}),
                Arguments.of("IPv4 and IPv6 in one rule", gnpRule(
                        "action: Deny\nsource: {nets: [10.0.0.0/8]}\ndestination: {notNets: ['fd00::/8']}"),
                        new String[] {"spec.ingress[0].destination.notNets: IPv4 and IPv6 networks in one rule"
                                + " (source.nets and destination.notNets)"}),
                Arguments.of("notNets of a whole family", gnpRule("action: Allow\nsource: {notNets: ['::/0']}"),
                        new String[] {"spec.ingress[0].source.notNets[0]: notNets cannot hold '::/0'"}),
                Arguments.of("http on a Deny rule", gnpRule("action: Deny\nhttp: {methods: [GET]}"),
                        new String[] {"spec.ingress[0].http: http criteria are allowed only in Allow rules, not Deny"}),
                Arguments.of("http in egress", gnp("egress:\n- action: Allow\n  http: {methods: [GET]}"),
                        new String[] {"spec.egress[0].http: http criteria are allowed only in ingress rules"}),
                Arguments.of("http with UDP", gnpRule("action: Allow\nprotocol: UDP\nhttp: {paths: [{exact: /}]}"),
                        new String[] {"spec.ingress[0].http: http criteria need protocol TCP, not UDP"}),
                Arguments.of("services with a selector", gnpRule(
                        "action: Allow\nsource: {selector: app == 'x', services: {name: api, namespace: prod}}"),
                        new String[] {"spec.ingress[0].source.services: services cannot be combined with selector"}),
                Arguments.of("services without a name", calicoPolicy(
                        "egress:\n- action: Allow\n  destination: {services: {namespace: prod}}"),
                        new String[] {"NetworkPolicy prod/broken: spec.egress[0].destination.services.name: missing"}),
                Arguments.of("services in an ingress rule's destination", gnpRule(
                        "action: Allow\ndestination: {services: {name: api, namespace: prod}}"),
                        new String[] {"spec.ingress[0].destination.services: services are allowed only in an ingress"
                                + " rule's source or an egress rule's destination"}),
                Arguments.of("services in a GlobalNetworkPolicy without namespace", gnp(
                        "egress:\n- action: Allow\n  destination: {services: {name: kubernetes}}"),
                        new String[] {"spec.egress[0].destination.services.namespace: missing: services in a"
                                + " GlobalNetworkPolicy needs a namespace"}),
                Arguments.of("doNotTrack with preDNAT", gnp("doNotTrack: true\npreDNAT: true\napplyOnForward: true"),
                        new String[] {"spec.preDNAT: preDNAT and doNotTrack cannot both be true"}),
                Arguments.of("preDNAT with egress", gnp(
                        "preDNAT: true\napplyOnForward: true\negress: [{action: Deny}]"),
                        new String[] {"spec.preDNAT: a preDNAT policy cannot have egress rules or the Egress type"}),
                Arguments.of("doNotTrack without applyOnForward", gnp("doNotTrack: true"),
                        new String[] {"spec.applyOnForward: must be true when doNotTrack is true"}),
                Arguments.of("a defaultAction outside Deny and Pass", object("projectcalico.org/v3", "Tier", "security",
                        null, "order: 100\ndefaultAction: Allow"),
                        new String[] {"Tier security: spec.defaultAction: unknown defaultAction 'Allow', expected Deny"
                                + " or Pass"}),
                Arguments.of("a built-in tier with another order", object("projectcalico.org/v3", "Tier", "default",
                        null, "order: 100"),
                        new String[] {"Tier default: spec.order: the built-in tier default has order 1000000, not 100"}),
                Arguments.of("a built-in tier with another action", object("projectcalico.org/v3", "Tier",
                        "adminnetworkpolicy", null, "defaultAction: Deny"),
                        new String[] {"spec.defaultAction: the built-in tier adminnetworkpolicy has defaultAction"
                                + " Pass, not Deny"}),
                Arguments.of("a tier name that is no DNS label", object("projectcalico.org/v3", "Tier", "Security",
                        null, "order: 100"),
                        new String[] {"Tier Security: metadata.name: a tier name 'Security' is not a DNS label"}),
                Arguments.of("a policy's tier that is no DNS label", gnp("tier: platform.security"),
                        new String[] {"spec.tier: a tier name 'platform.security' is not a DNS label"}),
                Arguments.of("a policy name of three labels", object("projectcalico.org/v3", "GlobalNetworkPolicy",
                        "security.deny.all", null, "selector: all()"),
                        new String[] {"metadata.name: policy name 'security.deny.all' is invalid"}),
                Arguments.of("a network set labelled with its namespace", """
                        apiVersion: projectcalico.org/v3
                        kind: NetworkSet
                        metadata:
                          name: partners
                          namespace: prod
                          labels: {projectcalico.org/namespace: other}
                        spec: {nets: [198.51.100.0/24]}
                        """, new String[] {"NetworkSet prod/partners: metadata.labels: a NetworkSet cannot carry the"
                                + " label projectcalico.org/namespace"}),
                Arguments.of("a network set net that does not parse", """
                        apiVersion: projectcalico.org/v3
                        kind: GlobalNetworkSet
                        metadata: {name: partners}
                        spec: {nets: [198.51.100.0/40]}
                        """, new String[] {"GlobalNetworkSet partners: spec.nets[0]: '198.51.100.0/40' is not a CIDR"}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("calico")
    void calicoRejects(String what, String yaml, String[] fragments) {
        dir.file("bad.yaml", yaml);
        dir.failure(fragments);
    }

    static Stream<Arguments> cilium() {
        return Stream.of(
                Arguments.of("a rule without endpointSelector or nodeSelector", cnp("ingress: [{}]"),
                        new String[] {"CiliumNetworkPolicy prod/broken: spec: a rule needs exactly one of"
                                + " endpointSelector and nodeSelector"}),
                Arguments.of("a rule with both selectors", cnp("endpointSelector: {}\nnodeSelector: {}\ningress: [{}]"),
                        new String[] {"spec: a rule needs exactly one of endpointSelector and nodeSelector, not both"}),
                Arguments.of("a rule without entries", object("cilium.io/v2", "CiliumClusterwideNetworkPolicy",
                        "broken", null, "endpointSelector: {}\nenableDefaultDeny: {ingress: true}"),
                        new String[] {"CiliumClusterwideNetworkPolicy broken: spec: a rule needs ingress, ingressDeny,"
                                + " egress or egressDeny"}),
                Arguments.of("a rule of specs without entries", """
                        apiVersion: cilium.io/v2
                        kind: CiliumNetworkPolicy
                        metadata: {name: broken, namespace: prod}
                        specs:
                        - endpointSelector: {}
                          ingress: [{}]
                        - endpointSelector: {}
                        """, new String[] {"specs[1]: a rule needs ingress, ingressDeny, egress or egressDeny"}),
                Arguments.of("an unknown entity", cnp("endpointSelector: {}\negress:\n- toEntities: [internet]"),
                        new String[] {"spec.egress[0].toEntities[0]: unknown entity 'internet'"}),
                Arguments.of("a port over 65535", cnp(
                        "endpointSelector: {}\ningress:\n- toPorts: [{ports: [{port: '70000'}]}]"),
                        new String[] {"spec.ingress[0].toPorts[0].ports[0].port: '70000' is neither a port 0..65535"
                                + " nor a port name"}),
                Arguments.of("an endPort over 65535", cnp(
                        "endpointSelector: {}\ningress:\n- toPorts: [{ports: [{port: '8000', endPort: 70000}]}]"),
                        new String[] {"spec.ingress[0].toPorts[0].ports[0].endPort: endPort 70000 is outside 0..65535"}),
                Arguments.of("an unknown protocol", cnp(
                        "endpointSelector: {}\ningress:\n- toPorts: [{ports: [{port: '80', protocol: ICMP}]}]"),
                        new String[] {"spec.ingress[0].toPorts[0].ports[0].protocol: unknown protocol 'ICMP', expected"
                                + " TCP, UDP, SCTP or ANY"}),
                Arguments.of("over 40 ports in an entry", cnp("endpointSelector: {}\ningress:\n- toPorts: [{ports: ["
                        + IntStream.rangeClosed(1, 41).mapToObj(i -> "{port: '" + i + "'}")
                                .collect(Collectors.joining(", ")) + "]}]"),
                        new String[] {"spec.ingress[0].toPorts[0].ports: 41 ports, at most 40"}),
                Arguments.of("two L7 kinds in one port rule", cnp("""
                        endpointSelector: {}
                        ingress:
                        - toPorts:
                          - ports: [{port: '80', protocol: TCP}]
                            rules:
                              http: [{method: GET}]
                              kafka: [{topic: orders}]"""),
                        new String[] {"spec.ingress[0].toPorts[0].rules: one kind of L7 rules per port rule, not http"
                                + " and kafka"}),
                Arguments.of("a CIDRSet entry without cidr", cnp(
                        "endpointSelector: {}\negress:\n- toCIDRSet: [{except: [10.0.0.0/8]}]"),
                        new String[] {"spec.egress[0].toCIDRSet[0]: a CIDRSet entry needs exactly one of cidr,"
                                + " cidrGroupRef and cidrGroupSelector"}),
                Arguments.of("a CIDRSet entry with two sources", cnp(
                        "endpointSelector: {}\negress:\n- toCIDRSet: [{cidr: 10.0.0.0/8, cidrGroupRef: partners}]"),
                        new String[] {"a CIDRSet entry needs exactly one of cidr, cidrGroupRef and cidrGroupSelector,"
                                + " not cidr and cidrGroupRef"}),
                Arguments.of("a CIDR that is no CIDR", cnp("endpointSelector: {}\negress:\n- toCIDR: [10.0.0.0/33]"),
                        new String[] {"spec.egress[0].toCIDR[0]: '10.0.0.0/33' is not a CIDR"}),
                Arguments.of("an except that is no CIDR", cnp(
                        "endpointSelector: {}\negress:\n- toCIDRSet: [{cidr: 10.0.0.0/8, except: [10.1.0.0.0/16]}]"),
                        new String[] {"spec.egress[0].toCIDRSet[0].except[0]: '10.1.0.0.0/16' is not a CIDR"}),
                Arguments.of("a malformed label selector", cnp("""
                        endpointSelector:
                          matchExpressions: [{key: app, operator: Equals, values: [web]}]
                        ingress: [{}]"""),
                        new String[] {"spec.endpointSelector.matchExpressions[0].operator: unknown operator 'Equals'"}),
                Arguments.of("a label value that is not a string", cnp(
                        "endpointSelector: {matchLabels: {'k8s:version': 2}}\ningress: [{}]"),
                        new String[] {"spec.endpointSelector.matchLabels['k8s:version']",
                            "label value must be a string, got the number 2"}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cilium")
    void ciliumRejects(String what, String yaml, String[] fragments) {
        dir.file("bad.yaml", yaml);
        dir.failure(fragments);
    }

    @Test
    void theSameObjectTwiceIsNamedWithBothFiles() {
        dir.file("a.yaml", gnp("selector: all()")).file("b.yaml", gnp("selector: all()"));
        assertEquals("b.yaml: GlobalNetworkPolicy broken: defined twice, in a.yaml and b.yaml", dir.failure());
    }

    @Test
    void aCalicoAndAV1PolicyOfOneNameAreTwoObjects() throws Exception {
        dir.file("a.yaml", calicoPolicy("selector: all()")).file("b.yaml", ManifestDir.policy("podSelector: {}")
                .replace("name: broken", "name: broken"));
        assertEquals(1, dir.read().plugins().calico().policies().size());
        assertEquals(1, dir.read().policies().size());
    }

    @Test
    void aConfigMapWhoseMetadataIsNotAMappingIsNamedLikeAnyOtherObject() {
        // with Cilium known, ConfigMaps are read for cilium-config before anything else
        dir.file("config.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata: [cilium-config]
                data: {enable-policy: always}
                """);
        String failure = dir.failure();
        assertTrue(failure.startsWith("config.yaml: ConfigMap"), failure);
        assertTrue(failure.contains("metadata"), failure);
        assertFalse(failure.contains("Exception"), failure);
    }
}
