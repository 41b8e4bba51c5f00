package dev.artifactservice;

import jakarta.annotation.security.DeclareRoles;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.auth.LoginConfig;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * JAX-RS application of the artifact service: every resource lives under {@code /api} and needs an
 * RS256 MicroProfile JWT whose {@code org_id} claim names the caller's organization.
 */
@ApplicationPath("/api")
@LoginConfig(authMethod = "MP-JWT", realmName = "artifact-service")
@DeclareRoles({"artifacts.read", "artifacts.write", "artifacts.admin"})
@OpenAPIDefinition(
    info = @Info(
        title = "Artifact service",
        version = "1.0",
        description = "Stores the files an infrastructure generator produces (CloudFormation, Terraform, "
            + "Lambda code, diagrams, pricing, READMEs) per organization and session in S3, with their "
            + "metadata in PostgreSQL. Errors are application/problem+json (RFC 9457)."),
    security = @SecurityRequirement(name = "bearer"),
    tags = {
        @Tag(name = "sessions", description = "Generation runs and their conversations"),
        @Tag(name = "artifacts", description = "Upload, list, download and delete artifacts"),
        @Tag(name = "bundles", description = "A session's artifacts as one streamed ZIP"),
        @Tag(name = "pre-signed URLs", description = "Time-limited S3 links that need no token"),
        @Tag(name = "shares", description = "Share links (/s/{token}) that need no login, last up to 365 days, "
            + "count downloads and can be revoked"),
        @Tag(name = "audit", description = "Who did what, for organization admins (artifacts.admin)"),
        @Tag(name = "retention", description = "Retention, keep flags, purge of expired artifacts, storage use "
            + "and quota")
    })
@SecurityScheme(
    securitySchemeName = "bearer",
    type = SecuritySchemeType.HTTP,
    scheme = "bearer",
    bearerFormat = "JWT",
    description = "RS256 JWT with claims sub, org_id (organization UUID) and groups "
        + "(artifacts.read for GET/HEAD, artifacts.write for PUT/POST/DELETE).")
public class ArtifactServiceApplication extends Application {
}
