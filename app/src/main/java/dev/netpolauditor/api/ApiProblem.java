package dev.netpolauditor.api;

import dev.netpolauditor.service.Refusal;
import io.micronaut.http.HttpStatus;

/**
 * A request the API answers with a problem document (RFC 9457): its status, a type naming
 * the kind of problem, a title for that kind and a detail saying what to do about this one.
 */
final class ApiProblem extends RuntimeException {
    private final HttpStatus status;
    private final String type;
    private final String title;

    private ApiProblem(HttpStatus status, String type, String title, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
        this.title = title;
    }

    /** A query or path parameter the API cannot use. */
    static ApiProblem badParameter(String detail) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, Problem.TYPE_PREFIX + "bad-parameter", "Invalid parameter",
                detail);
    }

    /** No such cluster, snapshot or endpoint. */
    static ApiProblem notFound(String kind, String detail) {
        return new ApiProblem(HttpStatus.NOT_FOUND, Problem.TYPE_PREFIX + "unknown-" + kind, "Unknown " + kind,
                detail);
    }

    /** The snapshot is a failed attempt: it has nothing under it. */
    static ApiProblem snapshotFailed(String detail) {
        return new ApiProblem(HttpStatus.CONFLICT, Problem.TYPE_PREFIX + "snapshot-failed", "Snapshot failed", detail);
    }

    /** A snapshot of the cluster is already running. */
    static ApiProblem alreadyRunning(String detail) {
        return new ApiProblem(HttpStatus.CONFLICT, Problem.TYPE_PREFIX + "snapshot-running",
                "Snapshot already running", detail);
    }

    /** The action cannot be done on this resource as it is; the detail says why and what to do. */
    static ApiProblem conflict(String type, String title, String detail) {
        return new ApiProblem(HttpStatus.CONFLICT, Problem.TYPE_PREFIX + type, title, detail);
    }

    /** No credentials, or credentials that authenticate nobody. */
    static ApiProblem unauthenticated(String detail) {
        return new ApiProblem(HttpStatus.UNAUTHORIZED, Problem.TYPE_PREFIX + "unauthenticated",
                "Authentication required", detail);
    }

    /** Authenticated, but the caller's role does not allow this. */
    static ApiProblem forbidden(String detail) {
        return new ApiProblem(HttpStatus.FORBIDDEN, Problem.TYPE_PREFIX + "forbidden", "Not allowed", detail);
    }

    /** The request body is not what the operation takes. */
    static ApiProblem badRequest(String detail) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, Problem.TYPE_PREFIX + "bad-request", "Invalid request body",
                detail);
    }

    /** The body is not sent as the operation takes it (no content type, not JSON, not UTF-8). */
    static ApiProblem unsupportedMediaType(String detail) {
        return new ApiProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, Problem.TYPE_PREFIX + "unsupported-media-type",
                "Unsupported media type", detail);
    }

    /** The request line or headers are larger than the server reads (414, 431), or the body (413). */
    static ApiProblem tooLarge(HttpStatus status, String detail) {
        return new ApiProblem(status, Problem.TYPE_PREFIX + "request-too-large", status.getReason(), detail);
    }

    /** The database cannot be reached. */
    static ApiProblem databaseUnavailable(String detail) {
        return new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, Problem.TYPE_PREFIX + "database-unavailable",
                "Database unavailable", detail);
    }

    /** The cluster's tenants or exceptions file, which a report is computed under, cannot be read. */
    static ApiProblem configUnreadable(String detail) {
        return new ApiProblem(HttpStatus.INTERNAL_SERVER_ERROR, Problem.TYPE_PREFIX + "config-unreadable",
                "Cluster configuration unreadable", detail);
    }

    /**
     * A compliance record request the service refused: 400 invalid, 404 unknown, 403 the four-eyes
     * rule (the proposer may not decide), 409 not in a state the action applies to.
     */
    static ApiProblem refused(Refusal refusal) {
        return switch (refusal.kind()) {
            case INVALID -> badRequest(refusal.getMessage());
            case NOT_FOUND -> new ApiProblem(HttpStatus.NOT_FOUND, Problem.TYPE_PREFIX + "unknown-record",
                    "Unknown record", refusal.getMessage());
            case FOUR_EYES -> new ApiProblem(HttpStatus.FORBIDDEN, Problem.TYPE_PREFIX + "four-eyes",
                    "A second person must decide", refusal.getMessage());
            case WRONG_STATE -> conflict("wrong-state", "Not possible in this state", refusal.getMessage());
        };
    }

    HttpStatus status() {
        return status;
    }

    Problem problem() {
        return new Problem(type, title, status.getCode(), getMessage());
    }
}
