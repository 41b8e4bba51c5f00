package dev.artifactservice.failure;

import java.util.Map;

/**
 * 503 with {@code Retry-After} (seconds): a dependency (the database, S3) cannot be reached right now, or a wait
 * for another request's work ran out; the request changed nothing and may be retried.
 */
public class DependencyUnavailableException extends ServiceException {

    /** Default seconds a client should wait before retrying. */
    public static final int RETRY_AFTER_SECONDS = 5;

    /** The dependency (e.g. {@code database}, {@code object store (S3)}) is not reachable; keeps the cause for the log. */
    public DependencyUnavailableException(String dependency, Throwable cause) {
        super(ProblemType.SERVICE_UNAVAILABLE, "The " + dependency + " is not reachable right now; nothing was changed. "
            + "Retry later.", Map.of("Retry-After", Integer.toString(RETRY_AFTER_SECONDS)), cause);
    }

    /** A 503 with its own detail and {@code Retry-After} in seconds. */
    public DependencyUnavailableException(String detail, int retryAfterSeconds, Throwable cause) {
        super(ProblemType.SERVICE_UNAVAILABLE, detail, Map.of("Retry-After", Integer.toString(retryAfterSeconds)),
            cause);
    }
}
