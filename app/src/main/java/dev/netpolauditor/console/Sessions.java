package dev.netpolauditor.console;

import io.micronaut.security.authentication.Authentication;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The console's sign-ins: a random session id (the cookie) for an authenticated person, with
 * the CSRF token every state-changing form of that session must carry. A session ends at
 * logout, after {@code idle} without a request, or {@code max} after sign-in, whichever comes
 * first. Kept in this process: a restart signs everyone out, and replicas behind one address
 * need sticky sessions.
 */
public final class Sessions {
    /** At most this many sessions; the oldest are dropped first beyond it. */
    static final int MAX_SESSIONS = 10_000;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Duration idle;
    private final Duration max;
    private final Clock clock;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    /** A signed-in person: who, since when, last seen, and the CSRF token of their forms. */
    public record Session(String id, Authentication authentication, String csrf, Instant signedIn,
            Instant lastSeen) {}

    public Sessions(Duration idle, Duration max, Clock clock) {
        this.idle = idle;
        this.max = max;
        this.clock = clock;
    }

    public Duration max() {
        return max;
    }

    /** A new session for {@code authentication}. */
    public Session open(Authentication authentication) {
        Instant now = clock.instant();
        if (sessions.size() >= MAX_SESSIONS) {
            expire(now);
        }
        Session s = new Session(randomId(), authentication, randomId(), now, now);
        sessions.put(s.id(), s);
        return s;
    }

    /** The live session with this id, its last use set to now; empty when unknown or expired. */
    public Optional<Session> find(String id) {
        if (id == null || id.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Session s = sessions.get(id);
        if (s == null) {
            return Optional.empty();
        }
        if (expired(s, now)) {
            sessions.remove(id);
            return Optional.empty();
        }
        Session touched = new Session(s.id(), s.authentication(), s.csrf(), s.signedIn(), now);
        sessions.put(id, touched);
        return Optional.of(touched);
    }

    /** Ends the session (logout). */
    public void close(String id) {
        if (id != null) {
            sessions.remove(id);
        }
    }

    private boolean expired(Session s, Instant now) {
        return !now.isBefore(s.lastSeen().plus(idle)) || !now.isBefore(s.signedIn().plus(max));
    }

    private void expire(Instant now) {
        for (Iterator<Session> it = sessions.values().iterator(); it.hasNext(); ) {
            if (expired(it.next(), now)) {
                it.remove();
            }
        }
        while (sessions.size() >= MAX_SESSIONS) {
            sessions.values().stream().min((a, b) -> a.lastSeen().compareTo(b.lastSeen()))
                    .ifPresent(oldest -> sessions.remove(oldest.id()));
        }
    }

    /** 32 random bytes, base64url: unguessable. */
    static String randomId() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
