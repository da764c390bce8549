package dev.netpolauditor.access;

import dev.netpolauditor.store.AccessStore;
import dev.netpolauditor.store.Database;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Wires access control from {@code netpol-auditor.auth.*} (application.yml). */
@Factory
final class AccessFactory {

    @Singleton
    AccessStore accessStore(Database database) {
        return new AccessStore(database.dsl());
    }

    @Singleton
    OidcSettings oidcSettings(@Value("${netpol-auditor.auth.oidc.issuer:}") String issuer,
            @Value("${netpol-auditor.auth.oidc.audience:}") String audience,
            @Value("${netpol-auditor.auth.oidc.jwks-uri:}") String jwksUri,
            @Value("${netpol-auditor.auth.oidc.roles-claim:roles}") String rolesClaim,
            @Value("${netpol-auditor.auth.oidc.viewer-values:viewer}") String viewerValues,
            @Value("${netpol-auditor.auth.oidc.auditor-values:auditor}") String auditorValues,
            @Value("${netpol-auditor.auth.oidc.admin-values:admin}") String adminValues,
            @Value("${netpol-auditor.auth.oidc.clock-skew:60s}") Duration clockSkew) {
        return new OidcSettings(issuer, audience, jwksUri.isBlank() ? null : URI.create(jwksUri.strip()), rolesClaim,
                Map.of(Role.VIEWER, list(viewerValues), Role.AUDITOR, list(auditorValues), Role.ADMIN,
                        list(adminValues)),
                clockSkew);
    }

    private static List<String> list(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
