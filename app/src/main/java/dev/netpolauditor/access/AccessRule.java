package dev.netpolauditor.access;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.management.endpoint.annotation.Endpoint;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.security.rules.SecurityRuleResult;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.RouteMatch;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * Decides the requests that {@code @Secured} on controllers cannot: the management endpoints,
 * the static OpenAPI document, and paths no route matches. Requests to the API's controllers
 * are left to {@code @Secured}; a route without it matches no rule and is rejected (Micronaut
 * Security denies what no rule allows), so a controller nobody secured is closed, not open.
 *
 * <ul>
 *   <li>the health endpoint ({@code /health}, {@code /health/readiness}, {@code /health/liveness}):
 *       anyone may read it (probes);
 *   <li>the prometheus endpoint: a viewer, or anyone when {@code netpol-auditor.auth.prometheus-anonymous}
 *       is true (in-cluster scraping, where a NetworkPolicy decides who reaches the port);
 *   <li>any other management endpoint: an admin;
 *   <li>no route ({@code /openapi/**}, unknown paths, a method a path does not take): a viewer gets
 *       the document, or the 404 or 405 it is; anyone else 401 or 403, so that probing without
 *       credentials learns nothing about which paths exist.
 * </ul>
 *
 * Endpoints are recognised by the route's {@code @Endpoint}, not by the path, so no spelling
 * of a path reaches one endpoint under another's rule.
 */
@Singleton
final class AccessRule implements SecurityRule<HttpRequest<?>> {
    /** Before {@code @Secured} (SecuredAnnotationRule) and the endpoints' sensitivity rule. */
    static final int ORDER = -1000;

    private final boolean prometheusAnonymous;

    AccessRule(@Value("${netpol-auditor.auth.prometheus-anonymous:false}") boolean prometheusAnonymous) {
        this.prometheusAnonymous = prometheusAnonymous;
    }

    @Override
    public Publisher<SecurityRuleResult> check(HttpRequest<?> request, Authentication authentication) {
        return Mono.just(decide(request, authentication));
    }

    private SecurityRuleResult decide(HttpRequest<?> request, Authentication authentication) {
        boolean read = request.getMethod() == HttpMethod.GET || request.getMethod() == HttpMethod.HEAD;
        boolean viewer = has(authentication, Role.VIEWER_NAME);
        Optional<RouteMatch<?>> match = RouteAttributes.getRouteMatch(request);
        if (match.isEmpty()) {
            return allowedIf(viewer);
        }
        String endpoint = match.get().getAnnotationMetadata().findAnnotation(Endpoint.class)
                .flatMap(a -> a.stringValue("id").or(a::stringValue)).orElse(null);
        if (endpoint == null) {
            return SecurityRuleResult.UNKNOWN;
        }
        return switch (endpoint) {
            case "health" -> allowedIf(read);
            case "prometheus" -> allowedIf(viewer || prometheusAnonymous && read);
            default -> allowedIf(has(authentication, Role.ADMIN_NAME));
        };
    }

    private static boolean has(Authentication authentication, String role) {
        return authentication != null && authentication.getRoles().contains(role);
    }

    private static SecurityRuleResult allowedIf(boolean allowed) {
        return allowed ? SecurityRuleResult.ALLOWED : SecurityRuleResult.REJECTED;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
