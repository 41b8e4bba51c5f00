package dev.artifactservice.failure;

/** 413: the request body is larger than the configured limit in bytes; nothing was stored. */
public class TooLargeException extends ServiceException {

    /** A refusal naming the limit in bytes. */
    public TooLargeException(long maxBytes) {
        super(ProblemType.PAYLOAD_TOO_LARGE, "The body is larger than the limit of " + maxBytes
            + " bytes; nothing was stored.");
    }
}
