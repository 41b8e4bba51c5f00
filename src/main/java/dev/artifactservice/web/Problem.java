package dev.artifactservice.web;

/**
 * Problem details of RFC 9457, serialised as {@code application/problem+json}:
 * {@code {"type", "title", "status", "detail"}}, plus the extension member {@code correlation_id} on
 * server errors, which is also in the log line of the failure.
 *
 * @param type          URI naming the problem type
 * @param title         short summary of the problem type
 * @param status        HTTP status code
 * @param detail        explanation of this occurrence, safe to show to the caller
 * @param correlationId id of the logged failure (5xx only), or null
 */
public record Problem(String type, String title, int status, String detail, String correlationId) {

    /** A problem without a correlation id. */
    public Problem(String type, String title, int status, String detail) {
        this(type, title, status, detail, null);
    }

    /** The problem as a JSON object; {@code correlation_id} only when set. */
    public jakarta.json.JsonObject toJson() {
        jakarta.json.JsonObjectBuilder json = jakarta.json.Json.createObjectBuilder()
            .add("type", type).add("title", title).add("status", status).add("detail", detail);
        if (correlationId != null) {
            json.add("correlation_id", correlationId);
        }
        return json.build();
    }

    /** Media type of problem details (RFC 9457 section 3). */
    public static final String MEDIA_TYPE = "application/problem+json";

    /** Base of every problem type URI; the slug after it names the problem. */
    public static final String TYPE_BASE = "urn:artifact-service:problem:";

    /** Problem for a bare HTTP status, with the status's standard reason as title. */
    public static Problem ofStatus(int status, String detail) {
        return new Problem(TYPE_BASE + slug(status), reason(status), status, detail);
    }

    /** Standard reason phrase (RFC 9110) of a status code. */
    public static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not found";
            case 405 -> "Method not allowed";
            case 406 -> "Not acceptable";
            case 409 -> "Conflict";
            case 411 -> "Length required";
            case 412 -> "Precondition failed";
            case 413 -> "Payload too large";
            case 415 -> "Unsupported media type";
            case 416 -> "Range not satisfiable";
            case 503 -> "Service unavailable";
            case 507 -> "Insufficient storage";
            default -> status >= 500 ? "Internal server error" : "Client error";
        };
    }

    /** The problem type slug of a bare status, e.g. {@code method-not-allowed}. */
    static String slug(int status) {
        return reason(status).toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
    }
}
