package dev.artifactservice.download;

import dev.artifactservice.io.ContentMismatchException;
import dev.artifactservice.io.Sha256;
import dev.artifactservice.storage.ObjectContent;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.function.Function;

/**
 * Copies an open S3 object to the response. When the client goes away or S3 fails mid-way, the S3
 * stream is aborted at once (not drained) and the failure propagates, so the response is cut off rather
 * than ended as if complete. When the object's SHA-256 is given, the bytes are hashed as they pass and the
 * last chunk read is held back until the end: if the hash differs (the object was changed behind the
 * service's back), that chunk is never sent and the response fails, so no client ends with a complete file
 * that differs from its ETag.
 */
public final class ObjectStreamingOutput implements StreamingOutput {

    /** Copy buffer size in bytes. */
    static final int BUFFER_BYTES = 64 * 1024;

    private final ObjectContent content;
    private final String expectedSha256;
    private final Function<ContentMismatchException, RuntimeException> onMismatch;

    /** Streams {@code content}, which this output then owns and always closes or aborts. */
    public ObjectStreamingOutput(ObjectContent content) {
        this(content, null, null);
    }

    /**
     * Streams {@code content} and verifies that its bytes hash to {@code expectedSha256} (lower-case hex); on a
     * mismatch the last chunk is withheld and {@code onMismatch}'s exception is thrown.
     */
    public ObjectStreamingOutput(ObjectContent content, String expectedSha256,
                                 Function<ContentMismatchException, RuntimeException> onMismatch) {
        this.content = content;
        this.expectedSha256 = expectedSha256;
        this.onMismatch = onMismatch;
    }

    @Override
    public void write(OutputStream output) throws IOException {
        boolean complete = false;
        try {
            if (expectedSha256 == null) {
                InputStream in = content.stream();
                byte[] buffer = new byte[BUFFER_BYTES];
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    output.write(buffer, 0, n);
                }
            } else {
                copyVerified(content.stream(), output);
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

    /** Copies with the last chunk held back until the SHA-256 of every byte matches. */
    private void copyVerified(InputStream in, OutputStream output) throws IOException {
        MessageDigest sha256 = Sha256.digest();
        byte[] held = new byte[BUFFER_BYTES];
        byte[] next = new byte[BUFFER_BYTES];
        int heldLength = 0;
        for (int n; (n = in.read(next, 0, next.length)) >= 0; ) {
            output.write(held, 0, heldLength);
            sha256.update(next, 0, n);
            byte[] swap = held;
            held = next;
            next = swap;
            heldLength = n;
        }
        String actual = HexFormat.of().formatHex(sha256.digest());
        if (!actual.equals(expectedSha256)) {
            throw onMismatch.apply(new ContentMismatchException("SHA-256 " + actual + " differs from the recorded "
                + expectedSha256));
        }
        output.write(held, 0, heldLength);
    }
}
