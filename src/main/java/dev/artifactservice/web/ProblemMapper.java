package dev.artifactservice.web;

import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one place where exceptions become HTTP answers: every failure leaves the JAX-RS layer as an
 * RFC 9457 problem+json body, never an HTML page, stack trace, SQL message or S3 key.
 */
@Provider
public class ProblemMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class.getName());

    @Override
    public Response toResponse(Throwable exception) {
        ApiException problem = toProblem(exception);
        return problem.toResponse(logIfServerError(problem, exception));
    }

    /**
     * Logs a server error once, under a new correlation id that the answer repeats; returns the id, or null
     * for client errors and for 507 (an organization's full quota is the tenant's state, not a failure), which
     * are not logged.
     */
    static String logIfServerError(ApiException problem, Throwable exception) {
        if (problem.status() < 500 || problem.status() == 507) {
            return null;
        }
        String correlationId = java.util.UUID.randomUUID().toString();
        LOG.log(Level.WARNING, "Request failed with " + problem.status() + " [correlation id " + correlationId + "]: "
            + problem.getMessage(), problem.getCause() != null ? problem.getCause() : exception);
        return correlationId;
    }

    /** Yasson's message for a property that JsonbProvider's fail-on-unknown-properties refused. */
    private static final java.util.regex.Pattern UNKNOWN_PROPERTY =
        java.util.regex.Pattern.compile("Json property (\\S+) can not be mapped to a class");

    /**
     * The name of the unknown request body property that made JSON-B fail, searched along the cause chain (the
     * JAX-RS runtime may wrap the JsonbException), or null when the failure is something else.
     */
    static String unknownProperty(Throwable exception) {
        for (Throwable t = exception; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof jakarta.json.bind.JsonbException && t.getMessage() != null) {
                java.util.regex.Matcher matcher = UNKNOWN_PROPERTY.matcher(t.getMessage());
                if (matcher.find()) {
                    String name = matcher.group(1);
                    // Shown to the caller: their own key, cut short and without control characters.
                    name = name.replaceAll("\\p{Cntrl}", "?");
                    return name.length() > 100 ? name.substring(0, 100) + "..." : name;
                }
            }
        }
        return null;
    }

    /** Maps any throwable to the problem the caller sees; unknown failures become a bare 500. */
    static ApiException toProblem(Throwable exception) {
        for (Throwable t = exception; t != null && t.getCause() != t; t = t.getCause()) {
            // A problem raised below a wrapper (e.g. S3 down while a bundle opens its first object).
            if (t instanceof ApiException api) {
                return api;
            }
        }
        if (Dependencies.isDatabaseUnavailable(exception)) {
            return new ServiceUnavailableException("database", exception);
        }
        String unknownProperty = unknownProperty(exception);
        if (unknownProperty != null) {
            return ApiException.badRequest("The request body has a property this call does not know: '"
                + unknownProperty + "'. Property names are snake_case (e.g. retention_days); /openapi lists them. "
                + "Nothing was changed.");
        }
        if (exception instanceof NotAuthorizedException) {
            return new ApiException(401, "unauthorized", "Unauthorized",
                "A valid bearer token is required.", java.util.Map.of(HttpHeaders.WWW_AUTHENTICATE, "Bearer"),
                null);
        }
        if (exception instanceof ForbiddenException) {
            return ApiException.forbidden("The token's groups do not allow this call: GET and HEAD need "
                + "artifacts.read, PUT, POST and DELETE need artifacts.write, and /api/admin/* and /api/audit "
                + "need artifacts.admin.");
        }
        if (exception instanceof WebApplicationException web) {
            int status = web.getResponse().getStatus();
            String detail = switch (status) {
                case 400 -> "The request could not be read (malformed header or body).";
                case 404 -> "No such resource.";
                case 405 -> "Method not allowed here; the Allow header lists the methods that are.";
                case 415 -> "Unsupported Content-Type for this call.";
                default -> Problem.reason(status) + ".";
            };
            java.util.Map<String, String> headers = new java.util.HashMap<>();
            String allow = web.getResponse().getHeaderString("Allow");
            if (allow != null) {
                headers.put("Allow", allow);
            }
            return new ApiException(status, Problem.slug(status),
                Problem.reason(status), detail, headers, null);
        }
        if (exception instanceof jakarta.json.bind.JsonbException || exception instanceof jakarta.json.JsonException) {
            // Raised while reading a request body into a record: the client's JSON is malformed.
            return ApiException.badRequest("The request body is not valid JSON for this call.");
        }
        if (exception instanceof ProcessingException) {
            return ApiException.badRequest("The request body could not be read.");
        }
        return new ApiException(500, "internal-error", "Internal server error",
            "The request failed unexpectedly; it has been logged.", java.util.Map.of(), exception);
    }
}
