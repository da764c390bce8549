package dev.netpolauditor.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netpolauditor.report.PeriodReport;
import dev.netpolauditor.store.PeriodQueries.AnalysisSpan;
import dev.netpolauditor.store.PeriodQueries.Attempt;
import dev.netpolauditor.store.PeriodQueries.Seen;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The parts of the period report computed from the stored figures: gaps and controls over the period. */
class PeriodReportsTest {
    private static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");

    private static Attempt complete(long id, String at) {
        return new Attempt(id, Instant.parse(at), true, id, null);
    }

    @Test
    void aGapIsARunOfDaysTheScheduleFiredWithoutACompleteSnapshotKept() {
        List<Attempt> attempts = List.of(
                complete(1, "2026-01-01T05:00:00Z"),
                // Jan 2: none at all; Jan 3: only failures; Jan 4: a failure, then a success (no gap)
                new Attempt(2, Instant.parse("2026-01-03T01:00:00Z"), false, null, "cluster unreachable"),
                new Attempt(3, Instant.parse("2026-01-03T02:00:00Z"), false, null, "401 from the API server"),
                new Attempt(4, Instant.parse("2026-01-04T01:00:00Z"), false, null, "timeout"),
                complete(5, "2026-01-04T02:00:00Z"),
                complete(6, "2026-01-06T23:59:00Z"));
        // hourly: it fires every day; Jan 5 has no snapshot; the period ends on Jan 7 (exclusive)
        List<PeriodReport.GapRow> gaps = PeriodReports.gaps("0 * * * *", attempts, FROM,
                Instant.parse("2026-01-07T00:00:00Z"));
        assertEquals(List.of(
                new PeriodReport.GapRow(LocalDate.of(2026, 1, 2), LocalDate.of(2026, 1, 3), 2, 2,
                        "401 from the API server"),
                new PeriodReport.GapRow(LocalDate.of(2026, 1, 5), LocalDate.of(2026, 1, 5), 1, 0, null)), gaps);
        // weekly on Mondays (Jan 5, 12): only those days count
        assertEquals(List.of(new PeriodReport.GapRow(LocalDate.of(2026, 1, 5), LocalDate.of(2026, 1, 5), 1, 0, null),
                new PeriodReport.GapRow(LocalDate.of(2026, 1, 12), LocalDate.of(2026, 1, 12), 1, 0, null)),
                PeriodReports.gaps("0 6 * * MON", attempts, FROM, Instant.parse("2026-01-13T00:00:00Z")));
    }

    @Test
    void aControlPassesOverThePeriodOnlyIfItPassedInEverySnapshotAndTheReviewControlWhereTracked() {
        String tracked = "{\"reviews\":{\"interval\":\"P6M\",\"last\":null,\"due\":null,\"overdue\":%s}}";
        List<AnalysisSpan> analyses = List.of(
                new AnalysisSpan(1, new Seen(FROM, FROM.plusSeconds(86_400), 2), null),
                new AnalysisSpan(2, new Seen(FROM.plusSeconds(2 * 86_400), FROM.plusSeconds(4 * 86_400), 3),
                        tracked.formatted("true")),
                new AnalysisSpan(3, new Seen(FROM.plusSeconds(5 * 86_400), FROM.plusSeconds(5 * 86_400), 1),
                        tracked.formatted("false")));
        Map<Long, Set<String>> open = Map.of(2L, Set.of("NP-COV-005"), 3L, Set.of("NP-COV-004"));
        List<PeriodReport.ControlRow> controls = PeriodReports.controls(analyses, open, 6);
        PeriodReport.ControlRow cis = controls.stream().filter(c -> c.control().equals("CIS Kubernetes 5.3.2"))
                .findFirst().orElseThrow();
        assertFalse(cis.passedThroughout());
        assertEquals(3, cis.failingSnapshots());
        assertEquals(6, cis.judgedSnapshots());
        assertEquals(FROM.plusSeconds(2 * 86_400), cis.firstFailing());
        assertEquals(FROM.plusSeconds(4 * 86_400), cis.lastFailing());
        assertTrue(controls.stream().filter(c -> c.control().equals("PCI DSS v4.0 1.3")).findFirst().orElseThrow()
                .passedThroughout(), "NP-COV-004 is evidence for no control");
        PeriodReport.ControlRow review = controls.stream().filter(c -> c.control().equals("PCI DSS v4.0 1.2.7"))
                .findFirst().orElseThrow();
        assertEquals(4, review.judgedSnapshots(), "judged only where reviews were tracked");
        assertEquals(3, review.failingSnapshots());
        assertFalse(review.passedThroughout());
        assertTrue(PeriodReports.controls(analyses.subList(0, 1), Map.of(), 2).stream()
                .noneMatch(c -> c.control().equals("PCI DSS v4.0 1.2.7")), "never tracked: no review control");
    }
}
