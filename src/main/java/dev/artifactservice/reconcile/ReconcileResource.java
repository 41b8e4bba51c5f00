package dev.artifactservice.reconcile;

import dev.artifactservice.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code POST /api/admin/reconcile}: runs the S3/database reconciliation now (operators: artifacts.operator). */
@Path("admin/reconcile")
@Tag(name = "audit")
public class ReconcileResource {

    @Inject
    Reconciler reconciler;

    /** The report of the run; {@code ran} is false when another instance is reconciling. */
    @POST
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.OPERATOR)
    @Operation(operationId = "reconcileStorage",
        summary = "Reconcile S3 with the database", description = "Deletes objects that have no row and are "
        + "older than artifacts.reconcile.grace-seconds, and reports rows whose object is missing. The same runs "
        + "in the background at every start. Spans every organization, so it needs artifacts.operator (an "
        + "organization's artifacts.admin gets 403).")
    @APIResponse(responseCode = "200", description = "The report",
        content = @Content(schema = @Schema(implementation = ReconcileReport.class)))
    public ReconcileReport reconcile() {
        return reconciler.reconcile();
    }
}
