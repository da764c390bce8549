package dev.netpolauditor.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CronTest {
    @Test
    void crontabLinesGainASecondsField() {
        assertEquals("0 0 * * * *", Cron.normalise("0 * * * *"));
        assertEquals("0 30 2 * * MON-FRI", Cron.normalise("  30 2 * * MON-FRI "));
    }

    @Test
    void sixFieldsAreKept() {
        assertEquals("*/10 * * * * *", Cron.normalise("*/10 * * * * *"));
    }

    @Test
    void nonsenseIsRefusedWithTheReason() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Cron.normalise("0 * *")).getMessage()
                .contains("expected 5 fields"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Cron.normalise("0 99 * * *")).getMessage()
                .contains("not a valid cron expression"));
    }

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void theLatestFireTimeInAnIntervalIsFoundAndOnlyThatOne() {
        Instant created = Instant.parse("2026-01-05T06:00:00Z");
        // Mondays 08:00 Berlin = 07:00 UTC in winter; three Mondays missed: only the last counts
        assertEquals(Optional.of(Instant.parse("2026-01-19T07:00:00Z")),
                Cron.latestFireTime("0 8 * * MON", BERLIN, created, Instant.parse("2026-01-21T12:00:00Z")));
        assertEquals(Optional.of(Instant.parse("2026-01-05T07:00:00Z")),
                Cron.latestFireTime("0 8 * * MON", BERLIN, created, Instant.parse("2026-01-05T07:00:00Z")),
                "the upper end is included");
        assertEquals(Optional.empty(), Cron.latestFireTime("0 8 * * MON", BERLIN,
                Instant.parse("2026-01-05T07:00:00Z"), Instant.parse("2026-01-11T23:00:00Z")),
                "the lower end is not: that due time was recorded already");
    }

    @Test
    void frequentSchedulesAndLongGapsAreQuick() {
        Instant now = Instant.parse("2026-03-01T10:15:30Z");
        assertEquals(Optional.of(Instant.parse("2026-03-01T10:15:00Z")),
                Cron.latestFireTime("* * * * *", BERLIN, Instant.parse("2020-01-01T00:00:00Z"), now));
        assertEquals(Optional.of(Instant.parse("2026-03-01T10:15:30Z")),
                Cron.latestFireTime("*/10 * * * * *", BERLIN, Instant.parse("2020-01-01T00:00:00Z"), now));
        assertEquals(Optional.of(Instant.parse("2025-12-31T23:00:00Z")),
                Cron.latestFireTime("0 0 1 1 *", BERLIN, Instant.parse("2020-01-01T00:00:00Z"), now),
                "yearly, New Year in Berlin");
    }
}
