package dev.artifactservice.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * HTTP framing the container gets wrong on its own, for every request of the application:
 * <ul>
 *   <li>a request target with characters RFC 3986 does not allow unencoded ({@code " < > \ ^ ` { | } [ ]},
 *   space, controls) or a broken {@code %} escape is a 400 problem (through {@link ErrorPageServlet}) before
 *   Jakarta REST, whose {@code UriInfo} would fail on it with a 500;</li>
 *   <li>a 304 or 204 answer goes out without {@code Content-Length} (RFC 9110 section 8.6: never on a 204, and on a
 *   304 only as the 200's length): Liberty, finishing a response nobody committed, declares the empty buffer as
 *   {@code Content-Length: 0}, so the headers are committed here first, which leaves the length undeclared.</li>
 * </ul>
 */
@WebFilter(urlPatterns = "/*")
public class WireFilter extends HttpFilter {

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws IOException, ServletException {
        if (!UriSegments.isWellFormed(request.getRequestURI()) || !UriSegments.isWellFormed(request.getQueryString())) {
            response.sendError(400);
            return;
        }
        chain.doFilter(request, response);
        int status = response.getStatus();
        if ((status == 304 || status == 204) && !response.isCommitted()) {
            response.flushBuffer();
        }
    }
}
