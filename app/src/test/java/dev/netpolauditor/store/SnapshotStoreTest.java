package dev.netpolauditor.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netpolauditor.analysis.AnalysisResult;
import dev.netpolauditor.analysis.AnalysisSettings;
import dev.netpolauditor.analysis.Audit;
import dev.netpolauditor.analysis.AuditReport;
import dev.netpolauditor.analysis.Tenancy;
import dev.netpolauditor.engine.CompiledCluster;
import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.model.LabelSelector;
import dev.netpolauditor.model.Namespace;
import dev.netpolauditor.model.NetworkPolicy;
import dev.netpolauditor.model.SourceRef;
import dev.netpolauditor.report.AuditFixture;
import dev.netpolauditor.snapshot.ManifestReader;
import dev.netpolauditor.snapshot.StoredObjects;
import dev.netpolauditor.snapshot.StoredObjectsReadTest;
import dev.netpolauditor.store.SnapshotContent.StoredAnalysis;
import dev.netpolauditor.store.SnapshotContent.StoredFinding;
import dev.netpolauditor.store.SnapshotContent.StoredObject;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store on a real PostgreSQL 18 (embedded, one per class), migrated by Flyway from the
 * migrations the build copied onto the classpath.
 */
class SnapshotStoreTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final String CLUSTER = "prod-eu";
    private static final String ENGINE = "0.1.0";
    private static final String CONFIG = "c".repeat(64);

    private static EmbeddedPostgres postgres;
    private static DSLContext dsl;
    private static ClusterState state;
    private static AuditReport report;
    private static AnalysisResult result;
    private static CompiledCluster compiled;

    private SnapshotStore store;

    @BeforeAll
    static void startDatabase(@TempDir Path tmp) throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        Flyway.configure().dataSource(postgres.getPostgresDatabase()).load().migrate();
        dsl = DSL.using(postgres.getPostgresDatabase(), SQLDialect.POSTGRES);
        state = ManifestReader.read(AuditFixture.writeCluster(tmp));
        result = Audit.analyse(state, new AnalysisSettings(Tenancy.byLabel("tenant"), List.of(),
                LocalDate.of(2026, 3, 1)));
        report = result.audit();
        compiled = CompiledCluster.compile(state);
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @BeforeEach
    void emptyTables() {
        dsl.execute("TRUNCATE cluster, finding_identity, finding_run, snapshot, object_version, object_set,"
                + " object_set_member, object_version_source, reanalysis, analysis,"
                + " analysis_settings, namespace_tenant, finding, coverage, tenant_cell, endpoint_group, group_flow RESTART IDENTITY");
        store = new SnapshotStore(dsl);
    }

    private static SnapshotContent content(ClusterState cluster, Instant at, List<StoredFinding> findings) {
        StoredAnalysis analysis = StoredAnalysis.of(result);
        analysis = new StoredAnalysis(analysis.endpoints(), analysis.endpointGroups(), analysis.score(),
                analysis.openHigh(), analysis.openMedium(), analysis.openLow(), analysis.openInfo(),
                analysis.excepted(), analysis.namespaceTenants(), findings, analysis.coverage(), analysis.tenantCells(), analysis.groups(),
                analysis.flows());
        return new SnapshotContent(at, at.plusSeconds(3), "schedule", "https://10.0.0.1:6443", "ks-uid",
                Map.of("pods", "1001", "namespaces", "17"), ENGINE,
                StoredObjects.objectsOf(cluster, Map.of("Pod/shop-a/web", "6f1c-uid")), CONFIG, analysis);
    }

    private static SnapshotContent content(Instant at) {
        return content(state, at, SnapshotContent.findingsOf(report));
    }

    private static int rows(String table) {
        return dsl.fetchCount(DSL.table(DSL.name(table)));
    }

    @Test
    void versionsAreFoundWhereTheyWereReadAndObjectsTakenAsStoredMustBeStored() {
        SnapshotContent full = content(T0);
        StoredObject pod = full.objects().stream().filter(o -> "6f1c-uid".equals(o.uid())).findFirst().orElseThrow();
        List<StoredObject> textOmitted = full.objects().stream()
                .map(o -> new StoredObject(o.kind(), o.namespace(), o.name(), o.uid(), null, o.sha256())).toList();

        // nothing stored yet: objects taken as stored cannot be, and nothing is written
        assertThrows(SnapshotStore.VersionsMissingException.class,
                () -> store.saveSnapshot(CLUSTER, full.withObjects(textOmitted)));
        assertEquals(0, rows("snapshot"));
        assertEquals(0, rows("object_version"));

        SnapshotContent.ReadAt readAt = new SnapshotContent.ReadAt("6f1c-uid", "41");
        store.saveSnapshot(CLUSTER, full, new SnapshotStore.ReadVersions(1, Map.of(pod.sha256(), readAt)), () -> full);

        // the latest snapshot's versions by where they were read, under the form they were read in
        assertEquals(Map.of(readAt, new StoredObject("Pod", pod.namespace(), pod.name(), "6f1c-uid", null,
                pod.sha256())), store.versionsReadAt(CLUSTER, 1));
        assertEquals(Map.of(), store.versionsReadAt(CLUSTER, 2));
        assertEquals(Map.of(), store.versionsReadAt("elsewhere", 1));
        // the latest snapshot's analysis key, for the same objects by the same engine under the same configuration
        assertEquals(java.util.Optional.of(full.analysisInputSha256()),
                store.analysisInputOfLatest(CLUSTER, full.contentSha256(), ENGINE, CONFIG));
        assertEquals(java.util.Optional.empty(), store.analysisInputOfLatest(CLUSTER, "0".repeat(64), ENGINE, CONFIG));
        assertEquals(java.util.Optional.empty(), store.analysisInputOfLatest(CLUSTER, full.contentSha256(), "0.2.0",
                CONFIG));
        assertEquals(java.util.Optional.empty(), store.analysisInputOfLatest(CLUSTER, full.contentSha256(), ENGINE,
                "d".repeat(64)));
        // stored now: the same objects without their text are the same snapshot content
        long again = store.saveSnapshot(CLUSTER, full.withObjects(textOmitted).with(null, T0.plusSeconds(60)));
        Comparator<StoredObject> byHash = Comparator.comparing(StoredObject::sha256);
        assertEquals(full.objects().stream().sorted(byHash).toList(),
                store.objectsOf(again).stream().sorted(byHash).toList());
    }

    @Test
    void aSnapshotLandsWhole() {
        SnapshotContent content = content(T0);
        long id = store.saveSnapshot(CLUSTER, content);

        int objects = state.namespaces().size() + state.pods().size() + state.workloads().size()
                + state.policies().size();
        assertEquals(1, rows("cluster"));
        assertEquals(1, rows("snapshot"));
        assertEquals(objects, rows("object_version"));
        assertEquals(objects, rows("object_set_member"));
        assertEquals(1, rows("object_set"));
        assertEquals(1, rows("analysis"));
        assertEquals(report.findings().size(), rows("finding"));
        assertEquals(content.analysis().namespaceTenants().size(), rows("namespace_tenant"));
        assertTrue(rows("namespace_tenant") > 1, "the fixture has tenants");
        assertEquals(content.analysis().coverage().size(), rows("coverage"));
        assertEquals(report.tenants().cells().size(), rows("tenant_cell"));
        assertEquals(compiled.groupCount(), rows("endpoint_group"));
        assertEquals(content.analysis().flows().size(), rows("group_flow"));
        // the bitmap reads in SQL as in Java: "may group g reach the destination" is answered by get_bit
        for (SnapshotContent.StoredFlow flow : content.analysis().flows()) {
            for (int g = 0; g < compiled.groupCount(); g++) {
                assertEquals(flow.from(g) ? List.of(flow.ports()) : List.of(), dsl.fetchValues("SELECT ports FROM"
                        + " group_flow WHERE to_group = ? AND ports = ? AND get_bit(from_groups, ?) = 1",
                        flow.toGroup(), flow.ports(), g), "group " + g + " to " + flow.toGroup());
            }
        }
        assertTrue(report.findings().size() > 5 && !content.analysis().flows().isEmpty() && rows("tenant_cell") > 1,
                "the fixture exercises every table");

        StoredSnapshot snapshot = store.latestSnapshot(CLUSTER, T0.plusSeconds(60)).orElseThrow();
        assertEquals(id, snapshot.id());
        assertTrue(snapshot.complete());
        assertEquals(T0, snapshot.startedAt());
        assertEquals(Map.of("pods", "1001", "namespaces", "17"), snapshot.listResourceVersions());
        assertEquals(state.namespaces().size(), snapshot.namespaceCount());
        assertEquals(state.pods().size(), snapshot.podCount());
        assertEquals(state.workloads().size(), snapshot.workloadCount());
        assertEquals(state.policies().size(), snapshot.policyCount());
        assertEquals(content.contentSha256(), snapshot.contentSha256());
        assertNull(snapshot.failureReason());
    }

    @Test
    void readsReturnWhatWasWritten() {
        SnapshotContent content = content(T0);
        long id = store.saveSnapshot(CLUSTER, content);

        Comparator<StoredObject> order = Comparator.comparing(StoredObject::kind)
                .thenComparing(StoredObject::namespace, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(StoredObject::name);
        List<StoredObject> expected = new ArrayList<>(content.objects());
        expected.sort(order);
        assertEquals(expected, store.objectsOf(id));
        assertTrue(store.objectsOf(id).stream().anyMatch(o -> "6f1c-uid".equals(o.uid())));

        assertEquals(content.analysis().findings(), store.findingsOf(id), "findings come back in the contract's order");
        assertEquals(content.analysis().coverage(), store.coverageOf(id));
        assertTrue(store.latestSnapshot(CLUSTER, T0.minusSeconds(1)).isEmpty(), "nothing before the first");
        assertTrue(store.latestSnapshot("other", T0.plusSeconds(60)).isEmpty());
    }

    @Test
    void clusterTierPoliciesAreStoredAsObjectsOfTheirKindAndReadBackThroughTheDatabase(@TempDir Path tmp)
            throws Exception {
        Path dir = AuditFixture.writeCluster(tmp);
        java.nio.file.Files.writeString(dir.resolve("tiers.yaml"), StoredObjectsReadTest.TIERS);
        ClusterState tiered = ManifestReader.read(dir);
        long id = store.saveSnapshot(CLUSTER, content(tiered, T0, SnapshotContent.findingsOf(report)));

        List<StoredObject> stored = store.objectsOf(id);
        assertEquals(List.of("AdminNetworkPolicy/null/dns", "BaselineAdminNetworkPolicy/null/default",
                        "ClusterNetworkPolicy/null/walls"),
                stored.stream().filter(o -> o.kind().contains("AdminNetworkPolicy") || o.kind().startsWith("Cluster"))
                        .map(o -> o.kind() + "/" + o.namespace() + "/" + o.name()).toList());
        StoredSnapshot snapshot = store.latestSnapshot(CLUSTER, T0.plusSeconds(60)).orElseThrow();
        assertEquals(tiered.workloads().size(), snapshot.workloadCount(), "cluster-tier policies are no workloads");
        assertEquals(tiered.policies().size(), snapshot.policyCount(), "the policy count is of NetworkPolicies");
        ClusterStates.assertSameCluster(tiered, StoredObjects.read(stored));
    }

    @Test
    void textThatCopyEscapesComesBackAsWritten() {
        String awkward = "tab\there, line\nbreak\r, back\\slash \\N, \"quoted\", {a,b}, NULL, ü 🚀";
        SnapshotContent base = content(T0);
        StoredAnalysis a = base.analysis();
        List<StoredFinding> findings = new ArrayList<>(a.findings());
        StoredFinding f = findings.getFirst();
        findings.set(0, new StoredFinding(f.rule(), f.severity(), f.namespace(), f.subject(), f.policy(), awkward,
                f.status()));
        List<SnapshotContent.StoredGroup> groups = new ArrayList<>(a.groups());
        SnapshotContent.StoredGroup g = groups.getFirst();
        groups.set(0, new SnapshotContent.StoredGroup(g.groupId(), g.namespace(), Map.of("k", awkward),
                List.of(awkward, "plain", "")));
        List<StoredObject> objects = new ArrayList<>(base.objects());
        objects.add(StoredObjects.namespace(Namespace.of("awkward", Map.of("k", awkward), true, SourceRef.NONE),
                "uid-\\-\t"));
        SnapshotContent content = new SnapshotContent(base.startedAt(), base.finishedAt(), base.trigger(),
                base.source(), base.clusterUid(), base.listResourceVersions(), base.engineVersion(), objects,
                base.configSha256(), new StoredAnalysis(a.endpoints(), a.endpointGroups(), a.score(), a.openHigh(),
                        a.openMedium(), a.openLow(), a.openInfo(), a.excepted(), a.namespaceTenants(), findings,
                        a.coverage(), a.tenantCells(), groups, a.flows()));
        long id = store.saveSnapshot(CLUSTER, content);

        assertTrue(store.findingsOf(id).stream().anyMatch(x -> x.detail().equals(awkward)));
        var row = dsl.fetchSingle("SELECT members, labels ->> 'k' FROM endpoint_group WHERE group_id = ?",
                g.groupId());
        assertEquals(List.of(awkward, "plain", ""), List.of(row.get(0, String[].class)));
        assertEquals(awkward, row.get(1));
        StoredObject namespace = content.objects().stream().filter(o -> o.name().equals("awkward")).findFirst()
                .orElseThrow();
        assertTrue(store.objectsOf(id).contains(namespace), "canonical JSON with escapes reads back unchanged");
    }

    @Test
    void anUnchangedClusterAddsNoObjectVersions() {
        long first = store.saveSnapshot(CLUSTER, content(T0));
        int versions = rows("object_version");
        long second = store.saveSnapshot(CLUSTER, content(T0.plusSeconds(3600)));

        assertEquals(versions, rows("object_version"), "no new content");
        assertEquals(versions, rows("object_set_member"), "the second snapshot shares the first one's object set");
        assertEquals(1, rows("object_set"));
        assertEquals(1, rows("analysis"), "and its analysis");
        assertEquals(2, rows("snapshot"));
        assertEquals(store.findingsOf(first), store.findingsOf(second));
        assertEquals(second, store.latestSnapshot(CLUSTER, T0.plusSeconds(7200)).orElseThrow().id());
        assertEquals(first, store.latestSnapshot(CLUSTER, T0.plusSeconds(1800)).orElseThrow().id());
        assertEquals(store.latestSnapshot(CLUSTER, T0).orElseThrow().contentSha256(),
                store.latestSnapshot(CLUSTER, T0.plusSeconds(3600)).orElseThrow().contentSha256());
    }

    @Test
    void oneChangedObjectAddsOneVersion() {
        store.saveSnapshot(CLUSTER, content(T0));
        int versions = rows("object_version");
        List<NetworkPolicy> policies = new ArrayList<>(state.policies());
        NetworkPolicy p = policies.getFirst();
        policies.set(0, new NetworkPolicy(p.namespace(), p.name(), new LabelSelector(Map.of("changed", "yes"), List.of()), p.policyTypes(),
                p.ingress(), p.egress(), SourceRef.NONE));
        ClusterState changed = new ClusterState(state.namespaces(), state.pods(), state.workloads(), policies);
        long id = store.saveSnapshot(CLUSTER, content(changed, T0.plusSeconds(60), SnapshotContent.findingsOf(report)));

        assertEquals(versions + 1, rows("object_version"));
        assertNotEquals(store.latestSnapshot(CLUSTER, T0).orElseThrow().contentSha256(),
                store.latestSnapshot(CLUSTER, T0.plusSeconds(60)).orElseThrow().contentSha256());
        assertEquals(state.policies().size(),
                store.objectsOf(id).stream().filter(o -> o.kind().equals("NetworkPolicy")).count());
    }

    @Test
    void aFailureMidwayLeavesNothingAndTheAttemptIsRecorded() {
        store.saveSnapshot(CLUSTER, content(T0));
        int versions = rows("object_version");
        int links = rows("object_set_member");
        // A new object, then two findings with one identity: the unique key fails after the
        // snapshot row, the new object version and the links were written.
        List<NetworkPolicy> policies = new ArrayList<>(state.policies());
        NetworkPolicy p = policies.getFirst();
        policies.add(new NetworkPolicy(p.namespace(), "brand-new", p.podSelector(), p.policyTypes(), p.ingress(),
                p.egress(), SourceRef.NONE));
        ClusterState changed = new ClusterState(state.namespaces(), state.pods(), state.workloads(), policies);
        List<StoredFinding> findings = new ArrayList<>(SnapshotContent.findingsOf(report));
        findings.add(findings.getFirst());
        Instant later = T0.plusSeconds(600);

        DataAccessException e = assertThrows(DataAccessException.class,
                () -> store.saveSnapshot(CLUSTER, content(changed, later, findings)));
        assertTrue(e.getMessage().contains("finding_identity_key"), e.getMessage());

        assertEquals(1, rows("snapshot"), "no partial snapshot");
        assertEquals(versions, rows("object_version"), "no object version of the failed attempt");
        assertEquals(links, rows("object_set_member"));
        assertEquals(1, rows("object_set"));
        assertEquals(1, rows("analysis"));
        assertEquals(T0, store.latestSnapshot(CLUSTER, later).orElseThrow().startedAt());

        long failed = store.recordFailure(CLUSTER, new SnapshotStore.FailedAttempt(later, later.plusSeconds(2),
                "manual", "https://10.0.0.1:6443", Map.of("pods", "1002"), ENGINE, "storing failed: " + e.getMessage()));
        List<StoredSnapshot> attempts = store.attempts(CLUSTER);
        assertEquals(2, attempts.size());
        StoredSnapshot attempt = attempts.getFirst();
        assertEquals(failed, attempt.id());
        assertFalse(attempt.complete());
        assertEquals(StoredSnapshot.FAILED, attempt.status());
        assertTrue(attempt.failureReason().contains("finding_identity_key"));
        assertNull(attempt.contentSha256());
        assertNull(attempt.podCount());
        assertEquals(T0, store.latestSnapshot(CLUSTER, later.plusSeconds(60)).orElseThrow().startedAt(),
                "a failed attempt is never the latest snapshot");
    }

    @Test
    void anAnalysisFailingWhileTheObjectsAreWrittenLeavesNothing() {
        store.saveSnapshot(CLUSTER, content(T0));
        Map<String, Integer> before = new java.util.TreeMap<>();
        for (String table : List.of("snapshot", "object_version", "object_set", "object_set_member", "analysis")) {
            before.put(table, rows(table));
        }
        List<NetworkPolicy> policies = new ArrayList<>(state.policies());
        NetworkPolicy p = policies.getFirst();
        policies.add(new NetworkPolicy(p.namespace(), "written-then-undone", p.podSelector(), p.policyTypes(),
                p.ingress(), p.egress(), SourceRef.NONE));
        SnapshotContent changed = content(new ClusterState(state.namespaces(), state.pods(), state.workloads(),
                policies), T0.plusSeconds(600), SnapshotContent.findingsOf(report));
        int[] asked = {0};

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> store.saveSnapshot(CLUSTER, changed,
                () -> {
                    asked[0]++;
                    // the new object version is written by now, in the transaction
                    throw new IllegalStateException("the analysis ran out of luck");
                }));

        assertEquals("the analysis ran out of luck", e.getMessage());
        assertEquals(1, asked[0]);
        for (Map.Entry<String, Integer> table : before.entrySet()) {
            assertEquals(table.getValue(), rows(table.getKey()), table.getKey());
        }
    }

    @Test
    void aConcurrentWriterOfTheSameContentIsNoConflict() throws Exception {
        SnapshotContent content = content(T0);
        SnapshotContent.StoredObject shared = content.objects().getFirst();
        // Another writer stores one of the snapshot's contents after the snapshot looked it up
        // (its lookup cannot see the uncommitted row) and commits while the snapshot's COPY
        // waits on that hash: the COPY fails on the unique hash, and the snapshot goes on.
        try (Connection other = postgres.getPostgresDatabase().getConnection()) {
            other.setAutoCommit(false);
            DSL.using(other, SQLDialect.POSTGRES).execute("INSERT INTO object_version (kind, namespace, name, uid,"
                    + " sha256, content) VALUES (?, ?, ?, ?, ?, ?::jsonb)", shared.kind(), shared.namespace(),
                    shared.name(), shared.uid(), shared.sha256(), shared.json());
            java.util.concurrent.CompletableFuture<Long> saving = java.util.concurrent.CompletableFuture
                    .supplyAsync(() -> store.saveSnapshot(CLUSTER, content));
            // the snapshot's COPY is waiting for the other writer's transaction to end
            boolean waiting = false;
            for (int i = 0; i < 200 && !waiting; i++) {
                Thread.sleep(50);
                waiting = dsl.fetchCount(DSL.table("pg_stat_activity"), DSL.field("wait_event_type").eq("Lock")
                        .and(DSL.field("query", String.class).like("COPY object_version %"))) > 0;
            }
            assertTrue(waiting, "the snapshot's COPY did not wait for the other writer");
            other.commit();
            long id = saving.get(30, java.util.concurrent.TimeUnit.SECONDS);

            assertEquals(id, store.attempts(CLUSTER).getFirst().id());
        }
        assertEquals(content.objects().stream().map(SnapshotContent.StoredObject::sha256).distinct().count(),
                rows("object_version"));
        assertEquals(rows("object_version"), rows("object_set_member"));
    }

    @Test
    void aChangedConfigurationAddsAnAnalysisButNoObjects() {
        SnapshotContent first = content(T0);
        store.saveSnapshot(CLUSTER, first);
        assertTrue(store.hasAnalysis(first.contentSha256(), ENGINE, CONFIG));
        assertFalse(store.hasAnalysis(first.contentSha256(), ENGINE, "d".repeat(64)));
        assertFalse(store.hasAnalysis(first.contentSha256(), "0.2.0", CONFIG));

        SnapshotContent reconfigured = new SnapshotContent(T0.plusSeconds(60), T0.plusSeconds(61), "manual",
                first.source(), first.clusterUid(), first.listResourceVersions(), ENGINE, first.objects(),
                "d".repeat(64), first.analysis());
        store.saveSnapshot(CLUSTER, reconfigured);
        assertEquals(1, rows("object_set"));
        assertEquals(2, rows("analysis"));
        assertEquals(2 * report.findings().size(), rows("finding"));
    }

    @Test
    void sharingAnAnalysisThatIsNotStoredFailsAndWritesNothing() {
        SnapshotContent first = content(T0);
        SnapshotContent withoutAnalysis = new SnapshotContent(T0, T0.plusSeconds(1), "schedule", first.source(),
                null, Map.of(), ENGINE, first.objects(), CONFIG, null);
        assertThrows(SnapshotStore.AnalysisMissingException.class,
                () -> store.saveSnapshot(CLUSTER, withoutAnalysis));
        assertEquals(0, rows("snapshot"));
        assertEquals(0, rows("object_version"), "the transaction rolled back the object set too");

        store.saveSnapshot(CLUSTER, first);
        long shared = store.saveSnapshot(CLUSTER, new SnapshotContent(T0.plusSeconds(60), T0.plusSeconds(61),
                "schedule", first.source(), null, Map.of(), ENGINE, first.objects(), CONFIG, null));
        assertEquals(first.analysis().findings(), store.findingsOf(shared));
        assertEquals(report.score(), store.attempts(CLUSTER).getFirst().summary().score());
    }

    @Test
    void theSchemaRejectsAFailedRowWithoutReasonAndACompleteOneWithIt() {
        long cluster = dsl.insertInto(DSL.table("cluster"), DSL.field("name")).values("x")
                .returningResult(DSL.field("id", Long.class)).fetchOne().value1();
        assertThrows(DataAccessException.class, () -> dsl.execute(
                "INSERT INTO snapshot (cluster_id, status, trigger, started_at, finished_at, source, engine_version)"
                + " VALUES (?, 'failed', 'manual', now(), now(), 'x', '1')",
                cluster));
        assertThrows(DataAccessException.class, () -> dsl.execute(
                "INSERT INTO snapshot (cluster_id, status, trigger, started_at, finished_at, source, engine_version,"
                + " failure_reason) VALUES (?, 'running', 'manual', now(), now(), 'x', '1', 'x')",
                cluster));
        assertEquals(0, rows("snapshot"));
    }

    /**
     * V19 rewrote finding_identity_key so that PostgreSQL inlines it: its text must be V17's for
     * every input (the stored keys and their unique index were computed by V17's), and it must
     * stay inlinable (a call per finding was half of the time the finding runs took).
     */
    @Test
    void findingIdentityKeyIsV17sTextAndInlined() {
        java.util.Random random = new java.util.Random(19);
        String alphabet = "ab:-0129\\'\" é中😀\t";
        for (int i = 0; i < 500; i++) {
            String[] parts = new String[4];
            for (int p = 0; p < 4; p++) {
                boolean nullable = p == 1 || p == 3;
                if (nullable && random.nextInt(4) == 0) {
                    continue;
                }
                StringBuilder text = new StringBuilder();
                int length = random.nextInt(12);
                for (int c = 0; c < length; c++) {
                    text.appendCodePoint(alphabet.codePointAt(alphabet.offsetByCodePoints(0,
                            random.nextInt(alphabet.codePointCount(0, alphabet.length())))));
                }
                parts[p] = text.toString();
            }
            var row = dsl.fetchSingle("""
                    SELECT finding_identity_key({0}, {1}, {2}, {3}),
                           length({0}) || ':' || {0} || coalesce(length({1}) || ':' || {1}, '-')
                               || length({2}) || ':' || {2} || coalesce(length({3}) || ':' || {3}, '-')""",
                    DSL.val(parts[0]), DSL.val(parts[1]), DSL.val(parts[2]), DSL.val(parts[3]));
            assertEquals(row.get(1, String.class), row.get(0, String.class), String.join(" | ",
                    java.util.Arrays.stream(parts).map(String::valueOf).toList()));
        }
        String plan = String.join("\n", dsl.fetch("""
                EXPLAIN (VERBOSE) SELECT finding_identity_key(rule, namespace, subject, policy) FROM finding""")
                .getValues(0, String.class));
        assertFalse(plan.contains("finding_identity_key"), plan);
    }
}
