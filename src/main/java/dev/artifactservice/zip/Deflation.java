package dev.artifactservice.zip;

import dev.artifactservice.io.ObservedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * The one DEFLATE configuration of bundle entries (RFC 1951 raw deflate, zlib's default level 6, as
 * {@code zip} and the JDK use), so that the size an artifact deflates to can be measured once at upload and
 * trusted when a bundle's exact length is computed before its first byte is sent.
 *
 * <p>zlib's output depends only on the input bytes and the settings, not on how the input is split into
 * calls; it can differ between zlib builds, so every measured size is recorded with {@link #profile()}, a
 * fingerprint of the running deflater, and trusted only by a JVM with the same profile.
 */
public final class Deflation {

    /** Compression level of every deflated bundle entry (zlib's default, 6). */
    public static final int LEVEL = Deflater.DEFAULT_COMPRESSION;

    private static final int PROFILE = computeProfile();

    private Deflation() {
    }

    /** A new raw (no zlib header) deflater at {@link #LEVEL}; the caller must {@code end()} it. */
    public static Deflater newDeflater() {
        return new Deflater(LEVEL, true);
    }

    /** Deflates {@code length} bytes of {@code data} from {@code offset} into a new array (raw DEFLATE). */
    public static byte[] deflate(byte[] data, int offset, int length) {
        Deflater deflater = newDeflater();
        try {
            deflater.setInput(data, offset, length);
            deflater.finish();
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(Math.max(64, length / 2));
            byte[] chunk = new byte[Math.max(1024, Math.min(length + 64, 64 * 1024))];
            while (!deflater.finished()) {
                int n = deflater.deflate(chunk);
                out.write(chunk, 0, n);
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    /**
     * Fingerprint of this JVM's deflater: the CRC-32 of a fixed sample's deflated bytes. Two JVMs with the
     * same profile deflate the same input to the same bytes.
     */
    public static int profile() {
        return PROFILE;
    }

    private static int computeProfile() {
        StringBuilder sample = new StringBuilder();
        java.util.Random random = new java.util.Random(20261203L);
        while (sample.length() < 256 * 1024) {
            // Text with repeats at every distance and some noise, so that level and matcher differences show.
            sample.append("resource \"aws_s3_bucket\" \"b").append(random.nextInt(1 << 20)).append("\" {\n")
                .append("  bucket = \"").append(Long.toString(random.nextLong(), 36)).append("\"\n}\n");
        }
        byte[] deflated = deflate(sample.toString().getBytes(StandardCharsets.UTF_8), 0, sample.length());
        CRC32 crc = new CRC32();
        crc.update(deflated);
        crc.update(deflated.length);
        return (int) crc.getValue();
    }

    /**
     * Wraps {@code in} so that every byte read through it is also deflated and counted, up to
     * {@code maxBytes} bytes of input; beyond that, measuring stops (no size) and the bytes just pass.
     */
    public static Meter meter(InputStream in, long maxBytes) {
        return new Meter(in, maxBytes);
    }

    /**
     * A pass-through input stream that measures the raw-DEFLATE size of what was read. Call
     * {@link #deflatedSize()} or {@link #release()} to free the native deflater; closing the stream closes
     * only the wrapped one, so a client library that closes its body does not end the measurement.
     */
    public static final class Meter extends ObservedInputStream {

        private final long maxBytes;
        private final byte[] sink = new byte[64 * 1024];
        private Deflater deflater = newDeflater();
        private long read;
        private long deflated;
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
            } else {
                deflater.setInput(buffer, offset, n);
                while (!deflater.needsInput()) {
                    deflated += deflater.deflate(sink);
                }
            }
        }

        /**
         * The deflated size in bytes of everything read so far (ends the measurement), or empty when more
         * than {@code maxBytes} bytes went through.
         */
        public OptionalLong deflatedSize() {
            if (deflater != null) {
                deflater.finish();
                while (!deflater.finished()) {
                    deflated += deflater.deflate(sink);
                }
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
