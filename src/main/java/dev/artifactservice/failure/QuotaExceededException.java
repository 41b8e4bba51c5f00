package dev.artifactservice.failure;

/** 507: the organization's storage quota has no room for this upload; the detail names the quota in bytes. */
public class QuotaExceededException extends ServiceException {

    /** A refusal with the given detail. */
    public QuotaExceededException(String detail) {
        super(ProblemType.INSUFFICIENT_STORAGE, detail);
    }
}
