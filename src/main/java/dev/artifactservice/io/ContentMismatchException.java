package dev.artifactservice.io;

import java.io.IOException;

/**
 * An object's bytes are not the recorded ones (length, CRC-32 or SHA-256 differ): the stored data changed,
 * unlike an {@link IOException} from a failing connection, which a retry may cure.
 */
public class ContentMismatchException extends IOException {

    /** Creates the exception; the message names the artifact path, never the S3 key. */
    public ContentMismatchException(String message) {
        super(message);
    }
}
