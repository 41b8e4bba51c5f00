package dev.artifactservice.telemetry;

import io.opentelemetry.api.trace.Span;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;
import java.security.Principal;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Puts the request's session and organization on its trace: the {@code session_id} path parameter (or
 * query parameter, as on the audit trail) becomes the span attribute {@code artifacts.session_id}, the
 * token's {@code org_id} claim {@code artifacts.organization_id}. The span is the JAX-RS server span
 * MicroProfile Telemetry starts; with OpenTelemetry off ({@code otel.sdk.disabled=true}, the default) it is
 * a no-op span and this costs two look-ups. Values are set as sent (a malformed id is still worth seeing).
 */
@Provider
public class SpanAttributesFilter implements ContainerRequestFilter {

    /** Span attribute holding the session id of the request. */
    public static final String SESSION_ATTRIBUTE = "artifacts.session_id";

    /** Span attribute holding the caller's organization id. */
    public static final String ORGANIZATION_ATTRIBUTE = "artifacts.organization_id";

    @Override
    public void filter(ContainerRequestContext request) {
        Span span = Span.current();
        if (!span.isRecording()) {
            return;
        }
        String session = request.getUriInfo().getPathParameters().getFirst("session_id");
        if (session == null) {
            session = request.getUriInfo().getQueryParameters().getFirst("session_id");
        }
        if (session != null) {
            span.setAttribute(SESSION_ATTRIBUTE, session);
        }
        Principal principal = request.getSecurityContext().getUserPrincipal();
        if (principal instanceof JsonWebToken token && token.getClaim("org_id") != null) {
            span.setAttribute(ORGANIZATION_ATTRIBUTE, token.getClaim("org_id").toString().replace("\"", ""));
        }
    }
}
