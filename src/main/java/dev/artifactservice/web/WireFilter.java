package dev.artifactservice.web;

import dev.artifactservice.http.UriSegments;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Request targets with characters RFC 3986 (sections 3.3, 3.4) does not allow unencoded ({@code " < > \ ^ ` { | }
 * [ ]}, space, controls) or a broken {@code %} escape, in path or query, are a 400 problem (through
 * {@link ErrorPageServlet}) for every URL of the application, before Jakarta REST, whose {@code UriInfo} fails on
 * them with a 500.
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
    }
}
