package dev.netpolauditor.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Input built to hurt the reader fails fast and cleanly, with a ManifestException and nothing else. */
class HostileInputTest {

    private static final Duration FAST = Duration.ofSeconds(5);

    @TempDir
    Path tmp;
    ManifestDir dir;

    @BeforeEach
    void setUp() {
        dir = new ManifestDir(tmp);
    }

    @Test
    void billionLaughsIsRejected() {
        StringBuilder yaml = new StringBuilder("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            String previous = "*" + (char) (c - 1);
            yaml.append(c).append(": &").append(c).append(" [")
                    .append(String.join(", ", java.util.Collections.nCopies(9, previous))).append("]\n");
        }
        yaml.append("kind: Pod\nmetadata: {name: boom, labels: *j}\n");
        dir.file("bomb.yaml", yaml.toString());

        assertTimeoutPreemptively(FAST, () -> dir.failure("bomb.yaml", "invalid YAML", "aliases"));
    }

    @Test
    void deeplyNestedBlockYamlIsRejected() {
        dir.file("deep.yaml", "kind: Pod\nmetadata:\n" + "- ".repeat(10_000) + "x\n");

        assertTimeoutPreemptively(FAST, () -> dir.failure("deep.yaml", "invalid YAML", "Nesting Depth"));
    }

    @Test
    void deeplyNestedFlowYamlIsRejected() {
        dir.file("deep.yaml", "kind: Pod\nmetadata: " + "{a: ".repeat(10_000) + "x" + "}".repeat(10_000) + "\n");

        assertTimeoutPreemptively(FAST, () -> dir.failure("deep.yaml", "invalid YAML", "Nesting Depth"));
    }

    @Test
    void deeplyNestedJsonIsRejected() {
        dir.file("deep.json", "[".repeat(10_000) + "]".repeat(10_000));

        assertTimeoutPreemptively(FAST, () -> dir.failure("deep.json", "invalid JSON", "nesting depth"));
    }

    @Test
    void aListThatContainsItselfIsRejected() {
        // Aliases can build a cycle that no nesting limit of the parser sees.
        dir.file("cycle.yaml", """
                kind: List
                items: &items
                - kind: List
                  items: *items
                """);

        assertTimeoutPreemptively(FAST, () -> dir.failure("cycle.yaml: items[0].items[0]", "lists nested more than 8"));
    }

    @Test
    void aPolicySpecThatContainsItselfIsRejected() {
        // The spec is kept as data (diff compares it), so a cycle in a field nothing else reads must not recurse forever.
        dir.file("cycle.yaml", ManifestDir.policy("""
                podSelector: {}
                x-note: &note
                - *note
                """));

        assertTimeoutPreemptively(FAST, () -> dir.failure("cycle.yaml", "NetworkPolicy prod/broken", "contains itself"));
    }

    @Test
    void aClusterTierSpecThatContainsItselfInAnUnknownPeerIsRejected() {
        // A peer of only unknown fields is not read field by field (it fails closed), but the spec is kept as data.
        dir.file("cycle.yaml", """
                apiVersion: policy.networking.k8s.io/v1alpha2
                kind: ClusterNetworkPolicy
                metadata: {name: loop}
                spec:
                  tier: Admin
                  priority: 1
                  subject: {namespaces: {}}
                  ingress:
                  - action: Deny
                    from:
                    - serviceAccounts: &accounts
                      - *accounts
                """);

        assertTimeoutPreemptively(FAST, () -> dir.failure("cycle.yaml", "ClusterNetworkPolicy loop", "contains itself"));
    }

    @Test
    void aFileOver64MiBIsRefusedUnread() throws IOException {
        try (RandomAccessFile sparse = new RandomAccessFile(tmp.resolve("huge.yaml").toFile(), "rw")) {
            sparse.setLength(64L * 1024 * 1024 + 1);
        }

        assertTimeoutPreemptively(FAST, () -> dir.failure("huge.yaml: larger than 64 MiB"));
    }

    @Test
    void typeTagsThatBuildObjectsAreRejected() {
        dir.file("tags.yaml", "kind: Pod\nmetadata: !!javax.script.ScriptEngineManager [x]\n");
        dir.failure("tags.yaml: invalid YAML: line 2", "Global tag is not allowed");

        dir.file("tags.yaml", "kind: Pod\nmetadata: !custom {name: web}\n");
        dir.failure("tags.yaml: invalid YAML: line 2", "could not determine a constructor");

        dir.file("tags.yaml", "kind: Pod\nmetadata: {name: !!int abc}\n");
        dir.failure("tags.yaml: invalid YAML:");
    }

    @Test
    void malformedUtf8IsRejected() {
        dir.file("bytes.yaml", new byte[] {'k', 'i', 'n', 'd', ':', ' ', (byte) 0xC3, (byte) 0x28, '\n'});

        dir.failure("bytes.yaml: invalid YAML");
    }

    @Test
    void truncatedAndMutatedManifestsNeverThrowAnythingButManifestException() throws IOException {
        byte[] yaml = sample("""
                kind: List
                items:
                - apiVersion: v1
                  kind: Namespace
                  metadata: {name: shop, labels: {team: web}}
                - apiVersion: v1
                  kind: Pod
                  metadata:
                    name: web
                    namespace: shop
                    labels: {app: web, tier: "1"}
                  spec:
                    hostNetwork: false
                    containers:
                    - image: registry.example/web:1
                      ports:
                      - {name: http, containerPort: 8080, protocol: TCP}
                  status: {phase: Running, podIP: 10.0.0.1, podIPs: [{ip: 10.0.0.1}]}
                ---
                apiVersion: apps/v1
                kind: CronJob
                metadata: {name: nightly, namespace: shop}
                spec:
                  jobTemplate:
                    spec:
                      template:
                        metadata: {labels: {app: nightly}}
                        spec:
                          containers: [{image: x, ports: [{containerPort: 9000}]}]
                ---
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: api, namespace: shop}
                spec:
                  podSelector:
                    matchLabels: {app: web}
                    matchExpressions: [{key: tier, operator: In, values: ["1", "2"]}]
                  policyTypes: [Ingress, Egress]
                  ingress:
                  - from:
                    - podSelector: {}
                      namespaceSelector: {matchLabels: {team: web}}
                    - ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}
                    ports:
                    - {port: 8080, endPort: 8090}
                    - {port: http, protocol: UDP}
                  egress:
                  - to: [{ipBlock: {cidr: "fd00::/8"}}]
                """);
        byte[] json = sample("""
                {"apiVersion": "v1", "kind": "PodList", "items": [
                  {"metadata": {"name": "a", "namespace": "shop", "labels": {"app": "a"}},
                   "spec": {"containers": [{"ports": [{"name": "http", "containerPort": 80, "protocol": "UDP"}]}]},
                   "status": {"phase": "Running", "podIPs": [{"ip": "10.0.0.2"}]}},
                  {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
                   "metadata": {"name": "p", "namespace": "shop"},
                   "spec": {"ingress": [{"from": [{"ipBlock": {"cidr": "10.0.0.0/8", "except": ["10.0.0.0/9"]}}],
                            "ports": [{"port": 80, "endPort": 81}]}]}}
                ]}
                """);
        Random random = new Random(20240501);
        for (int round = 0; round < 1000; round++) {
            readSurvives("sample.yaml", mutate(yaml, random));
            readSurvives("sample.json", mutate(json, random));
        }
    }

    @Test
    void truncatedAndMutatedClusterTierPoliciesNeverThrowAnythingButManifestException() throws IOException {
        byte[] yaml = sample("""
                apiVersion: policy.networking.k8s.io/v1alpha2
                kind: ClusterNetworkPolicy
                metadata: {name: walls}
                spec:
                  tier: Admin
                  priority: 10
                  subject: {pods: {namespaceSelector: {matchLabels: {team: a}}, podSelector: {}}}
                  ingress:
                  - name: monitoring
                    action: Accept
                    from: [{namespaces: {matchLabels: {purpose: monitoring}}}, {serviceAccounts: {names: [x]}}]
                    protocols:
                    - tcp: {destinationPort: {number: 9090}}
                    - udp: {destinationPort: {range: {start: 5000, end: 5001}}}
                    - destinationNamedPort: metrics
                  egress:
                  - action: Deny
                    to: [{networks: [10.0.0.0/8, "fd00::/64"]}, {nodes: {}}]
                  - action: Accept
                    to: [{domainNames: ["*.example.com"]}]
                ---
                apiVersion: policy.networking.k8s.io/v1alpha1
                kind: AdminNetworkPolicy
                metadata: {name: dns}
                spec:
                  priority: 3
                  subject: {namespaces: {}}
                  egress:
                  - action: Allow
                    to: [{pods: {namespaceSelector: {}, podSelector: {matchLabels: {k8s-app: kube-dns}}}}]
                    ports: [{portNumber: {protocol: UDP, port: 53}}, {portRange: {start: 1, end: 2}}, {namedPort: dns}]
                ---
                apiVersion: policy.networking.k8s.io/v1alpha1
                kind: BaselineAdminNetworkPolicy
                metadata: {name: default}
                spec:
                  subject: {namespaces: {}}
                  ingress: [{action: Deny, from: [{namespaces: {}}]}]
                """);
        Random random = new Random(20261207);
        for (int round = 0; round < 1000; round++) {
            readSurvives("tiers.yaml", mutate(yaml, random));
        }
    }

    private static byte[] sample(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A random truncation, or a copy with a few bytes replaced by structural characters. */
    private static byte[] mutate(byte[] valid, Random random) {
        if (random.nextBoolean()) {
            return Arrays.copyOf(valid, random.nextInt(valid.length));
        }
        byte[] out = valid.clone();
        byte[] noise = ":-[]{},\"'&*!#|> \n0aZ".getBytes(StandardCharsets.UTF_8);
        for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) {
            out[random.nextInt(out.length)] = noise[random.nextInt(noise.length)];
        }
        return out;
    }

    private void readSurvives(String name, byte[] content) throws IOException {
        Path round = Files.createTempDirectory(tmp, "round");
        new ManifestDir(round).file(name, content);
        try {
            ManifestReader.read(round);
        } catch (ManifestException expected) {
            assertEquals(-1, expected.getMessage().indexOf('\n'), expected.getMessage());
        } catch (RuntimeException e) {
            fail("reading " + name + " threw " + e + " for:\n" + new String(content, StandardCharsets.UTF_8), e);
        }
    }
}
