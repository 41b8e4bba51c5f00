package dev.artifactservice.reconcile;

import dev.artifactservice.security.Caller;
import dev.artifactservice.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code POST /api/admin/reconcile}: runs the S3/database reconciliation now (operators: artifacts.operator). */
@ApplicationScoped
@Path("admin/reconcile")
@Tag(name = "audit")
public class ReconcileResource {

    @Inject
    Reconciler reconciler;

    @Inject
    Caller caller;

    /** The report of the run; {@code ran} is false when another instance is reconciling. */
    @POST
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.OPERATOR)
    @Operation(operationId = "reconcileStorage",
        summary = "Reconcile S3 with the database", description = "Deletes only what a write of this service "
        + "left half-done: objects whose write intent is older than artifacts.reconcile.grace-seconds and that have "
        + "no row, and stale staging objects. Objects that no row and no write intent explain (another database on "
        + "the same bucket, uploads since a restored backup) are counted and named, never deleted; rows whose "
        + "object is missing are reported. The same runs in the background at every start. Spans every "
        + "organization, so it needs artifacts.operator (an organization's artifacts.admin gets 403).")
    @APIResponse(responseCode = "200", description = "The report",
        content = @Content(schema = @Schema(implementation = ReconcileReport.class)))
    public ReconcileReport reconcile() {
        return reconciler.reconcile();
    }

    /** Deletes the listed unexplained objects that are still unexplained; the rest are kept with the reason. */
    @POST
    @Path("delete-unexplained")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.OPERATOR)
    @Operation(operationId = "deleteUnexplainedObjects", summary = "Delete unexplained objects",
        description = "Deletes each listed S3 key whose object no artifact row, no write intent and no existing "
        + "session's stored bundle explains, checked again under the key's lock; each deletion is audited as "
        + "delete-unexplained-object in the organization its key names. Keys outside the service's layout, "
        + "explained or absent are kept, with the reason. Needs artifacts.operator.")
    @APIResponse(responseCode = "200", description = "What was deleted and what was kept",
        content = @Content(schema = @Schema(implementation = UnexplainedDeletionReport.class)))
    @APIResponse(responseCode = "400", description = "No keys, more than 1000, or a blank one")
    public UnexplainedDeletionReport deleteUnexplained(
        @RequestBody(required = true, content = @Content(schema = @Schema(implementation = UnexplainedDeletion.class)))
        UnexplainedDeletion request) {
        return reconciler.deleteUnexplained(request == null ? null : request.keys(), caller.userId());
    }
}
