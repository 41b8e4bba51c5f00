package dev.artifactservice.zip;

import dev.artifactservice.io.ObservedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * The one DEFLATE configuration of bundle entries (RFC 1951 raw deflate, zlib's default level 6), made so
 * that large entries compress on every core and their size can be measured once at upload and trusted when
 * a bundle's exact length is computed before its first byte is sent.
 *
 * <p>The input is cut into blocks of {@link #BLOCK_BYTES}; each block is deflated on its own with the 32 KiB
 * before it as preset dictionary and ends with a sync flush, the last one with the final block (the scheme
 * of pigz): the pieces concatenate into one valid DEFLATE stream, blocks can be compressed in parallel, and
 * the output depends only on the input bytes, not on how they were read. Inputs of one block are plain zlib
 * output. zlib builds may differ, so every measured size is recorded with {@link #profile()}, a fingerprint
 * of this scheme on the running zlib, and trusted only by a JVM with the same profile.
 */
public final class Deflation {

    /** Compression level of every deflated bundle entry (zlib's default, 6). */
    public static final int LEVEL = Deflater.DEFAULT_COMPRESSION;

    /** Input bytes per independently compressed block. */
    public static final int BLOCK_BYTES = 1024 * 1024;

    /** Bytes of the previous block given as dictionary (DEFLATE's window). */
    static final int DICTIONARY_BYTES = 32 * 1024;

    private static final int PROFILE = computeProfile();

    private Deflation() {
    }

    /** A new raw (no zlib header) deflater at {@link #LEVEL}; the caller must {@code end()} it. */
    public static Deflater newDeflater() {
        return new Deflater(LEVEL, true);
    }

    /** Deflates {@code length} bytes of {@code data} from {@code offset} into a new array, block by block. */
    public static byte[] deflate(byte[] data, int offset, int length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, length / 2));
        byte[] dictionary = null;
        int position = offset;
        int end = offset + length;
        do {
            int blockEnd = Math.min(end, position + BLOCK_BYTES);
            boolean last = blockEnd == end;
            byte[] piece = deflateBlock(data, position, blockEnd - position, dictionary, last);
            out.write(piece, 0, piece.length);
            dictionary = tail(data, position, blockEnd - position);
            position = blockEnd;
        } while (position < end);
        return out.toByteArray();
    }

    /**
     * Deflates one block: {@code dictionary} (null for the first) primes the window, and the block ends with a
     * sync flush, or with the final block when {@code last}.
     */
    static byte[] deflateBlock(byte[] data, int offset, int length, byte[] dictionary, boolean last) {
        Deflater deflater = newDeflater();
        try {
            if (dictionary != null) {
                deflater.setDictionary(dictionary);
            }
            deflater.setInput(data, offset, length);
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, length / 2));
            byte[] chunk = new byte[Math.max(1024, Math.min(length + 64, 64 * 1024))];
            if (last) {
                deflater.finish();
                while (!deflater.finished()) {
                    out.write(chunk, 0, deflater.deflate(chunk));
                }
            } else {
                int n;
                // A sync flush ends with an empty stored block; output that fills the chunk may not be all.
                do {
                    n = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH);
                    out.write(chunk, 0, n);
                } while (n == chunk.length || !deflater.needsInput());
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    private static byte[] tail(byte[] data, int offset, int length) {
        int from = Math.max(offset, offset + length - DICTIONARY_BYTES);
        return Arrays.copyOfRange(data, from, offset + length);
    }

    /**
     * Fingerprint of this JVM's deflating: the CRC-32 of a fixed sample's deflated bytes (several blocks).
     * Two JVMs with the same profile deflate the same input to the same bytes.
     */
    public static int profile() {
        return PROFILE;
    }

    private static int computeProfile() {
        StringBuilder sample = new StringBuilder();
        java.util.Random random = new java.util.Random(20261203L);
        while (sample.length() < BLOCK_BYTES * 2 + 4096) {
            // Text with repeats at every distance and some noise, so that level and matcher differences show.
            sample.append("resource \"aws_s3_bucket\" \"b").append(random.nextInt(1 << 20)).append("\" {\n")
                .append("  bucket = \"").append(Long.toString(random.nextLong(), 36)).append("\"\n}\n");
        }
        byte[] bytes = sample.toString().getBytes(StandardCharsets.UTF_8);
        byte[] deflated = deflate(bytes, 0, bytes.length);
        CRC32 crc = new CRC32();
        crc.update(deflated);
        crc.update(deflated.length);
        return (int) crc.getValue();
    }

    /**
     * The deflated form of {@code plain}, read as it is consumed: blocks are read on the consuming thread and
     * compressed on {@code executor}, up to {@code window} at once (memory: about two blocks each), so a large
     * entry compresses on every core. Gives exactly the bytes of {@link #deflate}.
     */
    public static InputStream parallel(InputStream plain, Executor executor, int window) {
        return new ParallelDeflatingInputStream(plain, executor, Math.max(1, window));
    }

    /** See {@link #parallel}. */
    private static final class ParallelDeflatingInputStream extends InputStream {

        private final InputStream plain;
        private final Executor executor;
        private final int window;
        private final Deque<CompletableFuture<byte[]>> pending = new ArrayDeque<>();
        private byte[] lookahead;
        private byte[] dictionary;
        private boolean inputDone;
        private byte[] current = new byte[0];
        private int position;

        ParallelDeflatingInputStream(InputStream plain, Executor executor, int window) {
            this.plain = plain;
            this.executor = executor;
            this.window = window;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            while (position == current.length) {
                if (!advance()) {
                    return -1;
                }
            }
            int n = Math.min(length, current.length - position);
            System.arraycopy(current, position, buffer, offset, n);
            position += n;
            return n;
        }

        /** Moves to the next compressed block; false at the end. */
        private boolean advance() throws IOException {
            while (!inputDone && pending.size() < window) {
                submitNext();
            }
            CompletableFuture<byte[]> next = pending.poll();
            if (next == null) {
                return false;
            }
            try {
                current = next.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof UncheckedIOException io ? io.getCause() : new IOException(e.getCause());
            }
            position = 0;
            return true;
        }

        /** Reads one block (and the first byte after it, to know whether it is the last) and submits it. */
        private void submitNext() throws IOException {
            byte[] block = new byte[BLOCK_BYTES];
            int filled = 0;
            if (lookahead != null) {
                System.arraycopy(lookahead, 0, block, 0, lookahead.length);
                filled = lookahead.length;
                lookahead = null;
            }
            while (filled < BLOCK_BYTES) {
                int n = plain.read(block, filled, BLOCK_BYTES - filled);
                if (n < 0) {
                    break;
                }
                filled += n;
            }
            boolean last;
            if (filled < BLOCK_BYTES) {
                last = true;
            } else {
                int probe = plain.read();
                last = probe < 0;
                if (!last) {
                    lookahead = new byte[] {(byte) probe};
                }
            }
            byte[] data = filled == BLOCK_BYTES ? block : Arrays.copyOf(block, filled);
            byte[] previous = dictionary;
            boolean isLast = last;
            pending.add(CompletableFuture.supplyAsync(() -> deflateBlock(data, 0, data.length, previous, isLast),
                executor));
            dictionary = tail(data, 0, data.length);
            inputDone = last;
        }
    }

    /**
     * Wraps {@code in} so that every byte read through it is also deflated (as {@link #deflate} would) and
     * counted, up to {@code maxBytes} bytes of input; beyond that, measuring stops (no size) and the bytes just
     * pass.
     */
    public static Meter meter(InputStream in, long maxBytes) {
        return new Meter(in, maxBytes);
    }

    /**
     * A pass-through input stream that measures the deflated size of what was read. Call
     * {@link #deflatedSize()} or {@link #release()} when done; closing the stream closes only the wrapped one,
     * so a client library that closes its body does not end the measurement.
     */
    public static final class Meter extends ObservedInputStream {

        private final long maxBytes;
        private byte[] block = new byte[0];
        private int filled;
        private byte[] dictionary;
        private long read;
        private long deflated;
        private boolean measuring = true;
        private OptionalLong result;

        private Meter(InputStream in, long maxBytes) {
            super(in);
            this.maxBytes = maxBytes;
        }

        @Override
        protected void observe(byte[] buffer, int offset, int n) {
            if (!measuring) {
                return;
            }
            read += n;
            if (read > maxBytes) {
                stop(OptionalLong.empty());
                return;
            }
            while (n > 0) {
                if (filled == BLOCK_BYTES) {
                    // More input follows, so the full block is not the last one.
                    compressBlock(false);
                }
                int take = Math.min(n, BLOCK_BYTES - filled);
                if (block.length < filled + take) {
                    // Grown as needed, so a small body never costs a whole block of memory.
                    block = Arrays.copyOf(block, (int) Math.min(BLOCK_BYTES, Math.max(filled + take, 2L * block.length)));
                }
                System.arraycopy(buffer, offset, block, filled, take);
                filled += take;
                offset += take;
                n -= take;
            }
        }

        private void compressBlock(boolean last) {
            deflated += deflateBlock(block, 0, filled, dictionary, last).length;
            dictionary = tail(block, 0, filled);
            filled = 0;
        }

        /**
         * The deflated size in bytes of everything read so far (ends the measurement), or empty when more
         * than {@code maxBytes} bytes went through.
         */
        public OptionalLong deflatedSize() {
            if (measuring) {
                compressBlock(true);
                stop(OptionalLong.of(deflated));
            }
            return result;
        }

        private void stop(OptionalLong outcome) {
            measuring = false;
            block = null;
            dictionary = null;
            result = outcome;
        }

        /** Ends the measurement without a result (the upload failed); safe to call more than once. */
        public void release() {
            if (measuring) {
                stop(OptionalLong.empty());
            }
        }
    }
}
