package dev.netpolauditor.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netpolauditor.analysis.AnalysisResult;
import dev.netpolauditor.analysis.AnalysisSettings;
import dev.netpolauditor.analysis.Audit;
import dev.netpolauditor.analysis.AuditReport;
import dev.netpolauditor.analysis.AuditedFinding;
import dev.netpolauditor.analysis.Coverage;
import dev.netpolauditor.analysis.FindingException;
import dev.netpolauditor.analysis.TenantMatrix;
import dev.netpolauditor.api.ApiClient.Answer;
import dev.netpolauditor.engine.RandomClusters;
import dev.netpolauditor.engine.RandomClusters.GeneratedCluster;
import dev.netpolauditor.kube.ApiObjects;
import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.snapshot.ExceptionsFile;
import dev.netpolauditor.snapshot.ManifestReader;
import dev.netpolauditor.snapshot.TenantsFile;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * What the service stores and serves about a snapshot is what the offline {@code audit} computes
 * from the same manifests under the same settings: for random clusters, random tenants files
 * (label, assignments, shared namespaces, allowed pairs) and random exceptions files (some
 * expired), the API's findings (with status and the exception that applied), coverage and
 * tenant matrix (cells and their namespace pairs) equal the offline audit's. The service reads
 * the manifests and files as a configured cluster, stores the analysis, and answers from the
 * database.
 */
class StoredAnalysisMatchesOfflineAuditProperties {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CLUSTER = "/api/v1/clusters/random";

    private static Path root;
    private static Path manifests;
    private static Path tenantsFile;
    private static Path exceptionsFile;
    private static EmbeddedServer server;
    private static ApiClient api;

    @BeforeContainer
    static void startService() throws IOException {
        root = Files.createTempDirectory("stored-vs-offline");
        manifests = Files.createDirectories(root.resolve("manifests"));
        tenantsFile = Files.writeString(root.resolve("tenants.yaml"), "{}\n");
        exceptionsFile = Files.writeString(root.resolve("exceptions.yaml"), "exceptions: []\n");
        Map<String, Object> properties = new HashMap<>();
        properties.put("micronaut.server.port", -1);
        properties.put("netpol-auditor.database.embedded-data-dir", root.resolve("postgres").toString());
        properties.put("netpol-auditor.scheduler.enabled", "false");
        properties.put("netpol-auditor.clusters.random.manifests", manifests.toString());
        properties.put("netpol-auditor.clusters.random.tenants-file", tenantsFile.toString());
        properties.put("netpol-auditor.clusters.random.exceptions-file", exceptionsFile.toString());
        server = ApplicationContext.run(EmbeddedServer.class, ApiClient.withAdminToken(properties));
        api = new ApiClient(server.getURI(), ApiClient.ADMIN_TOKEN);
    }

    @AfterContainer
    static void stopService() throws IOException {
        if (server != null) {
            server.getApplicationContext().close();
        }
        if (root != null) {
            try (Stream<Path> paths = Files.walk(root)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** A tenants file and an exceptions file, as text. */
    record Settings(String tenants, String exceptions) {
        @Override
        public String toString() {
            return "tenants:\n" + tenants + "exceptions:\n" + exceptions;
        }
    }

    @Provide
    Arbitrary<GeneratedCluster> clusters() {
        return RandomClusters.clusters();
    }

    /**
     * Tenants by the {@code team} label (red, blue), namespaces assigned to {@code t1} or shared,
     * pairs allowed among the declared tenants; exceptions on rules the random clusters raise,
     * each in force or expired.
     */
    @Provide
    Arbitrary<Settings> settings() {
        Arbitrary<String> placement = Arbitraries.of("label", "t1", "shared");
        Arbitrary<List<String>> placements = placement.list().ofSize(RandomClusters.NAMESPACE_NAMES.size());
        Arbitrary<List<Integer>> allowed = Arbitraries.integers().between(0, 5).list().ofMaxSize(3).uniqueElements();
        Arbitrary<List<Integer>> exceptions = Arbitraries.integers().between(0, EXCEPTIONS.size() - 1).list()
                .ofMaxSize(4).uniqueElements();
        Arbitrary<List<Boolean>> expired = Arbitraries.of(true, false).list().ofSize(4);
        return Combinators.combine(placements, allowed, exceptions, expired).as((p, a, e, x) -> {
            StringBuilder tenants = new StringBuilder("label: team\ntenants:\n  red: []\n  blue: []\n");
            List<String> t1 = new ArrayList<>();
            List<String> shared = new ArrayList<>();
            for (int i = 0; i < p.size(); i++) {
                String ns = RandomClusters.NAMESPACE_NAMES.get(i);
                switch (p.get(i)) {
                    case "t1" -> t1.add(ns);
                    case "shared" -> shared.add(ns);
                    default -> { }
                }
            }
            tenants.append("  t1: [").append(String.join(", ", t1)).append("]\n");
            tenants.append("shared: [").append(String.join(", ", shared)).append("]\n");
            tenants.append("allowed:\n");
            if (a.isEmpty()) {
                tenants.setLength(tenants.length() - 1);
                tenants.append(" []\n");
            }
            for (int pair : a) {
                tenants.append("  - ").append(PAIRS.get(pair)).append('\n');
            }
            StringBuilder out = new StringBuilder("exceptions:\n");
            if (e.isEmpty()) {
                out.setLength(out.length() - 1);
                out.append(" []\n");
            }
            for (int i = 0; i < e.size(); i++) {
                String[] rule = EXCEPTIONS.get(e.get(i));
                out.append("  - rule: ").append(rule[0]).append('\n')
                        .append("    subject: \"").append(rule[1]).append("\"\n")
                        .append("    owner: owner-").append(i).append('\n')
                        .append("    justification: reason ").append(i).append('\n')
                        .append("    expires: ").append(x.get(i) ? "2020-01-31" : "2099-12-31").append('\n');
            }
            return new Settings(tenants.toString(), out.toString());
        });
    }

    private static final List<String> PAIRS = List.of("{from: red, to: blue}", "{from: blue, to: red}",
            "{from: red, to: t1}", "{from: t1, to: red}", "{from: blue, to: t1}", "{from: t1, to: blue}");
    private static final List<String[]> EXCEPTIONS = List.of(new String[] {"NP-COV-001", "alpha/*"},
            new String[] {"NP-COV-002", "*"}, new String[] {"NP-TEN-001", "*"}, new String[] {"NP-COV-004", "beta"},
            new String[] {"NP-COV-003", "*"}, new String[] {"NP-PERM-001", "*"});

    @Property(tries = 25)
    void theServiceAnswersWhatTheOfflineAuditComputes(@ForAll("clusters") GeneratedCluster generated,
            @ForAll("settings") Settings settings) throws Exception {
        writeManifests(generated.cluster());
        Files.writeString(tenantsFile, settings.tenants());
        Files.writeString(exceptionsFile, settings.exceptions());
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Answer taken = api.post(CLUSTER + "/snapshots?wait=true");
        assertEquals(201, taken.status(), taken::toString);
        assertEquals("complete", taken.json().get("status").asText(), taken::toString);
        long id = taken.json().get("id").asLong();

        ClusterState read = ManifestReader.read(manifests);
        AnalysisSettings offlineSettings = new AnalysisSettings(TenantsFile.read(tenantsFile, "tenant"),
                ExceptionsFile.read(exceptionsFile), today);
        AnalysisResult offline = Audit.analyse(read, offlineSettings);
        AuditReport audit = offline.audit();
        assertEquals(Audit.run(read, offlineSettings).findings(), audit.findings(), "analyse and run agree");

        String snapshot = CLUSTER + "/snapshots/" + id;
        assertEquals(findings(audit, offline.namespaceTenants()), served(snapshot + "/findings?limit=1000"),
                "findings");
        assertEquals(coverage(audit), served(snapshot + "/coverage"), "coverage");
        JsonNode tenants = served(snapshot + "/tenants");
        assertEquals(tree(offline.namespaceTenants()), tenants.get("namespaceTenants"));
        assertEquals(cells(audit.tenants()), tenants.get("cells"), "tenant cells");
        for (TenantMatrix.Cell cell : audit.tenants().cells()) {
            List<Map<String, Object>> pairs = cell.namespacePairs().stream().map(p -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("from", p.from());
                m.put("to", p.to());
                m.put("endpointPairs", p.endpointPairs());
                m.put("ports", p.ports().toString());
                return m;
            }).toList();
            assertEquals(tree(pairs), served(snapshot + "/tenants/" + cell.from() + "/" + cell.to())
                    .get("namespacePairs"), "namespace pairs of " + cell.from() + " -> " + cell.to());
        }
        assertEquals(audit.score(), taken.json().get("analysis").get("score").asInt(), "score");
    }

    private static void writeManifests(ClusterState cluster) throws IOException {
        try (Stream<Path> old = Files.list(manifests)) {
            for (Path p : old.toList()) {
                Files.delete(p);
            }
        }
        List<Map<String, Object>> objects = ApiObjects.manifests(cluster);
        for (int i = 0; i < objects.size(); i++) {
            Files.writeString(manifests.resolve(String.format("%03d.json", i)), JSON.writeValueAsString(objects.get(i)));
        }
    }

    private static JsonNode served(String path) {
        Answer answer = api.get(path);
        assertEquals(200, answer.status(), answer::toString);
        return answer.json();
    }

    /** An exception of the settings (an exceptions file's: no id, approver or ticket) in the API's shape. */
    private static Map<String, Object> exception(FindingException e) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("rule", e.rule());
        x.put("subject", e.subjectPattern());
        x.put("owner", e.owner());
        x.put("justification", e.justification());
        x.put("expires", e.expires().toString());
        x.put("source", e.source());
        x.put("id", null);
        x.put("approvedBy", null);
        x.put("approvedAt", null);
        x.put("ticket", null);
        return x;
    }

    /** The findings page the API would give for the offline findings, in the API's shape. */
    private static JsonNode findings(AuditReport audit, Map<String, String> tenants) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (AuditedFinding f : audit.findings()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("rule", f.finding().rule());
            m.put("severity", f.finding().severity().wireName());
            m.put("namespace", f.finding().namespace());
            m.put("tenant", f.finding().namespace() == null ? null : tenants.get(f.finding().namespace()));
            m.put("subject", f.finding().subject().text());
            m.put("policy", f.finding().policy());
            m.put("detail", f.finding().detail());
            m.put("status", f.status().wireName());
            m.put("exception", f.exception() == null ? null : exception(f.exception()));
            m.put("otherExceptions", f.otherExceptions().stream().map(x -> exception(x)).toList());
            items.add(m);
        }
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("items", items);
        page.put("total", items.size());
        page.put("limit", 1000);
        page.put("offset", 0);
        return tree(page);
    }

    private static JsonNode coverage(AuditReport audit) {
        List<Map<String, Object>> rows = new ArrayList<>();
        rows.add(coverage("cluster", audit.coverage().cluster()));
        audit.coverage().namespaces().forEach(c -> rows.add(coverage("namespace", c)));
        audit.coverage().tenants().forEach(c -> rows.add(coverage("tenant", c)));
        return tree(rows);
    }

    private static Map<String, Object> coverage(String kind, Coverage c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scopeKind", kind);
        m.put("scope", c.scope());
        m.put("endpoints", c.endpoints());
        m.put("ingressIsolated", c.ingressIsolated());
        m.put("egressIsolated", c.egressIsolated());
        m.put("bothIsolated", c.bothIsolated());
        if (c.score() != null) {
            m.put("score", c.score());
        }
        return m;
    }

    private static JsonNode cells(TenantMatrix matrix) {
        List<Map<String, Object>> cells = new ArrayList<>();
        for (TenantMatrix.Cell c : matrix.cells()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("fromTenant", c.from());
            m.put("toTenant", c.to());
            m.put("endpointPairs", c.endpointPairs());
            m.put("ports", c.ports().toString());
            m.put("exampleFrom", c.exampleFrom());
            m.put("exampleTo", c.exampleTo());
            m.put("examplePorts", c.examplePorts().toString());
            m.put("egressPolicies", c.egressPolicies().stream().sorted().toList());
            m.put("ingressPolicies", c.ingressPolicies().stream().sorted().toList());
            m.put("egressUnrestricted", c.egressUnrestricted());
            m.put("ingressUnrestricted", c.ingressUnrestricted());
            m.put("namespacePairCount", c.namespacePairCount());
            cells.add(m);
        }
        return tree(cells);
    }

    /** As the API's JSON reads back (numbers as the parser types them, not as Java's). */
    private static JsonNode tree(Object value) {
        try {
            return JSON.readTree(JSON.writeValueAsString(value));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
