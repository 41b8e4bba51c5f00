package dev.artifactservice.download;

import dev.artifactservice.artifact.ArtifactSnapshot;
import dev.artifactservice.artifact.ArtifactResource;
import dev.artifactservice.failure.BadInputException;
import dev.artifactservice.security.Roles;
import dev.artifactservice.telemetry.ServiceMetrics;
import dev.artifactservice.http.Params;
import dev.artifactservice.http.Preconditions;
import dev.artifactservice.http.RangeHeader;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Encoded;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET} and {@code HEAD /api/artifacts/download/{session_id}/{path}}: one artifact's bytes, with
 * ETag (SHA-256), Last-Modified, single byte ranges (206/416) and conditional requests (304).
 */
@ApplicationScoped
@Path("artifacts/download")
@Tag(name = "artifacts")
public class DownloadResource {

    @Inject
    DownloadService downloads;

    @Inject
    ServiceMetrics metrics;

    @Inject
    Redirects redirects;

    @Context
    HttpHeaders httpHeaders;

    /** Streams the artifact, or the requested range of it. */
    @GET
    @Path("{session_id}/{path: .+}")
    @RolesAllowed({Roles.READ, Roles.WRITE})
    @Operation(operationId = "downloadArtifact",
        summary = "Download an artifact", description = "Content-Disposition per RFC 6266/8187; "
        + "Range bytes=a-b, a- or -n gives 206; If-None-Match and If-Modified-Since give 304, If-Match and "
        + "If-Unmodified-Since 412 (RFC 9110 section 13); ?disposition=inline for previews "
        + "(served with Content-Security-Policy: sandbox); ?version=N serves that version of the path (ETag its "
        + "SHA-256, Last-Modified its upload time; 404 once purged)." + Redirects.OPENAPI_DESCRIPTION
        + " S3 answers with the "
        + "same Content-Disposition and Content-Type. Not with disposition=inline (S3 cannot add the preview's CSP): 400.")
    @APIResponse(responseCode = "302", description = "redirect=true: to the artifact in S3", headers = @Header(name =
        "Location", description = Redirects.OPENAPI_LOCATION, schema = @Schema(type = SchemaType.STRING, format = "uri")))
    @APIResponse(responseCode = "200", description = "The bytes",
        content = @Content(mediaType = "*/*", schema = @Schema(type =
            org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "206", description = "The requested range (Content-Range)",
        content = @Content(mediaType = "*/*", schema = @Schema(type =
            org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "304", description = "If-None-Match matched the ETag, or (without If-None-Match) "
        + "the artifact is not newer than If-Modified-Since")
    @APIResponse(responseCode = "400", description = "Bad disposition, redirect or version (not an integer of at "
        + "least 1)")
    @APIResponse(responseCode = "404", description = "No such session, live artifact or kept version for the "
        + "caller (expired artifacts are 404)")
    @APIResponse(responseCode = "412", description = "If-Match or If-Unmodified-Since does not hold")
    @APIResponse(responseCode = "416", description = "Range not satisfiable (Content-Range: bytes */size)")
    public Response get(
                        @Parameter(description = "The session's UUID",
                            schema = @Schema(type = SchemaType.STRING, format = "uuid"))
                        @PathParam("session_id") String sessionId,
                        @Parameter(description = ArtifactResource.PATH_DESCRIPTION)
                        @Encoded @PathParam("path") String path,
                        @Parameter(description = "attachment (default) or inline",
                            schema = @Schema(type = SchemaType.STRING, enumeration = {"attachment", "inline"}))
                        @QueryParam("disposition") String disposition,
                        @Parameter(description = "true: 302 to a pre-signed S3 URL instead of the bytes",
                            schema = @Schema(type = SchemaType.BOOLEAN))
                        @QueryParam("redirect") String redirect,
                        @Parameter(description = ArtifactResource.VERSION_DESCRIPTION,
                            schema = @Schema(type = SchemaType.INTEGER, minimum = "1"))
                        @QueryParam("version") String version,
                        @HeaderParam("Range") String range, @HeaderParam("If-Range") String ifRange) {
        boolean redirecting = Boolean.TRUE.equals(Params.bool("redirect", redirect));
        if (redirecting && "inline".equals(disposition)) {
            throw new BadInputException("redirect=true cannot be combined with disposition=inline.");
        }
        return respond(sessionId, path, version, disposition, range, ifRange, true, redirecting);
    }

    /** The same headers as GET, without a body. */
    @HEAD
    @Path("{session_id}/{path: .+}")
    @RolesAllowed({Roles.READ, Roles.WRITE})
    @Operation(operationId = "headArtifact", summary = "Headers of an artifact download, without the body")
    @APIResponse(responseCode = "200", description = "The headers GET would send")
    @APIResponse(responseCode = "206", description = "The headers of the requested range")
    @APIResponse(responseCode = "304", description = "As for GET")
    @APIResponse(responseCode = "404", description = "No such session or live artifact for the caller (expired "
        + "artifacts are 404)")
    @APIResponse(responseCode = "412", description = "If-Match or If-Unmodified-Since does not hold")
    @APIResponse(responseCode = "416", description = "Range not satisfiable")
    public Response head(
                         @Parameter(description = "The session's UUID",
                             schema = @Schema(type = SchemaType.STRING, format = "uuid"))
                         @PathParam("session_id") String sessionId,
                         @Parameter(description = ArtifactResource.PATH_DESCRIPTION)
                         @Encoded @PathParam("path") String path,
                         @Parameter(description = "attachment (default) or inline",
                             schema = @Schema(type = SchemaType.STRING, enumeration = {"attachment", "inline"}))
                         @QueryParam("disposition") String disposition,
                         @Parameter(description = ArtifactResource.VERSION_DESCRIPTION,
                             schema = @Schema(type = SchemaType.INTEGER, minimum = "1"))
                         @QueryParam("version") String version,
                         @HeaderParam("Range") String range, @HeaderParam("If-Range") String ifRange) {
        return respond(sessionId, path, version, disposition, range, ifRange, false, false);
    }

    private Response respond(String sessionId, String path, String version, String disposition, String range,
                             String ifRange, boolean withBody, boolean redirect) {
        ArtifactSnapshot file = downloads.find(Params.uuid("session_id", sessionId, true),
            ArtifactResource.parsePath(path), ArtifactResource.version(version));
        DownloadHeaders headers = DownloadHeaders.of(file, disposition);
        if (Preconditions.of(httpHeaders).notModified(withBody ? "GET" : "HEAD", file.etag(), file.updatedAt())) {
            return headers.notModified().build();
        }
        if (redirect) {
            // Range and If-Range are S3's to answer: the client sends them again after the redirect.
            return Redirects.found(redirects.artifact(file));
        }
        RangeHeader.Result result = headers.rangeApplies(ifRange) ? RangeHeader.resolve(range, file.size())
            : new RangeHeader.Whole();
        if (result instanceof RangeHeader.Unsatisfiable) {
            throw headers.unsatisfiable();
        }
        var partial = result instanceof RangeHeader.Partial p ? p.range() : null;
        Response.ResponseBuilder builder = headers.apply(Response.status(partial == null ? 200 : 206))
            .header("Content-Length", partial == null ? file.size() : partial.length());
        if (partial != null) {
            builder.header("Content-Range", RangeHeader.contentRange(partial, file.size()));
        }
        if (!withBody) {
            return builder.build();
        }
        return builder.entity(metrics.download(downloads.open(file, partial))).build();
    }
}
