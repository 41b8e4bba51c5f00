package dev.artifactservice.web;

import java.util.Map;

/**
 * 503 with {@code Retry-After} (seconds): a dependency (the database or S3) cannot be reached right now;
 * the request changed nothing and may be retried.
 */
public class ServiceUnavailableException extends ApiException {

    /** Default seconds a client should wait before retrying. */
    public static final int DEFAULT_RETRY_AFTER_SECONDS = 5;

    /** Creates a 503 naming the dependency that is down, keeping the cause for the log. */
    public ServiceUnavailableException(String dependency, Throwable cause) {
        super(503, "service-unavailable", "Service unavailable",
            "The " + dependency + " is not reachable right now; nothing was changed. Retry later.",
            Map.of("Retry-After", Integer.toString(DEFAULT_RETRY_AFTER_SECONDS)), cause);
    }
}
