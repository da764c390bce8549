package dev.netpolauditor.api;

import dev.netpolauditor.ops.DatabaseState;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;

/**
 * While the database does not answer, every API request is answered 503 at once — a problem
 * document, like any other — instead of waiting for the pool's connection timeout to learn
 * the same. Before authentication, which itself needs the database (API tokens are looked up
 * there): a caller learns only that the service cannot answer now.
 */
@ServerFilter("/api/**")
final class DatabaseGate implements Ordered {
    private final DatabaseState state;

    DatabaseGate(DatabaseState state) {
        this.state = state;
    }

    @RequestFilter
    @Nullable
    HttpResponse<Problem> check(HttpRequest<?> request) {
        if (state.up()) {
            return null;
        }
        return ProblemHandlers.answer(ApiProblem.databaseUnavailable("the database cannot be reached; retry later,"
                + " and check the service's database settings if it lasts"));
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.before();
    }
}
