package dev.artifactservice.failure;

import java.util.Map;

/**
 * A failure the service reports to its caller as an RFC 9457 problem of a {@link ProblemType}, with a detail that
 * is safe to show (it never names another tenant's data, an S3 key or SQL) and, where the protocol wants them,
 * response headers such as {@code Retry-After}. Thrown from any layer; only the web boundary turns it into HTTP.
 */
public class ServiceException extends RuntimeException {

    private final ProblemType type;
    private final Map<String, String> headers;
    private final Map<String, Object> members;

    /** A problem of {@code type} with the given detail. */
    public ServiceException(ProblemType type, String detail) {
        this(type, detail, Map.of(), null);
    }

    /** A problem that also sets response headers and keeps its cause for the log. */
    public ServiceException(ProblemType type, String detail, Map<String, String> headers, Throwable cause) {
        this(type, detail, headers, cause, Map.of());
    }

    /**
     * A problem with extension members (RFC 9457 section 3.2) besides type, title, status and detail, e.g. the
     * sizes of a refused diff's sides.
     *
     * @param members snake_case names to values, each a {@link String}, a {@link Number} or a {@link Boolean}
     */
    public ServiceException(ProblemType type, String detail, Map<String, String> headers, Throwable cause,
                            Map<String, Object> members) {
        super(detail, cause);
        this.type = type;
        this.headers = Map.copyOf(headers);
        this.members = Map.copyOf(members);
    }

    /** The problem type (status, slug, title). */
    public ProblemType type() {
        return type;
    }

    /** The HTTP status of the problem type. */
    public int status() {
        return type.status();
    }

    /** The extension members of the problem document (RFC 9457 section 3.2); empty for most problems. */
    public Map<String, Object> members() {
        return members;
    }

    /** Extra response headers, e.g. {@code Retry-After} (seconds) or {@code WWW-Authenticate}. */
    public Map<String, String> headers() {
        return headers;
    }
}
