package dev.artifactservice.download;

import dev.artifactservice.artifact.ArtifactSnapshot;
import dev.artifactservice.failure.BadInputException;
import dev.artifactservice.failure.ServiceException;
import dev.artifactservice.http.ContentDisposition;
import dev.artifactservice.http.RangeHeader;
import jakarta.ws.rs.core.Response;
import java.util.Date;

/**
 * The response headers of an artifact download (API.md, "Download"): type, ETag, Last-Modified,
 * Content-Disposition, Accept-Ranges, nosniff, private caching, and a sandboxing CSP for inline previews.
 */
final class DownloadHeaders {

    /** CSP for inline previews: scripts in an SVG or HTML artifact never run in the service's origin. */
    static final String PREVIEW_CSP = "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'";

    private final ArtifactSnapshot file;
    private final boolean inline;

    private DownloadHeaders(ArtifactSnapshot file, boolean inline) {
        this.file = file;
        this.inline = inline;
    }

    /**
     * Headers for the file.
     *
     * @param disposition {@code inline}, {@code attachment} or null (attachment)
     * @throws ServiceException 400 for another disposition value
     */
    static DownloadHeaders of(ArtifactSnapshot file, String disposition) {
        if (disposition != null && !disposition.equals("inline") && !disposition.equals("attachment")) {
            throw new BadInputException("disposition must be inline or attachment.");
        }
        return new DownloadHeaders(file, "inline".equals(disposition));
    }

    /** Sets the headers every download answer carries. */
    Response.ResponseBuilder apply(Response.ResponseBuilder builder) {
        builder.header("ETag", file.etag())
            .header("Last-Modified", Date.from(file.updatedAt()))
            .header("Accept-Ranges", "bytes")
            .header("X-Content-Type-Options", "nosniff")
            .header("Cache-Control", "private")
            .header("Content-Type", contentType(file.mimeType()))
            .header("Content-Disposition", disposition());
        if (inline) {
            builder.header("Content-Security-Policy", PREVIEW_CSP);
        }
        return builder;
    }

    /**
     * A 304 (RFC 9110 section 15.4.5): the validators and caching headers a 200 would carry (ETag, Last-Modified,
     * Cache-Control, Content-Disposition), without content headers (no Content-Type or Content-Length).
     */
    Response.ResponseBuilder notModified() {
        return Response.notModified()
            .header("ETag", file.etag())
            .header("Last-Modified", Date.from(file.updatedAt()))
            .header("Cache-Control", "private")
            .header("Content-Disposition", disposition());
    }

    private String disposition() {
        return inline ? ContentDisposition.inline(file.fileName()) : ContentDisposition.attachment(file.fileName());
    }

    /**
     * The stored media type, with {@code charset=UTF-8} added to text types that name none: the container
     * would add it to GET responses anyway, and HEAD must announce the same type.
     */
    static String contentType(String mimeType) {
        if (mimeType.startsWith("text/") && !mimeType.toLowerCase(java.util.Locale.ROOT).contains("charset=")) {
            return mimeType + ";charset=UTF-8";
        }
        return mimeType;
    }

    /**
     * Whether a Range header should be honoured given {@code If-Range} (RFC 9110 section 13.1.5): yes when
     * absent, or when it equals the ETag or a date not before Last-Modified.
     */
    boolean rangeApplies(String ifRange) {
        return RangeHeader.ifRangeHolds(ifRange, file.etag(), file.updatedAt());
    }

    /** 416 with {@code Content-Range: bytes *}{@code /size}, for the caller to throw. */
    ServiceException unsatisfiable() {
        return RangeHeader.unsatisfiable(file.size(), "The range is outside the artifact's " + file.size()
            + " bytes.");
    }
}
