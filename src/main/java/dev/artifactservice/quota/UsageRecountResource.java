package dev.artifactservice.quota;

import dev.artifactservice.http.Params;
import dev.artifactservice.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
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

/** {@code POST /api/admin/usage/recount}: recounts the usage counters from the rows (operators: artifacts.operator). */
@ApplicationScoped
@Path("admin/usage")
@Tag(name = "retention")
public class UsageRecountResource {

    @Inject
    UsageRecounter recounter;

    /** The report of the recount; {@code ran} is false when another instance is recounting. */
    @POST
    @Path("recount")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.OPERATOR)
    @Operation(operationId = "recountUsage",
        summary = "Recount the usage counters", description = "Sets every organization's and every session's "
        + "usage counters (what /api/usage, the quota and the session list read) to what their rows sum to, and "
        + "names the counters that differed; ?organization_id= recounts that organization alone. The service "
        + "keeps the counters exact itself; this is for rows written or changed outside it (SQL, a restore). "
        + "One organization at a time: its uploads and deletes wait while its rows are summed. Spans every "
        + "organization, so it needs artifacts.operator (an organization's artifacts.admin gets 403).")
    @APIResponse(responseCode = "200", description = "The report",
        content = @Content(schema = @Schema(implementation = UsageRecountReport.class)))
    @APIResponse(responseCode = "400", description = "organization_id not a UUID")
    public UsageRecountReport recount(
        @Parameter(description = "Recount this organization alone (default: every organization)",
            schema = @Schema(type = SchemaType.STRING, format = "uuid"))
        @QueryParam("organization_id") String organizationId) {
        return recounter.recount(Params.uuid("organization_id", organizationId, false));
    }
}
