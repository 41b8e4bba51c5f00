package dev.artifactservice.bundle;

import dev.artifactservice.io.ContentMismatchException;
import dev.artifactservice.io.ObservedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;

/**
 * Passes an object's bytes through and fails ({@link ContentMismatchException}) when they are more or fewer than expected
 * (bytes) or, at their end, when their CRC-32 differs from the expected one (-1: not checked). Raw ZIP
 * entries are written with sizes and CRC taken from the database row, so a short or changed object must
 * abort the bundle rather than leave a wrong entry in it.
 */
final class VerifyingInputStream extends ObservedInputStream {

    private final long expectedBytes;
    private final long expectedCrc;
    private final String label;
    private final CRC32 crc = new CRC32();
    private long count;

    VerifyingInputStream(InputStream in, long expectedBytes, long expectedCrc, String label) {
        super(in);
        this.expectedBytes = expectedBytes;
        this.expectedCrc = expectedCrc;
        this.label = label;
    }

    @Override
    protected void atEnd() throws IOException {
        if (count != expectedBytes) {
            throw new ContentMismatchException(label + ": " + count + " bytes, but " + expectedBytes + " were expected");
        }
        if (expectedCrc >= 0 && crc.getValue() != expectedCrc) {
            throw new ContentMismatchException(label + ": CRC-32 differs from the recorded one");
        }
    }

    @Override
    protected void observe(byte[] buffer, int offset, int n) throws IOException {
        count += n;
        if (count > expectedBytes) {
            throw new ContentMismatchException(label + ": more than the " + expectedBytes + " bytes expected");
        }
        if (expectedCrc >= 0) {
            crc.update(buffer, offset, n);
        }
    }
}
