package dev.artifactservice.download;

import dev.artifactservice.storage.ObjectContent;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Copies an open S3 object to the response. When the client goes away or S3 fails mid-way, the S3
 * stream is aborted at once (not drained) and the failure propagates, so the response is cut off rather
 * than ended as if complete.
 */
public final class ObjectStreamingOutput implements StreamingOutput {

    /** Copy buffer size in bytes. */
    static final int BUFFER_BYTES = 64 * 1024;

    private final ObjectContent content;

    /** Streams {@code content}, which this output then owns and always closes or aborts. */
    public ObjectStreamingOutput(ObjectContent content) {
        this.content = content;
    }

    @Override
    public void write(OutputStream output) throws IOException {
        boolean complete = false;
        try {
            InputStream in = content.stream();
            byte[] buffer = new byte[BUFFER_BYTES];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                output.write(buffer, 0, n);
            }
            complete = true;
        } finally {
            if (complete) {
                content.close();
            } else {
                content.abort();
            }
        }
    }
}
