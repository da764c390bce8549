package dev.netpolauditor.console;

import dev.netpolauditor.access.Role;
import io.micronaut.security.authentication.Authentication;

/**
 * Who is looking at a page: their name, their highest role, and the CSRF token their forms
 * carry (null when the request came with a bearer token rather than a session: no session, no
 * forms to protect).
 */
record Viewer(String name, Role role, String csrf) {

    static Viewer of(Authentication authentication, String csrf) {
        Role role = authentication.getRoles().contains(Role.ADMIN_NAME) ? Role.ADMIN
                : authentication.getRoles().contains(Role.AUDITOR_NAME) ? Role.AUDITOR : Role.VIEWER;
        return new Viewer(authentication.getName(), role, csrf);
    }

    boolean may(Role needed) {
        return role.compareTo(needed) >= 0;
    }

    /** The hidden field that every state-changing form carries. */
    Html csrfField() {
        return Html.of("<input type=\"hidden\" name=\"csrf\" value=\"{}\">", csrf == null ? "" : csrf);
    }
}
