package dev.artifactservice.storage;

/** The object is not in the bucket (S3 {@code NoSuchKey}). */
public class ObjectNotFoundException extends RuntimeException {

    /** Creates the exception; the message never contains the key. */
    public ObjectNotFoundException(Throwable cause) {
        super("object not found", cause);
    }
}
