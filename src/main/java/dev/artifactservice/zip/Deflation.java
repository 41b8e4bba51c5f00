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
 * The one DEFLATE configuration of bundle entries (RFC 1951 raw deflate, zlib's default level 6), made so that
 * large entries compress on every core and their size can be measured once at upload and trusted when a
 * bundle's exact length is computed before its first byte is sent.
 *
 * <p>The input is cut into blocks of {@link #BLOCK_BYTES}; each block is deflated on its own with the 32 KiB
 * before it as preset dictionary and ends with a sync flush, the last one with the final block (the scheme of
 * pigz): the pieces concatenate into one valid DEFLATE stream, blocks can be compressed in parallel, and the
 * output depends only on the input bytes, not on how they were read. An input of one block (every object up
 * to 1 MiB) is plain zlib output. zlib builds may differ, so every measured size is recorded with
 * {@link #profile()}, a fingerprint of this scheme on the running zlib, and trusted only by a JVM with the same
 * profile.
 */
public final class Deflation {

    /** Compression level of every deflated bundle entry (zlib's default, 6). */
    public static final int LEVEL = Deflater.DEFAULT_COMPRESSION;

    /** Input bytes per independently compressed block (1 MiB). */
    public static final int BLOCK_BYTES = 1024 * 1024;

    /** Bytes of the previous block given as dictionary: DEFLATE's whole window (32 KiB). */
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
        Deflater deflater = newDeflater();
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, length / 2));
            byte[] chunk = new byte[Math.max(1024, Math.min(length + 64, 64 * 1024))];
            int position = offset;
            int end = offset + length;
            do {
                int blockEnd = Math.min(end, position + BLOCK_BYTES);
                deflater.reset();
                if (position > offset) {
                    deflater.setDictionary(data, position - DICTIONARY_BYTES, DICTIONARY_BYTES);
                }
                deflater.setInput(data, position, blockEnd - position);
                endBlock(deflater, chunk, blockEnd == end, out::write);
                position = blockEnd;
            } while (position < end);
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    /** Receives deflated output: {@code n} bytes of {@code chunk} from 0. */
    private interface Sink {
        void accept(byte[] chunk, int offset, int n);
    }

    /**
     * Ends the deflater's current block: with the final block when {@code last}, else with a sync flush (which
     * ends on a byte boundary with an empty stored block), passing every output byte to {@code sink}.
     */
    private static void endBlock(Deflater deflater, byte[] chunk, boolean last, Sink sink) {
        if (last) {
            deflater.finish();
            while (!deflater.finished()) {
                sink.accept(chunk, 0, deflater.deflate(chunk));
            }
        } else {
            int n;
            // A sync flush that fills the whole chunk may have more to give: call again until it does not.
            do {
                n = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH);
                sink.accept(chunk, 0, n);
            } while (n == chunk.length);
        }
    }

    /**
     * Fingerprint of this JVM's deflating: the CRC-32 of a fixed sample's deflated bytes (several blocks). Two
     * JVMs with the same profile deflate the same input to the same bytes.
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

    // ------------------------------------------------------------------------------------------ parallel

    /**
     * Buffers for deflating large entries in parallel, reused from one entry to the next so that a bundle
     * allocates them once: {@code blocks} slots of one input block, its dictionary and its output (about
     * 2.1 MiB each) plus a native deflater. Used by one stream at a time; {@link #close()} frees the deflaters.
     */
    public static final class Workspace implements AutoCloseable {
        private final Deque<Block> free = new ArrayDeque<>();
        private final Block[] all;

        /** A workspace of {@code blocks} slots (at least one), allocated now. */
        public Workspace(int blocks) {
            all = new Block[Math.max(1, blocks)];
            for (int i = 0; i < all.length; i++) {
                all[i] = new Block();
                free.add(all[i]);
            }
        }

        /** Ends the slots' native deflaters; a stream still reading from this workspace fails after this. */
        @Override
        public void close() {
            for (Block block : all) {
                block.deflater.end();
            }
        }
    }

    /** One slot: a block of input, the 32 KiB before it, and its deflated bytes. */
    private static final class Block {
        final byte[] input = new byte[BLOCK_BYTES];
        final byte[] dictionary = new byte[DICTIONARY_BYTES];
        // Room for incompressible input: zlib's bound is n + n/4096 + n/16384 + small change.
        byte[] output = new byte[BLOCK_BYTES + BLOCK_BYTES / 256 + 1024];
        final Deflater deflater = newDeflater();
        int length;
        int dictionaryLength;
        int outputLength;
        boolean last;

        void compress() {
            deflater.reset();
            if (dictionaryLength > 0) {
                deflater.setDictionary(dictionary, 0, dictionaryLength);
            }
            deflater.setInput(input, 0, length);
            outputLength = 0;
            if (last) {
                deflater.finish();
                while (!deflater.finished()) {
                    growWhenFull();
                    outputLength += deflater.deflate(output, outputLength, output.length - outputLength);
                }
            } else {
                int room;
                int n;
                do {
                    growWhenFull();
                    room = output.length - outputLength;
                    n = deflater.deflate(output, outputLength, room, Deflater.SYNC_FLUSH);
                    outputLength += n;
                } while (n == room);
            }
        }

        private void growWhenFull() {
            if (output.length - outputLength < 64) {
                output = Arrays.copyOf(output, output.length + output.length / 2);
            }
        }
    }

    /**
     * The deflated form of {@code plain} (exactly the bytes of {@link #deflate}), read as it is consumed: blocks
     * are read on the consuming thread into the workspace's slots and compressed on {@code executor}, as many at
     * once as the workspace has slots, so that a large entry compresses on every core while earlier blocks are
     * written. Closing the stream waits for its blocks in flight and gives the slots back; it does not close
     * {@code plain}.
     */
    public static InputStream parallel(InputStream plain, Executor executor, Workspace workspace) {
        return new ParallelDeflatingInputStream(plain, executor, workspace);
    }

    /** See {@link #parallel}. */
    private static final class ParallelDeflatingInputStream extends InputStream {

        private record InFlight(Block block, CompletableFuture<Void> done) {
        }

        private final InputStream plain;
        private final Executor executor;
        private final Workspace workspace;
        private final Deque<InFlight> pending = new ArrayDeque<>();
        private final byte[] tail = new byte[DICTIONARY_BYTES];
        private int tailLength;
        private int lookahead = -1;
        private boolean inputDone;
        private Block current;
        private int position;

        ParallelDeflatingInputStream(InputStream plain, Executor executor, Workspace workspace) {
            this.plain = plain;
            this.executor = executor;
            this.workspace = workspace;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            while (current == null || position == current.outputLength) {
                if (current != null) {
                    workspace.free.add(current);
                    current = null;
                }
                if (!advance()) {
                    return -1;
                }
            }
            int n = Math.min(length, current.outputLength - position);
            System.arraycopy(current.output, position, buffer, offset, n);
            position += n;
            return n;
        }

        /** Moves to the next compressed block, keeping every free slot busy; false at the end. */
        private boolean advance() throws IOException {
            while (!inputDone && !workspace.free.isEmpty()) {
                submitNext(workspace.free.poll());
            }
            InFlight next = pending.poll();
            if (next == null) {
                return false;
            }
            try {
                next.done.join();
            } catch (CompletionException e) {
                workspace.free.add(next.block);
                Throwable cause = e.getCause();
                throw cause instanceof UncheckedIOException io ? io.getCause() : new IOException(cause);
            }
            current = next.block;
            position = 0;
            return true;
        }

        /** Reads one block (and the byte after it, to know whether it is the last) and submits it. */
        private void submitNext(Block block) throws IOException {
            int filled = 0;
            if (lookahead >= 0) {
                block.input[0] = (byte) lookahead;
                filled = 1;
                lookahead = -1;
            }
            try {
                while (filled < BLOCK_BYTES) {
                    int n = plain.read(block.input, filled, BLOCK_BYTES - filled);
                    if (n < 0) {
                        break;
                    }
                    filled += n;
                }
                boolean last = filled < BLOCK_BYTES;
                if (!last) {
                    lookahead = plain.read();
                    last = lookahead < 0;
                }
                block.length = filled;
                block.last = last;
            } catch (IOException | RuntimeException e) {
                workspace.free.add(block);
                throw e;
            }
            System.arraycopy(tail, 0, block.dictionary, 0, tailLength);
            block.dictionaryLength = tailLength;
            // Only a full block is followed by another, so the next dictionary is always its last 32 KiB.
            tailLength = Math.min(DICTIONARY_BYTES, filled);
            System.arraycopy(block.input, filled - tailLength, tail, 0, tailLength);
            inputDone = block.last;
            pending.add(new InFlight(block, CompletableFuture.runAsync(block::compress, executor)));
        }

        /** Waits for the blocks still being compressed and gives every slot back. */
        @Override
        public void close() {
            for (InFlight flight : pending) {
                try {
                    flight.done.join();
                } catch (CompletionException ignored) {
                    // Only its slot matters now.
                }
                workspace.free.add(flight.block);
            }
            pending.clear();
            if (current != null) {
                workspace.free.add(current);
                current = null;
            }
            inputDone = true;
        }
    }

    // ------------------------------------------------------------------------------------------ meter

    /**
     * Wraps {@code in} so that every byte read through it is also deflated (as {@link #deflate} would, block by
     * block) and counted, up to {@code maxBytes} bytes of input; beyond that, measuring stops (no size) and the
     * bytes just pass.
     */
    public static Meter meter(InputStream in, long maxBytes) {
        return new Meter(in, maxBytes);
    }

    /**
     * A pass-through input stream that measures the deflated size of what was read, holding no more than one
     * dictionary (32 KiB) of it. Call {@link #deflatedSize()} or {@link #release()} to free the native deflater;
     * closing the stream closes only the wrapped one, so a client library that closes its body does not end the
     * measurement.
     */
    public static final class Meter extends ObservedInputStream {

        private final long maxBytes;
        private final byte[] sink = new byte[64 * 1024];
        private final byte[] tail = new byte[DICTIONARY_BYTES];
        private Deflater deflater = newDeflater();
        private int inBlock;
        private long read;
        private long deflated;
        private final Sink counter = (chunk, offset, n) -> deflated += n;
        private OptionalLong result;

        private Meter(InputStream in, long maxBytes) {
            super(in);
            this.maxBytes = maxBytes;
        }

        @Override
        protected void observe(byte[] buffer, int offset, int n) {
            if (deflater == null) {
                return;
            }
            read += n;
            if (read > maxBytes) {
                stop(OptionalLong.empty());
                return;
            }
            while (n > 0) {
                if (inBlock == BLOCK_BYTES) {
                    // More input follows a full block: end it with a sync flush, the next starts from its tail.
                    endBlock(deflater, sink, false, counter);
                    deflater.reset();
                    deflater.setDictionary(tail, 0, DICTIONARY_BYTES);
                    inBlock = 0;
                }
                int take = Math.min(n, BLOCK_BYTES - inBlock);
                deflater.setInput(buffer, offset, take);
                while (!deflater.needsInput()) {
                    deflated += deflater.deflate(sink);
                }
                // Keep the bytes that fall in the block's last 32 KiB: the next block's dictionary.
                int tailStart = BLOCK_BYTES - DICTIONARY_BYTES;
                int from = Math.max(inBlock, tailStart);
                if (inBlock + take > from) {
                    System.arraycopy(buffer, offset + (from - inBlock), tail, from - tailStart, inBlock + take - from);
                }
                inBlock += take;
                offset += take;
                n -= take;
            }
        }

        /**
         * The deflated size in bytes of everything read so far (ends the measurement), or empty when more
         * than {@code maxBytes} bytes went through.
         */
        public OptionalLong deflatedSize() {
            if (deflater != null) {
                endBlock(deflater, sink, true, counter);
                stop(OptionalLong.of(deflated));
            }
            return result;
        }

        private void stop(OptionalLong outcome) {
            deflater.end();
            deflater = null;
            result = outcome;
        }

        /** Ends the measurement without a result (the upload failed); safe to call more than once. */
        public void release() {
            if (deflater != null) {
                stop(OptionalLong.empty());
            }
        }
    }
}
