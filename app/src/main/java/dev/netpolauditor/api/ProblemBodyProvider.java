package dev.netpolauditor.api;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
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
        String detail;
        if (status >= 500) {
            detail = "the service failed unexpectedly; its log has the details";
        } else if (status == 404 && !context.hasErrors() || status == 404 && isPageNotFound(context)) {
            detail = "no resource at " + context.getRequest().getPath()
                    + "; the API is under /api/v1 (its OpenAPI document is under /openapi/)";
        } else {
            detail = context.getErrors().stream().map(Error::getMessage).collect(Collectors.joining("; "));
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
