package dev.artifactservice.storage;

/**
 * A ranged read starts at or past the object's end (S3 answers 416 {@code InvalidRange}, RFC 9110 section
 * 15.5.17), e.g. a range computed for a newer, longer version of the object.
 */
public class RangeNotSatisfiableException extends RuntimeException {

    /** Creates the exception; the message never contains the key. */
    public RangeNotSatisfiableException(Throwable cause) {
        super("range not satisfiable", cause);
    }
}
