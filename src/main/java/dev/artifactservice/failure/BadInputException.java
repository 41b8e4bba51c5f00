package dev.artifactservice.failure;

/** 400: the request is malformed or names something invalid; the detail says what to change. Nothing was changed. */
public class BadInputException extends ServiceException {

    /** A bad request with the given detail. */
    public BadInputException(String detail) {
        super(ProblemType.BAD_REQUEST, detail);
    }
}
