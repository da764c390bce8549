package dev.netpolauditor.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.security.authentication.Authentication;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Sessions end at sign-out, after the idle time without a request, and at their maximum age. */
class SessionsTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-31T08:00:00Z"));
    private final Sessions sessions = new Sessions(Duration.ofMinutes(30), Duration.ofHours(8), clock);
    private final Authentication someone = Authentication.build("token:1:ci", List.of("viewer"));

    @Test
    void aSessionLivesWhileUsedAndEndsWhenIdle() {
        Sessions.Session s = sessions.open(someone);
        clock.advance(Duration.ofMinutes(29));
        assertTrue(sessions.find(s.id()).isPresent(), "used within the idle time");
        clock.advance(Duration.ofMinutes(29));
        assertTrue(sessions.find(s.id()).isPresent(), "each use restarts the idle time");
        clock.advance(Duration.ofMinutes(30));
        assertTrue(sessions.find(s.id()).isEmpty(), "30 minutes idle end it");
    }

    @Test
    void aSessionEndsAtItsMaximumAgeHoweverBusy() {
        Sessions.Session s = sessions.open(someone);
        for (int i = 0; i < 8 * 4 - 1; i++) {
            clock.advance(Duration.ofMinutes(15));
            assertTrue(sessions.find(s.id()).isPresent());
        }
        clock.advance(Duration.ofMinutes(15));
        assertTrue(sessions.find(s.id()).isEmpty(), "8 hours after sign-in it ends");
    }

    @Test
    void signOutEndsItAndIdsAndTokensAreUnguessable() {
        Sessions.Session a = sessions.open(someone);
        Sessions.Session b = sessions.open(someone);
        assertNotEquals(a.id(), b.id());
        assertNotEquals(a.csrf(), b.csrf());
        assertEquals(43, a.id().length(), "32 random bytes, base64url");
        sessions.close(a.id());
        assertTrue(sessions.find(a.id()).isEmpty());
        assertTrue(sessions.find(b.id()).isPresent());
        assertTrue(sessions.find("").isEmpty());
        assertTrue(sessions.find(null).isEmpty());
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
