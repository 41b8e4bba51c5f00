package dev.artifactservice.failure;

/** The caller's error {@link ClientErrorCatcher} set aside on this thread for {@link ClientErrorRethrower}. */
final class SetAsideError {

    private static final ThreadLocal<ServiceException> ERROR = new ThreadLocal<>();

    private SetAsideError() {
    }

    static void put(ServiceException error) {
        ERROR.set(error);
    }

    /** The error set aside, if any, which is cleared. */
    static ServiceException take() {
        ServiceException error = ERROR.get();
        ERROR.remove();
        return error;
    }
}
