package dev.artifactservice.web.share;

import dev.artifactservice.failure.NotFoundException;
import dev.artifactservice.failure.ProblemType;
import dev.artifactservice.failure.ServiceException;
import dev.artifactservice.http.ContentDisposition;
import dev.artifactservice.share.ShareDownload;
import dev.artifactservice.share.ShareLanding;
import dev.artifactservice.share.ShareService;
import dev.artifactservice.telemetry.ServiceMetrics;
import dev.artifactservice.web.Problem;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A share link's URLs, which need no login (web.xml protects only {@code /api/*}):
 * <ul>
 *   <li>{@code GET /s/{token}}: the landing page (HTML, {@link ShareLandingPage}); counts no download, so chat
 *   unfurlers do not spend a one-time link. A link that does not serve gets a readable page with the status 404
 *   (unknown or revoked) or 410 (expired, used up, artifact gone).</li>
 *   <li>{@code GET /s/{token}/download}: counts one download and answers 302 to a signed S3 URL with
 *   {@code Cache-Control: no-store}, or streams a whole-session bundle that has no current stored copy; 404 or 410
 *   as problem+json (RFC 9457). HEAD is refused (405) so that no check spends a download.</li>
 * </ul>
 * Server errors (503, 500) go to the container's error page, which answers problem+json.
 */
@WebServlet(urlPatterns = "/s/*")
public class ShareLinkServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** The last segment of the download URL. */
    static final String DOWNLOAD = "download";

    @Inject
    transient ShareService shares;

    @Inject
    transient ServiceMetrics metrics;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String[] segments = segments(request);
        if (segments == null) {
            notFound(response);
        } else if (segments.length == 1) {
            landing(request, response, segments[0]);
        } else {
            download(response, segments[0]);
        }
    }

    @Override
    protected void doHead(HttpServletRequest request, HttpServletResponse response)
        throws IOException, jakarta.servlet.ServletException {
        String[] segments = segments(request);
        if (segments != null && segments.length == 2) {
            response.setHeader("Allow", "GET");
            problem(response, new ServiceException(ProblemType.METHOD_NOT_ALLOWED,
                "HEAD would not count a download and is not offered; GET the download URL."), false);
            return;
        }
        super.doHead(request, response);
    }

    /** {@code token} or {@code token, "download"} from the path after {@code /s/}; null for anything else. */
    private static String[] segments(HttpServletRequest request) {
        String path = request.getPathInfo();
        if (path == null || path.length() < 2) {
            return null;
        }
        String[] segments = path.substring(1).split("/", -1);
        if (segments.length == 1 || (segments.length == 2 && segments[1].equals(DOWNLOAD))) {
            return segments[0].isEmpty() ? null : segments;
        }
        return null;
    }

    private void landing(HttpServletRequest request, HttpServletResponse response, String token) throws IOException {
        String root = request.getContextPath() + "/";
        String page;
        try {
            ShareLanding share = shares.landing(token);
            // Relative to /s/{token}: the download URL of the same link, wherever the service is mounted.
            page = ShareLandingPage.live(root, share, token + "/" + DOWNLOAD);
        } catch (ServiceException e) {
            if (e.status() >= 500) {
                throw e;
            }
            response.setStatus(e.status());
            page = ShareLandingPage.ended(root, e.status(), e.getMessage());
        }
        response.setContentType("text/html");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        // The page shows the link's counts: never served from a cache.
        response.setHeader("Cache-Control", "no-store");
        byte[] bytes = page.getBytes(StandardCharsets.UTF_8);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    private void download(HttpServletResponse response, String token) throws IOException {
        ShareDownload download;
        try {
            download = shares.download(token);
        } catch (ServiceException e) {
            if (e.status() >= 500) {
                throw e;
            }
            problem(response, e, true);
            return;
        }
        response.setHeader("Cache-Control", "no-store");
        if (download.location() != null) {
            response.setStatus(HttpServletResponse.SC_FOUND);
            response.setHeader("Location", download.location().toString());
            return;
        }
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("application/zip");
        response.setContentLengthLong(download.bundle().length());
        response.setHeader("Content-Disposition", ContentDisposition.attachment(download.fileName()));
        response.setHeader("X-Content-Type-Options", "nosniff");
        metrics.bundle(download.bundle().output(), download.bundle().delivery()).write(response.getOutputStream());
    }

    private static void notFound(HttpServletResponse response) throws IOException {
        problem(response, new NotFoundException("No such share link."), true);
    }

    /** A caller's error as problem+json (RFC 9457), with its headers. */
    private static void problem(HttpServletResponse response, ServiceException e, boolean withBody)
        throws IOException {
        response.setStatus(e.status());
        e.headers().forEach(response::setHeader);
        response.setHeader("Cache-Control", "no-store");
        Problem.writeJson(response, Problem.MEDIA_TYPE, Problem.of(e, null).toJson(), withBody);
    }
}
