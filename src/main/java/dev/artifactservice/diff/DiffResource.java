package dev.artifactservice.diff;

import dev.artifactservice.artifact.ArtifactPath;
import dev.artifactservice.artifact.ArtifactResource;
import dev.artifactservice.failure.BadInputException;
import dev.artifactservice.http.Params;
import dev.artifactservice.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Encoded;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /api/artifacts/diff/{session_id}/{path}}: a unified diff ({@code text/x-diff}) between two versions of
 * an artifact, or between the same path in another session of the organization ({@code ?against_session=}).
 */
@ApplicationScoped
@Path("artifacts/diff")
@Tag(name = "diffs")
public class DiffResource {

    /** The media type of the answer: a unified diff in UTF-8. */
    public static final String MEDIA_TYPE = "text/x-diff; charset=UTF-8";

    @Inject
    DiffService diffs;

    /** The diff as {@code text/x-diff}, empty (200) when the sides are equal. */
    @GET
    @Path("{session_id}/{path: .+}")
    @RolesAllowed({Roles.READ, Roles.WRITE})
    @Operation(operationId = "diffArtifact", summary = "Diff two versions of an artifact, or two sessions' artifact",
        description = "A unified diff (text/x-diff; charset=UTF-8) with 3 lines of context, as `diff -u` writes "
            + "it: `patch -p1` or `git apply` run on the older side reproduce the newer one byte for byte (a CRLF file "
            + "keeps its CRs; a last line without a line feed is marked `\\ No newline at end of file`). The header "
            + "lines name the sides after a tab: `--- a/{path}<TAB>(version N)` and `+++ b/{path}<TAB>(version M)`. "
            + "Defaults: to = the current version, from = the version before to (the current one itself when it is "
            + "the first: an empty diff). With against_session, the diff goes from the current artifact at the same "
            + "path in that session (`--- a/`, labelled `(session S, version N)`) to the current one in this session "
            + "(`+++ b/`): what changed from the other session to this one. Equal sides give 200 with an empty body. "
            + "Binary content (by media type, or bytes that are not UTF-8 text), a side over artifacts.diff.max-bytes "
            + "or more than " + DiffService.MAX_CHANGED_LINES + " inserted plus deleted lines give 422 with reason, "
            + "both sizes and both SHA-256s. Audited (diff).")
    @APIResponse(responseCode = "200", description = "The unified diff; empty when the sides are equal",
        content = @Content(mediaType = "text/x-diff", schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "400", description = "Bad session_id, path, from, to or against_session, or "
        + "against_session with from or to")
    @APIResponse(responseCode = "404", description = "No such session or live artifact for the caller (the detail "
        + "names which side), or no such version")
    @APIResponse(responseCode = "422", description = "Binary content, a side larger than artifacts.diff.max-bytes "
        + "or too many changed lines: the problem's reason, from_size, to_size, from_sha256 and to_sha256 describe "
        + "both sides")
    public Response diff(
        @Parameter(description = "The session's UUID (the +++ side)",
            schema = @Schema(type = SchemaType.STRING, format = "uuid"))
        @PathParam("session_id") String sessionId,
        @Parameter(description = ArtifactResource.PATH_DESCRIPTION) @Encoded @PathParam("path") String path,
        @Parameter(description = "Version number of the --- side (default: the one before to)",
            schema = @Schema(type = SchemaType.INTEGER, minimum = "1")) @QueryParam("from") String from,
        @Parameter(description = "Version number of the +++ side (default: the current version)",
            schema = @Schema(type = SchemaType.INTEGER, minimum = "1")) @QueryParam("to") String to,
        @Parameter(description = "Another session of the organization: its current artifact at the same path is "
            + "the --- side, this session's the +++ side", schema = @Schema(type = SchemaType.STRING, format = "uuid"))
        @QueryParam("against_session") String againstSession) {
        UUID session = Params.uuid("session_id", sessionId, true);
        ArtifactPath artifactPath = ArtifactResource.parsePath(path);
        Integer fromVersion = version("from", from);
        Integer toVersion = version("to", to);
        UUID other = Params.uuid("against_session", againstSession, false);
        if (other != null && (fromVersion != null || toVersion != null)) {
            throw new BadInputException("against_session compares the current versions; it cannot be combined with "
                + "from or to.");
        }
        byte[] body = other != null ? diffs.againstSession(session, other, artifactPath)
            : diffs.versions(session, artifactPath, fromVersion, toVersion);
        return Response.ok(body, MEDIA_TYPE).build();
    }

    private static Integer version(String name, String value) {
        return value == null ? null : Params.intInRange(name, value, 0, 1, Integer.MAX_VALUE);
    }
}
