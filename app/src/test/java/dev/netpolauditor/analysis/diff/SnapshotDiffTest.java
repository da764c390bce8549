package dev.netpolauditor.analysis.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netpolauditor.analysis.Tenancy;
import dev.netpolauditor.engine.Endpoint;
import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.model.IpAddress;
import dev.netpolauditor.model.PortSet;
import dev.netpolauditor.snapshot.ManifestReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract's tricky bits of {@code diff}, on manifests written per test. */
class SnapshotDiffTest {

    @TempDir
    Path tmp;

    private static final String NAMESPACES = """
            apiVersion: v1
            kind: Namespace
            metadata: {name: prod, labels: {team: core}}
            ---
            apiVersion: v1
            kind: Namespace
            metadata: {name: ops, labels: {team: operations}}
            """;

    private static final String PODS = """
            apiVersion: v1
            kind: Pod
            metadata: {name: web, namespace: prod, labels: {app: web}}
            spec: {containers: [{name: c, ports: [{name: http, containerPort: 8080}]}]}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: db, namespace: prod, labels: {app: db}}
            spec: {containers: [{name: c}]}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: backup, namespace: ops, labels: {app: backup}}
            spec: {containers: [{name: c}]}
            """;

    /** db admits web, and pods of namespaces labelled team=ops (none at first): a dangling peer. */
    private static final String DB_POLICY = """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: db-policy, namespace: prod}
            spec:
              podSelector: {matchLabels: {app: db}}
              ingress:
              - from:
                - podSelector: {matchLabels: {app: web}}
              - from:
                - namespaceSelector: {matchLabels: {team: ops}}
                ports:
                - port: 5432
            """;

    /** The tenant label of both sides; the manifests label namespaces with team, so none by default. */
    private String tenantLabel = "tenant";
    private int runs;

    private DiffReport diff(Map<String, String> from, Map<String, String> to, String... ips) throws Exception {
        return SnapshotDiff.between(side("from", from, ips), side("to", to, ips));
    }

    private Side side(String name, Map<String, String> files, String... ips) throws Exception {
        Path dir = tmp.resolve(name + "-" + (++runs)); // a fresh directory for every side read
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path p = dir.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.getValue());
        }
        Files.createDirectories(dir);
        ClusterState cluster = ManifestReader.read(dir);
        List<Endpoint.Ip> external = new ArrayList<>();
        for (String ip : ips) {
            external.add(new Endpoint.Ip(IpAddress.parse(ip)));
        }
        return Side.of(cluster, Tenancy.byLabel(tenantLabel), external);
    }

    private static Map<String, String> files(String... namesAndContents) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < namesAndContents.length; i += 2) {
            out.put(namesAndContents[i], namesAndContents[i + 1]);
        }
        return out;
    }

    private static List<String> lines(DiffReport report) {
        List<String> out = new ArrayList<>();
        report.objects().forEach(c -> out.add("object " + c.change().wireName() + " " + c.kind() + " " + c.id()));
        report.connectivity().forEach(c -> out.add("connectivity " + c.change().wireName() + " " + c.from() + " -> "
                + c.to() + " " + c.before() + " => " + c.after()));
        report.findings().forEach(c -> out.add("finding " + c.change().wireName() + " " + c.rule() + " "
                + c.subject() + (c.policy() == null ? "" : " @" + c.policy())));
        return out;
    }

    @Test
    void identicalInputsGiveNothing() throws Exception {
        Map<String, String> state = files("ns.yaml", NAMESPACES, "pods.yaml", PODS, "policy.yaml", DB_POLICY);
        assertTrue(diff(state, state, "203.0.113.9").isEmpty());
    }

    @Test
    void metadataStatusMappingOrderAndFileFormatDoNotCount() throws Exception {
        String json = """
                {"kind": "NetworkPolicy", "apiVersion": "networking.k8s.io/v1",
                 "metadata": {"namespace": "prod", "name": "db-policy", "uid": "1234", "resourceVersion": "99",
                              "annotations": {"note": "changed"}, "creationTimestamp": "2026-01-01T00:00:00Z"},
                 "spec": {"ingress": [{"from": [{"podSelector": {"matchLabels": {"app": "web"}}}]},
                                      {"ports": [{"port": 5432}],
                                       "from": [{"namespaceSelector": {"matchLabels": {"team": "ops"}}}]}],
                          "podSelector": {"matchLabels": {"app": "db"}}}}
                """;
        String podsWithStatus = PODS.replace("metadata: {name: db, namespace: prod, labels: {app: db}}",
                "metadata: {name: db, namespace: prod, labels: {app: db}, uid: x, annotations: {a: b}}\n"
                        + "status: {phase: Running, conditions: [{type: Ready}]}");
        DiffReport report = diff(
                files("ns.yaml", NAMESPACES, "pods.yaml", PODS, "policy.yaml", DB_POLICY),
                files("ns.yaml", NAMESPACES, "pods.yaml", podsWithStatus, "policy.json", json));
        assertEquals(List.of(), lines(report));
    }

    @Test
    void anEmptyListIsNotAnAbsentOne() throws Exception {
        // from: [] and no from mean the same to the engine, but the spec as data differs.
        String before = DB_POLICY + "  - ports: [{port: 9}]\n";
        String after = DB_POLICY + "  - ports: [{port: 9}]\n    from: []\n";
        DiffReport report = diff(files("ns.yaml", NAMESPACES, "pods.yaml", PODS, "policy.yaml", before),
                files("ns.yaml", NAMESPACES, "pods.yaml", PODS, "policy.yaml", after));
        assertEquals(List.of("object changed NetworkPolicy prod/db-policy"), lines(report));
        assertEquals("NetworkPolicy prod/db-policy: spec.ingress[2].from added", report.objects().getFirst().detail());
    }

    @Test
    void aNamespaceRelabelledIsReportedAndChangesConnectivity() throws Exception {
        DiffReport report = diff(files("ns.yaml", NAMESPACES, "pods.yaml", PODS, "policy.yaml", DB_POLICY),
                files("ns.yaml", NAMESPACES.replace("team: operations", "team: ops"), "pods.yaml", PODS,
                        "policy.yaml", DB_POLICY));
        assertEquals(List.of(
                "object changed Namespace ops",
                "connectivity added ops/backup -> prod/db null => TCP:5432",
                "finding resolved NP-COV-007 prod/db-policy ingress[1].from[0] @prod/db-policy"), lines(report));
        ObjectChange ns = report.objects().getFirst();
        assertEquals(null, ns.namespace());
        assertEquals("Namespace ops: labels team=operations -> team=ops", ns.detail());
        assertEquals(List.of(ConnectivityChange.of("ops/backup", "prod/db", null, PortSet.parse("TCP:5432"))),
                report.connectivity().stream().map(c -> c.withCauses(List.of())).toList());
    }

    @Test
    void aDeletedEndpointsFindingsAreIncomparableNotResolved() throws Exception {
        String withoutWeb = PODS.substring(PODS.indexOf("---") + 4);
        DiffReport report = diff(files("ns.yaml", NAMESPACES, "pods.yaml", PODS),
                files("ns.yaml", NAMESPACES, "pods.yaml", withoutWeb));
        List<String> findings = lines(report).stream().filter(l -> l.startsWith("finding")).toList();
        assertEquals(List.of("finding incomparable NP-COV-001 prod/web", "finding incomparable NP-COV-002 prod/web"),
                findings);
        assertEquals("Pod prod/web removed (labels app=web)", report.objects().getFirst().detail());
    }

    @Test
    void anEndpointNowProtectedHasItsFindingResolved() throws Exception {
        DiffReport report = diff(files("ns.yaml", NAMESPACES, "pods.yaml", PODS),
                files("ns.yaml", NAMESPACES, "pods.yaml", PODS, "policy.yaml", DB_POLICY));
        List<String> findings = lines(report).stream().filter(l -> l.startsWith("finding")).toList();
        assertEquals(List.of(
                "finding resolved NP-COV-001 prod/db",
                "finding resolved NP-COV-005 prod",
                "finding new NP-COV-007 prod/db-policy ingress[1].from[0] @prod/db-policy",
                "finding new NP-PERM-005 prod/db-policy ingress[0] @prod/db-policy"), findings);
        assertEquals("NetworkPolicy prod/db-policy added", report.objects().getFirst().detail());
    }

    @Test
    void aTerminatedPodIsChangedAndItsFindingsBecomeIncomparable() throws Exception {
        String failed = PODS.replace("spec: {containers: [{name: c, ports: [{name: http, containerPort: 8080}]}]}",
                "spec: {containers: [{name: c, ports: [{name: http, containerPort: 8080}]}]}\nstatus: {phase: Failed}");
        DiffReport report = diff(files("ns.yaml", NAMESPACES, "pods.yaml", PODS),
                files("ns.yaml", NAMESPACES, "pods.yaml", failed));
        assertEquals("Pod prod/web: terminated false -> true", report.objects().getFirst().detail());
        assertTrue(lines(report).contains("finding incomparable NP-COV-001 prod/web"), () -> lines(report).toString());
    }

    @Test
    void aPolicyLocationFollowsTheRuleIndexAndLivesAsLongAsItsPolicy() throws Exception {
        String front = DB_POLICY.replace("  ingress:\n", """
                  ingress:
                  - from:
                    - podSelector: {matchLabels: {app: backup}}
                """);
        DiffReport moved = diff(files("ns.yaml", NAMESPACES, "pods.yaml", PODS, "policy.yaml", DB_POLICY),
                files("ns.yaml", NAMESPACES, "pods.yaml", PODS, "policy.yaml", front));
        List<String> findings = lines(moved).stream().filter(l -> l.startsWith("finding")).toList();
        // backup lives in ops, not prod: the new peer dangles. Every later rule moves one index up.
        assertEquals(List.of(
                "finding new NP-COV-007 prod/db-policy ingress[0].from[0] @prod/db-policy",
                "finding resolved NP-COV-007 prod/db-policy ingress[1].from[0] @prod/db-policy",
                "finding new NP-COV-007 prod/db-policy ingress[2].from[0] @prod/db-policy",
                "finding new NP-PERM-005 prod/db-policy ingress[1] @prod/db-policy"), findings);
        assertEquals("NetworkPolicy prod/db-policy: spec.ingress[0] added", moved.objects().getFirst().detail());

        DiffReport removed = diff(files("ns.yaml", NAMESPACES, "pods.yaml", PODS, "policy.yaml", DB_POLICY),
                files("ns.yaml", NAMESPACES, "pods.yaml", PODS));
        assertTrue(lines(removed).containsAll(List.of(
                        "finding incomparable NP-COV-007 prod/db-policy ingress[1].from[0] @prod/db-policy",
                        "finding incomparable NP-PERM-005 prod/db-policy ingress[0] @prod/db-policy")),
                () -> lines(removed).toString());
    }

    @Test
    void aTenantPairIsIncomparableOnceATenantLabelsNoNamespace() throws Exception {
        String open = """
                apiVersion: v1
                kind: Namespace
                metadata: {name: a, labels: {team: red}}
                ---
                apiVersion: v1
                kind: Namespace
                metadata: {name: b, labels: {team: blue}}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: x, namespace: a}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: y, namespace: b}
                """;
        tenantLabel = "team";
        DiffReport report = diff(files("all.yaml", open), files("all.yaml", open.replace("team: blue", "team: green")));
        // b is still a tenant's namespace with endpoints: its NP-TEN-002 is the same identity on both sides.
        assertEquals(List.of(
                "object changed Namespace b",
                "finding incomparable NP-TEN-001 blue -> red",
                "finding new NP-TEN-001 green -> red",
                "finding incomparable NP-TEN-001 red -> blue",
                "finding new NP-TEN-001 red -> green"), lines(report));
    }

    @Test
    void sectionsAreSortedAsTheContractSays() throws Exception {
        DiffReport report = diff(files("ns.yaml", NAMESPACES, "pods.yaml", PODS),
                files("ns.yaml", NAMESPACES.replace("team: core", "team: core2"), "pods.yaml",
                        PODS.replace("app: web", "app: web2"), "policy.yaml", DB_POLICY), "203.0.113.9");
        List<ObjectChange> objects = new ArrayList<>(report.objects());
        objects.sort(ObjectChange.ORDER);
        assertEquals(objects, report.objects());
        assertEquals(null, report.objects().getFirst().namespace(), "a Namespace (null namespace) sorts first");
        List<ConnectivityChange> flows = new ArrayList<>(report.connectivity());
        flows.sort(ConnectivityChange.ORDER);
        assertEquals(flows, report.connectivity());
        List<FindingChange> findings = new ArrayList<>(report.findings());
        findings.sort(FindingChange.ORDER);
        assertEquals(findings, report.findings());
    }

    @Test
    void containerPortsCompareAsASet() throws Exception {
        String two = PODS.replace("ports: [{name: http, containerPort: 8080}]",
                "ports: [{name: http, containerPort: 8080}, {name: admin, containerPort: 9090}]");
        String swapped = PODS.replace("ports: [{name: http, containerPort: 8080}]",
                "ports: [{name: admin, containerPort: 9090, protocol: TCP}, {containerPort: 8080, name: http}]");
        assertTrue(diff(files("pods.yaml", two), files("pods.yaml", swapped)).isEmpty());
    }
}
