package dev.netpolauditor.console;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.security.token.validator.TokenValidator;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import reactor.core.publisher.Flux;

/**
 * Signing in and out. With an API token (the admin token printed at first start works, and so
 * does any token {@code /api/v1/tokens} made), checked by the same validators as the API's
 * bearer tokens, so the role is the token's; with the configured OIDC issuer, through
 * {@link OidcSignIn}. Either way the person gets a session cookie: {@code HttpOnly},
 * {@code SameSite=Strict}, {@code Secure} when the request came over TLS, limited to the
 * console's paths, and no longer-lived than the session.
 */
@Controller(ConsolePaths.ROOT)
@ExecuteOn(TaskExecutors.BLOCKING)
final class SignInController {
    private final Sessions sessions;
    private final Csrf csrf;
    private final List<TokenValidator<HttpRequest<?>>> validators;
    private final OidcSignIn oidc;

    SignInController(Sessions sessions, Csrf csrf, List<TokenValidator<HttpRequest<?>>> validators,
            OidcSignIn oidc) {
        this.sessions = sessions;
        this.csrf = csrf;
        this.validators = validators;
        this.oidc = oidc;
    }

    @Get
    @Secured(SecurityRule.IS_AUTHENTICATED)
    HttpResponse<?> home() {
        return HttpResponse.seeOther(URI.create("/console/clusters"));
    }

    @Get("/login")
    @Secured(SecurityRule.IS_ANONYMOUS)
    HttpResponse<String> form(@Nullable @QueryValue("next") String next) {
        return signInPage(HttpStatus.OK, next, null);
    }

    @Post(value = "/login", consumes = MediaType.ALL)
    @Secured(SecurityRule.IS_ANONYMOUS)
    HttpResponse<String> signIn(HttpRequest<?> request, @Body Map<String, String> form) {
        String token = form.getOrDefault("token", "").strip();
        String next = form.get("next");
        Optional<Authentication> who = token.isEmpty() ? Optional.empty() : authenticate(token, request);
        if (who.isEmpty()) {
            return signInPage(HttpStatus.UNAUTHORIZED, next, "That token signs nobody in: it is unknown, revoked"
                    + " or expired. Paste the whole token (npa_...), as printed at first start or made with"
                    + " /api/v1/tokens.");
        }
        if (who.get().getRoles().isEmpty()) {
            return signInPage(HttpStatus.FORBIDDEN, next, "That identity has no role in netpol-auditor.");
        }
        return signedIn(request, who.get(), next);
    }

    /** A session for {@code who}, and on to where they were going. */
    MutableHttpResponse<String> signedIn(HttpRequest<?> request, Authentication who, String next) {
        return HttpResponse.<String>seeOther(URI.create(safeNext(next))).cookie(sessionCookie(request, who));
    }

    /** A new session for {@code who}, as its cookie. */
    Cookie sessionCookie(HttpRequest<?> request, Authentication who) {
        return cookie(request, sessions.open(who).id(), sessions.max());
    }

    @Post(value = "/logout", consumes = MediaType.ALL)
    @Secured(SecurityRule.IS_AUTHENTICATED)
    HttpResponse<?> signOut(HttpRequest<?> request, @Body Map<String, String> form) {
        csrf.require(request, form.get("csrf"));
        csrf.session(request).ifPresent(s -> sessions.close(s.id()));
        return HttpResponse.seeOther(URI.create(ConsolePaths.LOGIN + "?signedOut=true"))
                .cookie(cookie(request, "", Duration.ZERO));
    }

    /** Who a bearer token (an API token, or a JWT of the issuer) authenticates, as the API would. */
    Optional<Authentication> authenticate(String token, HttpRequest<?> request) {
        return Flux.fromIterable(validators).concatMap(v -> v.validateToken(token, request)).next()
                .blockOptional(Duration.ofSeconds(30));
    }

    static Cookie cookie(HttpRequest<?> request, String value, Duration maxAge) {
        return Cookie.of(SessionAuthentication.COOKIE, value).path(ConsolePaths.ROOT).httpOnly(true)
                .sameSite(SameSite.Strict).secure(overTls(request)).maxAge(maxAge);
    }

    static boolean overTls(HttpRequest<?> request) {
        return request.isSecure() || "https".equalsIgnoreCase(request.getHeaders().get("X-Forwarded-Proto"));
    }

    /** Only a console page of this service: never another site (no open redirect). */
    static String safeNext(String next) {
        if (next == null || !next.startsWith(ConsolePaths.ROOT + "/") || next.startsWith("//")
                || next.contains("\\") || next.startsWith(ConsolePaths.LOGIN) || next.chars().anyMatch(c -> c < 0x20)) {
            return "/console/clusters";
        }
        return next;
    }

    MutableHttpResponse<String> signInPage(HttpStatus status, String next, String problem) {
        Html oidcButton = Html.when(oidc.enabled(), Html.of("""
                <p><a class="button" href="/console/login/oidc?next={}">Sign in with your organisation ({})</a></p>
                <p class="muted">or with an API token:</p>""", Html.query(safeNext(next)), oidc.issuer()));
        Html body = Html.of("""
                <section class="signin">
                <h1>Sign in</h1>
                {}
                {}
                <form method="post" action="/console/login">
                <input type="hidden" name="next" value="{}">
                <label for="token">API token</label>
                <input id="token" name="token" type="password" autocomplete="off" required
                       aria-describedby="token-help" spellcheck="false">
                <p id="token-help" class="muted">On the embedded default, the admin token printed once at
                first start (npa_...). Tokens for others: POST /api/v1/tokens.</p>
                <button type="submit">Sign in</button>
                </form>
                </section>""",
                problem == null ? Html.EMPTY : Html.of("<p class=\"problem\" role=\"alert\">{}</p>", problem),
                oidcButton, safeNext(next));
        MutableHttpResponse<String> r = Layout.page(status, null, "Sign in", body);
        r.getHeaders().set(HttpHeaders.CACHE_CONTROL, "no-store");
        return r;
    }
}
