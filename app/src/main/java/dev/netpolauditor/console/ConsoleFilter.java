package dev.netpolauditor.console;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.security.authentication.Authentication;
import java.net.URI;
import java.util.Optional;

/**
 * The console's edge, outside every other filter:
 * <ul>
 *   <li>a state-changing request whose {@code Origin} is another site is refused before anything
 *       reads it (the CSRF token in {@link Csrf} is checked too);
 *   <li>answers carry a content security policy for pages: scripts, styles and images from this
 *       service only, never inline; forms post here only; no framing; the referrer only to this
 *       service;
 *   <li>a refusal the security rules made for the API's clients (a problem document) becomes a page:
 *       nobody signed in is sent to the sign-in page and back, a role too low gets a 403 page, and
 *       any other problem its status in words. Never a stack trace.
 * </ul>
 */
@ServerFilter({"/console", "/console/**"})
final class ConsoleFilter implements Ordered {
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
            + " form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private final Csrf csrf;

    ConsoleFilter(Csrf csrf) {
        this.csrf = csrf;
    }

    @RequestFilter
    @Nullable
    HttpResponse<?> checkOrigin(HttpRequest<?> request) {
        HttpMethod method = request.getMethod();
        if (method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS) {
            return null;
        }
        String origin = request.getHeaders().get(HttpHeaders.ORIGIN);
        String site = request.getHeaders().get("Sec-Fetch-Site");
        // Sec-Fetch-Site when the browser sends it (every current one does); else the Origin. A page
        // sent with Referrer-Policy no-referrer (ours) makes the browser send "Origin: null" for its
        // own forms, so null alone proves nothing either way: the CSRF token decides then.
        boolean foreign = site != null ? !(site.equals("same-origin") || site.equals("none"))
                : origin != null && !origin.equals("null") && !sameHost(origin, request);
        if (foreign) {
            return Errors.page(request, HttpStatus.FORBIDDEN, null, "Not accepted",
                    "This form was sent from another site. Use the console's own pages to change anything.");
        }
        return null;
    }

    private static boolean sameHost(String origin, HttpRequest<?> request) {
        try {
            String host = request.getHeaders().get(HttpHeaders.HOST);
            return host != null && URI.create(origin).getRawAuthority() != null
                    && URI.create(origin).getRawAuthority().equalsIgnoreCase(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @ResponseFilter
    @Nullable
    MutableHttpResponse<?> asPage(HttpRequest<?> request, MutableHttpResponse<?> response) {
        MutableHttpResponse<?> out = response;
        boolean problem = response.getContentType().map(t -> t.getName().equals("application/problem+json"))
                .orElse(false);
        if (problem) {
            out = page(request, response.getStatus());
        }
        // a page made here replaces the answer SecurityHeaders saw: every header again
        return secure(out);
    }

    /** The headers every console answer carries. */
    static <T extends MutableHttpResponse<?>> T secure(T response) {
        var headers = response.getHeaders();
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("X-Frame-Options", "DENY");
        headers.set("Content-Security-Policy", CSP);
        headers.set("Cache-Control", "no-store");
        // same-origin, not no-referrer: with no-referrer a browser sends "Origin: null" with the
        // console's own forms, which the HTTP server refuses; other sites still learn nothing
        headers.set("Referrer-Policy", "same-origin");
        return response;
    }

    private MutableHttpResponse<?> page(HttpRequest<?> request, HttpStatus status) {
        Viewer viewer = viewer(request);
        return switch (status) {
            case UNAUTHORIZED -> HttpResponse.seeOther(URI.create(ConsolePaths.LOGIN + (request.getMethod()
                    == HttpMethod.GET ? "?next=" + Html.query(request.getUri().toString()) : "")));
            case FORBIDDEN -> Errors.page(request, status, viewer, "Not for your role",
                    "Your role (" + (viewer == null ? "none" : viewer.role().wireName()) + ") does not open this"
                            + " page. Viewers read clusters, findings and changes; auditors also evidence and"
                            + " reports; admins also subscriptions and snapshots. Ask an admin if you need more.");
            case NOT_FOUND -> Errors.page(request, status, viewer, "Not found", "There is no such page.");
            case SERVICE_UNAVAILABLE -> Errors.page(request, status, viewer, "Database unavailable",
                    "The database cannot be reached right now. Try again in a moment.");
            default -> status.getCode() >= 500
                    ? Errors.page(request, status, viewer, "Something failed",
                            "The service failed to answer this page; its log has the details.")
                    : Errors.page(request, status, viewer, "Not accepted", "The request could not be answered ("
                            + status.getCode() + ").");
        };
    }

    private Viewer viewer(HttpRequest<?> request) {
        Optional<Authentication> who = request.getUserPrincipal(Authentication.class);
        return who.map(a -> csrf.viewer(request, a)).orElse(null);
    }

    @Override
    public int getOrder() {
        // outside SecurityHeaders (FIRST), so that the page's policy is the one sent
        return ServerFilterPhase.FIRST.before();
    }

    /** Error pages, for the filter and the exception handler. */
    static final class Errors {
        private Errors() {}

        static MutableHttpResponse<String> page(HttpRequest<?> request, HttpStatus status, Viewer viewer,
                String title, String message) {
            MutableHttpResponse<String> r = Layout.page(status, viewer, title, Html.of("""
                    <h1>{}</h1>
                    <p class="problem" role="alert">{}</p>
                    <p><a href="/console/clusters">Back to the clusters</a></p>""", title, message));
            r.contentType(MediaType.TEXT_HTML_TYPE.getName() + ";charset=utf-8");
            return secure(r);
        }
    }
}
