package dev.artifactservice.storage;

import java.io.IOException;
import java.io.InputStream;

/**
 * An open object body. Close it after reading to the end; call {@link #abort()} instead when stopping
 * early, so the connection is dropped rather than drained (a 1 GiB object is not read to its end).
 */
public interface ObjectContent extends AutoCloseable {

    /** The object's bytes (or the requested range of them). */
    InputStream stream();

    /** Stops the transfer at once and releases the connection without reading the rest. */
    void abort();

    @Override
    void close() throws IOException;
}
