package dev.artifactservice.retention;

import dev.artifactservice.security.Caller;
import dev.artifactservice.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /api/admin/retention}: the caller's organization's default retention, read and set by its admins
 * ({@code artifacts.admin}). The storage quota is deliberately not settable here: tenants must not raise
 * their own; operators set {@code organizations.quota_bytes}.
 */
@ApplicationScoped
@Path("admin/retention")
@Tag(name = "retention")
@Produces(MediaType.APPLICATION_JSON)
public class RetentionResource {

    @Inject
    RetentionService retention;

    @Inject
    Caller caller;

    /** The organization's retention. */
    @GET
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "getRetention", summary = "Get the organization's retention")
    @APIResponse(responseCode = "200", description = "The retention",
        content = @Content(schema = @Schema(implementation = RetentionPolicyView.class)))
    public RetentionPolicyView get() {
        return retention.policy(caller.organizationId());
    }

    /** Sets the organization's retention; applies to uploads from now on, not to artifacts already stored. */
    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "setRetention",
        summary = "Set the organization's retention", description = "retention_days (0 = keep forever, "
        + "up to 36500) after each upload for artifacts of sessions that set no retention of their own; null "
        + "returns to artifacts.retention.default-days. Applies to uploads from now on: an artifact's expiry is "
        + "fixed when it is uploaded.")
    @APIResponse(responseCode = "200", description = "The retention now",
        content = @Content(schema = @Schema(implementation = RetentionPolicyView.class)))
    @APIResponse(responseCode = "400", description = "Body missing, not JSON, an unknown property, or retention_days "
        + "out of 0..36500")
    public RetentionPolicyView set(RetentionRequest request) {
        return retention.setPolicy(caller.organizationId(), request);
    }
}
