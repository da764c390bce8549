package dev.netpolauditor.access;

import io.micronaut.security.authentication.Authentication;

/**
 * Who made a request, as the audit log names them: {@code token:<id>:<name>} for an API
 * token, {@code jwt:<subject>} for an OIDC token. It is the authentication's name.
 */
public final class Actors {
    static final String KIND = "auth_kind";

    private Actors() {}

    static String token(long id, String name) {
        return "token:" + id + ":" + name;
    }

    static String jwt(String subject) {
        return "jwt:" + subject;
    }

    /** The actor behind an authenticated request. */
    public static String of(Authentication authentication) {
        return authentication == null ? "anonymous" : authentication.getName();
    }
}
