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
        if (problem.status() >= 500) {
            LOG.log(Level.WARNING, "Request failed with " + problem.status() + ": " + problem.getMessage(),
                problem.getCause() != null ? problem.getCause() : exception);
        }
        return problem.toResponse();
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
        if (exception instanceof NotAuthorizedException) {
            return new ApiException(401, "unauthorized", "Unauthorized",
                "A valid bearer token is required.", java.util.Map.of(HttpHeaders.WWW_AUTHENTICATE, "Bearer"),
                null);
        }
        if (exception instanceof ForbiddenException) {
            return ApiException.forbidden("The token's groups do not allow this call: GET and HEAD need "
                + "artifacts.read, PUT, POST and DELETE need artifacts.write.");
        }
        if (exception instanceof WebApplicationException web) {
            int status = web.getResponse().getStatus();
            String detail = status == 404 ? "No such resource." : Problem.reason(status) + ".";
            if (status == 400 && web.getCause() != null) {
                detail = "The request could not be read: " + safeMessage(web.getCause());
            }
            return new ApiException(status, Problem.reason(status).toLowerCase().replace(' ', '-'),
                Problem.reason(status), detail);
        }
        if (exception instanceof jakarta.json.bind.JsonbException || exception instanceof jakarta.json.JsonException) {
            // Raised while reading a request body into a record: the client's JSON is malformed.
            return ApiException.badRequest("The request body is not valid JSON for this call: "
                + safeMessage(exception));
        }
        if (exception instanceof ProcessingException) {
            return ApiException.badRequest("The request body could not be read: " + safeMessage(exception));
        }
        return new ApiException(500, "internal-error", "Internal server error",
            "The request failed unexpectedly; it has been logged.", java.util.Map.of(), exception);
    }

    private static String safeMessage(Throwable t) {
        String message = t.getMessage();
        if (message == null) {
            return t.getClass().getSimpleName();
        }
        // JSON parser messages are useful but may be long; keep the first line only.
        int newline = message.indexOf('\n');
        return newline > 0 ? message.substring(0, newline) : message;
    }
}
