package dev.netpolauditor.report;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * When a report says it was generated: now, to the second, or the time {@code SOURCE_DATE_EPOCH}
 * gives (reproducible-builds.org) when it is set, so that one input renders to the same bytes.
 * The offline commands and the service read it the same way.
 */
public final class GenerationTime {
    /** The environment variable's name. */
    public static final String VARIABLE = "SOURCE_DATE_EPOCH";

    private GenerationTime() {}

    /**
     * The clock reports are stamped with: fixed at {@code sourceDateEpoch} (seconds since
     * 1970-01-01) when it is given, else {@code now} truncated to the second.
     *
     * @throws IllegalArgumentException when {@code sourceDateEpoch} is not a number of seconds
     */
    public static Clock clock(String sourceDateEpoch, Clock now) {
        if (sourceDateEpoch == null || sourceDateEpoch.isBlank()) {
            return Clock.tick(now, java.time.Duration.ofSeconds(1));
        }
        try {
            return Clock.fixed(Instant.ofEpochSecond(Long.parseLong(sourceDateEpoch.strip())), ZoneOffset.UTC);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(VARIABLE + "=" + sourceDateEpoch
                    + ": not a number of seconds since 1970-01-01", e);
        }
    }

    /** The instant to stamp a report generated now with. */
    public static Instant now(Clock clock) {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }
}
