package dev.netpolauditor.console;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * The viewer of a console request, and the check every state-changing console form passes: a
 * request signed in by the session cookie must carry that session's CSRF token in its
 * {@code csrf} field. The cookie is {@code SameSite=Strict} too, and {@link ConsoleFilter}
 * refuses a cross-origin {@code Origin}; the token is what holds when a browser gets either
 * wrong. A request with a bearer token (automation, no cookie) has nothing a forged form could
 * borrow, and is not asked for one.
 */
@Singleton
final class Csrf {
    private final Sessions sessions;

    Csrf(Sessions sessions) {
        this.sessions = sessions;
    }

    Optional<Sessions.Session> session(HttpRequest<?> request) {
        return request.getCookies().findCookie(SessionAuthentication.COOKIE).map(Cookie::getValue)
                .flatMap(sessions::find);
    }

    Viewer viewer(HttpRequest<?> request, Authentication authentication) {
        return Viewer.of(authentication, session(request).map(Sessions.Session::csrf).orElse(null));
    }

    /** Refuses a state-changing request whose session's CSRF token it does not carry. */
    void require(HttpRequest<?> request, String token) {
        Optional<Sessions.Session> session = session(request);
        if (session.isEmpty() && request.getHeaders().contains(HttpHeaders.AUTHORIZATION)) {
            return;
        }
        if (session.isEmpty() || token == null || !MessageDigest.isEqual(
                session.get().csrf().getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
            throw ConsoleProblem.forbidden("This form could not be accepted: it is from an older page or from"
                    + " another site (its security token does not match your session). Reload the page and try"
                    + " again.");
        }
    }
}
