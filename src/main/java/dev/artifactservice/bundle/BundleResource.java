package dev.artifactservice.bundle;

import dev.artifactservice.artifact.ArtifactResource;
import dev.artifactservice.download.Redirects;
import dev.artifactservice.security.Roles;
import dev.artifactservice.telemetry.ServiceMetrics;
import dev.artifactservice.http.Params;
import dev.artifactservice.http.Preconditions;
import dev.artifactservice.http.RangeHeader;
import dev.artifactservice.zip.StoredFormats;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code GET /api/artifacts/bundle/{session_id}}: the session's artifacts as one streamed ZIP. */
@ApplicationScoped
@Path("artifacts/bundle")
@Tag(name = "bundles")
public class BundleResource {

    @Inject
    BundleService bundles;

    @Inject
    ServiceMetrics metrics;

    @Context
    HttpHeaders httpHeaders;

    /**
     * Streams the bundle; 304 or 412 by the conditional headers (RFC 9110 section 13.2.2); a single byte range
     * (206, 416) when Range asks for one and If-Range, if sent, names the ETag (RFC 9110 sections 13.1.5, 14).
     */
    @GET
    @Path("{session_id}")
    @RolesAllowed({Roles.READ, Roles.WRITE})
    @Operation(operationId = "downloadBundle",
        summary = "Download a session's artifacts as a ZIP", description = "Streamed while written "
        + "(ZIP64 when needed); one entry per artifact at its path, in path order, entry time created_at; "
        + "stored as they are: " + StoredFormats.SUMMARY + "; the rest deflated. The same artifacts always "
        + "give the same bytes and ETag. An empty selection is a valid empty ZIP. A whole-session bundle (no filter, no "
        + "checksums) is kept in S3 as it is sent and later sent from that copy while the session is unchanged; "
        + "Cache-Control: no-cache builds it from the artifacts. Range bytes=a-b, a- or -n gives 206 with the "
        + "exact bytes of the full bundle (resumable downloads); If-Range must then name the ETag, else 200."
        + Redirects.OPENAPI_DESCRIPTION + " Only when a current stored copy exists; else (and with Cache-Control: "
        + "no-cache) the bundle is streamed as without it, which keeps a copy for the next request.")
    @APIResponse(responseCode = "302", description = "redirect=true and a current stored copy: to that copy in S3",
        headers = @Header(name = "Location", description = Redirects.OPENAPI_LOCATION,
            schema = @Schema(type = SchemaType.STRING, format = "uri")))
    @APIResponse(responseCode = "200", description = "The ZIP, with its exact Content-Length; if an artifact fails "
        + "after the first byte, the connection is closed short of that length", content = @Content(mediaType = "application/zip",
        schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING,
            format = "binary")))
    @APIResponse(responseCode = "206", description = "The requested range of the ZIP (Content-Range)",
        content = @Content(mediaType = "application/zip", schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "304", description = "If-None-Match matched the bundle's ETag, or (without "
        + "If-None-Match) the bundle is not newer than If-Modified-Since")
    @APIResponse(responseCode = "412", description = "If-Match or If-Unmodified-Since does not hold")
    @APIResponse(responseCode = "400", description = "Bad type, conversation_id or checksums value")
    @APIResponse(responseCode = "404", description = "No such session in the caller's organization")
    @APIResponse(responseCode = "416", description = "Range not satisfiable (Content-Range: bytes */length)")
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
        @Parameter(description = "true: 302 to a pre-signed S3 URL of the stored copy when a current one exists",
            schema = @Schema(type = SchemaType.BOOLEAN)) @QueryParam("redirect") String redirect,
        @Parameter(description = "no-cache builds the bundle from the artifacts even when a stored copy is current")
        @HeaderParam("Cache-Control") String cacheControl,
        @Parameter(description = "One byte range: bytes=a-b, a- or -n (RFC 9110 section 14.2); several ranges get "
            + "the whole bundle") @HeaderParam("Range") String range,
        @Parameter(description = "The ETag the earlier part came with; Range applies only while it matches "
            + "(RFC 9110 section 13.1.5)") @HeaderParam("If-Range") String ifRange) {
        BundleService.Bundle bundle = bundles.prepare(Params.uuid("session_id", sessionId, true),
            ArtifactResource.filter(types, conversationId, null, null), Boolean.TRUE.equals(Params.bool("checksums", checksums)));
        Response.ResponseBuilder response;
        if (Preconditions.of(httpHeaders).notModified("GET", bundle.etag(), bundle.lastModified())) {
            // RFC 9110 section 15.4.5: the 200's validators and caching headers, no content headers.
            response = Response.notModified();
        } else {
            Optional<URI> location = Boolean.TRUE.equals(Params.bool("redirect", redirect)) && !noCache(cacheControl)
                ? bundles.redirect(bundle) : Optional.empty();
            if (location.isPresent()) {
                return Redirects.found(location.get());
            }
            BundleService.Body body = range == null || !RangeHeader.ifRangeHolds(ifRange, bundle.etag(), null)
                ? bundles.body(bundle, noCache(cacheControl))
                : bundles.body(bundle, noCache(cacheControl), length -> RangeHeader.part(range, length, "bundle"));
            // With its exact length declared, a bundle that fails half-way is cut short on the wire (the client
            // sees an incomplete transfer); a chunked body would be ended cleanly by the container.
            response = body.range() == null
                ? Response.ok(metrics.bundle(body.output(), body.delivery()), "application/zip")
                : Response.status(206).entity(metrics.bundlePart(body.output())).type("application/zip")
                    .header("Content-Range", RangeHeader.contentRange(body.range(), body.bundleLength()));
            response.header("Content-Length", body.length()).header("Accept-Ranges", "bytes");
            bundles.recordDownload(bundle);
        }
        return response.header("ETag", bundle.etag())
            .header("Last-Modified", java.util.Date.from(bundle.lastModified()))
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
