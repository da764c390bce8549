package dev.netpolauditor.console;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.filters.AuthenticationFetcher;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * Authenticates a console request by its session cookie, for the console's paths only: the
 * API never accepts the cookie (it takes bearer tokens, which a browser does not send by
 * itself, so the API needs no CSRF protection). The session's person keeps the role they
 * signed in with until the session ends.
 */
@Singleton
final class SessionAuthentication implements AuthenticationFetcher<HttpRequest<?>> {
    static final String COOKIE = "npa_console";

    private final Sessions sessions;

    SessionAuthentication(Sessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public Publisher<Authentication> fetchAuthentication(HttpRequest<?> request) {
        if (!ConsolePaths.isConsole(request.getPath())) {
            return Mono.empty();
        }
        return Mono.justOrEmpty(request.getCookies().findCookie(COOKIE).map(Cookie::getValue)
                .flatMap(sessions::find).map(Sessions.Session::authentication));
    }
}
