package dev.artifactservice.diff;

import dev.artifactservice.http.Params;
import dev.artifactservice.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code GET /api/sessions/{session_id}/compare/{other_session_id}}: how another session differs from this one. */
@ApplicationScoped
@Path("sessions/{session_id}/compare")
@Tag(name = "diffs")
public class CompareResource {

    @Inject
    CompareService comparisons;

    /** The paths added, removed and changed from {@code session_id} to {@code other_session_id}. */
    @GET
    @Path("{other_session_id}")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.READ, Roles.WRITE})
    @Operation(operationId = "compareSessions", summary = "Compare two sessions",
        description = "By the live artifacts' paths and SHA-256s (no content is read), from session_id to "
            + "other_session_id: added = paths only in other_session_id, removed = paths only in session_id, "
            + "changed = paths in both with other bytes (from_* = session_id's, to_* = other_session_id's), "
            + "unchanged_count = paths in both with the same bytes. Each list in the artifact list's order (code-point "
            + "order of the path). GET /api/artifacts/diff/{other_session_id}/{path}?against_session={session_id} "
            + "shows a changed path's lines in the same direction.")
    @APIResponse(responseCode = "200", description = "The comparison",
        content = @Content(schema = @Schema(implementation = Comparison.class)))
    @APIResponse(responseCode = "404", description = "Either session does not exist in the caller's organization")
    public Comparison compare(
        @Parameter(description = "The session compared from (its artifacts are the from side)",
            schema = @Schema(type = SchemaType.STRING, format = "uuid"))
        @PathParam("session_id") String sessionId,
        @Parameter(description = "The session compared to (its artifacts are the to side)",
            schema = @Schema(type = SchemaType.STRING, format = "uuid"))
        @PathParam("other_session_id") String otherSessionId) {
        return comparisons.compare(Params.uuid("session_id", sessionId, true),
            Params.uuid("other_session_id", otherSessionId, true));
    }
}
