package dev.artifactservice.failure;

/** 412: a conditional request header (If-Match, If-None-Match, If-Unmodified-Since; RFC 9110 section 13) does not hold. */
public class PreconditionFailedException extends ServiceException {

    /** A failed precondition with the given detail. */
    public PreconditionFailedException(String detail) {
        super(ProblemType.PRECONDITION_FAILED, detail);
    }
}
