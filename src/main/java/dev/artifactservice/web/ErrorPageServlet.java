package dev.artifactservice.web;

import dev.artifactservice.http.UriSegments;
import dev.artifactservice.failure.ServiceException;
import dev.artifactservice.security.RefusedTokens;
import jakarta.inject.Inject;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Error page of the web container (see web.xml): turns Liberty's own refusals, such as a missing or
 * invalid token (401 with {@code WWW-Authenticate: Bearer}), an encoded slash in a path (400) or an
 * unknown URL (404), into RFC 9457 problem+json bodies. A 401 is logged by {@link RefusedTokens} (one WARNING line,
 * rate-limited per client address).
 */
@WebServlet(urlPatterns = "/problem")
public class ErrorPageServlet extends HttpServlet {

    @Inject
    RefusedTokens refusedTokens;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (response.isCommitted()) {
            // The body was already on its way (a bundle that failed mid-stream): nothing can be reported
            // any more, and a problem document appended to it would only hide the damage.
            return;
        }
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : 500;
        Throwable thrown = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        if (thrown != null && status < 400) {
            status = 500;
        }
        if (status < 500 && !wellFormedUrl(request)) {
            // Liberty answers some malformed URLs itself, before any filter (a backslash: 403; no token: 401): the
            // URL is what is wrong, whatever refused it.
            status = 400;
        }
        Problem problem;
        // The container may attach the exception behind its own 4xx (e.g. a missing token): keep that status.
        if (thrown != null && status >= 500) {
            ServiceException mapped = ProblemMapper.toProblem(thrown);
            status = mapped.status();
            String correlationId = ProblemMapper.logIfServerError(mapped, thrown);
            problem = Problem.of(mapped, correlationId);
            mapped.headers().forEach(response::setHeader);
            if (correlationId != null) {
                response.setHeader(Problem.CORRELATION_HEADER, correlationId);
            }
        } else {
            problem = Problem.ofStatus(status, detailFor(status));
        }
        if (status == 401) {
            refusedTokens.refused(request.getHeader("Authorization"), request.getRemoteAddr());
            response.setHeader("WWW-Authenticate", "Bearer");
        }
        response.setStatus(status);
        response.setHeader("Cache-Control", "no-store");
        Problem.writeJson(response, Problem.MEDIA_TYPE, problem.toJson(), !"HEAD".equals(request.getMethod()));
    }

    /** Whether the URL of the request that failed holds only what RFC 3986 allows (see {@link WireFilter}). */
    private static boolean wellFormedUrl(HttpServletRequest request) {
        for (String attribute : new String[] {RequestDispatcher.ERROR_REQUEST_URI, "jakarta.servlet.error.query_string",
            RequestDispatcher.FORWARD_QUERY_STRING}) {
            if (request.getAttribute(attribute) instanceof String value && !UriSegments.isWellFormed(value)) {
                return false;
            }
        }
        return true;
    }

    private static String detailFor(int status) {
        return switch (status) {
            case 400 -> "The request could not be parsed: a malformed URL, percent-encoding or header.";
            case 401 -> "A valid bearer token (RS256 JWT) is required.";
            case 403 -> "The token does not allow this call.";
            case 404 -> "No such resource.";
            case 405 -> "Method not allowed on this resource.";
            case 413 -> "The request body is too large.";
            case 503 -> "The service is not ready; retry later.";
            default -> dev.artifactservice.failure.ProblemType.ofStatus(status).title() + ".";
        };
    }
}
