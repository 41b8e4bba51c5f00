package dev.artifactservice.web;

import dev.artifactservice.database.DatabaseFailures;
import dev.artifactservice.failure.BadInputException;
import dev.artifactservice.failure.DependencyUnavailableException;
import dev.artifactservice.failure.NotAuthenticatedException;
import dev.artifactservice.failure.NotPermittedException;
import dev.artifactservice.failure.ProblemType;
import dev.artifactservice.failure.ServiceException;
import dev.artifactservice.http.RequestEcho;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
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
        ServiceException problem = toProblem(exception);
        return Problem.response(problem, logIfServerError(problem, exception));
    }

    /**
     * Logs a server error once, under a new correlation id that the answer repeats; returns the id, or null
     * for client errors, for 507 (an organization's full quota is the tenant's state, not a failure) and for a
     * damaged artifact (DamagedArtifacts logged it once already), which are not logged here. A 503 (a dependency
     * unreachable: expected during an outage, and many at once) is one line naming its chain of causes, if it has
     * any; any other
     * server error comes with its stack trace.
     */
    static String logIfServerError(ServiceException problem, Throwable exception) {
        if (problem.status() < 500 || problem.type() == ProblemType.INSUFFICIENT_STORAGE
            || problem.type() == ProblemType.DAMAGED_ARTIFACT) {
            return null;
        }
        String correlationId = java.util.UUID.randomUUID().toString();
        Throwable cause = problem.getCause() != null ? problem.getCause() : exception;
        String line = "Request failed with " + problem.status() + " [correlation id " + correlationId + "]: "
            + problem.getMessage();
        if (problem.type() == ProblemType.SERVICE_UNAVAILABLE) {
            // A 503 of the service's own making (e.g. no upload slot) has no cause beyond its detail.
            LOG.log(Level.WARNING, cause == problem ? line : line + " Causes: " + causes(cause, MAX_CAUSES_CHARS));
        } else {
            LOG.log(Level.WARNING, line, cause);
        }
        return correlationId;
    }

    /** Longest list of causes a 503's log line carries, and longest message of one cause in it. */
    static final int MAX_CAUSES_CHARS = 600;
    static final int MAX_CAUSE_MESSAGE_CHARS = 120;

    /**
     * The cause chain on one line, outermost first: each throwable's simple class name and the first line of its
     * message (at most {@value #MAX_CAUSE_MESSAGE_CHARS} characters, so that a long outer message leaves room for
     * the root cause), joined by " < ", cut to {@code maxChars}; "none" for null.
     */
    static String causes(Throwable failure, int maxChars) {
        if (failure == null) {
            return "none";
        }
        StringBuilder chain = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (chain.length() > 0) {
                chain.append(" < ");
            }
            chain.append(t.getClass().getSimpleName());
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                chain.append(": ").append(RequestEcho.of(t.getMessage().lines().findFirst().orElse("").strip(),
                    MAX_CAUSE_MESSAGE_CHARS));
            }
        }
        return RequestEcho.of(chain.toString(), maxChars);
    }

    /**
     * An S3 refusal: a 400 naming S3's error code when the request itself was refused (the caller can change
     * the path or the body), else a 500 saying the operator must fix the S3 settings; never a 503, since a
     * retry would be refused the same way.
     */
    private static ServiceException refused(dev.artifactservice.storage.ObjectRefusedException refused) {
        if (refused.byClient()) {
            return new BadInputException("S3 refused to store or read this artifact (" + refused.errorCode()
                + "); change what it names, usually a shorter path or file name or a smaller body, and retry.");
        }
        return new ServiceException(ProblemType.INTERNAL_ERROR, "S3 refused the service's request ("
            + refused.status() + " " + refused.errorCode() + "); an operator must fix the S3 credentials, bucket "
            + "or policy. Retrying will not help.", java.util.Map.of(), refused);
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
                    // Shown to the caller: their own key, cut short and without control characters.
                    return RequestEcho.of(matcher.group(1), 100);
                }
            }
        }
        return null;
    }

    /** Maps any throwable to the problem the caller sees; unknown failures become a bare 500. */
    static ServiceException toProblem(Throwable exception) {
        for (Throwable t = exception; t != null && t.getCause() != t; t = t.getCause()) {
            // A problem raised below a wrapper (e.g. S3 down while a bundle opens its first object).
            if (t instanceof ServiceException api) {
                return api;
            }
        }
        for (Throwable t = exception; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof dev.artifactservice.storage.ObjectRefusedException refused) {
                return refused(refused);
            }
        }
        if (DatabaseFailures.isCommitOutcomeUnknown(exception)) {
            return new DependencyUnavailableException("The connection to the database was lost while the change was "
                + "being committed, so it may or may not have been made. Check (e.g. GET the artifact, its version "
                + "and ETag, or list the session) before retrying.", DependencyUnavailableException.RETRY_AFTER_SECONDS,
                exception);
        }
        if (DatabaseFailures.isDatabaseUnavailable(exception)) {
            return new DependencyUnavailableException("database", exception);
        }
        String unknownProperty = unknownProperty(exception);
        if (unknownProperty != null) {
            return new BadInputException("The request body has a property this call does not know: '"
                + unknownProperty + "'. Property names are snake_case (e.g. retention_days); /openapi lists them. "
                + "Nothing was changed.");
        }
        if (exception instanceof NotAuthorizedException) {
            return new NotAuthenticatedException();
        }
        if (exception instanceof ForbiddenException) {
            return new NotPermittedException("The token's groups do not allow this call: GET and HEAD need "
                + "artifacts.read, PUT, POST and DELETE need artifacts.write, /api/admin/* and /api/audit "
                + "need artifacts.admin, and POST /api/admin/reconcile needs artifacts.operator.");
        }
        if (exception instanceof WebApplicationException web) {
            int status = web.getResponse().getStatus();
            String detail = switch (status) {
                case 400 -> "The request could not be read (malformed header or body).";
                case 404 -> "No such resource.";
                case 405 -> "Method not allowed here; the Allow header lists the methods that are.";
                case 415 -> "Unsupported Content-Type for this call.";
                default -> ProblemType.ofStatus(status).title() + ".";
            };
            java.util.Map<String, String> headers = new java.util.HashMap<>();
            String allow = web.getResponse().getHeaderString("Allow");
            if (allow != null) {
                headers.put("Allow", allow);
            }
            return new ServiceException(ProblemType.ofStatus(status), detail, headers, null);
        }
        if (exception instanceof jakarta.json.bind.JsonbException || exception instanceof jakarta.json.JsonException) {
            // Raised while reading a request body into a record: the client's JSON is malformed.
            return new BadInputException("The request body is not valid JSON for this call.");
        }
        if (exception instanceof ProcessingException) {
            return new BadInputException("The request body could not be read.");
        }
        return new ServiceException(ProblemType.INTERNAL_ERROR,
            "The request failed unexpectedly; it has been logged.", java.util.Map.of(), exception);
    }
}
