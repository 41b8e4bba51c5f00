package dev.artifactservice.storage;

/**
 * S3 refused a request with a 4xx answer other than 404 and 429 (e.g. 400 {@code KeyTooLongError} or
 * {@code EntityTooLarge}, 403 {@code AccessDenied}): repeating the same request cannot succeed, so this is
 * never a 503. {@link #byClient()} tells whether the caller can fix it (a 400: another path or a smaller body)
 * or only the operator can (403 and the rest: credentials, bucket policy). The message never carries the key.
 */
public class ObjectRefusedException extends RuntimeException {

    private final int status;
    private final String errorCode;

    /**
     * Creates the exception from S3's answer.
     *
     * @param status    S3's HTTP status (4xx)
     * @param errorCode S3's error code, e.g. {@code KeyTooLongError}; may be null
     */
    public ObjectRefusedException(int status, String errorCode, Throwable cause) {
        super("S3 refused the request: " + status + (errorCode == null ? "" : " " + errorCode), cause);
        this.status = status;
        this.errorCode = errorCode;
    }

    /** S3's HTTP status. */
    public int status() {
        return status;
    }

    /** S3's error code (e.g. {@code KeyTooLongError}), or {@code "unknown"} when S3 gave none. */
    public String errorCode() {
        return errorCode == null || errorCode.isBlank() ? "unknown" : errorCode;
    }

    /** Whether the caller's request is what S3 refused (S3 answered 400), rather than the service's settings. */
    public boolean byClient() {
        return status == 400;
    }
}
