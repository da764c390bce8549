package dev.netpolauditor.service;

import com.github.kagkarlsson.scheduler.task.schedule.CronSchedule;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/** Cron expressions as users write them: 5 fields (crontab) or 6 (with seconds first). */
public final class Cron {
    /** A schedule that does not fire within this long is refused as one that never fires. */
    public static final Duration HORIZON = Duration.ofDays(50 * 365L);

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
        Instant next;
        try {
            Schedules.cron(six);
            next = new CronSchedule(six, ZoneId.of("UTC")).getInitialExecutionTime(Instant.now());
        } catch (RuntimeException e) {
            String why = e.getMessage() == null || e.getMessage().contains("Exception") || e.getMessage().contains("java.")
                    ? "check each field" : e.getMessage().lines().findFirst().orElse("");
            throw new IllegalArgumentException("'" + expression + "' is not a valid cron expression: " + why, e);
        }
        if (next == null || next.isAfter(Instant.now().plus(HORIZON))) {
            throw new IllegalArgumentException("'" + expression + "' never fires (no time matches it within "
                    + HORIZON.toDays() / 365 + " years, e.g. a 30th of February)");
        }
        return six;
    }

    /** Look-back windows for {@link #latestFireTime}, shortest first: a frequent schedule stops early. */
    private static final List<Duration> WINDOWS = List.of(Duration.ofMinutes(2), Duration.ofHours(2),
            Duration.ofDays(2), Duration.ofDays(40), Duration.ofDays(400), Duration.ofDays(3000));

    /**
     * The latest time {@code expression}, read in {@code zone}, fires in {@code (after, upTo]};
     * empty when it does not fire there. Only the latest: fire times missed before it (while no
     * replica ran) are not returned. Searching back from {@code upTo} in growing windows keeps
     * this a few steps for any schedule, however long ago {@code after} is.
     */
    public static Optional<Instant> latestFireTime(String expression, ZoneId zone, Instant after, Instant upTo) {
        CronSchedule schedule = new CronSchedule(normalise(expression), zone);
        for (Duration window : WINDOWS) {
            Instant from = upTo.minus(window).isAfter(after) ? upTo.minus(window) : after;
            Instant next = schedule.getInitialExecutionTime(from);
            if (next != null && !next.isAfter(upTo)) {
                Instant latest = next;
                for (int i = 0; i < 100_000; i++) {
                    Instant following = schedule.getInitialExecutionTime(latest);
                    if (following == null || following.isAfter(upTo) || !following.isAfter(latest)) {
                        break;
                    }
                    latest = following;
                }
                return Optional.of(latest);
            }
            if (!from.isAfter(after)) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** The next {@code count} times {@code expression}, read in {@code zone}, fires after {@code after}. */
    public static List<Instant> nextFireTimes(String expression, ZoneId zone, Instant after, int count) {
        CronSchedule schedule = new CronSchedule(normalise(expression), zone);
        List<Instant> out = new java.util.ArrayList<>();
        Instant at = after;
        while (out.size() < count) {
            Instant next = schedule.getInitialExecutionTime(at);
            if (next == null || !next.isAfter(at)) {
                break;
            }
            out.add(next);
            at = next;
        }
        return out;
    }

    /**
     * The days (in {@code zone}) on which {@code expression} fires in {@code [from, to)}: at most one
     * step per day, however often it fires.
     */
    public static List<java.time.LocalDate> fireDays(String expression, ZoneId zone, Instant from, Instant to) {
        CronSchedule schedule = new CronSchedule(normalise(expression), zone);
        List<java.time.LocalDate> out = new java.util.ArrayList<>();
        Instant at = from.minusNanos(1);
        while (true) {
            Instant next = schedule.getInitialExecutionTime(at);
            if (next == null || !next.isBefore(to) || !next.isAfter(at)) {
                return out;
            }
            java.time.LocalDate day = java.time.LocalDate.ofInstant(next, zone);
            out.add(day);
            // on to the next day: one step per day whatever the frequency
            at = day.plusDays(1).atStartOfDay(zone).toInstant().minusNanos(1);
        }
    }
}
