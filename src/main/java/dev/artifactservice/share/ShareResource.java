package dev.artifactservice.share;

import dev.artifactservice.download.Redirects;
import dev.artifactservice.http.Params;
import dev.artifactservice.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /api/shares}: create, list, read and revoke share links. The links themselves ({@code /s/{token}}, no
 * login) are served by the web boundary (web.share.ShareLinkServlet).
 */
@ApplicationScoped
@Path("shares")
@Tag(name = "shares")
public class ShareResource {

    /** OpenAPI text on what a link's URLs do; also the README's. */
    static final String LINK_DESCRIPTION = " The link needs no login: GET /s/{token} is a small HTML page with the "
        + "file name, size, SHA-256, expiry and a Download button, and counts no download; GET /s/{token}/download "
        + "counts one download (atomically: concurrent downloads of a link with one left give exactly one 302) and "
        + "answers 302 to a freshly signed S3 URL (valid at most " + Redirects.LIFETIME_SECONDS + " s, Cache-Control: "
        + "no-store), audited as share-download with the client's address; a whole-session link redirects to the "
        + "stored bundle copy when one is current, else streams the ZIP. Unknown or revoked links are 404; expired "
        + "or used-up links, and links whose artifact was deleted or expired, are 410 (problem+json for the "
        + "download URL, an HTML page for the landing URL). Deleting the session deletes its links (404).";

    @Inject
    ShareService shares;

    @Context
    UriInfo uriInfo;

    /** {@code POST /api/shares}: 201 with the link and its URL (the only time the token is shown). */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.WRITE)
    @Operation(operationId = "createShare", summary = "Create a share link",
        description = "A link to one artifact (path) or to the session's whole bundle (path omitted) that lasts "
            + "expires_in seconds (60 to artifacts.share.max-expiry, default 30 days, never more than 365 days), "
            + "optionally limited to max_downloads downloads. url is absolute (artifacts.share.base-url, else the "
            + "request's base) and ends /s/{token}, 256 random bits in base64url; the service stores only the "
            + "token's SHA-256, so the url is shown only in this answer." + LINK_DESCRIPTION)
    @APIResponse(responseCode = "201", description = "Created; Location names the link",
        headers = @Header(name = "Location", schema = @Schema(type = SchemaType.STRING, format = "uri")),
        content = @Content(schema = @Schema(implementation = ShareView.class)))
    @APIResponse(responseCode = "400", description = "Malformed body, session_id or path; expires_in outside 60 .. "
        + "artifacts.share.max-expiry; max_downloads below 1. Nothing is stored")
    @APIResponse(responseCode = "404", description = "No such session or live artifact in the caller's organization")
    public Response create(CreateShareRequest request) {
        ShareView share = shares.create(request, uriInfo.getBaseUri().resolve(".."));
        return Response.created(uriInfo.getBaseUriBuilder().path("shares").path(share.shareId().toString()).build())
            .entity(share).build();
    }

    /** {@code GET /api/shares}: the organization's links, newest first. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.READ, Roles.WRITE})
    @Operation(operationId = "listShares", summary = "List share links",
        description = "The caller's organization's links (of one session with session_id), newest first, at most "
            + ShareService.LIST_LIMIT + ", with their download counts and revoked_at; never their tokens (url is "
            + "null).")
    @APIResponse(responseCode = "200", description = "The links",
        content = @Content(schema = @Schema(implementation = ShareList.class)))
    @APIResponse(responseCode = "404", description = "No such session in the caller's organization")
    public ShareList list(
        @Parameter(description = "Only the links of this session", schema = @Schema(type = SchemaType.STRING,
            format = "uuid")) @QueryParam("session_id") String sessionId) {
        return shares.list(Params.uuid("session_id", sessionId, false));
    }

    /** {@code GET /api/shares/{share_id}}: one link (without its token). */
    @GET
    @Path("{share_id}")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.READ, Roles.WRITE})
    @Operation(operationId = "getShare", summary = "Read a share link", description = "One link of the caller's "
        + "organization, with its download count; never its token (url is null).")
    @APIResponse(responseCode = "200", description = "The link",
        content = @Content(schema = @Schema(implementation = ShareView.class)))
    @APIResponse(responseCode = "404", description = "No such link in the caller's organization")
    public ShareView get(
        @Parameter(description = "The link's UUID", schema = @Schema(type = SchemaType.STRING, format = "uuid"))
        @PathParam("share_id") String shareId) {
        return shares.get(Params.uuid("share_id", shareId, true));
    }

    /**
     * {@code DELETE /api/shares/{share_id}}: 204; the link answers 404 from now on, on every instance. No
     * {@code @Produces}: the 204 has no body, so any Accept (a generated client sends its problem type) is fine.
     */
    @DELETE
    @Path("{share_id}")
    @RolesAllowed(Roles.WRITE)
    @Operation(operationId = "revokeShare", summary = "Revoke a share link", description = "The link answers 404 "
        + "at once on every instance (its state lives in the database only). Revoking a revoked link is a no-op.")
    @APIResponse(responseCode = "204", description = "Revoked")
    @APIResponse(responseCode = "404", description = "No such link in the caller's organization")
    public Response revoke(
        @Parameter(description = "The link's UUID", schema = @Schema(type = SchemaType.STRING, format = "uuid"))
        @PathParam("share_id") String shareId) {
        shares.revoke(Params.uuid("share_id", shareId, true));
        return Response.noContent().build();
    }
}
