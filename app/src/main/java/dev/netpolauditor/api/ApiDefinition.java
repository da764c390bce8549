package dev.netpolauditor.api;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The OpenAPI document's head; the annotation processor writes the document at compile time. */
@OpenAPIDefinition(
        info = @Info(title = "netpol-auditor", version = "0.1.0",
                description = "Snapshots of Kubernetes clusters' NetworkPolicies, their audit findings, coverage,"
                        + " tenant matrix and connectivity, kept in PostgreSQL. Errors are RFC 9457 problem"
                        + " documents (application/problem+json)."),
        tags = {
            @Tag(name = "clusters", description = "Configured clusters and their latest snapshots"),
            @Tag(name = "snapshots", description = "Taking and listing snapshots"),
            @Tag(name = "snapshot content", description = "What one snapshot holds: objects, findings, coverage,"
                    + " tenants, connectivity")
        })
final class ApiDefinition {
    private ApiDefinition() {}
}
