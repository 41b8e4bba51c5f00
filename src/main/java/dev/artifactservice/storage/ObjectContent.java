package dev.artifactservice.storage;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * An open object body. Close it after reading to the end; call {@link #abort()} instead when stopping
 * early, so the connection is dropped rather than drained (a 1 GiB object is not read to its end).
 */
public interface ObjectContent extends AutoCloseable {

    /** The object's bytes (or the requested range of them). */
    InputStream stream();

    /** The object's user metadata ({@code x-amz-meta-*}) as sent with these bytes; empty when unknown. */
    default Map<String, String> metadata() {
        return Map.of();
    }

    /** The number of bytes {@link #stream()} gives (the GET's Content-Length), or -1 when unknown. */
    default long length() {
        return -1;
    }

    /** Stops the transfer at once and releases the connection without reading the rest. */
    void abort();

    @Override
    void close() throws IOException;

    /**
     * An object body held in memory: {@code bytes}, or the inclusive {@code range} of them when not null (already
     * resolved against {@code bytes.length}). Abort and close do nothing.
     */
    static ObjectContent of(byte[] bytes, ByteRange range) {
        int offset = range == null ? 0 : (int) range.first();
        int length = range == null ? bytes.length : (int) range.length();
        return new ObjectContent() {
            @Override
            public InputStream stream() {
                return new java.io.ByteArrayInputStream(bytes, offset, length);
            }

            @Override
            public long length() {
                return length;
            }

            @Override
            public void abort() {
                // nothing to release
            }

            @Override
            public void close() {
                // nothing to release
            }
        };
    }
}
