package dev.artifactservice.bundle;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The bundle's way to the client: counts bytes, refuses to go past the declared Content-Length (bytes, or
 * -1 when none was declared), checks at the end that exactly that many were written, and once poisoned
 * refuses every write, so that an aborted archive is never completed by a later close. Closing it leaves the
 * underlying stream to the container.
 */
final class GuardedOutputStream extends FilterOutputStream {

    private final long declared;
    private long count;
    private boolean poisoned;
    private boolean clientFailed;

    GuardedOutputStream(OutputStream out, long declared) {
        super(out);
        this.declared = declared;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] buffer, int offset, int length) throws IOException {
        if (poisoned) {
            throw new IOException("bundle aborted");
        }
        if (declared >= 0 && count + length > declared) {
            throw new IOException("bundle longer than its declared " + declared + " bytes");
        }
        try {
            out.write(buffer, offset, length);
        } catch (IOException e) {
            clientFailed = true;
            throw e;
        }
        count += length;
    }

    /** Whether a write to the client failed (it went away or the connection broke), as opposed to the bundle. */
    boolean clientFailed() {
        return clientFailed;
    }

    /** Bytes written so far. */
    long count() {
        return count;
    }

    /**
     * Flushes everything to the client.
     *
     * @throws IOException when fewer bytes than declared were written
     */
    void finish() throws IOException {
        if (declared >= 0 && count != declared) {
            throw new IOException("bundle of " + count + " bytes, but " + declared + " were declared");
        }
        out.flush();
    }

    /** From now on every write fails and nothing buffered is flushed. */
    void poison() {
        poisoned = true;
    }

    @Override
    public void flush() throws IOException {
        if (!poisoned) {
            try {
                out.flush();
            } catch (IOException e) {
                clientFailed = true;
                throw e;
            }
        }
    }

    @Override
    public void close() {
        // The container owns the response stream.
    }
}
