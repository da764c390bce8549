package dev.netpolauditor.console;

import io.micronaut.http.HttpStatus;

/** Something the console says no to, in our words: the page shows the status and the message. */
final class ConsoleProblem extends RuntimeException {
    private final HttpStatus status;

    ConsoleProblem(HttpStatus status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    HttpStatus status() {
        return status;
    }

    static ConsoleProblem notFound(String message) {
        return new ConsoleProblem(HttpStatus.NOT_FOUND, message);
    }

    static ConsoleProblem badRequest(String message) {
        return new ConsoleProblem(HttpStatus.BAD_REQUEST, message);
    }

    static ConsoleProblem forbidden(String message) {
        return new ConsoleProblem(HttpStatus.FORBIDDEN, message);
    }

    static ConsoleProblem conflict(String message) {
        return new ConsoleProblem(HttpStatus.CONFLICT, message);
    }
}
