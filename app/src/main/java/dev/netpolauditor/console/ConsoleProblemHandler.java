package dev.netpolauditor.console;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;

/** A {@link ConsoleProblem} as a page with its status and message. */
@Singleton
@Produces("text/html")
final class ConsoleProblemHandler implements ExceptionHandler<ConsoleProblem, HttpResponse<String>> {
    private final Csrf csrf;

    ConsoleProblemHandler(Csrf csrf) {
        this.csrf = csrf;
    }

    @Override
    public HttpResponse<String> handle(HttpRequest request, ConsoleProblem problem) {
        HttpRequest<?> r = request;
        Viewer viewer = r.getUserPrincipal(Authentication.class).map(a -> csrf.viewer(r, a)).orElse(null);
        String title = switch (problem.status()) {
            case NOT_FOUND -> "Not found";
            case FORBIDDEN -> "Not accepted";
            case CONFLICT -> "Not possible now";
            default -> "Not accepted";
        };
        return ConsoleFilter.Errors.page(r, problem.status(), viewer, title, problem.getMessage());
    }
}
