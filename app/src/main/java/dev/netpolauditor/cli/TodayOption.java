package dev.netpolauditor.cli;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** {@code --today}: the date exception expiry is judged against; today's date when absent. */
final class TodayOption {
    private TodayOption() {}

    static LocalDate parse(String today) throws InvalidInput {
        if (today == null) {
            return LocalDate.now();
        }
        try {
            return LocalDate.parse(today);
        } catch (DateTimeParseException e) {
            throw new InvalidInput("--today " + today + ": not a date (expected YYYY-MM-DD, e.g. 2026-01-31)");
        }
    }
}
