package dev.netpolauditor.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a stored finding's exceptions are found again in its analysis' frozen settings. */
class FrozenExceptionsTest {
    private static final LocalDate DAY = LocalDate.of(2026, 3, 31);
    private static final FindingException DNS = new FindingException("NP-COV-002", "kube-system/*",
            "DNS must reach the upstream resolvers.", "platform", DAY.plusMonths(6));
    private static final FindingException COREDNS = new FindingException("NP-COV-002", "kube-system/coredns",
            "CoreDNS, ticket OPS-4", "platform", DAY.plusMonths(1));
    private static final FindingException BILLING = new FindingException("NP-TEN-001", "retail -> finance",
            "Billing export, ticket SEC-12", "finance", DAY.plusMonths(3));
    private static final FrozenExceptions FROZEN = FrozenExceptions.of(new AnalysisSettings(Tenancy.byLabel("tenant"),
            List.of(DNS, BILLING, COREDNS), DAY));

    @Test
    void theDecidingExceptionIsTheOneAtItsStoredPosition() {
        assertEquals(COREDNS, FROZEN.decided(2));
        assertNull(FROZEN.decided(null), "a finding no exception decided");
        assertNull(FROZEN.decided(3), "a position the settings do not have");
    }

    @Test
    void theOthersAreTheMatchingExceptionsOfTheSameRuleLessTheDecidingOne() {
        assertEquals(List.of(COREDNS), FROZEN.others("NP-COV-002", "kube-system/coredns", 0));
        assertEquals(List.of(DNS, COREDNS), FROZEN.others("NP-COV-002", "kube-system/coredns", null));
        assertEquals(List.of(DNS), FROZEN.others("NP-COV-002", "kube-system/metrics", null),
                "an exception for another subject does not match");
        assertEquals(List.of(), FROZEN.others("NP-TEN-001", "retail -> finance", 1));
        assertEquals(List.of(), FROZEN.others("NP-PERM-001", "kube-system/coredns", null),
                "exceptions match findings of their own rule only");
    }

    @Test
    void settingsThatWereNotKeptHaveNoExceptions() {
        FrozenExceptions none = FrozenExceptions.of(null);
        assertNull(none.decided(0));
        assertEquals(List.of(), none.others("NP-COV-002", "kube-system/coredns", null));
    }
}
