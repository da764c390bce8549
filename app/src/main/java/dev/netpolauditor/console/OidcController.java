package dev.netpolauditor.console;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sign-in at the configured OIDC issuer: the browser goes there with a fresh state (also kept
 * in a short-lived cookie, so that only the browser that started a flow can finish it) and
 * comes back with a code, which is exchanged for tokens. The access token, else the ID token,
 * is checked as the API checks a bearer JWT and gives the role; the ID token's nonce must be the
 * flow's.
 */
@Controller(ConsolePaths.LOGIN + "/oidc")
@ExecuteOn(TaskExecutors.BLOCKING)
final class OidcController {
    private static final Logger LOG = LoggerFactory.getLogger("netpol-auditor.console");
    static final String STATE_COOKIE = "npa_oidc_state";

    private final OidcSignIn oidc;
    private final SignInController signIn;

    OidcController(OidcSignIn oidc, SignInController signIn) {
        this.oidc = oidc;
        this.signIn = signIn;
    }

    @Get
    @Secured(SecurityRule.IS_ANONYMOUS)
    HttpResponse<?> start(HttpRequest<?> request, @Nullable @QueryValue("next") String next) {
        if (!oidc.enabled()) {
            throw ConsoleProblem.notFound("Sign-in with an identity provider is not configured here; sign in with"
                    + " an API token.");
        }
        try {
            OidcSignIn.Start start = oidc.start(SignInController.safeNext(next), callback(request));
            // Lax, not Strict: the issuer's redirect back is a navigation from another site
            return HttpResponse.seeOther(start.location()).cookie(Cookie.of(STATE_COOKIE, start.state())
                    .path(ConsolePaths.LOGIN + "/oidc").httpOnly(true).sameSite(SameSite.Lax)
                    .secure(SignInController.overTls(request))
                    .maxAge(Duration.ofMinutes(OidcSignIn.PENDING_MINUTES)));
        } catch (IOException e) {
            LOG.warn("OIDC sign-in: cannot reach the issuer {}: {}", oidc.issuer(), e.getMessage());
            throw new ConsoleProblem(HttpStatus.BAD_GATEWAY, "The identity provider cannot be reached right now;"
                    + " try again, or sign in with an API token.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConsoleProblem(HttpStatus.SERVICE_UNAVAILABLE, "Sign-in was interrupted; try again.");
        }
    }

    @Get("/callback")
    @Secured(SecurityRule.IS_ANONYMOUS)
    HttpResponse<String> callback(HttpRequest<?> request, @Nullable @QueryValue("code") String code,
            @Nullable @QueryValue("state") String state, @Nullable @QueryValue("error") String error) {
        String cookieState = request.getCookies().findCookie(STATE_COOKIE).map(Cookie::getValue).orElse(null);
        Optional<OidcSignIn.Pending> flow = oidc.enabled() ? oidc.take(state, cookieState) : Optional.empty();
        if (flow.isEmpty() || code == null || error != null) {
            return fail(error != null ? "The identity provider did not sign you in (" + error + ")."
                    : "This sign-in is unknown or expired (or began in another browser). Start again.");
        }
        try {
            OidcSignIn.Tokens tokens = oidc.finish(flow.get(), code);
            if (tokens.idToken() != null && !tokens.nonce().equals(OidcSignIn.nonceOf(tokens.idToken()))) {
                return fail("The identity provider's answer does not belong to this sign-in. Start again.");
            }
            Optional<Authentication> who = Optional.empty();
            for (String token : new String[] {tokens.accessToken(), tokens.idToken()}) {
                if (who.isEmpty() && token != null) {
                    who = signIn.authenticate(token, request);
                }
            }
            if (who.isEmpty()) {
                return fail("The identity provider's tokens were not accepted (issuer, audience, signature or"
                        + " expiry). An admin can check netpol-auditor.auth.oidc.*.");
            }
            if (who.get().getRoles().isEmpty()) {
                return fail("You are signed in at the identity provider but have no role in netpol-auditor; ask"
                        + " an admin to grant one.");
            }
            // a page, not a redirect: a redirect at the end of a navigation from the issuer would be
            // cross-site, and the browser would not send the new SameSite=Strict cookie with it
            String next = SignInController.safeNext(flow.get().next());
            return HttpResponse.<String>ok().contentType(Layout.HTML_UTF8)
                    .cookie(signIn.sessionCookie(request, who.get()))
                    .cookie(Cookie.of(STATE_COOKIE, "").path(ConsolePaths.LOGIN + "/oidc").maxAge(Duration.ZERO))
                    .body(Layout.document("Signed in", Html.EMPTY, Html.of("""
                            <h1>Signed in</h1>
                            <p><a id="continue" class="button" href="{}" data-auto>Continue</a></p>""", next))
                            .toString());
        } catch (IOException e) {
            LOG.warn("OIDC sign-in: the token exchange failed: {}", e.getMessage());
            return fail("The identity provider did not complete the sign-in; try again.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("Sign-in was interrupted; try again.");
        }
    }

    private HttpResponse<String> fail(String message) {
        // 400, not 401: the sign-in failed at the identity provider, no credentials of ours were refused
        return signIn.signInPage(HttpStatus.BAD_REQUEST, null, message);
    }

    private static String callback(HttpRequest<?> request) {
        String host = request.getHeaders().get(HttpHeaders.HOST);
        return (SignInController.overTls(request) ? "https" : "http") + "://" + host + ConsolePaths.LOGIN
                + "/oidc/callback";
    }
}
