package dev.netpolauditor.api;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The OpenAPI document's head; the annotation processor writes the document at compile time. */
@OpenAPIDefinition(
        info = @Info(title = "netpol-auditor", version = "0.1.0",
                description = "Snapshots of Kubernetes clusters' NetworkPolicies, their audit findings, coverage,"
                        + " tenant matrix and connectivity, kept in PostgreSQL. Errors are RFC 9457 problem"
                        + " documents (application/problem+json). Every operation needs Authorization: Bearer <token>,"
                        + " an API token (npa_...) or a JWT from the configured OIDC issuer; roles: viewer reads,"
                        + " auditor adds exceptions and evidence, admin adds snapshots, API tokens and the audit log."
                        + " Without credentials: 401; with a role too low: 403."),
        security = @SecurityRequirement(name = ApiDefinition.BEARER),
        tags = {
            @Tag(name = "clusters", description = "Configured clusters and their latest snapshots"),
            @Tag(name = "snapshots", description = "Taking and listing snapshots"),
            @Tag(name = "snapshot content", description = "What one snapshot holds: objects, findings, coverage,"
                    + " tenants, connectivity"),
            @Tag(name = "access", description = "API tokens and the audit log (admin)")
        })
@SecurityScheme(name = ApiDefinition.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer",
        bearerFormat = "API token (npa_...) or OIDC JWT",
        description = "An API token created with POST /api/v1/tokens (or printed at first start), or a JWT from the"
                + " OIDC issuer configured with netpol-auditor.auth.oidc.*")
final class ApiDefinition {
    static final String BEARER = "bearer";

    private ApiDefinition() {}
}
