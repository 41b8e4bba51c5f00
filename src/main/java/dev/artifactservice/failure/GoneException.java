package dev.artifactservice.failure;

/**
 * 410: the resource existed and has ended for good (RFC 9110 section 15.5.11), e.g. an expired or used-up share
 * link; unlike a 404 the client learns that asking again will not help.
 */
public class GoneException extends ServiceException {

    /** A 410 with the given detail. */
    public GoneException(String detail) {
        super(ProblemType.GONE, detail);
    }
}
