package dev.artifactservice.apidoc;

import dev.artifactservice.download.Redirects;
import java.util.List;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * The share links' URLs in the OpenAPI document: {@code GET /s/{token}} and {@code GET /s/{token}/download}, served
 * by a servlet (web.share.ShareLinkServlet) outside the JAX-RS application, so no annotation describes them. Both
 * need no login ({@code security: []}), so they document no 401 or 403.
 */
final class ShareLinkPaths {

    private ShareLinkPaths() {
    }

    /** Adds both paths to {@code openAPI}. */
    static void add(OpenAPI openAPI) {
        if (openAPI.getPaths() == null) {
            openAPI.setPaths(OASFactory.createPaths());
        }
        openAPI.getPaths().addPathItem("/s/{token}", OASFactory.createPathItem().GET(operation("shareLandingPage",
            "A share link's landing page (HTML, no login)", "The file name, size, SHA-256 (for one artifact; the "
                + "file count for a whole-session bundle), the link's expiry and downloads left, and a Download button "
                + "linking to /s/{token}/download. Counts no download, so chat unfurlers do not spend a one-time link. "
                + "A link that does not serve gets a readable HTML page with the status below.",
            OASFactory.createAPIResponses()
                .addAPIResponse("200", html("The page"))
                .addAPIResponse("404", html("Unknown or revoked link, or its session deleted (an HTML page)"))
                .addAPIResponse("410", html("Expired or used-up link, or its artifact deleted or expired (an HTML "
                    + "page)")))));
        openAPI.getPaths().addPathItem("/s/{token}/download", OASFactory.createPathItem().GET(operation(
            "shareDownload", "Download through a share link (no login)", "Counts one download atomically "
                + "(concurrent downloads of a link with one left give exactly one 302) and records a share-download "
                + "audit event with the client's address. One artifact: 302 to a freshly signed S3 URL (valid at most "
                + Redirects.LIFETIME_SECONDS + " s, Cache-Control: no-store). A whole-session link: 302 to the "
                + "session's stored bundle copy when it is current, else the ZIP streamed (200), counted once either "
                + "way.",
            OASFactory.createAPIResponses()
                .addAPIResponse("302", OASFactory.createAPIResponse().description("To the signed S3 URL")
                    .addHeader("Location", OASFactory.createHeader().description(Redirects.OPENAPI_LOCATION)
                        .schema(OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING)).format("uri"))))
                .addAPIResponse("200", OASFactory.createAPIResponse().description("A whole-session link without a "
                    + "current stored copy: the ZIP").content(OASFactory.createContent().addMediaType(
                        "application/zip", OASFactory.createMediaType().schema(OASFactory.createSchema()
                            .type(List.of(Schema.SchemaType.STRING)).format("binary")))))
                .addAPIResponse("404", OpenApiDocumentFilter.problem("Unknown or revoked link, or its session "
                    + "deleted"))
                .addAPIResponse("410", OpenApiDocumentFilter.problem("Expired or used-up link, or its artifact "
                    + "deleted or expired")))));
    }

    private static Operation operation(String id, String summary, String description, APIResponses responses) {
        responses.addAPIResponse("500", OpenApiDocumentFilter.problem("Unexpected failure, logged under the answer's "
            + "correlation_id (also X-Correlation-Id)"));
        responses.addAPIResponse("503", OpenApiDocumentFilter.problem("Database or S3 unreachable; retry after "
            + "Retry-After seconds"));
        return OASFactory.createOperation().operationId(id).summary(summary).description(description)
            .tags(List.of("shares")).security(List.of())
            .parameters(List.of(OASFactory.createParameter().name("token").in(Parameter.In.PATH).required(true)
                .description("The link's token: 43 base64url characters (256 random bits)")
                .schema(OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING))
                    .pattern("^[A-Za-z0-9_-]{43}$"))))
            .responses(responses);
    }

    private static APIResponse html(String description) {
        return OASFactory.createAPIResponse().description(description).content(OASFactory.createContent()
            .addMediaType("text/html", OASFactory.createMediaType().schema(OASFactory.createSchema()
                .type(List.of(Schema.SchemaType.STRING)))));
    }
}
