package dev.netpolauditor.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Controls: each control lists the rules that give evidence for it, and fails exactly when
 * an open (not excepted) finding of one of those rules exists.
 */
class ControlsTest {

    static AuditedFinding finding(FindingRule rule, AuditedFinding.Status status) {
        FindingException e = status == AuditedFinding.Status.OPEN ? null
                : new FindingException(rule.id(), "*", "why", "who", TestClusters.TODAY);
        return new AuditedFinding(rule.finding("ns", rule.subjectKind().read(sampleSubject(rule.subjectKind())), null, "detail"), status, e);
    }

    /** A text of each kind of subject. */
    static String sampleSubject(FindingSubject.Kind kind) {
        return switch (kind) {
            case CLUSTER -> "cluster";
            case TENANT_PAIR -> "a -> b";
            case POLICY_PAIR, TIER_PAIR -> "x | y";
            default -> "ns/x";
        };
    }

    static Map<Control, ControlResult> byControl(List<ControlResult> results) {
        return results.stream().collect(Collectors.toMap(ControlResult::control, r -> r));
    }

    @Test
    void everyControlOnceInDeclarationOrder() {
        List<ControlResult> results = Audit.controls(List.of());
        assertEquals(Arrays.stream(Control.values()).filter(c -> c != Control.PCI_DSS_1_2_7).toList(),
                results.stream().map(ControlResult::control).toList(), "1.2.7 only where reviews are tracked");
        assertTrue(results.stream().allMatch(ControlResult::passed), "no finding: every control passes");
    }

    /** PCI DSS v4 1.2.7 is judged on the last review, through the last day of the interval. */
    @Test
    void theReviewControlIsJudgedOnTheLastReviewAndTheDay() {
        java.time.LocalDate day = java.time.LocalDate.of(2026, 3, 31);
        AnalysisSettings none = new AnalysisSettings(Tenancy.byLabel("tenant"), List.of(), day)
                .withReviews(new ReviewTracking(java.time.Period.ofMonths(6), null));
        ControlResult never = byControl(Audit.controls(List.of(), FindingRules.ALL, none)).get(Control.PCI_DSS_1_2_7);
        assertFalse(never.passed());
        assertEquals(List.of(), never.rules());
        ReviewTracking reviewed = new ReviewTracking(java.time.Period.ofMonths(6), new ReviewTracking.Review(4,
                "jwt:carol", java.time.Instant.parse("2025-09-30T23:30:00Z"), 17, "confirmed"));
        assertEquals(java.time.LocalDate.of(2026, 3, 30), reviewed.due());
        assertTrue(byControl(Audit.controls(List.of(), FindingRules.ALL, none.withReviews(reviewed)
                .on(java.time.LocalDate.of(2026, 3, 30)))).get(Control.PCI_DSS_1_2_7).passed());
        ControlResult late = byControl(Audit.controls(List.of(), FindingRules.ALL, none.withReviews(reviewed)))
                .get(Control.PCI_DSS_1_2_7);
        assertFalse(late.passed());
        assertEquals("last review on 2025-09-30 by jwt:carol: the next was due by 2026-03-30", late.unmet());
        assertEquals(none.withReviews(reviewed), AnalysisSettings.fromDocument(none.withReviews(reviewed).document(),
                day), "the document carries the review");
    }

    @Test
    void aControlListsTheRulesThatGiveEvidenceForIt() {
        for (ControlResult result : Audit.controls(List.of())) {
            List<String> expected = FindingRules.ALL.stream().filter(r -> r.controls().contains(result.control()))
                    .map(FindingRule::id).toList();
            assertEquals(expected, result.rules(), result.control().name());
        }
    }

    /** The "evidence for" column of findings.md. */
    @Test
    void coverageRulesGiveEvidenceAsTheCatalogSays() {
        assertEquals(List.of(Control.CIS_K8S_5_3_2, Control.NSA_CISA, Control.PCI_DSS_1_3, Control.ISO_27001_A_8_22),
                rule("NP-COV-001").controls());
        assertEquals(List.of(Control.NSA_CISA, Control.PCI_DSS_1_3), rule("NP-COV-002").controls());
        assertEquals(List.of(Control.CIS_K8S_5_3_2), rule("NP-COV-003").controls());
        assertEquals(List.of(), rule("NP-COV-004").controls());
        assertEquals(List.of(Control.CIS_K8S_5_3_2), rule("NP-COV-005").controls());
        for (String id : List.of("NP-COV-006", "NP-COV-007", "NP-COV-008", "NP-COV-009", "NP-COV-010")) {
            assertEquals(List.of(), rule(id).controls(), id);
        }
        List<String> cis = byControl(Audit.controls(List.of())).get(Control.CIS_K8S_5_3_2).rules();
        assertTrue(cis.containsAll(List.of("NP-COV-001", "NP-COV-003", "NP-COV-005")), cis.toString());
    }

    @Test
    void aControlFailsExactlyWhenAnOpenFindingOfOneOfItsRulesExists() {
        for (FindingRule rule : FindingRules.ALL) {
            for (AuditedFinding.Status status : AuditedFinding.Status.values()) {
                AuditedFinding f = finding(rule, status);
                for (ControlResult result : Audit.controls(List.of(f))) {
                    boolean shouldFail = f.open() && rule.controls().contains(result.control());
                    String what = rule.id() + " " + status + " -> " + result.control();
                    assertEquals(!shouldFail, result.passed(), what);
                    assertEquals(shouldFail ? List.of(f.finding()) : List.of(), result.failing(), what);
                }
            }
        }
    }

    @Test
    void failingListsEveryOpenFindingOfTheControlsRulesInReportOrder() {
        FindingRule cov1 = rule("NP-COV-001");
        FindingRule cov3 = rule("NP-COV-003");
        FindingRule cov4 = rule("NP-COV-004");
        List<AuditedFinding> findings = List.of(
                finding(cov1, AuditedFinding.Status.OPEN),
                finding(cov1, AuditedFinding.Status.EXCEPTED),
                finding(cov3, AuditedFinding.Status.EXCEPTION_EXPIRED),
                finding(cov4, AuditedFinding.Status.OPEN));
        ControlResult cis = byControl(Audit.controls(findings)).get(Control.CIS_K8S_5_3_2);

        assertFalse(cis.passed());
        assertEquals(List.of(findings.get(0).finding(), findings.get(2).finding()), cis.failing());
    }

    @Test
    void exceptingEveryFindingOfAControlMakesItPass(@TempDir Path dir) {
        AuditReport open = TestClusters.audit(dir, TestClusters.UNPROTECTED);
        assertFalse(byControl(open.controls()).get(Control.CIS_K8S_5_3_2).passed());
        assertFalse(byControl(open.controls()).get(Control.NSA_CISA).passed());
        assertTrue(byControl(open.controls()).get(Control.PCI_DSS_1_4).passed(), "no NP-PERM-004 here");

        AuditReport excepted = TestClusters.audit(dir, TestClusters.UNPROTECTED,
                new FindingException("NP-COV-001", "*", "why", "who", TestClusters.TODAY),
                new FindingException("NP-COV-003", "*", "why", "who", TestClusters.TODAY),
                new FindingException("NP-COV-005", "*", "why", "who", TestClusters.TODAY));
        assertTrue(byControl(excepted.controls()).get(Control.CIS_K8S_5_3_2).passed());
        assertFalse(byControl(excepted.controls()).get(Control.NSA_CISA).passed(), "NP-COV-002 is still open");

        AuditReport lockedDown = TestClusters.audit(dir, TestClusters.LOCKED_DOWN);
        assertTrue(lockedDown.controls().stream().allMatch(ControlResult::passed));
    }

    static FindingRule rule(String id) {
        return FindingRules.byId(id).orElseThrow();
    }
}
