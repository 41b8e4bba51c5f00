package dev.artifactservice.purge;

import dev.artifactservice.security.Caller;
import dev.artifactservice.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code POST /api/admin/purge}: deletes expired artifacts now: the caller's organization's for
 * {@code artifacts.admin}, every organization's for {@code artifacts.operator}.
 */
@ApplicationScoped
@Path("admin/purge")
@Tag(name = "retention")
public class PurgeResource {

    @Inject
    Purger purger;

    @Inject
    Caller caller;

    @Context
    SecurityContext security;

    /** The report of the run. */
    @POST
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
    @Operation(operationId = "purgeExpiredArtifacts",
        summary = "Purge expired artifacts now", description = "Deletes the S3 object and the row of "
        + "every artifact whose expires_at has passed and that is not kept, in batches of artifacts.purge.batch-size, "
        + "each recorded in the audit trail as 'purge'. The same runs every artifacts.purge.interval-seconds. "
        + "Expired artifacts are already invisible (404) before they are purged. Several purges, on one instance "
        + "or several, share the work without waiting for each other. Runs on the same managed executor as the "
        + "scheduled purge and answers when it is done. With artifacts.admin it purges the caller's organization "
        + "only (organization_id in the report); with artifacts.operator every organization (organization_id "
        + "null).")
    @APIResponse(responseCode = "200", description = "The report",
        content = @Content(schema = @Schema(implementation = PurgeReport.class)))
    public PurgeReport purge() {
        return purger.purgeNow(security.isUserInRole(Roles.OPERATOR) ? null : caller.organizationId());
    }
}
