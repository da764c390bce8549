package dev.netpolauditor.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The score of the {@link Audit} javadoc: {@code round(100 × E / (E + 10·H + 4·M + 1·L))},
 * E the endpoints (at least 1), H/M/L the open findings by severity; excepted findings do
 * not count, findings with an expired exception do.
 */
class AuditScoreTest {

    static AuditedFinding f(Severity severity, AuditedFinding.Status status) {
        FindingException e = status == AuditedFinding.Status.OPEN ? null
                : new FindingException("NP-X", "*", "why", "who", TestClusters.TODAY);
        return new AuditedFinding(new Finding("NP-X", severity, "ns", "ns/" + severity, null, "d"),
                status, e);
    }

    static AuditedFinding open(Severity severity) {
        return f(severity, AuditedFinding.Status.OPEN);
    }

    static List<AuditedFinding> open(int high, int medium, int low, int info) {
        List<AuditedFinding> out = new ArrayList<>();
        for (int i = 0; i < high; i++) {
            out.add(open(Severity.HIGH));
        }
        for (int i = 0; i < medium; i++) {
            out.add(open(Severity.MEDIUM));
        }
        for (int i = 0; i < low; i++) {
            out.add(open(Severity.LOW));
        }
        for (int i = 0; i < info; i++) {
            out.add(open(Severity.INFO));
        }
        return out;
    }

    static long formula(int endpoints, int high, int medium, int low) {
        double e = Math.max(1, endpoints);
        return Math.round(100.0 * e / (e + 10.0 * high + 4.0 * medium + low));
    }

    @Test
    void noFindingIsAHundred() {
        assertEquals(100, Audit.score(0, List.of()));
        assertEquals(100, Audit.score(1, List.of()));
        assertEquals(100, Audit.score(5000, List.of()));
    }

    @Test
    void infoFindingsCostNothing() {
        assertEquals(100, Audit.score(3, open(0, 0, 0, 7)));
    }

    @ParameterizedTest(name = "E={0} H={1} M={2} L={3} -> {4}")
    @CsvSource({
        "10, 1, 0, 0, 50",    // 1000/20
        "10, 0, 1, 0, 71",    // 1000/14 = 71.43
        "10, 0, 0, 1, 91",    // 1000/11 = 90.91
        "1,  0, 0, 1, 50",    // 100/2
        "0,  0, 0, 1, 50",    // E counts as 1
        "0,  1, 0, 0, 9",     // 100/11 = 9.09
        "2,  2, 3, 1, 6",     // 200/35 = 5.71
        "3,  0, 0, 1, 75",    // 300/4
        "7,  0, 0, 1, 88",    // 700/8 = 87.5 rounds half up
        "100, 1, 1, 1, 87",   // 10000/115 = 86.96
    })
    void followsTheFormula(int endpoints, int high, int medium, int low, int expected) {
        assertEquals(expected, formula(endpoints, high, medium, low), "the table agrees with the formula");
        assertEquals(expected, Audit.score(endpoints, open(high, medium, low, 0)));
    }

    @Test
    void someValuesByHand() {
        assertEquals(50, Audit.score(10, open(1, 0, 0, 0)));
        assertEquals(71, Audit.score(10, open(0, 1, 0, 0)));
        assertEquals(91, Audit.score(10, open(0, 0, 1, 0)));
        assertEquals(50, Audit.score(0, open(0, 0, 1, 0)), "no endpoint counts as one");
        assertEquals(88, Audit.score(7, open(0, 0, 1, 0)), "87.5 rounds up");
        assertEquals(6, Audit.score(2, open(2, 3, 1, 0)), "200 / 35 = 5.71");
    }

    @Test
    void exceptedFindingsDoNotCountButExpiredExceptionsDo() {
        List<AuditedFinding> findings = List.of(
                f(Severity.HIGH, AuditedFinding.Status.EXCEPTED),
                f(Severity.MEDIUM, AuditedFinding.Status.EXCEPTED),
                f(Severity.LOW, AuditedFinding.Status.EXCEPTED));
        assertEquals(100, Audit.score(10, findings));

        List<AuditedFinding> expired = List.of(f(Severity.HIGH, AuditedFinding.Status.EXCEPTION_EXPIRED));
        assertEquals(50, Audit.score(10, expired));
    }

    @Test
    void monotone() {
        Random random = new Random(42);
        Severity[] severities = Severity.values();
        for (int round = 0; round < 200; round++) {
            int endpoints = random.nextInt(50);
            List<AuditedFinding> findings = new ArrayList<>();
            int before = Audit.score(endpoints, findings);
            assertEquals(100, before);
            for (int i = 0; i < 30; i++) {
                Severity s = severities[random.nextInt(severities.length)];
                AuditedFinding.Status status = AuditedFinding.Status.values()[random.nextInt(3)];
                findings.add(f(s, status));
                int after = Audit.score(endpoints, findings);
                assertTrue(after <= before, "a finding never raises the score");
                if (status == AuditedFinding.Status.EXCEPTED || s == Severity.INFO) {
                    assertEquals(before, after, "an excepted or info finding changes nothing");
                }
                assertTrue(Audit.score(endpoints + 1, findings) >= after, "more endpoints never lower it");
                assertTrue(after >= 0 && after <= 100);
                before = after;
            }
        }
        for (int n = 1; n < 20; n++) {
            assertTrue(Audit.score(n, open(1, 0, 0, 0)) < Audit.score(n, open(0, 1, 0, 0)), "high costs more");
            assertTrue(Audit.score(n, open(0, 1, 0, 0)) < Audit.score(n, open(0, 0, 1, 0)), "medium costs more");
            assertTrue(Audit.score(n, open(0, 0, 1, 0)) < Audit.score(n, open(0, 0, 0, 1)), "low costs something");
        }
    }

    @Test
    void theReportCarriesTheScoreOfItsOpenFindings(@TempDir Path dir) {
        // 2 endpoints; NP-COV-001 x2 (H), NP-COV-002 x2 (M), NP-COV-003 (M), NP-COV-004 (L),
        // NP-COV-005 (H): 200 / (2 + 30 + 12 + 1) = 4.44
        AuditReport unprotected = TestClusters.audit(dir, TestClusters.UNPROTECTED);
        assertEquals(7, unprotected.findings().size());
        assertEquals(4, unprotected.score());

        assertEquals(100, TestClusters.audit(dir, TestClusters.LOCKED_DOWN).score());

        // Excepting all high findings: 200 / (2 + 12 + 1) = 13.3
        AuditReport excepted = TestClusters.audit(dir, TestClusters.UNPROTECTED,
                new FindingException("NP-COV-001", "*", "why", "who", TestClusters.TODAY),
                new FindingException("NP-COV-005", "*", "why", "who", TestClusters.TODAY));
        assertEquals(13, excepted.score());
        assertEquals(0L, excepted.openBySeverity().get(Severity.HIGH));
        assertEquals(3L, excepted.openBySeverity().get(Severity.MEDIUM));
        assertEquals(1L, excepted.openBySeverity().get(Severity.LOW));
    }
}
