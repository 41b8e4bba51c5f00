package dev.artifactservice.failure;

import java.util.Map;

/** 401 with {@code WWW-Authenticate: Bearer} (RFC 6750 section 3): the request carries no valid bearer token. */
public class NotAuthenticatedException extends ServiceException {

    /** The refusal every call that needs a token gives a request without a valid one. */
    public NotAuthenticatedException() {
        super(ProblemType.UNAUTHORIZED, "A valid bearer token is required.", Map.of("WWW-Authenticate", "Bearer"),
            null);
    }
}
