package dev.netpolauditor.service;

import dev.netpolauditor.store.ComplianceStore;

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

    static Refusal invalid(String message) {
        return new Refusal(Kind.INVALID, message);
    }

    /** {@code value} when given (not blank) and at most {@code max} characters, else the refusal naming {@code field}. */
    static String required(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw invalid(field + " is required");
        }
        if (value.length() > max) {
            throw invalid(field + ": at most " + max + " characters");
        }
        return value;
    }

    /** A decision's note: null when not given, else stripped and at most 4000 characters. */
    static String note(String note) {
        if (note == null || note.isBlank()) {
            return null;
        }
        if (note.length() > 4000) {
            throw invalid("note: at most 4000 characters");
        }
        return note.strip();
    }

    /**
     * The record a decision on {@code what} ({@code exception 12}) left, or the refusal saying why there
     * is none: unknown, the four-eyes rule (naming the proposer), or a state the action ({@code verb}:
     * approve, reject, revoke) does not apply to.
     */
    static <T> T unlessRefused(String what, String verb, ComplianceStore.Decision<T> decision,
            java.util.function.Function<T, String> proposer, String listedAt) {
        return switch (decision) {
            case ComplianceStore.Decision.Done<T> d -> d.record();
            case ComplianceStore.Decision.NotFound<T> n -> throw new Refusal(Kind.NOT_FOUND, "no " + what
                    + "; GET " + listedAt + " lists them");
            case ComplianceStore.Decision.WrongState<T> w -> throw new Refusal(Kind.WRONG_STATE, what + " is "
                    + w.state() + ": only a " + (verb.equals("revoke") ? "proposed or approved" : "proposed") + " one can be "
                    + (verb.equals("revoke") ? "revoked" : verb + "d")
                    + (w.state().equals(ComplianceStore.PROPOSED) || w.state().equals(ComplianceStore.APPROVED) ? ""
                            : "; propose a new one"));
            case ComplianceStore.Decision.OwnProposal<T> o -> throw new Refusal(Kind.FOUR_EYES, what
                    + " was proposed by " + proposer.apply(o.record()) + ", who cannot " + verb + " it: the four-eyes"
                    + " rule needs a second person (another identity with the auditor role) to " + verb + " it");
        };
    }
}
