package dev.artifactservice.bundle;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes every byte to a primary stream and to a copy. The primary's failures propagate as they are; the
 * copy's first failure is remembered ({@link #failure()}) and the copy is left alone from then on, so a
 * failing copy never interrupts the primary.
 */
final class CopyingOutputStream extends OutputStream {

    private final OutputStream primary;
    private final OutputStream copy;
    private IOException failure;

    CopyingOutputStream(OutputStream primary, OutputStream copy) {
        this.primary = primary;
        this.copy = copy;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        primary.write(bytes, offset, length);
        if (failure == null) {
            try {
                copy.write(bytes, offset, length);
            } catch (IOException e) {
                failure = e;
            }
        }
    }

    @Override
    public void flush() throws IOException {
        primary.flush();
    }

    /** Closes only the primary stream: the copy belongs to its owner. */
    @Override
    public void close() throws IOException {
        primary.close();
    }

    /** The copy's first failure, or null while every byte reached it. */
    IOException failure() {
        return failure;
    }
}
