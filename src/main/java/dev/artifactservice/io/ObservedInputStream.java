package dev.artifactservice.io;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A pass-through input stream that shows every chunk read to {@link #observe} and the end of the stream to
 * {@link #atEnd}; both may throw to fail the read. It cannot skip or reset, since an observer must see every
 * byte exactly once.
 */
public abstract class ObservedInputStream extends FilterInputStream {

    /** Wraps {@code in}. */
    protected ObservedInputStream(InputStream in) {
        super(in);
    }

    /** Sees {@code length} bytes just read into {@code buffer} at {@code offset}. */
    protected abstract void observe(byte[] buffer, int offset, int length) throws IOException;

    /** Called each time a read reports the end of the stream. */
    protected void atEnd() throws IOException {
    }

    /** Reads from the wrapped stream; subclasses may record that the source itself failed. */
    protected int readSource(byte[] buffer, int offset, int length) throws IOException {
        return in.read(buffer, offset, length);
    }

    @Override
    public final int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public final int read(byte[] buffer, int offset, int length) throws IOException {
        int n = readSource(buffer, offset, length);
        if (n < 0) {
            atEnd();
        } else if (n > 0) {
            observe(buffer, offset, n);
        }
        return n;
    }

    @Override
    public final long skip(long n) throws IOException {
        throw new IOException("skip is not supported: every byte must be observed");
    }

    @Override
    public final boolean markSupported() {
        return false;
    }
}
