package dev.artifactservice.artifact;

import dev.artifactservice.failure.BadInputException;
import dev.artifactservice.failure.ProblemType;
import dev.artifactservice.failure.ServiceException;
import dev.artifactservice.security.Roles;
import dev.artifactservice.http.Params;
import dev.artifactservice.http.Preconditions;
import dev.artifactservice.http.RequestHeaders;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Encoded;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.net.URI;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /api/artifacts}: upload, list and delete a session's artifacts, list their versions and restore one. */
@ApplicationScoped
@Path("artifacts")
@Tag(name = "artifacts")
public class ArtifactResource {

    @Inject
    ArtifactService artifacts;

    @Inject
    ArtifactVersions versions;

    @Context
    UriInfo uriInfo;

    /** OpenAPI description of the {@code path} parameter of every operation on one artifact. */
    public static final String PATH_DESCRIPTION = "Artifact path, each segment percent-encoded, e.g. "
        + "terraform/modules/vpc/main.tf";

    /** {@code PUT /api/artifacts/upload/{session_id}/{path}}: the raw bytes as body, streamed to S3. */
    @PUT
    @Path("upload/{session_id}/{path: .+}")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.WRITE)
    @Operation(operationId = "uploadArtifact",
        summary = "Upload an artifact", description = "Stores the body (streamed, never held whole) at "
        + "the path. Content-Type, when absent or application/octet-stream, is derived from the file name. The "
        + "database row and the S3 object always agree: a failed upload leaves neither behind. The artifact "
        + "expires (404 everywhere, then purged) at the upload time plus the session's retention, else the "
        + "organization's, else artifacts.retention.default-days; keep=true exempts it. An upload that would take "
        + "the organization past its storage quota is refused with 507 before its bytes are kept (a replacement "
        + "counts only the difference; a chunked body is cut off where the quota ends).")
    // application/octet-stream first: generated clients and the explorer send a file's raw bytes for it (for */*
    // they would send JSON); any other type is accepted too and stored as given. Not "required": an empty file
    // (Content-Length: 0) is a legal upload, and OpenAPI calls an empty body none.
    @RequestBody(description = "The file's bytes (an empty file too, with Content-Length: 0)", required = false,
        content = {
            @Content(mediaType = MediaType.APPLICATION_OCTET_STREAM, schema = @Schema(
                type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING, format = "binary")),
            @Content(mediaType = MediaType.WILDCARD, schema = @Schema(
                type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING, format = "binary"))})
    @APIResponse(responseCode = "201", description = "Created; Location is the download URL, ETag the SHA-256",
        content = @Content(schema = @Schema(implementation = ArtifactView.class)))
    @APIResponse(responseCode = "200", description = "Replaced an artifact at the same path",
        content = @Content(schema = @Schema(implementation = ArtifactView.class)))
    @APIResponse(responseCode = "400", description = "Bad path, conversation_id, metadata or Repr-Digest mismatch")
    @APIResponse(responseCode = "404", description = "No such session in the caller's organization")
    @APIResponse(responseCode = "409", description = "The session's expires_at has passed (and keep is not true)")
    @APIResponse(responseCode = "412", description = "If-None-Match, If-Match or If-Unmodified-Since precondition "
        + "failed (RFC 9110 section 13.2.2)")
    @APIResponse(responseCode = "411", description = "Neither Content-Length nor Transfer-Encoding: chunked")
    @APIResponse(responseCode = "413", description = "Body larger than artifacts.upload.max-bytes")
    @APIResponse(responseCode = "507", description = "The organization's storage quota would be exceeded; "
        + "nothing was stored")
    @APIResponse(responseCode = "503", description = "Database or S3 unreachable, or artifacts.upload.max-concurrent "
        + "uploads in progress on this instance for artifacts.upload.slot-wait-seconds; nothing was stored; retry "
        + "after Retry-After seconds")
    public Response upload(
        @Parameter(description = "The session's UUID", schema = @Schema(type = SchemaType.STRING, format = "uuid"))
        @PathParam("session_id") String sessionId,
        @Parameter(description = PATH_DESCRIPTION) @Encoded @PathParam("path") String path,
        @Parameter(description = "Conversation of this session to link",
            schema = @Schema(type = SchemaType.STRING, format = "uuid")) @QueryParam("conversation_id")
        String conversationId,
        @Parameter(description = "JSON object, at most 8 KiB, stored as metadata") @HeaderParam("X-Artifact-Metadata")
        String metadata,
        @Parameter(description = "RFC 9530 digest, sha-256=:base64:; a mismatch is refused")
        @HeaderParam("Repr-Digest") String reprDigest,
        @Parameter(description = "* to refuse replacing an existing artifact") @HeaderParam("If-None-Match")
        String ifNoneMatch,
        @Parameter(description = "ETag the existing artifact must have (strong comparison)") @HeaderParam("If-Match")
        String ifMatch,
        @Parameter(description = "HTTP-date; refused if the existing artifact changed after it (ignored with "
            + "If-Match)") @HeaderParam("If-Unmodified-Since") String ifUnmodifiedSince,
        @Parameter(description = "true: never expires; false: follows the retention. Absent: a new artifact "
            + "is not kept, a replacement keeps the replaced artifact's flag",
            schema = @Schema(type = SchemaType.BOOLEAN)) @QueryParam("keep") String keep,
        // Content-Type is the request body's (OpenAPI ignores it as a parameter); the other two are framing.
        @Parameter(hidden = true) @HeaderParam("Content-Type") String contentType,
        @Parameter(hidden = true) @HeaderParam("Content-Length") String contentLength,
        @Parameter(hidden = true) @HeaderParam("Transfer-Encoding") String transferEncoding,
        InputStream body) {
        UUID session = Params.uuid("session_id", sessionId, true);
        ArtifactPath artifactPath = parsePath(path);
        if (contentLength == null && (transferEncoding == null
            || !transferEncoding.toLowerCase(java.util.Locale.ROOT).contains("chunked"))) {
            // Neither a length nor chunked framing (or a malformed Content-Length the server dropped): the
            // body cannot be told apart from an empty one, so refuse rather than store 0 bytes.
            throw new ServiceException(ProblemType.LENGTH_REQUIRED,
                "Send the body with a Content-Length header or Transfer-Encoding: chunked.");
        }
        if (contentType != null && contentType.length() > MimeTypes.MAX_LENGTH) {
            throw new BadInputException("Content-Type is longer than " + MimeTypes.MAX_LENGTH + " characters.");
        }
        UploadCommand command = new UploadCommand(contentType, RequestHeaders.contentLength(contentLength),
            Params.uuid("conversation_id", conversationId, false), metadata,
            RequestHeaders.reprDigestSha256(reprDigest), new Preconditions(ifMatch, ifNoneMatch, null, ifUnmodifiedSince),
            Params.bool("keep", keep));
        ArtifactService.Upload upload = artifacts.upload(session, artifactPath, command, body);
        ArtifactSnapshot file = upload.artifact();
        // downloadUrl is an absolute path ("/api/..."), so it resolves against the host, not under /api/.
        URI location = uriInfo.getBaseUri().resolve(file.downloadUrl());
        return Response.status(upload.isNew() ? 201 : 200)
            .location(location)
            .header("ETag", file.etag())
            .entity(ArtifactView.of(file))
            .build();
    }

    /** {@code GET /api/artifacts/list/{session_id}}: the session's artifacts in path order. */
    @GET
    @Path("list/{session_id}")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.READ, Roles.WRITE})
    @Operation(operationId = "listArtifacts",
        summary = "List a session's artifacts", description = "Ordered by path in code-point order (as the "
        + "bundle). total_size (bytes) and total_count cover every match, not just the page.")
    @APIResponse(responseCode = "200", description = "A page of artifacts",
        content = @Content(schema = @Schema(implementation = ArtifactListing.class)))
    @APIResponse(responseCode = "400", description = "Bad type, conversation_id, date, limit or cursor")
    @APIResponse(responseCode = "404", description = "No such session in the caller's organization")
    public ArtifactListing list(
        @Parameter(description = "The session's UUID", schema = @Schema(type = SchemaType.STRING, format = "uuid"))
        @PathParam("session_id") String sessionId,
        @Parameter(description = "Artifact type, repeatable: cloudformation, terraform, lambda, diagram, pricing, "
            + "readme", schema = @Schema(type = SchemaType.ARRAY, implementation = ArtifactType.class))
        @QueryParam("type") List<String> types,
        @Parameter(description = "Only artifacts linked to this conversation",
            schema = @Schema(type = SchemaType.STRING, format = "uuid")) @QueryParam("conversation_id")
        String conversationId,
        @Parameter(description = "ISO-8601 date-time with offset, or a date (midnight UTC); only artifacts whose "
            + "created_at (first upload at the path) is after it") @QueryParam("created_after") String createdAfter,
        @Parameter(description = "ISO-8601 date-time with offset, or a date (midnight UTC); only artifacts whose "
            + "created_at (first upload at the path) is before it") @QueryParam("created_before") String createdBefore,
        @Parameter(description = "Page size, 1 to 1000 (default 1000)", schema = @Schema(type = SchemaType.INTEGER,
            minimum = "1", maximum = "1000", defaultValue = "1000")) @QueryParam("limit") String limit,
        @Parameter(description = "next_cursor of the previous page") @QueryParam("cursor") String cursor) {
        return artifacts.list(Params.uuid("session_id", sessionId, true),
            filter(types, conversationId, createdAfter, createdBefore), cursor,
            Params.intInRange("limit", limit, 1000, 1, 1000));
    }

    /** {@code DELETE /api/artifacts/{session_id}/{path}}: 204; the row and the S3 object are gone. */
    @DELETE
    @Path("{session_id}/{path: .+}")
    @RolesAllowed(Roles.WRITE)
    @Operation(operationId = "deleteArtifact", summary = "Delete an artifact")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No such session or artifact for the caller")
    @APIResponse(responseCode = "412", description = "If-Match names another ETag than the artifact's (strong "
        + "comparison), or it changed after If-Unmodified-Since; nothing deleted")
    public Response delete(
        @Parameter(description = "The session's UUID", schema = @Schema(type = SchemaType.STRING, format = "uuid"))
        @PathParam("session_id") String sessionId,
        @Parameter(description = PATH_DESCRIPTION) @Encoded @PathParam("path") String path,
        @Parameter(description = "Delete only if the artifact's ETag is one of these (RFC 9110)")
        @HeaderParam("If-Match") String ifMatch,
        @Parameter(description = "HTTP-date; delete only if the artifact has not changed since (ignored with "
            + "If-Match)") @HeaderParam("If-Unmodified-Since") String ifUnmodifiedSince,
        @Parameter(description = "An ETag list: refuse (412) if the artifact's ETag is in it, * if it exists")
        @HeaderParam("If-None-Match") String ifNoneMatch) {
        artifacts.delete(Params.uuid("session_id", sessionId, true), parsePath(path),
            new Preconditions(ifMatch, ifNoneMatch, null, ifUnmodifiedSince));
        return Response.noContent().build();
    }

    /** {@code PUT /api/artifacts/keep/{session_id}/{path}}: the artifact is kept whatever the retention. */
    @PUT
    @Path("keep/{session_id}/{path: .+}")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.WRITE)
    @Operation(operationId = "keepArtifact",
        summary = "Keep an artifact", description = "Exempts the artifact from retention: it never "
        + "expires and is never purged until the flag is cleared (DELETE) or the artifact deleted. Idempotent.")
    @APIResponse(responseCode = "200", description = "The artifact, with keep true and expires_at null",
        content = @Content(schema = @Schema(implementation = ArtifactView.class)))
    @APIResponse(responseCode = "404", description = "No such session or live artifact for the caller")
    public ArtifactView keep(
        @Parameter(description = "The session's UUID", schema = @Schema(type = SchemaType.STRING, format = "uuid"))
        @PathParam("session_id") String sessionId,
        @Parameter(description = PATH_DESCRIPTION) @Encoded @PathParam("path") String path) {
        return setKeep(sessionId, path, true);
    }

    /** {@code DELETE /api/artifacts/keep/{session_id}/{path}}: the artifact follows its retention again. */
    @DELETE
    @Path("keep/{session_id}/{path: .+}")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.WRITE)
    @Operation(operationId = "unkeepArtifact",
        summary = "Stop keeping an artifact", description = "Clears the keep flag: the expiry fixed when "
        + "the artifact was uploaded (upload time plus the retention then in force) applies again, and if it has "
        + "already passed the artifact is gone at once. Idempotent.")
    @APIResponse(responseCode = "200", description = "The artifact, with keep false and its expires_at",
        content = @Content(schema = @Schema(implementation = ArtifactView.class)))
    @APIResponse(responseCode = "404", description = "No such session or live artifact for the caller")
    public ArtifactView unkeep(
        @Parameter(description = "The session's UUID", schema = @Schema(type = SchemaType.STRING, format = "uuid"))
        @PathParam("session_id") String sessionId,
        @Parameter(description = PATH_DESCRIPTION) @Encoded @PathParam("path") String path) {
        return setKeep(sessionId, path, false);
    }

    private ArtifactView setKeep(String sessionId, String path, boolean keep) {
        return ArtifactView.of(artifacts.setKeep(Params.uuid("session_id", sessionId, true), parsePath(path), keep));
    }

    /** {@code GET /api/artifacts/versions/{session_id}/{path}}: the path's kept versions, newest first. */
    @GET
    @Path("versions/{session_id}/{path: .+}")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.READ, Roles.WRITE})
    @Operation(operationId = "listArtifactVersions",
        summary = "List an artifact's versions", description = "Every upload or restore that replaces a path keeps "
        + "what it replaced. Versions are numbered from 1 (the first upload) and never reused, not even after a "
        + "delete or expiry (the next artifact at the path goes on above them); the current one has current=true, and artifacts.versions.keep non-current ones are kept (older "
        + "ones are purged). Download one with ?version=N on the download or download-url endpoint; its ETag is its "
        + "sha256.")
    @APIResponse(responseCode = "200", description = "The versions, newest first",
        content = @Content(schema = @Schema(implementation = VersionHistory.class)))
    @APIResponse(responseCode = "404", description = "No such session or live artifact for the caller")
    public VersionHistory versions(
        @Parameter(description = "The session's UUID", schema = @Schema(type = SchemaType.STRING, format = "uuid"))
        @PathParam("session_id") String sessionId,
        @Parameter(description = PATH_DESCRIPTION) @Encoded @PathParam("path") String path) {
        return versions.history(Params.uuid("session_id", sessionId, true), parsePath(path));
    }

    /**
     * {@code POST /api/artifacts/restore/{session_id}/{path}?version=N}: that version's bytes become the new current
     * version.
     */
    @POST
    @Path("restore/{session_id}/{path: .+}")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.WRITE)
    @Operation(operationId = "restoreArtifactVersion",
        summary = "Restore an artifact version", description = "Copies version N's bytes (inside S3) to a new "
        + "current version, numbered one more than the current one, which is kept as a non-current version: history "
        + "only grows. The expiry and keep flag do not change; the restored bytes count in the storage quota.")
    @APIResponse(responseCode = "200", description = "The artifact, with its new version; ETag its SHA-256",
        content = @Content(schema = @Schema(implementation = ArtifactView.class)))
    @APIResponse(responseCode = "400", description = "version missing, not an integer, or below 1")
    @APIResponse(responseCode = "404", description = "No such session, live artifact or kept version for the caller")
    @APIResponse(responseCode = "409", description = "Another upload or delete of the path held it too long "
        + "(Retry-After)")
    @APIResponse(responseCode = "507", description = "The organization's storage quota would be exceeded; nothing "
        + "changed")
    public Response restore(
        @Parameter(description = "The session's UUID", schema = @Schema(type = SchemaType.STRING, format = "uuid"))
        @PathParam("session_id") String sessionId,
        @Parameter(description = PATH_DESCRIPTION) @Encoded @PathParam("path") String path,
        @Parameter(description = VERSION_DESCRIPTION, required = true,
            schema = @Schema(type = SchemaType.INTEGER, minimum = "1")) @QueryParam("version") String version) {
        int number = version(version).orElseThrow(() -> new BadInputException("version is required: the number of "
            + "the version to restore."));
        ArtifactSnapshot file = artifacts.restore(Params.uuid("session_id", sessionId, true), parsePath(path), number);
        return Response.ok(ArtifactView.of(file)).header("ETag", file.etag()).build();
    }

    /** OpenAPI description of the {@code version} query parameter. */
    public static final String VERSION_DESCRIPTION = "A version number of the path (see listArtifactVersions), 1 or "
        + "more; absent: the current version";

    /**
     * Parses {@code ?version=}: empty when absent.
     *
     * @throws ServiceException 400 when it is not an integer of at least 1
     */
    public static java.util.Optional<Integer> version(String value) {
        return value == null ? java.util.Optional.empty()
            : java.util.Optional.of(Params.intInRange("version", value, 1, 1, Integer.MAX_VALUE));
    }

    /**
     * Parses an encoded artifact path from a URL.
     *
     * @throws ServiceException 400 with the reason when the contract refuses it
     */
    public static ArtifactPath parsePath(String encoded) {
        try {
            return ArtifactPath.fromEncoded(encoded);
        } catch (ArtifactPath.InvalidPathException e) {
            throw new BadInputException(e.getMessage());
        }
    }

    /**
     * Builds a filter from query parameters shared by list and bundle.
     *
     * @throws ServiceException 400 for an unknown type, a bad UUID or a bad date
     */
    public static ArtifactFilter filter(List<String> types, String conversationId, String createdAfter,
                                        String createdBefore) {
        Set<ArtifactType> selected = EnumSet.noneOf(ArtifactType.class);
        for (String type : types == null ? List.<String>of() : types) {
            try {
                selected.add(ArtifactType.ofId(type));
            } catch (IllegalArgumentException e) {
                throw new BadInputException("type must be one of " + ArtifactType.allIds() + ".");
            }
        }
        return new ArtifactFilter(selected, Params.uuid("conversation_id", conversationId, false),
            Params.instant("created_after", createdAfter), Params.instant("created_before", createdBefore));
    }
}
