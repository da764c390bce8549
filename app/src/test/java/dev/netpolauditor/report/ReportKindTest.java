package dev.netpolauditor.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The file a report is handed out as, by kind: the name the API, the console and mail give it,
 * which users file and script against. The compliance and change names are also asserted
 * through the API (ReportsApiTest, ChangeReportsApiTest); the period and review names only here.
 */
class ReportKindTest {

    @Test
    void eachKindNamesItsFileAfterTheSnapshotsItIsAbout() {
        assertEquals("netpol-compliance-shop-snapshot-7.xlsx",
                ReportKind.COMPLIANCE.filename("shop", List.of(7L, 3L, 5L), "xlsx"));
        assertEquals("netpol-change-shop-5-7.csv", ReportKind.CHANGE.filename("shop", List.of(7L, 5L), "csv"));
        assertEquals("netpol-change-shop-none-7.json", ReportKind.CHANGE.filename("shop", List.of(7L), "json"));
        assertEquals("netpol-period-shop-snapshots-3-9.xlsx",
                ReportKind.PERIOD.filename("shop", List.of(3L, 5L, 9L), "xlsx"));
        assertEquals("netpol-review-shop-snapshot-7.json", ReportKind.REVIEW.filename("shop", List.of(7L), "json"));
    }

    @Test
    void aSubscriptionDeliversEveryKindButAReview() {
        assertEquals(List.of("compliance", "change", "period"), ReportKind.DELIVERABLE);
        assertEquals(ReportKind.REVIEW, ReportKind.ofStored("review"));
        assertThrows(IllegalArgumentException.class, () -> ReportKind.ofStored("weekly"));
    }
}
