package dev.artifactservice.bundle;

import dev.artifactservice.storage.ByteRange;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Passes on only the bytes at offsets {@code range.first()..range.last()} (inclusive, counted from the first
 * byte written to this stream) and drops the others, so that a whole bundle written into it reaches the
 * client as the requested byte range. Closing it leaves the underlying stream to its owner.
 */
final class RangeOutputStream extends FilterOutputStream {

    private final ByteRange range;
    private long position;

    RangeOutputStream(OutputStream out, ByteRange range) {
        super(out);
        this.range = range;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] buffer, int offset, int length) throws IOException {
        long start = Math.max(position, range.first());
        long end = Math.min(position + length, range.last() + 1);
        if (start < end) {
            out.write(buffer, offset + (int) (start - position), (int) (end - start));
        }
        position += length;
    }

    @Override
    public void close() {
        // The container owns the response stream.
    }
}
