package dev.artifactservice.quota;

import dev.artifactservice.security.Caller;
import dev.artifactservice.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code GET /api/usage}: the caller's organization's storage use and quota. */
@ApplicationScoped
@Path("usage")
@Tag(name = "retention")
public class UsageResource {

    @Inject
    Caller caller;

    @Inject
    UsageService usage;

    /** Bytes used, quota, artifact and session counts of the caller's organization. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.READ, Roles.WRITE})
    @Operation(operationId = "getUsage",
        summary = "Storage use of the organization", description = "bytes_used is the total size of the "
        + "organization's live artifacts (expired ones no longer count, even before they are purged); quota_bytes "
        + "is artifacts.quota.default-bytes unless the operator set one for the organization, null when unlimited. "
        + "An upload that would take bytes_used past quota_bytes is refused with 507.")
    @APIResponse(responseCode = "200", description = "The figures",
        content = @Content(schema = @Schema(implementation = Usage.class)))
    public Usage get() {
        return usage.usage(caller.organizationId());
    }
}
