package dev.artifactservice.failure;

import java.util.Map;

/** 409: the request conflicts with the current state (e.g. another write of the same path holds it). */
public class ConflictException extends ServiceException {

    /** A conflict with the given detail. */
    public ConflictException(String detail) {
        super(ProblemType.CONFLICT, detail);
    }

    /** A conflict that may clear by itself: the caller should retry after {@code retryAfterSeconds} seconds. */
    public ConflictException(String detail, int retryAfterSeconds) {
        super(ProblemType.CONFLICT, detail, Map.of("Retry-After", Integer.toString(retryAfterSeconds)), null);
    }
}
