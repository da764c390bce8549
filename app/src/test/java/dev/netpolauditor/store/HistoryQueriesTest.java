package dev.netpolauditor.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netpolauditor.analysis.AnalysisSettings;
import dev.netpolauditor.analysis.Audit;
import dev.netpolauditor.analysis.AuditInput;
import dev.netpolauditor.analysis.AuditReport;
import dev.netpolauditor.analysis.AuditedFinding;
import dev.netpolauditor.analysis.Score;
import dev.netpolauditor.analysis.Severity;
import dev.netpolauditor.analysis.Tenancy;
import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.report.AuditFixture;
import dev.netpolauditor.snapshot.ManifestReader;
import dev.netpolauditor.snapshot.StoredObjects;
import dev.netpolauditor.store.HistoryQueries.Lifecycle;
import dev.netpolauditor.store.HistoryQueries.LifecycleFilter;
import dev.netpolauditor.store.HistoryQueries.Scope;
import dev.netpolauditor.store.HistoryQueries.Status;
import dev.netpolauditor.store.HistoryQueries.TrendPoint;
import dev.netpolauditor.store.SnapshotContent.StoredAnalysis;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The history queries on a real PostgreSQL. Cluster {@code shop} alternates between two states,
 * F (the audit fixture) and D (the demo), an hour apart: F, D, (failed attempt), F, F, D. The two
 * F snapshots in a row share one analysis. So a finding of F alone is seen in complete snapshots
 * 1, 3, 4: reopened once, resolved at 5; one of D alone in 2 and 5: reopened once, open.
 */
class HistoryQueriesTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Instant NOW = T0.plus(Duration.ofDays(1));
    private static final String ENGINE = "0.1.0";
    private static final String CONFIG = "c".repeat(64);
    private static final Tenancy TENANCY = Tenancy.byLabel("tenant");

    private static EmbeddedPostgres postgres;
    private static HistoryQueries history;
    private static final List<Long> ids = new ArrayList<>();
    private static final List<Instant> times = new ArrayList<>();
    private static final List<AuditReport> reports = new ArrayList<>();
    private static ClusterState fixture;

    @BeforeAll
    static void storeHistory(@TempDir Path tmp) throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        Flyway.configure().dataSource(postgres.getPostgresDatabase()).load().migrate();
        DSLContext dsl = DSL.using(postgres.getPostgresDatabase(), SQLDialect.POSTGRES);
        SnapshotStore store = new SnapshotStore(dsl);
        history = new HistoryQueries(dsl);
        ClusterState f = ManifestReader.read(AuditFixture.writeCluster(tmp));
        fixture = f;
        ClusterState d = ManifestReader.read(Path.of("..", "examples", "web-api-db"));
        List<ClusterState> sequence = List.of(f, d, f, f, d);
        for (int i = 0; i < sequence.size(); i++) {
            Instant at = T0.plus(Duration.ofHours(i < 2 ? i : i + 1));
            if (i == 2) {
                store.recordFailure("shop", new SnapshotStore.FailedAttempt(T0.plus(Duration.ofHours(2)),
                        T0.plus(Duration.ofHours(2)).plusSeconds(1), "schedule", "manifests", Map.of(), ENGINE,
                        "the API server said 503"));
            }
            ids.add(store.saveSnapshot("shop", content(sequence.get(i), at)));
            times.add(at);
            reports.add(report(sequence.get(i)));
        }
        store.saveSnapshot("other", content(d, T0));
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    private static AuditReport report(ClusterState state) {
        return Audit.run(AuditInput.of(state, TENANCY), new AnalysisSettings(TENANCY, List.of(), LocalDate.of(2026, 3, 1)));
    }

    private static SnapshotContent content(ClusterState state, Instant at) {
        AuditInput input = AuditInput.of(state, TENANCY);
        return new SnapshotContent(at, at.plusSeconds(2), "manual", "manifests", null, Map.of(), ENGINE,
                StoredObjects.objectsOf(state, Map.of()), CONFIG,
                StoredAnalysis.of(Audit.analyse(state, new AnalysisSettings(TENANCY, List.of(), LocalDate.of(2026, 3, 1)))));
    }

    private static String identity(String rule, String namespace, String subject, String policy) {
        return rule + "|" + namespace + "|" + subject + "|" + policy;
    }

    private static Set<String> open(int i) {
        Set<String> out = new TreeSet<>();
        for (AuditedFinding a : reports.get(i).findings()) {
            if (a.open()) {
                var f = a.finding();
                out.add(identity(f.rule(), f.namespace(), f.subject().text(), f.policy()));
            }
        }
        return out;
    }

    private static List<Lifecycle> all(LifecycleFilter filter) {
        return history.lifecycle("shop", null, null, filter, NOW, 1000, 0).items();
    }

    @Test
    void lifecycleCountsRunsOfConsecutiveSnapshots() {
        Map<String, List<Integer>> seen = new HashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            for (String identity : open(i)) {
                seen.computeIfAbsent(identity, k -> new ArrayList<>()).add(i);
            }
        }
        List<Lifecycle> rows = all(new LifecycleFilter(null, null, null, null));
        assertEquals(seen.size(), rows.size());
        int reopened = 0;
        for (Lifecycle l : rows) {
            List<Integer> in = seen.get(identity(l.rule(), l.namespace(), l.subject(), l.policy()));
            int first = in.getFirst();
            int last = in.getLast();
            assertEquals(ids.get(first), l.firstSeenSnapshot(), l::toString);
            assertEquals(times.get(first), l.firstSeen(), l::toString);
            assertEquals(ids.get(last), l.lastSeenSnapshot(), l::toString);
            assertEquals(in.size(), l.snapshotsSeen(), l::toString);
            boolean open = last == ids.size() - 1;
            assertEquals(open, l.open(), l::toString);
            if (open) {
                assertNull(l.resolvedAt());
                assertEquals(Duration.between(times.get(first), NOW), l.age());
            } else {
                assertEquals(ids.get(last + 1), l.resolvedSnapshot(), l::toString);
                assertEquals(times.get(last + 1), l.resolvedAt(), l::toString);
                assertEquals(Duration.between(times.get(first), times.get(last)), l.age());
            }
            int runs = 1;
            for (int k = 1; k < in.size(); k++) {
                runs += in.get(k) == in.get(k - 1) + 1 ? 0 : 1;
            }
            assertEquals(runs - 1, l.reopened(), l::toString);
            reopened += l.reopened();
        }
        assertTrue(reopened > 0);
        // F alone: 1, 3, 4 (reopened once, resolved at 5); D alone: 2, 5 (reopened once, open)
        assertTrue(rows.stream().anyMatch(l -> l.reopened() == 1 && !l.open() && l.resolvedSnapshot() == ids.get(4)));
        assertTrue(rows.stream().anyMatch(l -> l.reopened() == 1 && l.open() && l.firstSeenSnapshot() == ids.get(1)));
    }

    @Test
    void lifecycleFiltersRangeAndPages() {
        List<Lifecycle> rows = all(new LifecycleFilter(null, null, null, null));
        List<Lifecycle> open = all(new LifecycleFilter(null, null, null, Status.OPEN));
        List<Lifecycle> resolved = all(new LifecycleFilter(null, null, null, Status.RESOLVED));
        assertEquals(rows.size(), open.size() + resolved.size());
        assertTrue(open.stream().allMatch(Lifecycle::open));
        assertFalse(resolved.stream().anyMatch(Lifecycle::open));
        Lifecycle any = rows.stream().filter(l -> l.namespace() != null).findFirst().orElseThrow();
        List<Lifecycle> one = all(new LifecycleFilter(any.rule(), any.severity(), any.namespace(), null));
        assertTrue(one.stream().allMatch(l -> l.rule().equals(any.rule()) && l.severity().equals(any.severity())
                && java.util.Objects.equals(l.namespace(), any.namespace())));
        assertTrue(one.contains(any));
        var page = history.lifecycle("shop", null, null, new LifecycleFilter(null, null, null, null), NOW, 2, 1);
        assertEquals(rows.size(), page.total());
        assertEquals(rows.subList(1, 3), page.items());
        assertEquals(rows.size(), history.lifecycle("shop", null, null, new LifecycleFilter(null, null, null, null),
                NOW, 2, 10_000).total());
        // only the first two snapshots: F then D; every F finding is resolved at the second
        List<Lifecycle> early = history.lifecycle("shop", null, times.get(1),
                new LifecycleFilter(null, null, null, null), NOW, 1000, 0).items();
        assertEquals(open(0).size() + open(1).size() - intersection(open(0), open(1)), early.size());
        assertTrue(early.stream().allMatch(l -> l.reopened() == 0));
        assertEquals(0, history.lifecycle("nowhere", null, null, new LifecycleFilter(null, null, null, null), NOW,
                50, 0).total());
    }

    private static int intersection(Set<String> a, Set<String> b) {
        Set<String> both = new TreeSet<>(a);
        both.retainAll(b);
        return both.size();
    }

    @Test
    void trendOfTheClusterIsEachAnalysisHeadline() {
        List<TrendPoint> points = history.trend("shop", null, null, new Scope.Cluster());
        assertEquals(ids, points.stream().map(TrendPoint::snapshot).toList());
        for (int i = 0; i < points.size(); i++) {
            TrendPoint p = points.get(i);
            AuditReport r = reports.get(i);
            assertEquals(times.get(i), p.at());
            assertEquals(r.score(), p.score());
            assertEquals(count(r, Severity.HIGH, null), p.openHigh());
            assertEquals(count(r, Severity.MEDIUM, null), p.openMedium());
            assertEquals(count(r, Severity.LOW, null), p.openLow());
            assertEquals(count(r, Severity.INFO, null), p.openInfo());
            assertEquals(r.coverage().cluster().endpoints(), p.endpoints());
            assertEquals(r.coverage().cluster().ingressIsolated(), p.ingressIsolated());
            assertEquals(r.coverage().cluster().egressIsolated(), p.egressIsolated());
            assertEquals(r.coverage().cluster().bothIsolated(), p.bothIsolated());
        }
        assertEquals(ids.subList(1, 3), history.trend("shop", times.get(1), times.get(2), new Scope.Cluster()).stream()
                .map(TrendPoint::snapshot).toList());
        assertEquals(List.of(), history.trend("nowhere", null, null, new Scope.Cluster()));
    }

    @Test
    void trendOfANamespacePresentOnlyInSomeSnapshots() {
        String namespace = reports.getFirst().coverage().namespaces().getFirst().scope();
        List<TrendPoint> points = history.trend("shop", null, null, new Scope.Namespace(namespace));
        for (int i = 0; i < points.size(); i++) {
            TrendPoint p = points.get(i);
            var coverage = reports.get(i).coverage().namespaces().stream().filter(c -> c.scope().equals(namespace))
                    .findFirst();
            assertEquals(coverage.isPresent(), p.present(), p::toString);
            assertEquals(coverage.map(c -> c.endpoints()).orElse(0L), p.endpoints());
            assertEquals(coverage.map(c -> c.score()).orElse(null), p.score(), "the namespace's own score");
            assertEquals(count(reports.get(i), Severity.HIGH, namespace), p.openHigh());
            assertEquals(count(reports.get(i), Severity.MEDIUM, namespace), p.openMedium());
            assertEquals(count(reports.get(i), Severity.LOW, namespace), p.openLow());
            assertEquals(count(reports.get(i), Severity.INFO, namespace), p.openInfo());
        }
        assertTrue(points.get(0).present() && !points.get(1).present());
    }

    @Test
    void knownScopesAreTheNamesOfAnySnapshot() {
        Set<String> namespaces = new TreeSet<>();
        Set<String> tenants = new TreeSet<>();
        for (AuditReport r : reports) {
            r.coverage().namespaces().forEach(c -> namespaces.add(c.scope()));
            r.coverage().tenants().forEach(c -> tenants.add(c.scope()));
        }
        assertTrue(history.knownScopes("shop", "namespace").containsAll(namespaces));
        assertEquals(List.copyOf(tenants), history.knownScopes("shop", "tenant"));
        assertEquals(List.of(), history.knownScopes("nowhere", "tenant"));
    }

    @Test
    void trendOfATenantCountsItsNamespacesFindings() {
        var tenantCoverage = reports.getFirst().coverage().tenants();
        assertFalse(tenantCoverage.isEmpty(), "the fixture has tenants");
        String tenant = tenantCoverage.getFirst().scope();
        List<TrendPoint> points = history.trend("shop", null, null, new Scope.Tenant(tenant));
        TrendPoint p = points.getFirst();
        assertTrue(p.present());
        assertEquals(tenantCoverage.getFirst().endpoints(), p.endpoints());
        assertEquals(tenantCoverage.getFirst().score(), p.score(), "the tenant's own score");
        assertEquals(Score.VERSION, p.scoreVersion());
        assertEquals(null, points.get(1).score(), "no score where the tenant is absent");
        Set<String> namespaces = new java.util.HashSet<>();
        TENANCY.tenants(fixture.namespaces()).forEach((ns, t) -> {
            if (t.equals(tenant)) {
                namespaces.add(ns);
            }
        });
        long high = reports.getFirst().findings().stream().filter(a -> a.open()
                && a.finding().severity() == Severity.HIGH && namespaces.contains(a.finding().namespace())).count();
        assertEquals(high, p.openHigh());
        assertFalse(points.get(1).present());
    }

    private static int count(AuditReport r, Severity severity, String namespace) {
        return (int) r.findings().stream().filter(a -> a.open() && a.finding().severity() == severity
                && (namespace == null || namespace.equals(a.finding().namespace()))).count();
    }
}
