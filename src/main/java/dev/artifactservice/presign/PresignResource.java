package dev.artifactservice.presign;

import dev.artifactservice.artifact.ArtifactResource;
import dev.artifactservice.security.Roles;
import dev.artifactservice.http.Params;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Encoded;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
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

/** {@code GET /api/artifacts/download-url/{session_id}/{path}}: a pre-signed S3 link to one artifact. */
@ApplicationScoped
@Path("artifacts/download-url")
@Tag(name = "pre-signed URLs")
public class PresignResource {

    @Inject
    PresignService presign;

    @Inject
    PresignSettings settings;

    /** OpenAPI description of expires_in; its maximum and default are set from the configuration (PresignSettings). */
    static final String EXPIRES_IN_DESCRIPTION = "Lifetime in seconds, 1 to artifacts.presign.max-expiry (default "
        + "artifacts.presign.default-expiry)";

    /** A link to the session's whole bundle, stored in S3 and rebuilt only when the session changed. */
    @GET
    @Path("{session_id}/bundle.zip")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.READ, Roles.WRITE})
    @Operation(operationId = "presignBundle",
        summary = "Get a pre-signed URL for the session's bundle", description = "Writes the whole "
        + "session's ZIP once to S3 at .../artifacts/bundle.zip and reuses it while the session's artifacts are "
        + "unchanged; any upload or delete makes the next call rebuild it. The link supports ranges, so the "
        + "download can be resumed. It ends no later than the first of the bundle's artifacts to expire.")
    @APIResponse(responseCode = "200", description = "The link",
        content = @Content(schema = @Schema(implementation = PresignedLink.class)))
    @APIResponse(responseCode = "400", description = "expires_in not an integer from 1 to artifacts.presign.max-expiry")
    @APIResponse(responseCode = "404", description = "No such session in the caller's organization")
    public PresignedLink presignBundle(
        @Parameter(description = "The session's UUID", schema = @Schema(type = SchemaType.STRING, format = "uuid"))
        @PathParam("session_id") String sessionId,
        @Parameter(description = EXPIRES_IN_DESCRIPTION, schema = @Schema(type = SchemaType.INTEGER, minimum = "1"))
        @QueryParam("expires_in") String expiresIn) {
        return presign.presignBundle(Params.uuid("session_id", sessionId, true), expiresIn(expiresIn));
    }

    private int expiresIn(String value) {
        return Params.intInRange("expires_in", value, settings.defaultExpiry(), 1, settings.maxExpiry());
    }

    /** The link, its expiry time and lifetime. */
    @GET
    @Path("{session_id}/{path: .+}")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.READ, Roles.WRITE})
    @Operation(operationId = "presignArtifact",
        summary = "Get a pre-signed URL for an artifact", description = "A SigV4 pre-signed S3 GET URL, "
        + "signed for artifacts.s3.public-endpoint when set, that returns the same bytes as the download "
        + "endpoint without a token, with the file name and type in response-content-disposition and "
        + "response-content-type. The link never outlives the artifact: expires_in is capped at the artifact's "
        + "expires_at, and the answer gives the lifetime actually signed. ?version=N signs that version of the path.")
    @APIResponse(responseCode = "200", description = "The link",
        content = @Content(schema = @Schema(implementation = PresignedLink.class)))
    @APIResponse(responseCode = "400", description = "expires_in not an integer from 1 to "
        + "artifacts.presign.max-expiry, or version not an integer of at least 1")
    @APIResponse(responseCode = "404", description = "No such session, live artifact or kept version for the caller "
        + "(expired artifacts are 404)")
    public PresignedLink presign(
        @Parameter(description = "The session's UUID", schema = @Schema(type = SchemaType.STRING, format = "uuid"))
        @PathParam("session_id") String sessionId,
        @Parameter(description = ArtifactResource.PATH_DESCRIPTION) @Encoded @PathParam("path") String path,
        @Parameter(description = EXPIRES_IN_DESCRIPTION, schema = @Schema(type = SchemaType.INTEGER, minimum = "1"))
        @QueryParam("expires_in") String expiresIn,
        @Parameter(description = ArtifactResource.VERSION_DESCRIPTION,
            schema = @Schema(type = SchemaType.INTEGER, minimum = "1")) @QueryParam("version") String version) {
        return presign.presign(Params.uuid("session_id", sessionId, true), ArtifactResource.parsePath(path),
            ArtifactResource.version(version), expiresIn(expiresIn));
    }
}
