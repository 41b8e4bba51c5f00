package dev.artifactservice.failure;

/** 404: no such resource in the caller's organization (also the answer for another organization's resources). */
public class NotFoundException extends ServiceException {

    /** A 404 with the given detail. */
    public NotFoundException(String detail) {
        super(ProblemType.NOT_FOUND, detail);
    }
}
