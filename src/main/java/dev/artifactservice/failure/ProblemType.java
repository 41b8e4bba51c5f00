package dev.artifactservice.failure;

import java.util.Arrays;
import java.util.Locale;

/**
 * Every kind of failure the service reports, as an RFC 9457 problem type: its HTTP status, the slug of its type
 * URI ({@code urn:artifact-service:problem:{slug}}) and its fixed title. The one table that the problem mapping
 * and the OpenAPI document use; the detail of each occurrence comes with its {@link ServiceException}.
 */
public enum ProblemType {
    BAD_REQUEST(400, "Bad request"),
    UNAUTHORIZED(401, "Unauthorized"),
    FORBIDDEN(403, "Forbidden"),
    NOT_FOUND(404, "Not found"),
    METHOD_NOT_ALLOWED(405, "Method not allowed"),
    NOT_ACCEPTABLE(406, "Not acceptable"),
    CONFLICT(409, "Conflict"),
    LENGTH_REQUIRED(411, "Length required"),
    GONE(410, "Gone"),
    PRECONDITION_FAILED(412, "Precondition failed"),
    PAYLOAD_TOO_LARGE(413, "Payload too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type"),
    RANGE_NOT_SATISFIABLE(416, "Range not satisfiable"),
    /** Understood but cannot be done with this content, e.g. a diff of binary files (RFC 9110 section 15.5.21). */
    UNPROCESSABLE_CONTENT(422, "Unprocessable content"),
    CLIENT_ERROR(400, "Client error"),
    INTERNAL_ERROR(500, "internal-error", "Internal server error"),
    /** A stored artifact whose bytes are missing or altered in S3: a 500 the caller cannot fix. */
    DAMAGED_ARTIFACT(500, "damaged-artifact", "Artifact damaged"),
    SERVICE_UNAVAILABLE(503, "Service unavailable"),
    INSUFFICIENT_STORAGE(507, "Insufficient storage");

    private final int status;
    private final String slug;
    private final String title;

    ProblemType(int status, String title) {
        this(status, title.toLowerCase(Locale.ROOT).replace(' ', '-'), title);
    }

    ProblemType(int status, String slug, String title) {
        this.status = status;
        this.slug = slug;
        this.title = title;
    }

    /** The HTTP status code, e.g. 404. */
    public int status() {
        return status;
    }

    /** The slug of the problem type URI, e.g. {@code not-found}. */
    public String slug() {
        return slug;
    }

    /** The short, fixed title (RFC 9110 reason phrase for plain statuses), e.g. {@code Not found}. */
    public String title() {
        return title;
    }

    /**
     * The plain problem type of an HTTP status (the first entry with that status, so 500 is
     * {@link #INTERNAL_ERROR}); an unlisted 4xx is {@link #CLIENT_ERROR}, an unlisted 5xx {@link #INTERNAL_ERROR}.
     */
    public static ProblemType ofStatus(int status) {
        return Arrays.stream(values()).filter(type -> type.status == status && type != CLIENT_ERROR).findFirst()
            .orElse(status >= 500 ? INTERNAL_ERROR : CLIENT_ERROR);
    }
}
