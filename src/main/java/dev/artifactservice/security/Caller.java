package dev.artifactservice.security;

import dev.artifactservice.failure.NotAuthenticatedException;
import dev.artifactservice.failure.NotPermittedException;
import dev.artifactservice.failure.ServiceException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The authenticated caller of the current request, read from its verified MicroProfile JWT: the user
 * ({@code sub}) and the organization ({@code org_id}, a UUID) every query is scoped to.
 */
@RequestScoped
public class Caller {

    /** Name of the claim that carries the organization UUID. */
    public static final String ORGANIZATION_CLAIM = "org_id";

    @Inject
    HttpServletRequest request;

    /** The organization and actor set by {@link #actFor}, or null (the token's). */
    private UUID actingOrganization;
    private String actingUser;

    /**
     * Makes the rest of this request act in {@code organizationId} as {@code actor} instead of the token's claims:
     * for a request that has no token but a capability of its own (a share link, found by its token's hash), so
     * that the features it reuses (bundles, audit) scope every query to the link's organization as they would to
     * a token's {@code org_id}.
     */
    public void actFor(UUID organizationId, String actor) {
        this.actingOrganization = java.util.Objects.requireNonNull(organizationId);
        this.actingUser = java.util.Objects.requireNonNull(actor);
    }

    /**
     * The caller's organization.
     *
     * @throws ServiceException 403 when the token has no {@code org_id} claim or it is not a UUID
     */
    public UUID organizationId() {
        if (actingOrganization != null) {
            return actingOrganization;
        }
        Object claim = token().getClaim(ORGANIZATION_CLAIM);
        String value = claim == null ? null : claim.toString().replace("\"", "");
        if (value == null || value.isBlank()) {
            throw new NotPermittedException("The token has no org_id claim.");
        }
        try {
            UUID id = UUID.fromString(value);
            if (!id.toString().equalsIgnoreCase(value)) {
                throw new IllegalArgumentException(value);
            }
            return id;
        } catch (IllegalArgumentException e) {
            throw new NotPermittedException("The token's org_id claim is not a UUID.");
        }
    }

    /**
     * The caller's user id ({@code sub}, else the principal name); never null. A U+0000 in it, which no
     * database text column can hold, is shown as U+FFFD, so it cannot fail a write after the fact.
     */
    public String userId() {
        if (actingUser != null) {
            return actingUser;
        }
        JsonWebToken jwt = token();
        String subject = jwt.getSubject();
        if (subject == null || subject.isBlank()) {
            subject = jwt.getName();
        }
        return subject == null ? "unknown" : subject.replace('\u0000', '\uFFFD');
    }

    /**
     * The request's verified token: MP JWT makes it the request's user principal (MicroProfile JWT 2.1, section
     * 7.1.2). Read from the request rather than injected, which would create a token bean per request, and log an
     * error (CWWKS5604E) for a request without one (a share link's).
     *
     * @throws ServiceException 401 when the request carries no verified token
     */
    private JsonWebToken token() {
        if (request.getUserPrincipal() instanceof JsonWebToken jwt) {
            return jwt;
        }
        throw new NotAuthenticatedException();
    }

    /** The client's IP address as the server saw it (the load balancer's, behind one). */
    public String clientAddress() {
        return request.getRemoteAddr();
    }
}
