package dev.netpolauditor.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
