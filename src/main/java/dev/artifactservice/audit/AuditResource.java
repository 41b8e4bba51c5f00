package dev.artifactservice.audit;

import dev.artifactservice.security.Roles;
import dev.artifactservice.http.Params;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code GET /api/audit}: the organization's audit trail, for its admins ({@code artifacts.admin}). */
@ApplicationScoped
@Path("audit")
@Tag(name = "audit")
public class AuditResource {

    @Inject
    AuditLog audit;

    /** Events of the caller's organization, oldest first. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "listAuditEvents",
        summary = "Audit trail", description = "Every upload, download, bundle, pre-signed link issued, "
        + "delete, keep, unkeep and purge in the caller's organization: who (sub; artifact-service for the purge), "
        + "when, client address, session, path and bytes.")
    @APIResponse(responseCode = "200", description = "A page of events",
        content = @Content(schema = @Schema(implementation = AuditPage.class)))
    @APIResponse(responseCode = "400", description = "Bad session_id, since, limit or cursor")
    public AuditPage list(
        @Parameter(description = "Only this session's events",
            schema = @Schema(type = SchemaType.STRING, format = "uuid"))
        @QueryParam("session_id") String sessionId,
        @Parameter(description = "ISO-8601 date-time with offset, or a date (midnight UTC); only events at or after it")
        @QueryParam("since") String since,
        @Parameter(description = "Page size, 1 to 1000 (default 1000)", schema = @Schema(type = SchemaType.INTEGER,
            minimum = "1", maximum = "1000", defaultValue = "1000")) @QueryParam("limit") String limit,
        @Parameter(description = "next_cursor of the previous page") @QueryParam("cursor") String cursor) {
        return audit.list(Params.uuid("session_id", sessionId, false), Params.instant("since", since), cursor,
            Params.intInRange("limit", limit, 1000, 1, 1000));
    }
}
