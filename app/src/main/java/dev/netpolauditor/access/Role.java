package dev.netpolauditor.access;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a caller may do. Each role includes the ones below it: an admin is an auditor, an
 * auditor is a viewer. An authenticated caller carries its role and every role it includes,
 * so {@code @Secured(Role.VIEWER)} reads "viewer or more".
 */
public enum Role {
    /** Reads clusters, snapshots, objects, findings, coverage, tenants, connectivity, the OpenAPI document. */
    VIEWER,
    /** A viewer who also handles exceptions, evidence and report verification. */
    AUDITOR,
    /** An auditor who also takes snapshots, manages API tokens and reads the audit log. */
    ADMIN;

    public static final String VIEWER_NAME = "viewer";
    public static final String AUDITOR_NAME = "auditor";
    public static final String ADMIN_NAME = "admin";

    /** The name used in tokens, claims, the database and {@code @Secured}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** This role's name and the names of every role it includes, highest first. */
    public List<String> granted() {
        return Arrays.stream(values()).filter(r -> r.ordinal() <= ordinal())
                .sorted((a, b) -> b.ordinal() - a.ordinal()).map(Role::wireName).toList();
    }

    public static Optional<Role> byName(String name) {
        return Arrays.stream(values()).filter(r -> r.wireName().equals(name)).findFirst();
    }
}
