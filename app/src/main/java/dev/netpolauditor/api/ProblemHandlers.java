package dev.netpolauditor.api;

import dev.netpolauditor.ops.DatabaseState;
import dev.netpolauditor.service.Refusal;
import dev.netpolauditor.service.SnapshotService;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.security.authentication.AuthorizationException;
import io.micronaut.security.authentication.DefaultAuthorizationExceptionHandler;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The API's exceptions as problem documents, one handler per kind. */
final class ProblemHandlers {
    private static final Logger LOG = LoggerFactory.getLogger("netpol-auditor.api");

    private ProblemHandlers() {}

    static MutableHttpResponse<Problem> answer(ApiProblem problem) {
        return HttpResponse.<Problem>status(problem.status()).contentType(Problem.MEDIA_TYPE).body(problem.problem());
    }

    /** A problem the API found with the request. */
    @Singleton
    @Produces(Problem.MEDIA_TYPE)
    static final class Declared implements ExceptionHandler<ApiProblem, HttpResponse<Problem>> {
        @Override
        public HttpResponse<Problem> handle(HttpRequest request, ApiProblem problem) {
            return answer(problem);
        }
    }

    /** A snapshot was asked for while one of the cluster is running, here or on another replica. */
    @Singleton
    @Produces(Problem.MEDIA_TYPE)
    static final class Running implements ExceptionHandler<SnapshotService.AlreadyRunning, HttpResponse<Problem>> {
        @Override
        public HttpResponse<Problem> handle(HttpRequest request, SnapshotService.AlreadyRunning e) {
            return answer(ApiProblem.alreadyRunning(e.getMessage()));
        }
    }

    /** A compliance record request the service refused (bad input, unknown record, four eyes, state). */
    @Singleton
    @Produces(Problem.MEDIA_TYPE)
    static final class Refused implements ExceptionHandler<Refusal, HttpResponse<Problem>> {
        @Override
        public HttpResponse<Problem> handle(HttpRequest request, Refusal e) {
            return answer(ApiProblem.refused(e));
        }
    }

    /**
     * A request the security rules turned down: 401 with {@code WWW-Authenticate: Bearer} when
     * it authenticated nobody, 403 when the caller's role is not enough. Replaces Micronaut
     * Security's handler, whose answers have no problem body.
     */
    @Singleton
    @Replaces(DefaultAuthorizationExceptionHandler.class)
    @Produces(Problem.MEDIA_TYPE)
    static final class Unauthorized implements ExceptionHandler<AuthorizationException, HttpResponse<Problem>> {
        @Override
        public HttpResponse<Problem> handle(HttpRequest request, AuthorizationException e) {
            if (e.isForbidden()) {
                return answer(ApiProblem.forbidden("your role does not allow " + request.getMethodName() + " "
                        + request.getPath() + "; roles: viewer reads, auditor adds exceptions and evidence,"
                        + " admin adds snapshots, tokens and the audit log"));
            }
            return HttpResponse.<Problem>status(HttpStatus.UNAUTHORIZED).contentType(Problem.MEDIA_TYPE)
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"netpol-auditor\"")
                    .body(ApiProblem.unauthenticated("send Authorization: Bearer <token>, with an API token (npa_...)"
                            + " or a token from the configured OIDC issuer; a revoked, expired or unknown token"
                            + " authenticates nobody").problem());
        }
    }

    /**
     * Anything else: 503 when the database cannot be reached (the client may retry), otherwise
     * 500 with the failure in the log only.
     */
    @Singleton
    @Produces(Problem.MEDIA_TYPE)
    static final class Unexpected implements ExceptionHandler<RuntimeException, HttpResponse<Problem>> {
        private final DatabaseState database;

        Unexpected(DatabaseState database) {
            this.database = database;
        }

        @Override
        public HttpResponse<Problem> handle(HttpRequest request, RuntimeException e) {
            if (database.unreachable(e)) {
                // the database watch logs the outage once; it looks again now
                database.suspect();
                LOG.debug("{} {}: database unreachable: {}", request.getMethodName(), request.getPath(), e.toString());
                return answer(ApiProblem.databaseUnavailable(
                        "the database cannot be reached; retry later, and check the service's database settings"
                                + " if it lasts"));
            }
            LOG.error("{} {} failed", request.getMethodName(), request.getPath(), e);
            return HttpResponse.<Problem>serverError().contentType(Problem.MEDIA_TYPE).body(new Problem(
                    Problem.ABOUT_BLANK, "Internal Server Error", 500,
                    "the service failed unexpectedly; its log has the details"));
        }
    }
}
