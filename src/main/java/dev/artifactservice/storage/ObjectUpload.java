package dev.artifactservice.storage;

import dev.artifactservice.failure.DependencyUnavailableException;
import java.io.OutputStream;

/**
 * An object being written as a stream (see {@link ObjectStorage#openUpload}): bytes written to
 * {@link #stream()} go to S3 in parts; only {@link #complete()} makes the object exist, and closing without
 * completing discards everything written.
 */
public interface ObjectUpload extends AutoCloseable {

    /** Where to write the object's bytes. */
    OutputStream stream();

    /**
     * Sends the last part and makes the object visible at its key.
     *
     * @throws dev.artifactservice.failure.DependencyUnavailableException when S3 cannot be reached
     */
    void complete();

    /** Discards the upload if it was not completed; idempotent. */
    @Override
    void close();
}
