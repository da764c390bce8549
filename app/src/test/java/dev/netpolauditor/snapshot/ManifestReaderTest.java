package dev.netpolauditor.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netpolauditor.model.Cidr;
import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.model.ContainerPort;
import dev.netpolauditor.model.LabelSelector;
import dev.netpolauditor.model.Namespace;
import dev.netpolauditor.model.NetworkPolicy;
import dev.netpolauditor.model.Peer;
import dev.netpolauditor.model.Pod;
import dev.netpolauditor.model.PodPhase;
import dev.netpolauditor.model.PolicyType;
import dev.netpolauditor.model.PortMatch;
import dev.netpolauditor.model.PortRule;
import dev.netpolauditor.model.Protocol;
import dev.netpolauditor.model.Rule;
import dev.netpolauditor.model.SelectorOperator;
import dev.netpolauditor.model.SelectorRequirement;
import dev.netpolauditor.model.SourceRef;
import dev.netpolauditor.model.Workload;
import dev.netpolauditor.model.WorkloadKind;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What valid manifests read into. */
class ManifestReaderTest {

    @TempDir
    Path tmp;
    ManifestDir dir;

    @BeforeEach
    void setUp() {
        dir = new ManifestDir(tmp);
    }

    @Test
    void readsWhatMattersOfAPod() throws Exception {
        dir.file("pods.yaml", """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: web
                  namespace: shop
                  labels:
                    app: web
                    app.kubernetes.io/part-of: shop
                spec:
                  hostNetwork: true
                  initContainers:
                  - name: migrate
                    ports:
                    - containerPort: 9999
                  containers:
                  - name: main
                    image: registry.example/web:1
                    ports:
                    - name: http
                      containerPort: 8080
                    - containerPort: 53
                      protocol: UDP
                  - name: sidecar
                    ports:
                    - name: metrics
                      containerPort: 9090
                      protocol: TCP
                status:
                  phase: Running
                  podIP: 10.1.0.7
                  podIPs:
                  - ip: 10.1.0.7
                  - ip: fd00::7
                """);

        ClusterState state = dir.read();

        assertEquals(List.of(new Pod("shop", "web", Map.of("app", "web", "app.kubernetes.io/part-of", "shop"),
                        List.of(new ContainerPort("http", 8080, Protocol.TCP), new ContainerPort(null, 53, Protocol.UDP),
                                new ContainerPort("metrics", 9090, Protocol.TCP)),
                        true, PodPhase.RUNNING, List.of("10.1.0.7", "fd00::7"), new SourceRef("pods.yaml", 0))),
                state.pods());
    }

    @Test
    void podDefaultsNamespaceAndPhase() throws Exception {
        dir.file("pod.yaml", """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: lonely
                """);

        Pod pod = dir.read().pods().getFirst();

        assertEquals("default", pod.namespace());
        assertEquals(PodPhase.UNKNOWN, pod.phase());
        assertEquals(List.of(), pod.ports());
        assertFalse(pod.hostNetwork());
        assertEquals(List.of(), pod.podIps());
    }

    @Test
    void containerPortWithoutNumberIsKeptAsPortZero() throws Exception {
        // np-guard's examples misspell containerPort; the engine ignores port 0.
        dir.file("pod.yaml", ManifestDir.pod("app: web", """
                - name: main
                  ports:
                  - name: udps
                    containerport: 3535
                    protocol: UDP
                  - name: ""
                    containerPort: 80
                """));

        assertEquals(List.of(new ContainerPort("udps", 0, Protocol.UDP), new ContainerPort(null, 80, Protocol.TCP)),
                dir.read().pods().getFirst().ports());
    }

    @Test
    void declaredNamespacesGetTheirNameLabelAndReferencedOnesAreImpliedOnce() throws Exception {
        dir.file("a-pods.yaml", """
                apiVersion: v1
                kind: Pod
                metadata: {name: web, namespace: shop}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: db, namespace: data}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: cache, namespace: data}
                """).file("b-policies.yaml", """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: deny, namespace: ops}
                """).file("c-namespaces.yaml", """
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: shop
                  labels:
                    team: web
                    kubernetes.io/metadata.name: spoofed
                """);

        ClusterState state = dir.read();

        assertEquals(List.of(
                        new Namespace("shop", Map.of("team", "web", Namespace.NAME_LABEL, "shop"), true,
                                new SourceRef("c-namespaces.yaml", 0)),
                        Namespace.implied("data"),
                        Namespace.implied("ops")),
                state.namespaces());
    }

    @Test
    void readsANetworkPolicy() throws Exception {
        dir.file("policy.yaml", """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata:
                  name: api
                  namespace: prod
                spec:
                  podSelector:
                    matchLabels:
                      app: api
                    matchExpressions:
                    - {key: tier, operator: In, values: [backend, edge]}
                    - {key: canary, operator: DoesNotExist}
                  policyTypes: [Ingress, Egress]
                  ingress:
                  - from:
                    - podSelector: {matchLabels: {app: web}}
                    - namespaceSelector: {}
                    - podSelector: {}
                      namespaceSelector: {matchLabels: {team: ops}}
                    - ipBlock:
                        cidr: 10.0.0.1/8
                        except: [10.1.0.0/16]
                    ports:
                    - port: 8080
                    - protocol: UDP
                      port: 30000
                      endPort: 30100
                    - port: http
                      protocol: SCTP
                    - protocol: UDP
                  - {}
                  egress:
                  - to:
                    - ipBlock: {cidr: "fd00::/8"}
                    ports: []
                """);

        NetworkPolicy expected = new NetworkPolicy("prod", "api",
                new LabelSelector(Map.of("app", "api"), List.of(
                        new SelectorRequirement("tier", SelectorOperator.In, List.of("backend", "edge")),
                        new SelectorRequirement("canary", SelectorOperator.DoesNotExist, List.of()))),
                List.of(PolicyType.INGRESS, PolicyType.EGRESS),
                List.of(new Rule(
                                List.of(new Peer.Selectors(new LabelSelector(Map.of("app", "web"), List.of()), null),
                                        new Peer.Selectors(null, LabelSelector.EVERYTHING),
                                        new Peer.Selectors(LabelSelector.EVERYTHING,
                                                new LabelSelector(Map.of("team", "ops"), List.of())),
                                        new Peer.IpBlock(Cidr.parse("10.0.0.1/8"), List.of(Cidr.parse("10.1.0.0/16")))),
                                List.of(new PortRule(Protocol.TCP, new PortMatch.Range(8080, 8080)),
                                        new PortRule(Protocol.UDP, new PortMatch.Range(30000, 30100)),
                                        new PortRule(Protocol.SCTP, new PortMatch.Named("http")),
                                        new PortRule(Protocol.UDP, new PortMatch.AnyPort()))),
                        new Rule(List.of(), List.of())),
                List.of(new Rule(List.of(new Peer.IpBlock(Cidr.parse("fd00::/8"), List.of())), List.of())),
                new SourceRef("policy.yaml", 0));
        // The parsed fields; the written spec (compared by diff) is checked on its own.
        assertEquals(List.of(expected), dir.read().policies().stream().map(p -> p.withSpec(null)).toList());
    }

    @Test
    void absentPodSelectorSelectsEverythingAndAbsentPolicyTypesStayEmpty() throws Exception {
        dir.file("deny.yaml", """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata:
                  name: deny-all
                spec:
                  ingress:
                  - from: []
                    ports: []
                  egress: null
                """);

        NetworkPolicy policy = dir.read().policies().getFirst();

        assertEquals("default", policy.namespace());
        assertEquals(LabelSelector.EVERYTHING, policy.podSelector());
        assertEquals(List.of(), policy.policyTypes());
        assertEquals(List.of(new Rule(List.of(), List.of())), policy.ingress());
        assertEquals(List.of(), policy.egress());
    }

    @Test
    void aPlainListContributesItemsThatCarryTheirOwnKind() throws Exception {
        dir.file("list.yaml", """
                apiVersion: v1
                kind: List
                items:
                - apiVersion: v1
                  kind: Namespace
                  metadata: {name: shop}
                - apiVersion: v1
                  kind: Pod
                  metadata: {name: web, namespace: shop}
                - apiVersion: networking.k8s.io/v1
                  kind: NetworkPolicy
                  metadata: {name: deny, namespace: shop}
                - apiVersion: v1
                  kind: Service
                  metadata: {name: web, namespace: shop}
                - metadata: {name: no-kind-is-skipped}
                """);

        ClusterState state = dir.read();

        assertEquals(List.of("shop"), state.namespaces().stream().map(Namespace::name).toList());
        assertTrue(state.namespaces().getFirst().declared());
        assertEquals(List.of("web"), state.pods().stream().map(Pod::name).toList());
        assertEquals(List.of("deny"), state.policies().stream().map(NetworkPolicy::name).toList());
    }

    @Test
    void itemsOfATypedListWithoutKindTakeTheListsKindAndApiVersion() throws Exception {
        dir.file("pods.yaml", """
                apiVersion: v1
                kind: PodList
                items:
                - metadata: {name: a, namespace: shop}
                - metadata: {name: b, namespace: shop}
                """).file("namespaces.json", """
                {"apiVersion": "v1", "kind": "NamespaceList",
                 "items": [{"metadata": {"name": "shop", "labels": {"team": "web"}}}]}
                """).file("policies.yaml", """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicyList
                items:
                - metadata: {name: deny, namespace: shop}
                - apiVersion: projectcalico.org/v3
                  metadata: {name: calico-style, namespace: shop}
                """);

        ClusterState state = dir.read();

        assertEquals(List.of("a", "b"), state.pods().stream().map(Pod::name).toList());
        assertEquals(Map.of("team", "web", Namespace.NAME_LABEL, "shop"), state.namespaces().getFirst().labels());
        assertEquals(List.of("deny"), state.policies().stream().map(NetworkPolicy::name).toList());
    }

    @Test
    void readsKubectlGetOutput() throws Exception {
        // The shape of `kubectl get ns,pods,networkpolicies -A -o yaml`.
        dir.file("cluster.yaml", """
                apiVersion: v1
                items:
                - apiVersion: v1
                  kind: Namespace
                  metadata:
                    creationTimestamp: "2024-05-01T10:00:00Z"
                    labels:
                      kubernetes.io/metadata.name: shop
                    name: shop
                    resourceVersion: "123"
                    uid: 7d3c0b1e-0000-4000-8000-000000000001
                  spec:
                    finalizers:
                    - kubernetes
                  status:
                    phase: Active
                - apiVersion: v1
                  kind: Pod
                  metadata:
                    annotations:
                      kubectl.kubernetes.io/restartedAt: "2024-05-01T10:00:00Z"
                    creationTimestamp: "2024-05-01T10:00:00Z"
                    generateName: web-7c9f8d6b5-
                    labels:
                      app: web
                      pod-template-hash: 7c9f8d6b5
                    managedFields:
                    - apiVersion: v1
                      fieldsType: FieldsV1
                      fieldsV1:
                        f:metadata:
                          f:labels:
                            .: {}
                            f:app: {}
                      manager: kube-controller-manager
                      operation: Update
                      time: "2024-05-01T10:00:00Z"
                    name: web-7c9f8d6b5-x2x4k
                    namespace: shop
                    ownerReferences:
                    - apiVersion: apps/v1
                      blockOwnerDeletion: true
                      controller: true
                      kind: ReplicaSet
                      name: web-7c9f8d6b5
                      uid: 7d3c0b1e-0000-4000-8000-000000000002
                  spec:
                    containers:
                    - image: registry.example/web:1
                      imagePullPolicy: IfNotPresent
                      name: web
                      ports:
                      - containerPort: 8080
                        name: http
                        protocol: TCP
                      resources: {}
                    dnsPolicy: ClusterFirst
                    restartPolicy: Always
                    tolerations:
                    - effect: NoExecute
                      key: node.kubernetes.io/not-ready
                      operator: Exists
                      tolerationSeconds: 300
                  status:
                    conditions:
                    - lastProbeTime: null
                      status: "True"
                      type: Ready
                    hostIP: 192.168.49.2
                    phase: Running
                    podIP: 10.244.0.5
                    podIPs:
                    - ip: 10.244.0.5
                    startTime: "2024-05-01T10:00:00Z"
                - apiVersion: networking.k8s.io/v1
                  kind: NetworkPolicy
                  metadata:
                    annotations:
                      kubectl.kubernetes.io/last-applied-configuration: |
                        {"apiVersion":"networking.k8s.io/v1","kind":"NetworkPolicy"}
                    generation: 1
                    name: web
                    namespace: shop
                  spec:
                    ingress:
                    - from:
                      - podSelector: {}
                      ports:
                      - port: http
                        protocol: TCP
                    podSelector:
                      matchLabels:
                        app: web
                    policyTypes:
                    - Ingress
                kind: List
                metadata:
                  resourceVersion: ""
                """);

        ClusterState state = dir.read();

        assertEquals(1, state.namespaces().size());
        assertEquals(List.of(new ContainerPort("http", 8080, Protocol.TCP)), state.pods().getFirst().ports());
        assertEquals(List.of("10.244.0.5"), state.pods().getFirst().podIps());
        assertEquals(List.of(new PortRule(Protocol.TCP, new PortMatch.Named("http"))),
                state.policies().getFirst().ingress().getFirst().ports());
    }

    @Test
    void workloadsStandForThePodsOfTheirTemplate() throws Exception {
        String template = """
                    template:
                      metadata:
                        labels: {app: %s}
                      spec:
                        containers:
                        - image: registry.example/%s:1
                          ports:
                          - {name: http, containerPort: 8080}
                """;
        StringBuilder yaml = new StringBuilder();
        for (String kind : List.of("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job")) {
            String name = kind.toLowerCase();
            yaml.append("""
                    kind: %s
                    metadata:
                      name: %s
                      namespace: shop
                      labels: {owner-label: not-the-template}
                    spec:
                    """.formatted(kind, name)).append(template.formatted(name, name)).append("---\n");
        }
        yaml.append("""
                kind: CronJob
                metadata: {name: nightly, namespace: batch}
                spec:
                  schedule: "0 3 * * *"
                  jobTemplate:
                    spec:
                      template:
                        metadata:
                          labels: {app: nightly}
                        spec:
                          hostNetwork: true
                          initContainers:
                          - image: registry.example/init:1
                            ports: [{containerPort: 1234}]
                          containers:
                          - image: registry.example/nightly:1
                            ports: [{containerPort: 9000, protocol: UDP}]
                """);
        dir.file("workloads.yaml", yaml.toString());

        List<Workload> workloads = dir.read().workloads();

        assertEquals(List.of(WorkloadKind.Deployment, WorkloadKind.StatefulSet, WorkloadKind.DaemonSet,
                WorkloadKind.ReplicaSet, WorkloadKind.ReplicationController, WorkloadKind.Job, WorkloadKind.CronJob),
                workloads.stream().map(Workload::kind).toList());
        Workload deployment = workloads.getFirst();
        assertEquals(new Workload(WorkloadKind.Deployment, "shop", "deployment", Map.of("app", "deployment"),
                List.of(new ContainerPort("http", 8080, Protocol.TCP)), false, List.of("registry.example/deployment:1"),
                new SourceRef("workloads.yaml", 0)), deployment);
        assertEquals(new Workload(WorkloadKind.CronJob, "batch", "nightly", Map.of("app", "nightly"),
                List.of(new ContainerPort(null, 9000, Protocol.UDP)), true, List.of("registry.example/nightly:1"),
                new SourceRef("workloads.yaml", 6)), workloads.getLast());
    }

    @Test
    void multiDocumentYamlSkipsEmptyDocumentsAndMappingsWithoutKind() throws Exception {
        dir.file("all.yaml", """
                ---
                # only a comment
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: first}
                ---
                metadata: {name: no-kind}
                ---
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: second}
                ---
                """);

        List<Pod> pods = dir.read().pods();

        assertEquals(List.of("first", "second"), pods.stream().map(Pod::name).toList());
        // Document indices count every document, so messages point at the right one.
        assertEquals(List.of(new SourceRef("all.yaml", 1), new SourceRef("all.yaml", 4)),
                pods.stream().map(Pod::source).toList());
    }

    @Test
    void readsJsonFiles() throws Exception {
        dir.file("pod.json", """
                {
                  "apiVersion": "v1",
                  "kind": "Pod",
                  "metadata": {"name": "web", "namespace": "shop", "labels": {"app": "web"}},
                  "spec": {"containers": [{"ports": [{"name": "http", "containerPort": 80}]}]}
                }
                """).file("empty.json", "  \n");

        Pod pod = dir.read().pods().getFirst();

        assertEquals(Map.of("app", "web"), pod.labels());
        assertEquals(List.of(new ContainerPort("http", 80, Protocol.TCP)), pod.ports());
        assertEquals(new SourceRef("pod.json", 0), pod.source());
    }

    @Test
    void filesAreReadInPlainStringOrderOfTheirRelativePath() throws Exception {
        String pod = """
                kind: Pod
                metadata: {name: %s}
                """;
        // '-' (0x2D) sorts before '/' (0x2F), and upper case before lower case.
        dir.file("b.yaml", pod.formatted("b"))
                .file("a/z.yaml", pod.formatted("a-z"))
                .file("a/b/c.yml", pod.formatted("a-b-c"))
                .file("a-b.json", "{\"kind\": \"Pod\", \"metadata\": {\"name\": \"a-dash-b\"}}")
                .file("Z.yaml", pod.formatted("upper-z"))
                .file("notes.txt", pod.formatted("not-a-manifest"))
                .file("a/README.md", pod.formatted("not-a-manifest-either"));

        List<Pod> pods = dir.read().pods();

        assertEquals(List.of("Z.yaml", "a-b.json", "a/b/c.yml", "a/z.yaml", "b.yaml"),
                pods.stream().map(p -> p.source().file()).toList());
        assertEquals(List.of("upper-z", "a-dash-b", "a-b-c", "a-z", "b"), pods.stream().map(Pod::name).toList());
    }

    @Test
    void networkPoliciesOfOtherApiGroupsAreSkippedUnexamined() throws Exception {
        // The label value 1 would be invalid in a networking.k8s.io/v1 policy.
        dir.file("calico.yaml", """
                apiVersion: projectcalico.org/v3
                kind: NetworkPolicy
                metadata:
                  name: allow-tcp-6379
                  namespace: production
                  labels: {revision: 1}
                spec:
                  selector: role == 'database'
                  types: [Ingress]
                  ingress:
                  - action: Allow
                    protocol: TCP
                    source:
                      selector: role == 'frontend'
                    destination:
                      ports: [6379]
                """);

        ClusterState state = dir.read();

        assertEquals(List.of(), state.policies());
        assertEquals(List.of(), state.namespaces());
    }

    @Test
    void otherKindsAreSkippedUnexamined() throws Exception {
        dir.file("other.yaml", """
                apiVersion: v1
                kind: Service
                metadata:
                  labels: {port: 80}
                spec:
                  ports: [{port: 80, protocol: tcp}]
                ---
                apiVersion: v1
                kind: ConfigMap
                data: {a: b}
                """);

        assertEquals(new ClusterState(List.of(), List.of(), List.of(), List.of()), dir.read());
    }

    @Test
    void timestampLikeLabelValuesStayStrings() throws Exception {
        // kubectl's YAML decoder keeps timestamps as strings; only yes/no/numbers are not strings.
        dir.file("pod.yaml", ManifestDir.pod("released: 2024-01-31", "- name: main"));

        assertEquals(Map.of("released", "2024-01-31"), dir.read().pods().getFirst().labels());
    }

    @Test
    void anEmptyDirectoryIsAnEmptyCluster() throws Exception {
        assertEquals(new ClusterState(List.of(), List.of(), List.of(), List.of()), dir.read());
    }
}
