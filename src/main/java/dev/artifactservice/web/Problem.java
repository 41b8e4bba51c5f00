package dev.artifactservice.web;

import dev.artifactservice.failure.ProblemType;
import dev.artifactservice.failure.ServiceException;

/**
 * Problem details of RFC 9457, serialised as {@code application/problem+json}:
 * {@code {"type", "title", "status", "detail"}}, plus the extension member {@code correlation_id} on
 * server errors, which is also in the log line of the failure, and those a problem carries
 * ({@link ServiceException#members()}, e.g. {@code from_size} of a refused diff).
 *
 * @param type          URI naming the problem type
 * @param title         short summary of the problem type
 * @param status        HTTP status code
 * @param detail        explanation of this occurrence, safe to show to the caller
 * @param correlationId id of the logged failure (5xx only), or null
 * @param members       further extension members (names to strings, numbers or booleans); empty for most
 */
public record Problem(String type, String title, int status, String detail, String correlationId,
                      java.util.Map<String, Object> members) {

    /** A problem without a correlation id. */
    public Problem(String type, String title, int status, String detail) {
        this(type, title, status, detail, null, java.util.Map.of());
    }

    /** The problem as a JSON object; {@code correlation_id} only when set, then the other members in name order. */
    public jakarta.json.JsonObject toJson() {
        jakarta.json.JsonObjectBuilder json = jakarta.json.Json.createObjectBuilder()
            .add("type", type).add("title", title).add("status", status).add("detail", detail);
        if (correlationId != null) {
            json.add("correlation_id", correlationId);
        }
        new java.util.TreeMap<>(members).forEach((name, value) -> {
            if (value instanceof Number number) {
                json.add(name, jakarta.json.Json.createValue(new java.math.BigDecimal(number.toString())));
            } else if (value instanceof Boolean bool) {
                json.add(name, bool);
            } else {
                json.add(name, String.valueOf(value));
            }
        });
        return json.build();
    }

    /** Media type of problem details (RFC 9457 section 3). */
    public static final String MEDIA_TYPE = "application/problem+json";

    /** Base of every problem type URI; the slug after it names the problem. */
    public static final String TYPE_BASE = "urn:artifact-service:problem:";

    /** Problem for a bare HTTP status, with its {@link ProblemType#ofStatus plain problem type}. */
    public static Problem ofStatus(int status, String detail) {
        ProblemType type = ProblemType.ofStatus(status);
        return new Problem(TYPE_BASE + type.slug(), type.title(), status, detail);
    }

    /** The problem document of a failure, with the correlation id of its log line (server errors) or null. */
    public static Problem of(ServiceException failure, String correlationId) {
        ProblemType type = failure.type();
        return new Problem(TYPE_BASE + type.slug(), type.title(), type.status(), failure.getMessage(), correlationId,
            failure.members());
    }

    /**
     * The problem+json response of a failure: its status, its headers ({@code Retry-After}, ...) and, for a logged
     * server error, the correlation id in the body and in {@value #CORRELATION_HEADER}.
     */
    public static jakarta.ws.rs.core.Response response(ServiceException failure, String correlationId) {
        jakarta.ws.rs.core.Response.ResponseBuilder builder = jakarta.ws.rs.core.Response.status(failure.status())
            .type(MEDIA_TYPE)
            .entity(of(failure, correlationId).toJson());
        failure.headers().forEach(builder::header);
        if (correlationId != null) {
            builder.header(CORRELATION_HEADER, correlationId);
        }
        return builder.build();
    }

    /**
     * Writes a JSON document from a servlet (the error page, share links, the page's settings) the way JAX-RS
     * answers: {@code mediaType} without a {@code charset} parameter, which JSON media types do not define
     * (RFC 8259 section 11), and the document's UTF-8 bytes (RFC 8259 section 8.1); nothing for {@code HEAD}.
     */
    public static void writeJson(jakarta.servlet.http.HttpServletResponse response, String mediaType, Object json,
                                 boolean withBody) throws java.io.IOException {
        response.setContentType(mediaType);
        if (withBody) {
            byte[] body = json.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
        }
    }

    /** Response header that repeats a server error's correlation id. */
    public static final String CORRELATION_HEADER = "X-Correlation-Id";
}
