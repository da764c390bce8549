package dev.netpolauditor.service;

import com.github.kagkarlsson.scheduler.task.schedule.Schedules;

/** Cron expressions as users write them: 5 fields (crontab) or 6 (with seconds first). */
public final class Cron {
    private Cron() {}

    /** The 6-field form the scheduler runs; a 5-field expression runs at second 0. */
    public static String normalise(String expression) {
        String trimmed = expression.trim();
        String[] fields = trimmed.split("\\s+");
        String six = switch (fields.length) {
            case 5 -> "0 " + trimmed;
            case 6 -> trimmed;
            default -> throw new IllegalArgumentException("'" + expression + "' is not a cron expression: expected 5"
                    + " fields (minute hour day-of-month month day-of-week, e.g. '0 * * * *' for hourly) or 6 with"
                    + " seconds first, found " + fields.length);
        };
        try {
            Schedules.cron(six);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + expression + "' is not a valid cron expression: " + e.getMessage(), e);
        }
        return six;
    }
}
