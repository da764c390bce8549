package dev.netpolauditor.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netpolauditor.analysis.AnalysisSettings;
import dev.netpolauditor.analysis.Audit;
import dev.netpolauditor.analysis.AuditReport;
import dev.netpolauditor.analysis.Score;
import dev.netpolauditor.analysis.Severity;
import dev.netpolauditor.analysis.Tenancy;
import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.snapshot.ManifestReader;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A subscription's scope narrows the report; the summary is the audit's own rules over what stays. */
class ScopedReportTest {
    @TempDir
    static Path tmp;

    private static ComplianceReport report;

    @BeforeAll
    static void audit() throws Exception {
        ClusterState cluster = ManifestReader.read(AuditFixture.writeCluster(tmp.resolve("shop")));
        LocalDate today = LocalDate.of(2026, 1, 31);
        AuditReport audit = Audit.run(cluster, new AnalysisSettings(Tenancy.byLabel("tenant"), List.of(), today));
        report = ComplianceReports.of(audit, cluster, List.of(), new ComplianceReport.Header("shop",
                "manifests shop", null, today, Instant.parse("2026-01-31T08:00:00Z"), "test"));
    }

    @Test
    void aScopeOfEverythingGivesTheAuditsOwnSummary() {
        Set<String> namespaces = report.namespaceCoverage().stream().map(ComplianceReport.CoverageRow::scope)
                .collect(Collectors.toSet());
        Set<String> tenants = report.tenantCoverage().stream().map(ComplianceReport.CoverageRow::scope)
                .collect(Collectors.toSet());
        ComplianceReport all = report.scopedTo("everything", namespaces, tenants);
        assertEquals(report.summary(), all.summary(), "recomputed over every row, the numbers are the audit's");
        assertEquals(report.findings(), all.findings());
        assertEquals(report.tenantMatrix(), all.tenantMatrix());
        assertEquals(report.policies(), all.policies());
    }

    @Test
    void aNamespaceScopeKeepsItsRowsAndRecomputesTheNumbers() {
        ComplianceReport ledger = report.scopedTo("namespaces ledger", Set.of("ledger"), Set.of("finance"));
        assertTrue(ledger.header().source().endsWith("scope: namespaces ledger"), ledger.header().source());
        assertFalse(ledger.findings().isEmpty());
        assertTrue(ledger.findings().size() < report.findings().size());
        ledger.findings().forEach(f -> assertTrue(f.namespace() == null || f.namespace().equals("ledger"),
                f::toString));
        assertEquals(List.of("ledger"), ledger.namespaceCoverage().stream().map(ComplianceReport.CoverageRow::scope)
                .toList());
        assertEquals(List.of("finance"), ledger.tenantCoverage().stream().map(ComplianceReport.CoverageRow::scope)
                .toList());
        ledger.tenantMatrix().forEach(c -> assertTrue(c.from().equals("finance") || c.to().equals("finance"),
                c::toString));
        ledger.policies().forEach(p -> assertEquals("ledger", p.namespace()));

        ComplianceReport.Summary s = ledger.summary();
        assertEquals(ledger.namespaceCoverage().getFirst().endpoints(), s.endpoints());
        long high = ledger.findings().stream().filter(f -> f.severity() == Severity.HIGH
                && !f.status().equals("excepted")).count();
        assertEquals(high, s.open(Severity.HIGH));
        // score version 2 over the scope's own figures: round(100 x I x N / (N + W)), I the isolated share
        // (ingress counting double), N = max(E, 10), W the scope's open findings weighed
        ComplianceReport.CoverageRow scope = ledger.namespaceCoverage().getFirst();
        double isolation = (2.0 * scope.ingressIsolated() + scope.egressIsolated()) / (3.0 * scope.endpoints());
        long size = Math.max(scope.endpoints(), 10);
        // the scope's findings: its namespaces', the enforcement ones (NP-CNI-*) and the reach from or to its
        // tenants; the cluster-tier policies' findings count for the whole cluster only
        double weight = ledger.findings().stream().filter(f -> !f.status().equals("excepted"))
                .filter(f -> f.namespace() != null || f.rule().startsWith("NP-CNI-") || f.rule().equals("NP-TEN-001")
                        && (f.subject().text().startsWith("finance -> ") || f.subject().text().endsWith(" -> finance")))
                .mapToDouble(f -> Score.weight(f.rule(), f.severity(), f.routine())).sum();
        assertEquals(Math.round(100.0 * isolation * size / (size + weight)), s.score());
        assertEquals(2, s.scoreVersion());
        s.controls().forEach(c -> assertEquals(c.failing() == 0, c.passed(), c::toString));
    }
}
