package dev.netpolauditor.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The score of {@link Score}: {@code round(100 × I × N / (N + W))}, I the isolation share with
 * ingress counting double, N the endpoints (at least 10), W the open findings weighed (4 high,
 * 6 cross-tenant reach, 1 medium, 0.25 low, 0.025 routine, 0 info); excepted findings do not
 * count, findings with an expired exception do. Version 1 stays for stored analyses.
 */
class AuditScoreTest {

    static Finding finding(String rule, Severity severity, boolean routine) {
        return new Finding(rule, severity, "ns", new FindingSubject.Endpoint("ns/" + rule + severity + Math.random()), null,
                "d", routine);
    }

    static List<Finding> open(int high, int medium, int low, int info) {
        List<Finding> out = new ArrayList<>();
        for (int i = 0; i < high; i++) {
            out.add(finding("NP-X", Severity.HIGH, false));
        }
        for (int i = 0; i < medium; i++) {
            out.add(finding("NP-X", Severity.MEDIUM, false));
        }
        for (int i = 0; i < low; i++) {
            out.add(finding("NP-X", Severity.LOW, false));
        }
        for (int i = 0; i < info; i++) {
            out.add(finding("NP-X", Severity.INFO, false));
        }
        return out;
    }

    static Coverage isolated(long endpoints) {
        return new Coverage("cluster", endpoints, endpoints, endpoints, endpoints);
    }

    @Test
    void noFindingAndEverythingIsolatedIsAHundred() {
        assertEquals(100, Score.of(isolated(0), List.of()).score());
        assertEquals(100, Score.of(isolated(1), List.of()).score());
        assertEquals(100, Score.of(isolated(5000), List.of()).score());
        assertEquals(100, Score.of(isolated(3), open(0, 0, 0, 7)).score(), "info costs nothing");
    }

    @ParameterizedTest(name = "E={0} in={1} out={2} H={3} M={4} L={5} -> {6}")
    @CsvSource({
        "10, 10, 10, 1, 0, 0, 71",    // 1000 / 14 = 71.4
        "10, 10, 10, 0, 1, 0, 91",    // 1000 / 11 = 90.9
        "10, 10, 10, 0, 0, 1, 98",    // 1000 / 10.25 = 97.6
        "1,  1,  1,  0, 0, 1, 98",    // N is at least 10: as above
        "0,  0,  0,  0, 0, 1, 98",    // no endpoint: I = 1, N = 10
        "4,  0,  0,  0, 0, 0, 0",     // nothing isolated: I = 0
        "4,  4,  0,  0, 0, 0, 67",    // ingress only: I = 8/12
        "4,  0,  4,  0, 0, 0, 33",    // egress only: I = 4/12
        "12, 11, 11, 1, 1, 1, 64",    // I = 33/36 = 0.9167; 12 / 17.25 = 0.6957; 63.8
        "20, 20, 20, 0, 0, 4, 95",    // 2000 / 21 = 95.2
    })
    void followsTheFormula(int endpoints, int in, int out, int high, int medium, int low, int expected) {
        double isolation = endpoints == 0 ? 1 : (2.0 * in + out) / (3.0 * endpoints);
        double n = Math.max(endpoints, 10);
        double w = 4 * high + medium + 0.25 * low;
        assertEquals(expected, Math.round(100 * isolation * n / (n + w)), "the table agrees with the formula");
        assertEquals(expected, Score.of(new Coverage("c", endpoints, in, out, Math.min(in, out)),
                open(high, medium, low, 0)).score());
    }

    @Test
    void someValuesByHand() {
        assertEquals(71, Score.of(isolated(10), open(1, 0, 0, 0)).score(), "1000 / 14");
        assertEquals(83, Score.of(isolated(20), open(1, 0, 0, 0)).score(), "2000 / 24: a larger estate, less");
        assertEquals(63, Score.of(isolated(10), List.of(finding("NP-TEN-001", Severity.HIGH, false))).score(),
                "cross-tenant reach weighs 6: 1000 / 16 = 62.5, half up");
    }

    @Test
    void routineFindingsWeighATenthOfALow() {
        List<Finding> dns = List.of(finding("NP-PERM-003", Severity.MEDIUM, true),
                finding("NP-COV-007", Severity.LOW, true));
        assertEquals(0.05, Score.of(isolated(10), dns).weight(), 1e-9);
        assertEquals(100, Score.of(isolated(10), dns).score(), "1000 / 10.05 = 99.5 rounds to 100");
        assertEquals(0, Score.weight("NP-TIER-005", Severity.INFO, true), "info stays free");
    }

    @Test
    void scopesCountTheirOwnFindings() {
        Map<String, String> tenants = Map.of("a1", "a", "a2", "a", "b1", "b");
        Finding inA1 = new Finding("NP-COV-003", Severity.MEDIUM, "a1", new FindingSubject.Namespace("a1"), null, "d");
        Finding leak = new Finding("NP-TEN-001", Severity.HIGH, null, new FindingSubject.TenantPair("a", "b"), null, "d");
        Finding cni = new Finding("NP-CNI-001", Severity.HIGH, null, FindingSubject.CLUSTER, null, "d");
        Finding tier = new Finding("NP-TIER-001", Severity.MEDIUM, null, new FindingSubject.PolicyPair("X", "Y"), "X", "d");
        assertTrue(Score.inScope(inA1, Score.ScopeKind.NAMESPACE, "a1", tenants));
        assertTrue(!Score.inScope(inA1, Score.ScopeKind.NAMESPACE, "a2", tenants));
        assertTrue(Score.inScope(inA1, Score.ScopeKind.TENANT, "a", tenants));
        assertTrue(!Score.inScope(inA1, Score.ScopeKind.TENANT, "b", tenants));
        assertTrue(Score.inScope(leak, Score.ScopeKind.TENANT, "a", tenants));
        assertTrue(Score.inScope(leak, Score.ScopeKind.TENANT, "b", tenants));
        assertTrue(!Score.inScope(leak, Score.ScopeKind.NAMESPACE, "a1", tenants));
        assertTrue(Score.inScope(cni, Score.ScopeKind.NAMESPACE, "b1", tenants), "enforcement concerns everyone");
        assertTrue(!Score.inScope(tier, Score.ScopeKind.NAMESPACE, "a1", tenants));
        assertTrue(Score.inScope(tier, Score.ScopeKind.CLUSTER, "cluster", tenants));
    }

    @Test
    void version1IsKept() {
        assertEquals(50, Score.v1(10, 1, 0, 0));
        assertEquals(8, Score.v1(4, 2, 6, 2), "the README's example under version 1: 400 / 50");
        assertEquals(50, Score.v1(0, 0, 0, 1), "no endpoint counted as one");
    }

    @Test
    void monotone() {
        Random random = new Random(42);
        Severity[] severities = Severity.values();
        for (int round = 0; round < 200; round++) {
            int endpoints = random.nextInt(50);
            int in = endpoints == 0 ? 0 : random.nextInt(endpoints + 1);
            int out = endpoints == 0 ? 0 : random.nextInt(endpoints + 1);
            Coverage c = new Coverage("c", endpoints, in, out, Math.min(in, out));
            List<Finding> findings = new ArrayList<>();
            int before = Score.of(c, findings).score();
            for (int i = 0; i < 30; i++) {
                Severity s = severities[random.nextInt(severities.length)];
                findings.add(finding(random.nextInt(5) == 0 ? "NP-TEN-001" : "NP-X", s, random.nextBoolean()));
                int after = Score.of(c, findings).score();
                assertTrue(after <= before, "a finding never raises the score");
                if (in < endpoints) {
                    Coverage more = new Coverage("c", endpoints, in + 1, out, Math.min(in + 1, out));
                    assertTrue(Score.of(more, findings).score() >= after, "isolating one more never lowers it");
                }
                assertTrue(after >= 0 && after <= 100);
                before = after;
            }
        }
        for (int n = 1; n < 20; n++) {
            Coverage c = isolated(n);
            assertTrue(Score.weight("NP-TEN-001", Severity.HIGH, false) > 10 * Score.weight("x", Severity.LOW, false),
                    "one cross-tenant reach weighs more than ten low findings");
            assertTrue(Score.of(c, open(1, 0, 0, 0)).score() <= Score.of(c, open(0, 1, 0, 0)).score());
            assertTrue(Score.of(c, open(0, 1, 0, 0)).score() <= Score.of(c, open(0, 0, 1, 0)).score());
        }
    }

    @Test
    void theReportCarriesTheScoreOfItsOpenFindings(@TempDir Path dir) {
        // 2 endpoints, nothing isolated: I = 0
        AuditReport unprotected = TestClusters.audit(dir, TestClusters.UNPROTECTED);
        assertEquals(7, unprotected.findings().size());
        assertEquals(0, unprotected.score());
        assertEquals(Score.VERSION, unprotected.scoreVersion());

        AuditReport locked = TestClusters.audit(dir, TestClusters.LOCKED_DOWN);
        assertEquals(100, locked.score());
        assertTrue(locked.coverage().namespaces().stream().allMatch(c -> c.score() == 100));
    }
}
