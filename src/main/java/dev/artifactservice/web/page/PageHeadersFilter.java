package dev.artifactservice.web.page;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Security headers of the web page and its static files (everything outside {@code /api}, whose downloads set
 * their own): a Content-Security-Policy that lets the page run only its own scripts and styles, show images and
 * PDFs only from its own origin or from {@code blob:} URLs it made, call only its own origin, and never be framed;
 * no MIME sniffing; no referrer, so that no URL of the page leaves it.
 */
@WebFilter(urlPatterns = "/*")
public class PageHeadersFilter extends HttpFilter {

    /** The page's Content-Security-Policy (CSP Level 3). */
    static final String CSP = String.join("; ",
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' blob: data:",
        "frame-src blob:",
        "object-src 'none'",
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'");

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws IOException, ServletException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (!path.startsWith("/api/")) {
            response.setHeader("Content-Security-Policy", CSP);
            response.setHeader("X-Content-Type-Options", "nosniff");
            response.setHeader("Referrer-Policy", "no-referrer");
        }
        chain.doFilter(request, response);
    }
}
