package dev.netpolauditor.api;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.netty.NettyHttpRequest;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import jakarta.inject.Singleton;

/**
 * Requests the HTTP decoder stops reading: a request line longer than
 * {@code micronaut.server.netty.max-initial-line-length} (4096 bytes) is 414 URI Too Long,
 * headers beyond {@code max-header-size} (8192 bytes) 431, a body over the request size
 * limit (1 MB) 413 — each a problem document with the security headers every answer carries
 * (set here too: the decoder's refusal may pass no filter).
 */
@Controller
@Secured(SecurityRule.IS_ANONYMOUS)
final class OversizedRequests {

    /** The status route Micronaut takes for a request it would not read whole. */
    @Error(status = HttpStatus.REQUEST_ENTITY_TOO_LARGE, global = true)
    HttpResponse<Problem> tooLarge(HttpRequest<?> request) {
        Throwable cause = request instanceof NettyHttpRequest<?> netty && netty.getNativeRequest() != null
                && netty.getNativeRequest().decoderResult().isFailure()
                ? netty.getNativeRequest().decoderResult().cause() : null;
        return answer(cause);
    }

    /** The decoder's exception, when it reaches the exception handlers instead. */
    @Singleton
    @Produces(Problem.MEDIA_TYPE)
    static final class Decoder implements ExceptionHandler<TooLongFrameException, HttpResponse<Problem>> {
        @Override
        public HttpResponse<Problem> handle(HttpRequest request, TooLongFrameException e) {
            return answer(e);
        }
    }

    static HttpResponse<Problem> answer(Throwable cause) {
        ApiProblem problem;
        if (cause instanceof TooLongHttpLineException) {
            problem = ApiProblem.tooLarge(HttpStatus.REQUEST_URI_TOO_LONG, "the request line (method, path and"
                    + " query) is longer than 4096 bytes; shorten the URL");
        } else if (cause instanceof TooLongHttpHeaderException) {
            problem = ApiProblem.tooLarge(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "the request's headers are"
                    + " larger than 8192 bytes; send fewer or shorter headers");
        } else {
            problem = ApiProblem.tooLarge(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "the request body is larger than the"
                    + " server accepts (1 MB)");
        }
        return SecurityHeaders.addTo(ProblemHandlers.answer(problem));
    }
}
