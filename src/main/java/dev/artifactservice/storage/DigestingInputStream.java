package dev.artifactservice.storage;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.CRC32;
import dev.artifactservice.io.ObservedInputStream;

/**
 * Passes a request body through while counting its bytes and computing SHA-256 and CRC-32, refusing to
 * read past a byte limit. Remembers whether the source failed (client went away) or the limit was hit,
 * because the S3 SDK wraps whatever the stream throws.
 */
final class DigestingInputStream extends ObservedInputStream {

    /** Thrown from {@code read} when the body is longer than the limit. */
    static final class LimitExceededException extends IOException {
        LimitExceededException() {
            super("body exceeds the upload limit");
        }
    }

    private final long maxBytes;
    private final MessageDigest sha256;
    private final CRC32 crc32 = new CRC32();
    private long count;
    private boolean limitExceeded;
    private boolean sourceFailed;

    DigestingInputStream(InputStream in, long maxBytes) {
        super(in);
        this.maxBytes = maxBytes;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }

    @Override
    protected int readSource(byte[] buffer, int offset, int length) throws IOException {
        try {
            return in.read(buffer, offset, length);
        } catch (IOException | RuntimeException e) {
            sourceFailed = true;
            throw e;
        }
    }

    @Override
    protected void observe(byte[] buffer, int offset, int n) throws IOException {
        count += n;
        if (count > maxBytes) {
            limitExceeded = true;
            throw new LimitExceededException();
        }
        sha256.update(buffer, offset, n);
        crc32.update(buffer, offset, n);
    }

    long count() {
        return count;
    }

    boolean limitExceeded() {
        return limitExceeded;
    }

    boolean sourceFailed() {
        return sourceFailed;
    }

    StoredObject result() {
        return new StoredObject(count, HexFormat.of().formatHex(sha256.digest()), crc32.getValue());
    }
}
