package dev.artifactservice.bundle;

import dev.artifactservice.artifact.ArtifactResource;
import dev.artifactservice.artifact.ArtifactService;
import dev.artifactservice.security.Roles;
import dev.artifactservice.telemetry.ServiceMetrics;
import dev.artifactservice.web.ApiException;
import dev.artifactservice.web.Params;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code GET /api/artifacts/bundle/{session_id}}: the session's artifacts as one streamed ZIP. */
@Path("artifacts/bundle")
@Tag(name = "bundles")
public class BundleResource {

    @Inject
    BundleService bundles;

    @Inject
    ServiceMetrics metrics;

    /** Streams the bundle; 304 when If-None-Match names its ETag. */
    @GET
    @Path("{session_id}")
    @RolesAllowed({Roles.READ, Roles.WRITE})
    @Operation(operationId = "downloadBundle",
        summary = "Download a session's artifacts as a ZIP", description = "Streamed while written "
        + "(ZIP64 when needed); one entry per artifact at its path, in path order, entry time created_at; "
        + "png, jpg, gif, pdf, zip and gz stored, the rest deflated. The same artifacts always give the same "
        + "bytes and ETag. An empty selection is a valid empty ZIP. A whole-session bundle (no filter, no "
        + "checksums) is kept in S3 as it is sent and later sent from that copy while the session is unchanged; "
        + "Cache-Control: no-cache builds it from the artifacts.")
    @APIResponse(responseCode = "200", description = "The ZIP, with its exact Content-Length; if an artifact fails "
        + "after the first byte, the connection is closed short of that length", content = @Content(mediaType = "application/zip",
        schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING,
            format = "binary")))
    @APIResponse(responseCode = "304", description = "If-None-Match matched the bundle's ETag")
    @APIResponse(responseCode = "400", description = "Bad type, conversation_id or checksums value")
    @APIResponse(responseCode = "404", description = "No such session in the caller's organization")
    public Response bundle(
        @Parameter(description = "The session's UUID", schema = @Schema(type = SchemaType.STRING, format = "uuid"))
        @PathParam("session_id") String sessionId,
        @Parameter(description = "Artifact type, repeatable", schema = @Schema(type = SchemaType.ARRAY,
            implementation = dev.artifactservice.artifact.ArtifactType.class)) @QueryParam("type") List<String> types,
        @Parameter(description = "Only artifacts linked to this conversation",
            schema = @Schema(type = SchemaType.STRING, format = "uuid")) @QueryParam("conversation_id")
        String conversationId,
        @Parameter(description = "true adds SHA256SUMS at the root (sha256sum -c format)",
            schema = @Schema(type = SchemaType.BOOLEAN)) @QueryParam("checksums") String checksums,
        @HeaderParam("If-None-Match") String ifNoneMatch,
        @Parameter(description = "no-cache builds the bundle from the artifacts even when a stored copy is current")
        @HeaderParam("Cache-Control") String cacheControl) {
        BundleService.Bundle bundle = bundles.prepare(Params.uuid("session_id", sessionId, true),
            ArtifactResource.filter(types, conversationId, null, null), Boolean.TRUE.equals(Params.bool("checksums", checksums)));
        Response.ResponseBuilder response;
        if (ifNoneMatch != null && ArtifactService.etagListContains(ifNoneMatch,
            bundle.etag().substring(1, bundle.etag().length() - 1))) {
            response = Response.notModified();
        } else {
            BundleService.Body body = bundles.body(bundle, noCache(cacheControl));
            // With its exact length declared, a bundle that fails half-way is cut short on the wire (the client
            // sees an incomplete transfer); a chunked body would be ended cleanly by the container.
            response = Response.ok(metrics.bundle(body.output(), body.delivery()), "application/zip")
                .header("Content-Length", body.length());
            bundles.recordDownload(bundle);
        }
        return response.header("ETag", bundle.etag())
            .header("Cache-Control", "private")
            .header("X-Content-Type-Options", "nosniff")
            .header("Content-Disposition", "attachment; filename=\"" + BundleService.fileName(bundle.sessionId()) + "\"")
            .build();
    }

    /** Whether a Cache-Control request header holds the no-cache or no-store directive (RFC 9111 5.2.1). */
    static boolean noCache(String cacheControl) {
        if (cacheControl == null) {
            return false;
        }
        for (String directive : cacheControl.split(",")) {
            String name = directive.strip().split("=", 2)[0].strip().toLowerCase(java.util.Locale.ROOT);
            if (name.equals("no-cache") || name.equals("no-store")) {
                return true;
            }
        }
        return false;
    }
}
