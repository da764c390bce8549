package dev.netpolauditor.api;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.JsonErrorResponseBodyProvider;
import jakarta.inject.Singleton;
import java.util.stream.Collectors;

/**
 * Micronaut's own error answers (no such route, method not allowed, a parameter it could not
 * bind) as problem documents, like the API's. A server error never shows its message: that
 * goes to the log.
 */
@Singleton
@Replaces(JsonErrorResponseBodyProvider.class)
final class ProblemBodyProvider implements JsonErrorResponseBodyProvider<Problem> {

    @Override
    public Problem body(ErrorContext context, HttpResponse<?> response) {
        if (context.getRootCause().orElse(null) instanceof ApiProblem problem) {
            return problem.problem();
        }
        int status = response.code();
        HttpRequest<?> request = context.getRequest();
        String detail;
        if (status >= 500) {
            detail = "the service failed unexpectedly; its log has the details";
        } else if (status == 404 && !context.hasErrors() || status == 404 && isPageNotFound(context)) {
            detail = "no resource at " + Params.quote(request.getPath())
                    + "; the API is under /api/v1 (its OpenAPI document is under /openapi/)";
        } else if (status == 405) {
            detail = request.getMethodName() + " is not allowed on " + Params.quote(request.getPath());
        } else if (status == 415) {
            detail = "the request's Content-Type is not accepted here; JSON bodies are sent as application/json";
        } else if (status == 406) {
            detail = "the answer cannot be given in a media type the request accepts; accept application/json";
        } else if (status == 400) {
            // Micronaut's own words name Java types and conversions: say which part, in ours
            String parts = context.getErrors().stream().map(e -> e.getPath().orElse(null))
                    .filter(p -> p != null && p.matches("[A-Za-z][A-Za-z0-9]{0,40}")).distinct()
                    .collect(Collectors.joining(", "));
            detail = parts.isEmpty() ? "the request cannot be read: a parameter or the body is not what this"
                    + " operation takes (see its OpenAPI description)"
                    : "the request's " + parts + " is not what this operation takes (see its OpenAPI description)";
        } else {
            detail = response.reason();
        }
        return new Problem(Problem.ABOUT_BLANK, response.reason(), status, detail);
    }

    @Override
    public String contentType() {
        return Problem.MEDIA_TYPE;
    }

    private static boolean isPageNotFound(ErrorContext context) {
        return context.getErrors().stream().allMatch(e -> "Page Not Found".equals(e.getMessage()));
    }
}
