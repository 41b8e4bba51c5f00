package dev.artifactservice.security;

import dev.artifactservice.failure.NotAuthenticatedException;
import dev.artifactservice.failure.NotPermittedException;
import dev.artifactservice.failure.ServiceException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Objects;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The authenticated caller of the current request, read from its verified MicroProfile JWT: the user
 * ({@code sub}) and the organization ({@code org_id}, a UUID) every query is scoped to. One instance serves every
 * request: what it learns of a request (the organization once parsed, an {@link #actFor} identity) is kept in that
 * request's attributes, so that no bean is created per request.
 */
@ApplicationScoped
public class Caller {

    /** Name of the claim that carries the organization UUID. */
    public static final String ORGANIZATION_CLAIM = "org_id";

    /** Request attribute: the organization this request acts in (a {@link UUID}), once known. */
    private static final String ORGANIZATION = Caller.class.getName() + ".organization";

    /** Request attribute: the actor set by {@link #actFor} (a String), or absent (the token's). */
    private static final String ACTOR = Caller.class.getName() + ".actor";

    /**
     * Request attribute: the request's verified token, once read (Liberty's getUserPrincipal walks the security
     * subject and compiles a pattern per call; a download asked for it twice).
     */
    private static final String TOKEN = Caller.class.getName() + ".token";

    @Inject
    HttpServletRequest request;

    /**
     * Makes the rest of this request act in {@code organizationId} as {@code actor} instead of the token's claims:
     * for a request that has no token but a capability of its own (a share link, found by its token's hash), so
     * that the features it reuses (bundles, audit) scope every query to the link's organization as they would to
     * a token's {@code org_id}.
     */
    public void actFor(UUID organizationId, String actor) {
        request.setAttribute(ORGANIZATION, Objects.requireNonNull(organizationId));
        request.setAttribute(ACTOR, Objects.requireNonNull(actor));
    }

    /**
     * The caller's organization: the one {@link #actFor} set, else the token's {@code org_id} claim (parsed once per
     * request).
     *
     * @throws ServiceException 403 when the token has no {@code org_id} claim or it is not a UUID; 401 when the
     *     request has no verified token
     */
    public UUID organizationId() {
        if (request.getAttribute(ORGANIZATION) instanceof UUID known) {
            return known;
        }
        UUID id = organizationOf(token());
        request.setAttribute(ORGANIZATION, id);
        return id;
    }

    private static UUID organizationOf(JsonWebToken jwt) {
        Object claim = jwt.getClaim(ORGANIZATION_CLAIM);
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
     *
     * @throws ServiceException 401 when the request has no verified token and no {@link #actFor} identity
     */
    public String userId() {
        if (request.getAttribute(ACTOR) instanceof String actor) {
            return actor;
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
        if (request.getAttribute(TOKEN) instanceof JsonWebToken known) {
            return known;
        }
        if (request.getUserPrincipal() instanceof JsonWebToken jwt) {
            request.setAttribute(TOKEN, jwt);
            return jwt;
        }
        throw new NotAuthenticatedException();
    }

    /** The client's IP address as the server saw it (the load balancer's, behind one). */
    public String clientAddress() {
        return request.getRemoteAddr();
    }
}
