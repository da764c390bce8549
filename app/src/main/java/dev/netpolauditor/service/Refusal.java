package dev.netpolauditor.service;

/**
 * A request about a compliance record that the service refuses, with a message in our words
 * saying why and what to do: the API answers it as a problem of the status its kind implies.
 */
public final class Refusal extends RuntimeException {

    /** Why: bad input (400), no such record (404), the four-eyes rule (403), not in this state (409). */
    public enum Kind { INVALID, NOT_FOUND, FOUR_EYES, WRONG_STATE }

    private final Kind kind;

    public Refusal(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
