package dev.netpolauditor.api;

import io.micronaut.core.order.Ordered;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;

/**
 * Headers on every answer, errors and rejections included (this filter runs outside the
 * security filter): nothing is sniffed, framed, cached, sent as a referrer, or run as a
 * script or style. The API answers JSON and YAML only, so {@code default-src 'none'} costs nothing.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
final class SecurityHeaders implements Ordered {

    @ResponseFilter
    void addHeaders(MutableHttpResponse<?> response) {
        addTo(response);
    }

    /** The headers, for answers made where no filter runs (a request the HTTP decoder refused). */
    static <T extends MutableHttpResponse<?>> T addTo(T response) {
        var headers = response.getHeaders();
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("X-Frame-Options", "DENY");
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
        headers.set("Cache-Control", "no-store");
        return response;
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.FIRST.order();
    }
}
