package dev.artifactservice.failure;

/** 403: the caller is known, but its token does not allow this call. */
public class NotPermittedException extends ServiceException {

    /** A refusal with the given detail. */
    public NotPermittedException(String detail) {
        super(ProblemType.FORBIDDEN, detail);
    }
}
