package dev.netpolauditor.snapshot;

import static dev.netpolauditor.snapshot.ManifestDir.pod;
import static dev.netpolauditor.snapshot.ManifestDir.policy;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Invalid input: what the API server would reject fails the whole read with a one-line
 * message naming the file, the object and the field.
 */
class ManifestValidationTest {

    @TempDir
    Path tmp;
    ManifestDir dir;

    @BeforeEach
    void setUp() {
        dir = new ManifestDir(tmp);
    }

    @Nested
    class IpBlocks {
        @Test
        void anAddressWithoutPrefixIsNotACidr() {
            dir.file("bad.yaml", policy("""
                    podSelector: {}
                    ingress:
                    - from:
                      - ipBlock:
                          cidr: 10.0.0.0
                    """));

            assertEquals("bad.yaml: NetworkPolicy prod/broken: spec.ingress[0].from[0].ipBlock.cidr:"
                    + " '10.0.0.0' is not a CIDR (address/prefix)", dir.failure());
        }

        @Test
        void aPrefixBeyondTheAddressLengthIsMalformed() {
            dir.file("bad.yaml", policy("""
                    egress:
                    - to:
                      - ipBlock: {cidr: 10.0.0.0/33}
                    """));

            dir.failure("bad.yaml: NetworkPolicy prod/broken: spec.egress[0].to[0].ipBlock.cidr:", "'10.0.0.0/33'",
                    "prefix must be 0..32");
        }

        @Test
        void aMalformedExceptIsReportedAtItsIndex() {
            dir.file("bad.yaml", policy("""
                    ingress:
                    - from:
                      - podSelector: {}
                      - ipBlock:
                          cidr: 10.0.0.0/8
                          except: [10.1.0.0/16, 10.2.0.300/16]
                    """));

            dir.failure("NetworkPolicy prod/broken: spec.ingress[0].from[1].ipBlock.except[1]: '10.2.0.300/16'",
                    "bad address");
        }

        @ParameterizedTest
        @ValueSource(strings = {"10.0.0.0/8", "11.0.0.0/16", "0.0.0.0/0", "fd00::/16"})
        void anExceptMustBeAStrictSubsetOfTheCidr(String except) {
            dir.file("bad.yaml", policy("""
                    ingress:
                    - from:
                      - ipBlock:
                          cidr: 10.0.0.0/8
                          except: ["%s"]
                    """.formatted(except)));

            dir.failure("bad.yaml: NetworkPolicy prod/broken: spec.ingress[0].from[0].ipBlock.except[0]: '" + except
                    + "' is not a strict subset of cidr '10.0.0.0/8'");
        }

        @Test
        void aCidrIsRequired() {
            dir.file("bad.yaml", policy("""
                    ingress:
                    - from:
                      - ipBlock: {except: [10.0.0.0/24]}
                    """));

            dir.failure("spec.ingress[0].from[0].ipBlock.cidr: missing");
        }
    }

    @Nested
    class Peers {
        @Test
        void aPeerNeedsASelectorOrAnIpBlock() {
            dir.file("bad.yaml", policy("""
                    ingress:
                    - from:
                      - {}
                    """));

            dir.failure("bad.yaml: NetworkPolicy prod/broken: spec.ingress[0].from[0]: a peer needs podSelector,"
                    + " namespaceSelector or ipBlock");
        }

        @Test
        void anIpBlockCannotBeCombinedWithASelector() {
            dir.file("bad.yaml", policy("""
                    egress:
                    - to:
                      - namespaceSelector: {}
                        ipBlock: {cidr: 10.0.0.0/8}
                    """));

            dir.failure("NetworkPolicy prod/broken: spec.egress[0].to[0]: ipBlock cannot be combined");
        }
    }

    @Nested
    class Ports {
        @Test
        void endPortNeedsAPort() {
            dir.file("bad.yaml", policy("""
                    ingress:
                    - ports:
                      - protocol: TCP
                        endPort: 8090
                    """));

            dir.failure("bad.yaml: NetworkPolicy prod/broken: spec.ingress[0].ports[0].endPort: endPort requires port");
        }

        @Test
        void endPortBelowPort() {
            dir.file("bad.yaml", policy("""
                    ingress:
                    - ports:
                      - {port: 8080, endPort: 8000}
                    """));

            dir.failure("NetworkPolicy prod/broken: spec.ingress[0].ports[0].endPort: endPort 8000 is below port 8080");
        }

        @Test
        void endPortWithANamedPort() {
            dir.file("bad.yaml", policy("""
                    ingress:
                    - ports:
                      - {port: http, endPort: 8090}
                    """));

            dir.failure("NetworkPolicy prod/broken: spec.ingress[0].ports[0].endPort:", "named port 'http'");
        }

        @ParameterizedTest
        @ValueSource(strings = {"0", "65536", "-1", "99999999999999999999999"})
        void portNumbersLieIn1To65535(String port) {
            dir.file("bad.yaml", policy("""
                    egress:
                    - ports:
                      - port: %s
                    """.formatted(port)));

            dir.failure("NetworkPolicy prod/broken: spec.egress[0].ports[0].port: port " + port + " is outside 1..65535");
        }

        @Test
        void endPortNumbersLieIn1To65535() {
            dir.file("bad.yaml", policy("""
                    egress:
                    - ports:
                      - {port: 1, endPort: 65536}
                    """));

            dir.failure("spec.egress[0].ports[0].endPort: port 65536 is outside 1..65535");
        }

        @ParameterizedTest
        @ValueSource(strings = {"'80'", "HTTP", "-http", "http-", "my--port", "a-very-long-name", "''", "web_ui"})
        void portNamesAreIanaServiceNames(String name) {
            dir.file("bad.yaml", policy("""
                    ingress:
                    - ports:
                      - port: %s
                    """.formatted(name)));

            dir.failure("NetworkPolicy prod/broken: spec.ingress[0].ports[0].port: port name",
                    "is not a valid IANA service name");
        }

        @Test
        void protocolsAreCaseSensitive() {
            dir.file("bad.yaml", policy("""
                    ingress:
                    - ports:
                      - {protocol: tcp, port: 80}
                    """));

            dir.failure("bad.yaml: NetworkPolicy prod/broken: spec.ingress[0].ports[0].protocol: unknown protocol 'tcp'");
        }

        @Test
        void aPortThatIsNeitherNumberNorNameIsAnError() {
            dir.file("bad.yaml", policy("""
                    ingress:
                    - ports:
                      - {port: 80.5}
                    """));

            dir.failure("spec.ingress[0].ports[0].port: expected a port number or name, got the number 80.5");
        }
    }

    @Nested
    class PolicyTypes {
        @Test
        void unknownPolicyType() {
            dir.file("bad.yaml", policy("""
                    policyTypes: [Ingress, egress]
                    """));

            dir.failure("bad.yaml: NetworkPolicy prod/broken: spec.policyTypes[1]: unknown policy type 'egress'");
        }
    }

    @Nested
    class Selectors {
        @Test
        void unknownOperator() {
            dir.file("bad.yaml", policy("""
                    podSelector:
                      matchExpressions:
                      - {key: app, operator: Equals, values: [web]}
                    """));

            dir.failure("bad.yaml: NetworkPolicy prod/broken: spec.podSelector.matchExpressions[0].operator:"
                    + " unknown operator 'Equals'");
        }

        @ParameterizedTest
        @ValueSource(strings = {"{key: app, operator: In}", "{key: app, operator: NotIn, values: []}"})
        void inAndNotInNeedValues(String expression) {
            dir.file("bad.yaml", policy("""
                    ingress:
                    - from:
                      - namespaceSelector:
                          matchExpressions: [%s]
                    """.formatted(expression)));

            dir.failure("NetworkPolicy prod/broken: spec.ingress[0].from[0].namespaceSelector.matchExpressions[0].values:",
                    "needs at least one value");
        }

        @ParameterizedTest
        @ValueSource(strings = {"Exists", "DoesNotExist"})
        void existsAndDoesNotExistTakeNoValues(String operator) {
            dir.file("bad.yaml", policy("""
                    podSelector:
                      matchExpressions:
                      - {key: app, operator: %s, values: [web]}
                    """.formatted(operator)));

            dir.failure("spec.podSelector.matchExpressions[0].values: operator " + operator + " takes no values");
        }

        @Test
        void matchLabelsKeysAreValidated() {
            dir.file("bad.yaml", policy("""
                    podSelector:
                      matchLabels: {"app name": web}
                    """));

            dir.failure("NetworkPolicy prod/broken: spec.podSelector.matchLabels['app name']: label key 'app name'");
        }

        @Test
        void matchLabelsValuesAreValidated() {
            dir.file("bad.yaml", policy("""
                    podSelector:
                      matchLabels: {app: "-web"}
                    """));

            dir.failure("spec.podSelector.matchLabels.app: label value '-web' is invalid");
        }

        @Test
        void matchLabelsValuesMustBeStrings() {
            dir.file("bad.yaml", policy("""
                    podSelector:
                      matchLabels: {enabled: yes}
                    """));

            dir.failure("spec.podSelector.matchLabels.enabled: label value must be a string, got the boolean true");
        }

        @Test
        void expressionKeysAndValuesAreValidated() {
            dir.file("bad.yaml", policy("""
                    podSelector:
                      matchExpressions:
                      - {key: Example.com/app, operator: Exists}
                    """));
            dir.failure("spec.podSelector.matchExpressions[0].key: label key 'Example.com/app' has an invalid prefix");

            dir.file("bad.yaml", policy("""
                    podSelector:
                      matchExpressions:
                      - {key: app, operator: In, values: [web, "not valid"]}
                    """));
            dir.failure("spec.podSelector.matchExpressions[0].values[1]: label value 'not valid' is invalid");
        }
    }

    @Nested
    class Labels {
        @ParameterizedTest
        @ValueSource(strings = {"1", "true", "yes", "null", "1.5", "[a]"})
        void labelValuesThatAreNotStringsAreInvalid(String value) {
            dir.file("bad.yaml", pod("version: " + value, "- name: main"));

            dir.failure("bad.yaml: Pod prod/web: metadata.labels.version: label value must be a string");
        }

        @Test
        void labelKeysAreValidatedOnEveryKindThatMatters() {
            dir.file("bad.yaml", """
                    apiVersion: v1
                    kind: Namespace
                    metadata:
                      name: prod
                      labels: {"team/": web}
                    """);
            dir.failure("bad.yaml: Namespace prod: metadata.labels['team/']: label key 'team/' is invalid");

            dir.file("bad.yaml", """
                    apiVersion: networking.k8s.io/v1
                    kind: NetworkPolicy
                    metadata:
                      name: broken
                      namespace: prod
                      labels: {"a/b/c": x}
                    """);
            dir.failure("bad.yaml: NetworkPolicy prod/broken: metadata.labels['a/b/c']:");

            dir.file("bad.yaml", """
                    apiVersion: apps/v1
                    kind: Deployment
                    metadata:
                      name: web
                      namespace: prod
                      labels: {ok: fine}
                    spec:
                      template:
                        metadata:
                          labels: {app: "%s"}
                    """.formatted("x".repeat(64)));
            dir.failure("bad.yaml: Deployment prod/web: spec.template.metadata.labels.app: label value");
        }

        @Test
        void cronJobTemplateLabelsAreValidated() {
            dir.file("bad.yaml", """
                    apiVersion: batch/v1
                    kind: CronJob
                    metadata: {name: nightly, namespace: prod}
                    spec:
                      jobTemplate:
                        spec:
                          template:
                            metadata:
                              labels: {run: 1}
                    """);

            dir.failure("bad.yaml: CronJob prod/nightly: spec.jobTemplate.spec.template.metadata.labels.run:"
                    + " label value must be a string, got the number 1");
        }
    }

    @Nested
    class ContainerPorts {
        @ParameterizedTest
        @ValueSource(strings = {"0", "65536"})
        void containerPortNumbersLieIn1To65535(String port) {
            dir.file("bad.yaml", pod("app: web", """
                    - name: main
                      ports:
                      - containerPort: %s
                    """.formatted(port)));

            dir.failure("bad.yaml: Pod prod/web: spec.containers[0].ports[0].containerPort: port " + port
                    + " is outside 1..65535");
        }

        @Test
        void containerPortMustBeAnInteger() {
            dir.file("bad.yaml", pod("app: web", """
                    - name: main
                      ports:
                      - containerPort: "8080"
                    """));

            dir.failure("spec.containers[0].ports[0].containerPort: expected an integer, got the string '8080'");
        }

        @Test
        void containerPortProtocolAndNameAreValidated() {
            dir.file("bad.yaml", pod("app: web", """
                    - name: main
                    - name: sidecar
                      ports:
                      - {containerPort: 80, protocol: ICMP}
                    """));
            dir.failure("bad.yaml: Pod prod/web: spec.containers[1].ports[0].protocol: unknown protocol 'ICMP'");

            dir.file("bad.yaml", pod("app: web", """
                    - name: main
                      ports:
                      - {containerPort: 80, name: Http}
                    """));
            dir.failure("spec.containers[0].ports[0].name: port name 'Http' is not a valid IANA service name");
        }

        @Test
        void workloadTemplatePortsAreValidated() {
            dir.file("bad.yaml", """
                    apiVersion: apps/v1
                    kind: StatefulSet
                    metadata: {name: db, namespace: prod}
                    spec:
                      template:
                        spec:
                          containers:
                          - ports: [{containerPort: 5432, protocol: udp}]
                    """);

            dir.failure("bad.yaml: StatefulSet prod/db: spec.template.spec.containers[0].ports[0].protocol: unknown protocol 'udp'");
        }
    }

    @Nested
    class Identity {
        @Test
        void anObjectNeedsAName() {
            dir.file("bad.yaml", """
                    apiVersion: v1
                    kind: Pod
                    metadata:
                      namespace: prod
                      labels: {app: web}
                    """);

            dir.failure("bad.yaml: Pod prod/(no name): metadata.name: missing");
        }

        @Test
        void anEmptyNameIsNoName() {
            dir.file("bad.yaml", """
                    apiVersion: v1
                    kind: Namespace
                    metadata: {name: ""}
                    """);

            dir.failure("bad.yaml: Namespace (no name): metadata.name: missing");
        }

        @Test
        void theSameObjectInTwoFilesNamesBothFiles() {
            String checkout = """
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: checkout, namespace: shop}
                    """;
            dir.file("a.yaml", checkout).file("b-more.yaml", checkout);

            assertEquals("b-more.yaml: Pod shop/checkout: defined twice, in a.yaml and b-more.yaml", dir.failure());
        }

        @Test
        void theSameObjectTwiceInOneFileNamesBothDocuments() {
            dir.file("ns.yaml", """
                    kind: Namespace
                    metadata: {name: shop}
                    ---
                    kind: Namespace
                    metadata: {name: other}
                    ---
                    kind: Namespace
                    metadata: {name: shop, labels: {team: web}}
                    """);

            assertEquals("ns.yaml (document 3): Namespace shop: defined twice, in ns.yaml and ns.yaml (document 3)",
                    dir.failure());
        }

        @Test
        void theDefaultNamespaceCountsForDuplicates() {
            dir.file("a.yaml", """
                    apiVersion: networking.k8s.io/v1
                    kind: NetworkPolicy
                    metadata: {name: deny}
                    """).file("b.yaml", """
                    apiVersion: networking.k8s.io/v1
                    kind: NetworkPolicy
                    metadata: {name: deny, namespace: default}
                    """);

            dir.failure("b.yaml: NetworkPolicy default/deny: defined twice, in a.yaml and b.yaml");
        }

        @Test
        void sameNameOfAnotherKindOrNamespaceIsAnotherObject() throws Exception {
            dir.file("a.yaml", """
                    kind: Pod
                    metadata: {name: web, namespace: shop}
                    ---
                    kind: Deployment
                    metadata: {name: web, namespace: shop}
                    ---
                    kind: Pod
                    metadata: {name: web, namespace: other}
                    ---
                    kind: Namespace
                    metadata: {name: web}
                    """);

            assertEquals(2, dir.read().pods().size());
        }
    }

    @Nested
    class Documents {
        @Test
        void unparseableYamlNamesFileAndLine() {
            dir.file("good.yaml", "kind: Namespace\nmetadata: {name: shop}\n").file("bad.yaml", """
                    kind: Pod
                    metadata:
                      name: web
                      labels: [a, b
                    spec: {}
                    """);

            dir.failure("bad.yaml: invalid YAML: line 5, column");
        }

        @Test
        void duplicateYamlKeysAreUnparseable() {
            dir.file("bad.yaml", """
                    kind: Pod
                    metadata:
                      name: web
                      name: api
                    """);

            dir.failure("bad.yaml: invalid YAML: line 4, column 3: found duplicate key name");
        }

        @Test
        void unparseableJsonNamesFileAndLine() {
            dir.file("bad.json", """
                    {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "x"}
                    """);

            dir.failure("bad.json: invalid JSON: line 2, column 1:");
        }

        @Test
        void duplicateJsonKeysAreUnparseable() {
            dir.file("bad.json", """
                    {"kind": "Pod", "metadata": {"name": "a", "name": "b"}}
                    """);

            dir.failure("bad.json: invalid JSON: line 1", "Duplicate field 'name'");
        }

        @Test
        void trailingJsonIsUnparseable() {
            dir.file("bad.json", """
                    {"kind": "Pod", "metadata": {"name": "a"}} {"kind": "Pod"}
                    """);

            dir.failure("bad.json: invalid JSON:");
        }

        @Test
        void aDocumentThatIsNotAMappingIsAnError() {
            dir.file("list.yaml", """
                    kind: Namespace
                    metadata: {name: shop}
                    ---
                    - kind: Pod
                      metadata: {name: web}
                    """);
            assertEquals("list.yaml (document 2): the document is a list, expected a Kubernetes object (a mapping)",
                    dir.failure());

            dir.file("list.yaml", "just words\n");
            dir.failure("list.yaml: the document is the string 'just words'");
        }

        @Test
        void aListItemThatIsNotAMappingIsAnError() {
            dir.file("pods.json", """
                    {"kind": "PodList", "items": [{"metadata": {"name": "a"}}, "b"]}
                    """);

            dir.failure("pods.json: items[1]: the item is the string 'b', expected a Kubernetes object");
        }

        @Test
        void listItemsAreLocatedByIndex() {
            dir.file("pods.yaml", """
                    kind: List
                    items:
                    - kind: Pod
                      metadata: {name: a}
                    - kind: PodList
                      items:
                      - metadata: {name: b, labels: {tier: 2}}
                    """);

            assertEquals("pods.yaml: items[1].items[0]: Pod default/b: metadata.labels.tier:"
                    + " label value must be a string, got the number 2 (quote it)", dir.failure());
        }

        @Test
        void theFirstInvalidObjectInPathOrderIsReported() {
            dir.file("b.yaml", pod("app: 1", "- name: main"))
                    .file("a/second.yaml", "kind: Namespace\nmetadata: {name: x}\n")
                    .file("a/first.yaml", """
                            kind: Namespace
                            metadata: {name: ok}
                            ---
                            kind: Namespace
                            metadata: {name: bad, labels: {a: 1}}
                            ---
                            kind: Namespace
                            metadata: {name: worse, labels: {b: 2}}
                            """);

            assertEquals("a/first.yaml (document 2): Namespace bad: metadata.labels.a: label value must be a string,"
                    + " got the number 1 (quote it)", dir.failure());
        }

        @Test
        void anInvalidObjectBeforeASyntaxErrorInTheSameFileIsReportedFirst() {
            dir.file("mixed.yaml", """
                    kind: Namespace
                    metadata: {name: bad, labels: {a: 1}}
                    ---
                    kind: Pod
                    metadata: {name: [unclosed
                    """);

            dir.failure("mixed.yaml: Namespace bad: metadata.labels.a:");
        }

        @Test
        void theMessageStaysOneLineWhenTheValueHasLineBreaks() {
            dir.file("bad.yaml", policy("""
                    ingress:
                    - from:
                      - ipBlock: {cidr: "10.0.0.0\\n/8"}
                    """));

            dir.failure("'10.0.0.0\\n/8'");
        }

        @Test
        void aMissingDirectoryIsAnError() {
            ManifestDir missing = new ManifestDir(tmp.resolve("nope"));

            missing.failure("nope: not a directory");
        }
    }

    @Nested
    class WrongTypes {
        @ParameterizedTest
        @ValueSource(strings = {
            "podSelector: x|spec.podSelector: expected a mapping, got the string 'x'",
            "ingress: {}|spec.ingress: expected a list, got a mapping",
            "ingress: [{from: x}]|spec.ingress[0].from: expected a list, got the string 'x'",
            "egress: [x]|spec.egress[0]: expected a mapping, got the string 'x'",
            "ingress: [{ports: {port: 80}}]|spec.ingress[0].ports: expected a list, got a mapping",
            "ingress: [{from: [{podSelector: []}]}]|spec.ingress[0].from[0].podSelector: expected a mapping, got a list",
            "podSelector: {matchLabels: [a]}|spec.podSelector.matchLabels: expected a mapping, got a list",
            "podSelector: {matchExpressions: {key: a}}|spec.podSelector.matchExpressions: expected a list",
            "podSelector: {matchExpressions: [{key: 1, operator: Exists}]}|matchExpressions[0].key: expected a string, got the number 1",
            "podSelector: {matchExpressions: [{key: a, operator: In, values: b}]}|matchExpressions[0].values: expected a list",
            "policyTypes: Ingress|spec.policyTypes: expected a list, got the string 'Ingress'",
            "ingress: [{from: [{ipBlock: {cidr: 10}}]}]|ipBlock.cidr: expected a string, got the number 10",
            "ingress: [{ports: [{protocol: [TCP]}]}]|ports[0].protocol: expected a string, got a list",
            "ingress: [{ports: [{port: 80, endPort: x}]}]|ports[0].endPort: expected an integer, got the string 'x'",
        })
        void policyFieldsOfTheWrongTypeAreNamed(String specAndMessage) {
            String[] parts = specAndMessage.split("\\|");
            dir.file("bad.yaml", policy(parts[0]));

            dir.failure("bad.yaml: NetworkPolicy prod/broken: ", parts[1]);
        }

        @Test
        void specItselfOfTheWrongType() {
            dir.file("bad.yaml", """
                    apiVersion: networking.k8s.io/v1
                    kind: NetworkPolicy
                    metadata: {name: broken, namespace: prod}
                    spec: [podSelector]
                    """);

            dir.failure("bad.yaml: NetworkPolicy prod/broken: spec: expected a mapping, got a list");
        }

        @Test
        void podFieldsOfTheWrongTypeAreNamed() {
            dir.file("bad.yaml", "kind: Pod\nmetadata: {name: web}\nspec: {containers: {name: main}}\n");
            dir.failure("bad.yaml: Pod default/web: spec.containers: expected a list, got a mapping");

            dir.file("bad.yaml", "kind: Pod\nmetadata: {name: web}\nspec: {hostNetwork: 'true'}\n");
            dir.failure("spec.hostNetwork: expected true or false, got the string 'true'");

            dir.file("bad.yaml", "kind: Pod\nmetadata: {name: web}\nstatus: {podIPs: [{ip: [1]}]}\n");
            dir.failure("status.podIPs[0].ip: expected a string, got a list");

            dir.file("bad.yaml", "kind: Pod\nmetadata: {name: web, labels: [app]}\n");
            dir.failure("Pod default/web: metadata.labels: expected a mapping, got a list");

            dir.file("bad.yaml", "kind: Pod\nmetadata: web\n");
            dir.failure("bad.yaml: Pod (no name): metadata: expected a mapping, got the string 'web'");

            dir.file("bad.yaml", "kind: Pod\nmetadata: {name: web, namespace: 7}\n");
            dir.failure("bad.yaml: Pod (no name): metadata.namespace: expected a string, got the number 7");
        }

        @Test
        void kindAndItemsOfTheWrongTypeAreNamed() {
            dir.file("bad.yaml", "kind: [Pod]\nmetadata: {name: web}\n");
            dir.failure("bad.yaml: kind: expected a string, got a list");

            dir.file("bad.yaml", "kind: List\nitems: {kind: Pod}\n");
            dir.failure("bad.yaml: List: items: expected a list, got a mapping");
        }

        @Test
        void labelKeysThatAreNotStringsAreNamed() {
            dir.file("bad.yaml", "kind: Pod\nmetadata: {name: web, labels: {1: one}}\n");

            dir.failure("bad.yaml: Pod default/web: metadata.labels: key the number 1 is not a string");
        }
    }
}
