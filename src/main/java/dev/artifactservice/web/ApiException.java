package dev.artifactservice.web;

import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * A failure the service reports to its caller as an RFC 9457 problem: an HTTP status, a stable problem
 * type slug, a short title and a human-readable detail that never names another tenant's data.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String type;
    private final String title;
    private final Map<String, String> headers;

    /**
     * Creates a problem with the given HTTP status, type slug (appended to {@link Problem#TYPE_BASE}),
     * title and detail.
     */
    public ApiException(int status, String type, String title, String detail) {
        this(status, type, title, detail, Map.of(), null);
    }

    /** Creates a problem that also sets the given response headers and keeps its cause for the log. */
    public ApiException(int status, String type, String title, String detail, Map<String, String> headers,
                        Throwable cause) {
        super(detail, cause);
        this.status = status;
        this.type = type;
        this.title = title;
        this.headers = Map.copyOf(headers);
    }

    /** 400: the request is malformed; nothing was changed. */
    public static ApiException badRequest(String detail) {
        return new ApiException(400, "bad-request", "Bad request", detail);
    }

    /** 403: the token is valid but lacks what this call needs. */
    public static ApiException forbidden(String detail) {
        return new ApiException(403, "forbidden", "Forbidden", detail);
    }

    /** 404: no such resource in the caller's organization (also the answer for other tenants' resources). */
    public static ApiException notFound(String detail) {
        return new ApiException(404, "not-found", "Not found", detail);
    }

    /** 409: the request conflicts with existing state. */
    public static ApiException conflict(String detail) {
        return new ApiException(409, "conflict", "Conflict", detail);
    }

    /** 412: an If-Match or If-None-Match precondition does not hold (RFC 9110 section 13.1). */
    public static ApiException preconditionFailed(String detail) {
        return new ApiException(412, "precondition-failed", "Precondition failed", detail);
    }

    /** 413: the body is larger than the configured limit in bytes. */
    public static ApiException payloadTooLarge(long maxBytes) {
        return new ApiException(413, "payload-too-large", "Payload too large",
            "The body is larger than the limit of " + maxBytes + " bytes; nothing was stored.");
    }

    /** The HTTP status code. */
    public int status() {
        return status;
    }

    /** The problem type slug, e.g. {@code not-found}. */
    public String type() {
        return type;
    }

    /** The short, fixed title of the problem type. */
    public String title() {
        return title;
    }

    /** Extra response headers, e.g. {@code Retry-After}. */
    public Map<String, String> headers() {
        return headers;
    }

    /** The problem+json response for this failure. */
    public Response toResponse() {
        return toResponse(null);
    }

    /**
     * The problem+json response for this failure, carrying the correlation id of its log line (server
     * errors) in the body and in {@code X-Correlation-Id}.
     */
    public Response toResponse(String correlationId) {
        Response.ResponseBuilder builder = Response.status(status)
            .type(Problem.MEDIA_TYPE)
            .entity(problem(correlationId).toJson());
        headers.forEach(builder::header);
        if (correlationId != null) {
            builder.header(CORRELATION_HEADER, correlationId);
        }
        return builder.build();
    }

    /** The problem document of this failure. */
    public Problem problem(String correlationId) {
        return new Problem(Problem.TYPE_BASE + type, title, status, getMessage(), correlationId);
    }

    /** Response header that repeats a server error's correlation id. */
    public static final String CORRELATION_HEADER = "X-Correlation-Id";
}
